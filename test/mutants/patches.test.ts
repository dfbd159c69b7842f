// The mutants as patches (test/mutants/patches.ts): every patch of every exercise applies to its
// solution and is headed by its explanation; a patch made from an edited copy gives that copy
// back; a patch that no longer fits names the mutant and the hunk and says how to regenerate it.
// Whether each mutant loses points is proven by the graders' tests (test/mutants/NN.test.ts).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { applyMutant, makePatch, mutantsOf, patchHeader, readSolution, ROOT } from "./patches";

const EXERCISES = fs.readdirSync(path.join(ROOT, "test", "mutants")).filter((d) => /^\d\d$/.test(d)).sort();

describe("mutant patches", () => {
  test.each(EXERCISES)("exercise %s: every patch applies to the solution, explained in its header", (nn) => {
    const patches = mutantsOf(nn).filter((m) => m.source.endsWith(".patch"));
    expect(patches.length).toBeGreaterThan(0);
    for (const m of patches) {
      const text = fs.readFileSync(m.source, "utf8");
      expect(patchHeader(text).length, `${nn}/${m.name}: explanation`).toBeGreaterThan(20);
      expect(applyMutant(readSolution(nn), text, `${nn}/${m.name}`), `${nn}/${m.name}`).not.toBe(readSolution(nn));
    }
  });

  test("a whole file is kept only for an alternative, and says why", () => {
    for (const nn of EXERCISES) {
      for (const m of mutantsOf(nn).filter((m) => m.source.endsWith(".ts"))) {
        expect(m.correct, `${nn}/${m.name}: a wrong answer must be a patch of the solution`).toBe(true);
        expect(fs.readFileSync(m.source, "utf8").slice(0, 1500), `${nn}/${m.name}`).toMatch(/Kept as a whole file, not a patch of the solution: ./);
      }
    }
  });

  const solution = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join("");
  const edited = solution.replace("line 2\n", "line two\n").replace("line 15\n", "line fifteen\n");

  test("make then apply gives the edited copy back; the header is the explanation", () => {
    const patch = makePatch("00", "example", solution, edited, "Wrong on purpose: renames two lines.\nIt must lose points.");
    expect(patchHeader(patch)).toBe("Wrong on purpose: renames two lines.\nIt must lose points.");
    expect(applyMutant(solution, patch, "00/example")).toBe(edited);
    expect(() => makePatch("00", "example", solution, edited, "--- looks like a file header")).toThrow(/may not start like a diff line/);
    expect(() => makePatch("00", "example", solution, solution, "no change")).toThrow(/is the solution itself/);
  });

  test("a patch that no longer fits names the mutant and the hunk, and how to regenerate it", () => {
    const patch = makePatch("00", "example", solution, edited, "Renames two lines.");
    const changed = solution.replace("line 13\n", "line thirteen\n");
    expect(() => applyMutant(changed, patch, "00/example")).toThrow(
      /mutant 00\/example: the patch no longer applies to the solution \(solutions\/00-flood\.ts\): hunk 2 of 2, @@ -12,7 \+12,7 @@, expects these lines:\n(.|\n)*line 13(.|\n)*npm run mutant -- solution 00 --out (.|\n)*npm run mutant -- make 00 example/);
  });
});
