// test/notebooks.test.ts: every notebooks/*.ipynb is committed clean and runs clean.
//
// For each notebook:
//   (a) it is valid nbformat 4 JSON, its kernelspec is ds-course-ts, and it is committed with
//       outputs stripped (every code cell: outputs [] and execution_count null);
//   (b) it executes without a failure on the course kernel with exercises/ as committed (stubs);
// (test/notebooks-solutions.test.ts runs them again with the solutions in place.)
// "Failure" is as in tools/notebook-runner.ts: an error, an abort, any stderr, a timeout, or a
// cell that never ran. One kernel per notebook run. To see a failure yourself:
//   npm run notebooks -- notebooks/NN-topic.ipynb            (or add --solutions)

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listNotebooks, REPO_ROOT, runNotebook } from "../tools/notebook-runner";

const notebooks = listNotebooks(REPO_ROOT);
const name = (nb: string) => path.relative(REPO_ROOT, nb);
const RUN_TIMEOUT = 10 * 60_000;

describe("notebooks are committed clean", () => {
  it("the course has notebooks", () => expect(notebooks.length).toBeGreaterThan(0));
  for (const nb of notebooks) {
    it(`${name(nb)} is nbformat 4, on ds-course-ts, outputs stripped`, () => {
      let json: any;
      expect(() => (json = JSON.parse(readFileSync(nb, "utf8"))), `${name(nb)} is not valid JSON`).not.toThrow();
      expect(json.nbformat, "nbformat").toBe(4);
      expect(Array.isArray(json.cells), "cells is an array").toBe(true);
      expect(json.metadata?.kernelspec, "metadata.kernelspec").toEqual({
        name: "ds-course-ts", display_name: "Distributed Systems (TypeScript)", language: "typescript",
      });
      json.cells.forEach((cell: any, i: number) => {
        expect(["code", "markdown", "raw"], `cell ${i} cell_type`).toContain(cell.cell_type);
        expect(typeof cell.source === "string" || Array.isArray(cell.source), `cell ${i} source`).toBe(true);
        if (cell.cell_type === "code") {
          expect(cell.outputs, `cell ${i} outputs must be stripped before committing`).toEqual([]);
          expect(cell.execution_count, `cell ${i} execution_count must be null before committing`).toBeNull();
        }
      });
    });
  }
});

describe("notebooks run clean with the exercise stubs", () => {
  for (const nb of notebooks) {
    it(`${name(nb)} (stubs)`, async () => {
      const run = await runNotebook(nb, { workdir: REPO_ROOT });
      expect(run.ok, run.failure).toBe(true);
    }, RUN_TIMEOUT);
  }
});
