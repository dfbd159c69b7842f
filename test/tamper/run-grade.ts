/**
 * Runs tools/grade.ts as `npm run grade` does, asynchronously (never execFileSync in a vitest
 * worker: it blocks the worker), and lists the grading sandboxes alive on this machine that no
 * grading process owns, so that a test can prove none is left behind.
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

/**
 * Pids of running grading sandboxes (node processes started with --frozen-intrinsics) that no
 * grading process owns: a sandbox whose parent is still a live `tools/grade.ts` belongs to a run
 * in progress (another test file, another engineer's run on a shared machine), not to one that
 * left it behind, since a sandbox whose grader has exited is re-parented.
 */
export function sandboxPids(): Set<number> {
  const pids = new Set<number>();
  const cmdline = (pid: string | number) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!cmdline(entry).includes("--frozen-intrinsics")) continue;
      const parent = /^\d+ \(.*\) \S+ (\d+)/s.exec(fs.readFileSync(`/proc/${entry}/stat`, "utf8"))?.[1];
      let owned = false;
      try {
        owned = parent !== undefined && cmdline(parent).some((arg) => arg.endsWith("tools/grade.ts"));
      } catch {
        // the parent is gone meanwhile: not owned
      }
      if (!owned) pids.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
