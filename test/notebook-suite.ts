// test/notebook-suite.ts: the notebook-execution suite, declared once by each test file that runs
// the notebooks against its own exercises/ (test/notebooks.test.ts: as they are; the kit's other
// one: with every exercise solved).
//
// describeNotebookRuns(makeKit, label) makes a copy of the kit per notebook (copyKit: a temp copy, so
// edits made meanwhile cannot change or trip a run), starts every notebooks/*.ipynb in beforeAll, at
// most defaultConcurrency() kernels at a time (2 on a 2-core machine; DS_NOTEBOOK_JOBS changes
// it), and declares one test per notebook that awaits its own run and fails with the rulebook's
// message (tools/lib/verdict.ts). The worker only waits on kernel processes: it never blocks.
// The kernels of one suite share a compile cache (tools/tslab-cache.cjs): the first kernel to
// compile a kit file type-checks and emits it, the others reuse that (same contents, same result).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listNotebooks, REPO_ROOT } from "../tools/lib/jupyter";
import { defaultConcurrency, runNotebooks, type KitCopy, type NotebookRun } from "../tools/notebook-runner";

const RUN_TIMEOUT = 10 * 60_000;
// Generous: a loaded CI machine can be slow, and an endless loop is still caught.
const CELL_TIMEOUT = 180_000;

export function describeNotebookRuns(makeKit: () => KitCopy, label: string): void {
  const notebooks = listNotebooks(REPO_ROOT).map((nb) => path.relative(REPO_ROOT, nb));
  describe(`notebooks run clean with ${label}`, () => {
    // One copy per notebook: a notebook that writes under its kit (a check cell's grading run)
    // trips tslab's file watcher in any other kernel running in the same tree.
    let kits: KitCopy[] = [];
    let runs: Promise<NotebookRun>[] = [];
    // The kernels share tslab's compile of the kit (tools/tslab-cache.cjs): the same files, compiled once.
    let compileCache = "";
    beforeAll(() => {
      compileCache = mkdtempSync(path.join(os.tmpdir(), "ds-tslab-cache-"));
      kits = notebooks.map(() => makeKit());
      runs = runNotebooks(notebooks.map((nb, i) => ({ path: path.join(kits[i].dir, nb), options: { workdir: kits[i].dir, timeoutMs: CELL_TIMEOUT, compileCache } })), defaultConcurrency());
    });
    afterAll(async () => {
      await Promise.allSettled(runs);
      for (const kit of kits) kit.cleanup();
      if (compileCache) rmSync(compileCache, { recursive: true, force: true });
    });
    it("the course has notebooks", () => expect(notebooks.length).toBeGreaterThan(0));
    notebooks.forEach((nb, i) => {
      it(`${nb} (${label})`, async () => {
        const run = await runs[i];
        expect(run.ok, run.failure?.split(kits[i].dir + path.sep).join("")).toBe(true);
      }, RUN_TIMEOUT);
    });
  });
}
