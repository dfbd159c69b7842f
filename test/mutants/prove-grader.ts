/**
 * Proves a grader with mutants (test/mutants/NN.test.ts call this): the reference answer scores
 * full marks, the stub zero, every wrong answer of test/mutants/NN/ loses points (those named
 * `central`, which break the chapter's central property, at least half), and every alternative
 * correct answer (alt-*) full marks. There are at least four wrong answers and one alternative.
 * Mutants are patches of the solution, materialized by ./patches.ts: a patch that no longer
 * applies fails its test with the hunk and how to regenerate it. Everything runs in process
 * through `runChecksInProcess`, the grading path minus the sandbox. It also checks that every
 * scenario's data, on the reference answer's first seed, is plain: it survives a structured clone
 * unchanged (what the sandbox's child sends to the referee).
 *
 *   proveGrader("04", { central: ["never-expires", "unfenced-storage"] });
 *
 * A failing test prints each check's outcome, so a mutant that slips through shows which checks
 * it passed.
 */
import fs from "node:fs";
import path from "node:path";
import { pristineStub } from "./pristine";
import { materialize, mutantsOf, ROOT } from "./patches";
import { describe, expect, test } from "vitest";
import { runChecksInProcess, type CheckOutcome } from "../../lib/grading/run-checks";
import type { ExerciseScenarios, Grader } from "../../lib/grading/scenario";

function score(outcomes: CheckOutcome[]): { points: number; max: number; report: string } {
  const points = outcomes.reduce((s, c) => s + c.points, 0);
  const max = outcomes.reduce((s, c) => s + c.max, 0);
  const report = outcomes.map((c) => `${c.passed ? "✓" : "✗"} ${c.points}/${c.max} ${c.title}${c.passed ? "" : `\n    ${(c.message ?? "").split("\n")[0]}`}`).join("\n");
  return { points, max, report };
}

export function proveGrader(nn: string, { central, timeoutMs = 120_000 }: { central: string[]; timeoutMs?: number }): void {
  const graderFile = fs.readdirSync(path.join(ROOT, "test/graders")).find((f) => f.startsWith(`${nn}-`) && f.endsWith(".grader.ts"))!;
  const exercise = graderFile.replace(/\.grader\.ts$/, "");
  const mutants = mutantsOf(nn);
  const load = async () => {
    const grader: Grader = (await import(path.join(ROOT, "test/graders", graderFile))).default;
    const { scenarios } = (await import(path.join(ROOT, grader.scenarios))) as { scenarios: ExerciseScenarios };
    return { grader, scenarios };
  };
  const grade = async (file: string) => {
    const { grader, scenarios } = await load();
    return score(runChecksInProcess(grader, scenarios, await import(file)));
  };

  describe(`grader ${exercise}`, () => {
    test("the reference answer scores full marks", async () => {
      const r = await grade(path.join(ROOT, "solutions", `${exercise}.ts`));
      expect(r.points, r.report).toBe(r.max);
    }, timeoutMs);
    test("every scenario returns plain data (a structured clone changes nothing)", async () => {
      const { scenarios } = await load();
      const impl = await import(path.join(ROOT, "solutions", `${exercise}.ts`));
      for (const [name, scenario] of Object.entries(scenarios.scenarios)) {
        const seed = scenario.seeds[0];
        const schedule = scenario.schedule(seed);
        expect(structuredClone(schedule), `${name}: schedule(${seed})`).toStrictEqual(schedule);
        const data = scenario.run(impl, seed, schedule);
        expect(structuredClone(data), `${name}: run(solution, ${seed})`).toStrictEqual(data);
      }
    }, timeoutMs);
    test("the stub scores zero", async () => {
      const r = await grade(await pristineStub(exercise));
      expect(r.points, r.report).toBe(0);
    }, timeoutMs);
    test("at least four wrong answers, one alternative, and every central mutant named exists", () => {
      expect(mutants.filter((m) => !m.correct).length).toBeGreaterThanOrEqual(4);
      expect(mutants.filter((m) => m.correct).length).toBeGreaterThanOrEqual(1);
      for (const name of central) expect(mutants.map((m) => m.name)).toContain(name);
    });
    for (const { name, correct } of mutants) {
      if (correct) {
        test(`alternative ${name} scores full marks`, async () => {
          const r = await grade(materialize(nn, name));
          expect(r.points, r.report).toBe(r.max);
        }, timeoutMs);
      } else {
        const isCentral = central.includes(name);
        test(`mutant ${name} loses ${isCentral ? "at least half the points" : "points"}`, async () => {
          const r = await grade(materialize(nn, name));
          expect(r.points, r.report).toBeLessThanOrEqual(isCentral ? r.max / 2 : r.max - 1);
        }, timeoutMs);
      }
    }
  });
}
