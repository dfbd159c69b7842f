/**
 * Runs tools/grade.ts as `npm run grade` does, asynchronously (never execFileSync in a vitest
 * worker: it blocks the worker), and lists the grading sandboxes alive on this machine whose
 * grading process is gone (orphans), so that a test can prove none is left behind. A sandbox whose
 * parent is a grading process still running (another test file's, another user's) is not one
 * left behind, and does not count: otherwise a test run beside another would fail at random.
 *
 *   const { code, output } = await runGrade(["--target", dir, "--json", out]);
 *   const before = sandboxPids();  ...  expect(sandboxPids().filter((p) => !before.has(p))).toEqual([]);
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export function runGrade(args: string[], cwd = ROOT): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(cwd, "node_modules/tsx/dist/cli.mjs"), "tools/grade.ts", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** True when process `pid`'s parent is a grading process (tools/grade.ts) that is still running. */
function graderIsAlive(pid: string): boolean {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const parent = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]; // "pid (name) state ppid ..."
  try {
    return fs.readFileSync(`/proc/${parent}/cmdline`, "utf8").split("\0").some((arg) => arg.endsWith("tools/grade.ts"));
  } catch {
    return false; // the parent is gone
  }
}

/** Pids of grading sandboxes (node processes started with --frozen-intrinsics) whose grading process is gone. */
export function sandboxPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes("--frozen-intrinsics") && !graderIsAlive(entry)) pids.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
