// npm run bench's command line (tools/bench.ts): every flag works, and a bad one stops the bench
// at once with what was wrong and the usage. The runs are tiny (1,000 deliveries, no scale
// section) and spawned asynchronously, so the test worker stays free to answer vitest.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const bench = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "tools/bench.ts", ...args], { encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};
const QUICK = ["--deliveries", "1000", "--repeats", "1", "--no-scale"];

describe("bench flags", () => {
  it("writes the figures as JSON to standard output with --json alone, the table to standard error", async () => {
    const run = await bench("--json", ...QUICK);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.bareHeap).toBeGreaterThan(0);
    expect(report.ratios.traceOff).toBeGreaterThan(0);
    expect(report.scale).toEqual({});
    expect(run.stderr).toMatch(/1,000 deliveries, best of 1 interleaved rounds \(each run in a fresh process\)/);
  }, 60_000);

  it("stops with the reason and the usage for a bad value, a missing value or an unknown flag", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--deliveries", "lots"], /--deliveries needs a whole number ≥ 100, got lots/],
      [["--deliveries", "10"], /--deliveries needs a whole number ≥ 100, got 10/],
      [["--repeats", "1.5"], /--repeats needs a whole number ≥ 1, got 1.5/],
      [["--repeats"], /--repeats <value>' argument missing/],
      [["--fast"], /Unknown option '--fast'/],
      [["--no-scale=yes"], /--no-scale' does not take an argument/],
      [["--child", "heartbeat1m"], /unknown workload heartbeat1m \(the workloads are bareHeap, traceOff, traceOn, heartbeat10k, heartbeat100k, partition10k\)/],
    ];
    for (const [args, reason] of cases) {
      const run = await bench(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(reason);
      expect(run.stderr).toMatch(/usage: npm run bench -- \[--json \[FILE\]\]/);
      expect(run.stdout).toBe("");
    }
  }, 60_000);
});
