/**
 * What every grader is written with. Nothing here imports vitest: the referee (tools/grade.ts)
 * loads graders as data, outside any test runner.
 *
 * A grader is data (lib/grading/scenario.ts): checks with points, each a pure function of a
 * scenario's plain data that throws `expectThat`'s GradeFailure with a message for the student.
 *
 * Transitional, for graders not yet converted to data (they run under vitest with `globals: true`,
 * vitest.grading.config.ts):
 *
 *   graded(3, "a crashed node is suspected within 2 s", () => {
 *     acrossSeeds(seedRange(1, 50), (seed) => {
 *       const result = scenario(seed);
 *       expectThat(result.detectedAt <= 2_000, `the crash was detected after ${result.detectedAt} ms`);
 *     }, (seed) => `replay(${seed}) in notebook 03, section "Check"`);
 *   });
 *
 * - `graded(points, title, fn)` declares one graded check. Its name ends in "[N pts]", which is how
 *   tools/grade.ts counts points; a check earns all its points or none.
 * - `acrossSeeds` runs a scenario for many seeds and, at the first failure, fails with what went
 *   wrong, the seed that shows it and how to replay that seed.
 * - `expectThat(condition, message)` fails with a message written for the student.
 * - An unfinished stub (NotImplementedError) fails with "not implemented yet" and the stub's note.
 */
import { isNotImplemented, unfinishedStub } from "../../lib/grading/exercise";

export function graded(points: number, title: string, fn: () => void | Promise<void>, timeoutMs?: number): void {
  if (!(points > 0)) throw new Error(`graded("${title}"): points must be > 0, got ${points}`);
  const { test } = globalThis as unknown as { test: (name: string, fn: () => Promise<void>, timeout?: number) => void };
  test(`${title} [${points} pts]`, async () => {
    try {
      await fn();
    } catch (error) {
      const stub = unfinishedStub(error);
      if (stub) throw new GradeFailure(`not implemented yet: ${stub.message}`);
      throw error;
    }
  }, timeoutMs);
}

export class GradeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradeFailure";
  }
}

export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new GradeFailure(message);
}

export function seedRange(from: number, to: number): number[] {
  const seeds: number[] = [];
  for (let s = from; s <= to; s++) seeds.push(s);
  return seeds;
}

/** Runs `scenario` for every seed; the first failure names the seed and how to replay it. */
export async function acrossSeeds(
  seeds: readonly number[],
  scenario: (seed: number) => void | Promise<void>,
  replay: (seed: number) => string,
): Promise<void> {
  for (const seed of seeds) {
    try {
      await scenario(seed);
    } catch (error) {
      if (isNotImplemented(error)) throw error;
      const what = error instanceof Error ? (error instanceof GradeFailure ? error.message : `${error.name}: ${error.message}`) : String(error);
      throw new GradeFailure(`${what}\n  seed: ${seed} (failed on seed ${seed} of ${seeds.length} tried)\n  replay: ${replay(seed)}`);
    }
  }
}
