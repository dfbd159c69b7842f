/**
 * Runs a grader's checks on an implementation in this process: the trusted half of grading
 * (`verifyRuns`: checks over plain data) and a convenience that also produces that data here
 * (`runChecksInProcess`), for the notebook's replay and for developing a grader.
 *
 * The class-grading path never uses `runChecksInProcess` on student code: there the data comes
 * from the sandbox (tools/grade.ts) and only `verifyRuns` runs in the referee.
 *
 *   const results = runChecksInProcess(grader, scenarios, impl);
 *   // [{ title, points, max, passed, message?, seed? }]
 */
import type { ExerciseScenarios, GradedCheck, Grader } from "./scenario";

export interface CheckOutcome {
  title: string;
  points: number;
  max: number;
  passed: boolean;
  message?: string;
  /** The first seed that failed; for `verifyAll`, the `seed` its error names, if any. */
  seed?: number;
}

/** Judges one check from the plain data of each seed's run (what the sandbox returned). */
export function verifyRuns(check: GradedCheck, runs: ReadonlyArray<{ seed: number; data: unknown }>): CheckOutcome {
  const fail = (error: unknown, seed?: number): CheckOutcome => ({
    title: check.title,
    points: 0,
    max: check.points,
    passed: false,
    message: error instanceof Error ? error.message : String(error),
    seed,
  });
  for (const run of runs) {
    try {
      check.verify?.(run.data, run.seed);
    } catch (error) {
      return fail(error, run.seed);
    }
  }
  try {
    check.verifyAll?.(runs);
  } catch (error) {
    const seed = (error as { seed?: unknown } | null)?.seed;
    return fail(error, typeof seed === "number" ? seed : undefined);
  }
  return { title: check.title, points: check.points, max: check.points, passed: true };
}

/** Runs every check's scenario on `impl` here, then judges it. Never for untrusted code. */
export function runChecksInProcess(grader: Grader, scenarios: ExerciseScenarios, impl: unknown): CheckOutcome[] {
  return grader.checks.map((check) => {
    const scenario = scenarios.scenarios[check.scenario];
    if (!scenario) throw new Error(`grader ${grader.exercise}: check "${check.title}" names scenario "${check.scenario}", which is not one of: ${Object.keys(scenarios.scenarios).join(", ")}`);
    const runs: Array<{ seed: number; data: unknown }> = [];
    for (const seed of check.seeds ?? scenario.seeds) {
      try {
        runs.push({ seed, data: scenario.run(impl, seed, scenario.schedule(seed)) });
      } catch (error) {
        return { title: check.title, points: 0, max: check.points, passed: false, seed, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    }
    return verifyRuns(check, runs);
  });
}
