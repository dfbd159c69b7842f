// The graders of exercises 05 to 08 against wrong answers: every mutant in test/mutants/NN/ (one
// misconception each) must lose points, those breaking the chapter's central property at least
// half; every alternative correct answer (alt-*.ts) and the reference solution get full marks; the
// stub gets zero. Runs the graders' scenarios and checks in process (runChecksInProcess).
import fs from "node:fs";
import path from "node:path";
import { pristineStub } from "./pristine";
import { describe, expect, it } from "vitest";
import { runChecksInProcess } from "../../lib/grading/run-checks";
import type { ExerciseScenarios, Grader } from "../../lib/grading/scenario";

const ROOT = path.resolve(__dirname, "..", "..");

/** The exercises, and their mutants that break the chapter's central property. */
const EXERCISES: Array<{ id: string; name: string; central: string[] }> = [
  { id: "05", name: "05-vector-clocks", central: ["fifo-only", "no-holdback"] },
  { id: "06", name: "06-chandy-lamport", central: ["markers-next-tick", "channels-never-close", "balance-after-transfer"] },
  { id: "07", name: "07-batching", central: ["two-in-flight", "sorted-batch", "newest-first", "timer-flush"] },
  { id: "08", name: "08-wire-format", central: ["ignores-version", "rejects-newer", "newer-as-v2"] },
];

async function score(name: string, file: string): Promise<{ points: number; max: number; failed: string[] }> {
  const grader = (await import(`../graders/${name}.grader.ts`)).default as Grader;
  const scenarios = (await import(path.join(ROOT, `${grader.scenarios}.ts`))).scenarios as ExerciseScenarios;
  const impl = await import(file);
  const outcomes = runChecksInProcess(grader, scenarios, impl);
  return {
    points: outcomes.reduce((s, o) => s + o.points, 0),
    max: outcomes.reduce((s, o) => s + o.max, 0),
    failed: outcomes.filter((o) => !o.passed).map((o) => `${o.title}: ${o.message}`),
  };
}

for (const { id, name, central } of EXERCISES) {
  describe(`grader ${id}`, () => {
    const mutants = fs.readdirSync(path.join(ROOT, "test/mutants", id)).filter((f) => f.endsWith(".ts")).sort();

    it("gives the reference solution full marks and the stub zero", async () => {
      const solution = await score(name, path.join(ROOT, "solutions", `${name}.ts`));
      expect(solution.failed).toEqual([]);
      expect(solution.points).toBe(solution.max);
      const stub = await score(name, await pristineStub(name));
      expect(stub.points).toBe(0);
    }, 120_000);

    it("names every central mutant that exists", () => {
      for (const m of central) expect(mutants).toContain(`${m}.ts`);
      expect(mutants.filter((m) => m.startsWith("alt-")).length).toBeGreaterThan(0);
      expect(mutants.filter((m) => !m.startsWith("alt-")).length).toBeGreaterThanOrEqual(4);
    });

    for (const file of mutants) {
      const mutant = file.slice(0, -3);
      if (mutant.startsWith("alt-")) {
        it(`gives ${mutant} (a correct answer built differently) full marks`, async () => {
          const result = await score(name, path.join(ROOT, "test/mutants", id, file));
          expect(result.failed).toEqual([]);
        }, 120_000);
      } else {
        const isCentral = central.includes(mutant);
        it(`takes ${isCentral ? "at least half the points" : "points"} from ${mutant}`, async () => {
          const result = await score(name, path.join(ROOT, "test/mutants", id, file));
          expect(result.points).toBeLessThan(result.max);
          if (isCentral) expect(result.points).toBeLessThanOrEqual(result.max / 2);
        }, 120_000);
      }
    }
  });
}
