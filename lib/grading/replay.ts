/**
 * The replay cell: `await replay("04", "safety", 7)` runs one graded seed of one scenario on your
 * exercise exactly as the grader does (same sandbox, same schedule), then shows each check's
 * verdict on that run and, when the run's data has a trace, its space-time diagram.
 *
 *   await replay("04", "safety", 7);                                   // the graded schedule of seed 7
 *   await replay("04", "safety", 7, { faults: [{ kind: "pause", node: "c1", from: 900, to: 1400 }] });
 *   const run = await replay("00", "faults", 3);                       // also returns the run
 *   run.data                                                           // the plain data the checks read
 *
 * Failure messages end with such a line (with the smallest failing schedule when it was shrunk):
 * paste it into a cell. Save your exercise file first: the grader reads it from disk.
 */
import { deserialize } from "v8";
import { showTable } from "../viz/display";
import { spaceTime } from "../viz/spacetime";
import type { TraceEvent } from "../sim/trace";
import { runGradeTool } from "./grade-tool";
import type { Schedule } from "./scenario";

export interface ReplayedRun {
  exercise: string;
  scenario: string;
  describe: string;
  seed: number;
  /** Null when the scenario's schedule is not plain data (then the sandbox built it from the seed). */
  schedule: Schedule | null;
  data?: unknown;
  error?: string;
  checks: Array<{ title: string; points: number; passed: boolean; message?: string }>;
}

export async function replay(exercise: string, scenario: string, seed: number, schedule?: Schedule, { timeoutSeconds = 30 } = {}): Promise<ReplayedRun> {
  const args = ["--replay", `${exercise}:${scenario}:${seed}`, "--out", "{out}", "--timeout", String(timeoutSeconds)];
  if (schedule) args.push("--schedule", JSON.stringify(schedule));
  const run = deserialize(await runGradeTool(`replay("${exercise}", "${scenario}", ${seed})`, args, "run.v8")) as ReplayedRun;
  const rows = run.checks.map((c) => [c.passed ? "✓" : "✗", c.title, c.points, c.message ?? ""]);
  showTable(["", "check", "points", "on this run"], rows, {
    title: `Exercise ${run.exercise}, scenario "${run.scenario}" (${run.describe}), seed ${run.seed}, schedule ${run.schedule ? JSON.stringify(run.schedule) : "built from the seed"}`,
  });
  const trace = (run.data as { trace?: TraceEvent[] } | undefined)?.trace;
  if (Array.isArray(trace)) spaceTime(trace);
  return run;
}
