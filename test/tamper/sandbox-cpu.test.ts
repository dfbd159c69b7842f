// The sandbox's CPU cap (tools/grading/sandbox.ts, `cpuSeconds`, set by `ulimit -t`): the kernel
// kills a child that has used its CPU seconds, whatever the referee is doing or whether it is still
// alive. Without it, a student's infinite loop whose referee was SIGKILLed (an OOM kill, a test
// runner's teardown, a closed terminal) spins on as an orphan with no one left to kill it.
// The referee runs here in a process of its own (node --import tsx), so it can be killed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./run-grade";

const LOOP = "export class FloodNode {}\nwhile (true) {}\n";

/** Starts a referee that replays exercise 00 on `student`, with the load timeout far away (60 s). */
function referee(cpuSeconds: number) {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cpu-cap-")), "referee.ts");
  fs.writeFileSync(script, `import { DEFAULT_LIMITS, replayRun } from ${JSON.stringify(path.join(ROOT, "tools/grading/referee.ts"))};
replayRun(${JSON.stringify(ROOT)}, "00-flood", "sizes", 1, undefined, { text: ${JSON.stringify(LOOP)} },
  { ...DEFAULT_LIMITS, loadTimeoutMs: 60_000, sandboxCpuS: ${cpuSeconds} }).then((run) => console.log(JSON.stringify(run)));
`);
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const done = new Promise<string>((resolve) => child.on("close", () => resolve(output)));
  return { child, done };
}

/** Pids of the sandboxes (node with --frozen-intrinsics) whose parent is `parent`. */
function sandboxesOf(parent: number): number[] {
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return ppid === parent && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--frozen-intrinsics") ? [Number(pid)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** CPU seconds process `pid` has used (user + system). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the sandbox's CPU cap", () => {
  it("ends a loop at import after cpuSeconds of CPU time, long before the load timeout, and says so", async () => {
    const started = Date.now();
    const output = await referee(1).done;
    expect(output).toMatch(/used up the sandbox's 1 s of CPU time/);
    expect(Date.now() - started).toBeLessThan(50_000);
  }, 70_000);

  it("kills the sandbox of a referee that was SIGKILLed (no orphan left spinning)", async () => {
    const { child, done } = referee(2);
    let sandboxes: number[] = [];
    for (let i = 0; i < 300 && sandboxes.length === 0; i++) {
      await sleep(100);
      sandboxes = sandboxesOf(child.pid!);
    }
    expect(sandboxes.length, "the referee never started a sandbox").toBe(1);
    // Kill the referee only once the student's loop runs: an idle child would leave on its own
    // when its IPC channel closes, and prove nothing.
    for (let i = 0; i < 300 && cpuSeconds(sandboxes[0]) < 1; i++) await sleep(100);
    expect(cpuSeconds(sandboxes[0]), "the sandbox never got busy").toBeGreaterThanOrEqual(1);
    child.kill("SIGKILL");
    await done;
    for (let i = 0; i < 400 && sandboxes.some(alive); i++) await sleep(100);
    const survivors = sandboxes.filter(alive);
    for (const pid of survivors) process.kill(pid, "SIGKILL"); // a failing run leaves nothing behind either
    expect(survivors, "the orphaned sandbox was still running 40 s after its referee died").toEqual([]);
  }, 70_000);
});
