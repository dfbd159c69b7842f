/**
 * What every grader is written with. Nothing here imports vitest: the referee (tools/grade.ts)
 * loads graders as data, outside any test runner.
 *
 * A grader (test/graders/NN-topic.grader.ts) `export default`s a `Grader` (lib/grading/scenario.ts):
 * checks with points, each a pure function of a scenario's plain data that throws `expectThat`'s
 * GradeFailure with a message for the student when the property does not hold:
 *
 *   verify(data, seed) {
 *     expectThat(data.detectedAt <= 2_000, `the crash was detected after ${data.detectedAt} ms; expected within 2000 ms`);
 *   }
 *
 * The referee adds the seed, the smallest failing schedule and the replay line to the message, so
 * a message never names them itself. A `verifyAll`, which judges every seed's run at once, passes
 * the seed the student should replay as the third argument: `expectThat(ok, message, worstSeed)`.
 * An unfinished stub fails every check with "not implemented yet" and the stub's note.
 */

export class GradeFailure extends Error {
  constructor(message: string, readonly seed?: number) {
    super(message);
    this.name = "GradeFailure";
  }
}

export function expectThat(condition: boolean, message: string, seed?: number): asserts condition {
  if (!condition) throw new GradeFailure(message, seed);
}
