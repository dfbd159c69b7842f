/**
 * Runs tools/grade.ts as `npm run grade` does, asynchronously (never execFileSync in a vitest
 * worker: it blocks the worker), and lists the grading sandboxes alive on this machine, so that a
 * test can prove none is left behind.
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

/** Pids of running grading sandboxes (node processes started with --frozen-intrinsics). */
export function sandboxPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes("--frozen-intrinsics")) pids.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
