// The graders hold on seeds drawn from a secret, as a class is graded (tools/grading/secret-seeds.ts):
// for three fixed secrets, every exercise's reference answer and its alternative correct answers
// get full marks, and every wrong answer in test/mutants/ still loses points. A check that a correct
// answer passes only on the public seeds, or a wrong one fails only on them, fails here. (npm test
// proves the graders on the public seeds, with more: test/mutants/, test/grading.test.ts.) Runs in
// process, as test/mutants/ does; about a minute a secret.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runChecksInProcess, type CheckOutcome } from "../../lib/grading/run-checks";
import type { ExerciseScenarios, Grader } from "../../lib/grading/scenario";
import { withSecretSeeds } from "../../tools/grading/secret-seeds";
import { materialize, mutantsOf, ROOT } from "../mutants/patches";

const SECRETS = ["ci: the first secret of three", "ci: the second secret of three", "ci: the third secret of three"];
const EXERCISES = fs.readdirSync(path.join(ROOT, "test/graders")).filter((f) => f.endsWith(".grader.ts")).map((f) => f.slice(0, -".grader.ts".length)).sort();

async function load(exercise: string, secret: string): Promise<{ grader: Grader; scenarios: ExerciseScenarios }> {
  const grader: Grader = (await import(path.join(ROOT, "test/graders", `${exercise}.grader.ts`))).default;
  const { scenarios } = (await import(path.join(ROOT, `${grader.scenarios}.ts`))) as { scenarios: ExerciseScenarios };
  return withSecretSeeds({ grader, scenarios }, secret);
}

const score = (outcomes: CheckOutcome[]) => outcomes.reduce((s, c) => s + c.points, 0);
const report = (outcomes: CheckOutcome[]) => outcomes.filter((c) => !c.passed).map((c) => `✗ ${c.title}: ${(c.message ?? "").split("\n")[0]}`).join("\n");

describe.each(SECRETS)("on seeds drawn from %j", (secret) => {
  test.each(EXERCISES)("%s: the reference answer and the alternatives get full marks, every mutant loses points", async (exercise) => {
    const { grader, scenarios } = await load(exercise, secret);
    const max = grader.checks.reduce((s, c) => s + c.points, 0);
    const grade = async (file: string) => {
      // Grading in process is synchronous: let the worker answer vitest's messages between two
      // (a run that never yields a turn of the event loop ends with "Timeout calling onTaskUpdate").
      await new Promise((resolve) => setImmediate(resolve));
      return runChecksInProcess(grader, scenarios, await import(file));
    };
    const solution = await grade(path.join(ROOT, "solutions", `${exercise}.ts`));
    expect(score(solution), `the reference answer of ${exercise}:\n${report(solution)}`).toBe(max);
    for (const mutant of mutantsOf(exercise.slice(0, 2))) {
      const outcomes = await grade(materialize(mutant.nn, mutant.name));
      if (mutant.correct) expect(score(outcomes), `${mutant.nn}/${mutant.name}, a correct answer:\n${report(outcomes)}`).toBe(max);
      else expect(score(outcomes), `${mutant.nn}/${mutant.name}, a wrong answer, lost nothing`).toBeLessThan(max);
    }
  });
});
