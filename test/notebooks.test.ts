// test/notebooks.test.ts: every notebooks/*.ipynb runs clean with the exercises as they are.
//
// For each notebook (found by listing notebooks/, so a new chapter is picked up by being there):
//   (a) it is valid nbformat 4 JSON on the course kernel (metadata.kernelspec is KERNEL);
//   (b) it executes without a failure on the course kernel, in a temp copy of the kit with
//       exercises/ as they are: the stubs in a fresh kit, the student's work later on (a
//       notebook's cells show "finish exercise NN" for a stub and run the student's code once
//       it is written; the kit also runs them with every exercise solved, in a test that the
//       student edition leaves out).
// "Failure" is the rulebook's (tools/lib/verdict.ts): an error, an abort, any stderr, an error
// output, a timeout, a cell that never ran. Outputs a student saved do not matter here (the
// runner clears them); that notebooks are committed stripped is checked in CI (npm run strip).
// The runs are declared by test/notebook-suite.ts (parallel kernels, a temp copy of the kit).
// To see a failure yourself:   npm run notebooks -- notebooks/NN-topic.ipynb

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KERNEL, listNotebooks, REPO_ROOT } from "../tools/lib/jupyter";
import { copyKit } from "../tools/notebook-runner";
import { describeNotebookRuns } from "./notebook-suite";

const notebooks = listNotebooks(REPO_ROOT);
const name = (nb: string) => path.relative(REPO_ROOT, nb);

describe("notebooks are well-formed", () => {
  for (const nb of notebooks) {
    it(`${name(nb)} is nbformat 4 on the course kernel`, () => {
      let json: any;
      expect(() => (json = JSON.parse(readFileSync(nb, "utf8"))), `${name(nb)} is not valid JSON`).not.toThrow();
      expect(json.nbformat, "nbformat").toBe(4);
      expect(Array.isArray(json.cells), "cells is an array").toBe(true);
      expect(json.metadata?.kernelspec, "metadata.kernelspec").toEqual(KERNEL);
      json.cells.forEach((cell: any, i: number) => {
        expect(["code", "markdown", "raw"], `cell ${i} cell_type`).toContain(cell.cell_type);
        expect(typeof cell.source === "string" || Array.isArray(cell.source), `cell ${i} source`).toBe(true);
      });
    });
  }
});

describeNotebookRuns(() => copyKit("as-is"), "the exercises as they are");
