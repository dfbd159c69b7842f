// test/notebook-suite.ts: the notebook-execution suite, declared once by each test file that runs
// the notebooks against its own exercises/ (test/notebooks.test.ts: as they are; the kit's other
// one: with every exercise solved).
//
// describeNotebookRuns(makeKit, label) makes a copy of the kit per notebook (copyKit: a temp copy, so
// edits made meanwhile cannot change or trip a run), starts every notebooks/*.ipynb in beforeAll, at
// most defaultConcurrency() kernels at a time (2 on a 2-core machine; DS_NOTEBOOK_JOBS changes
// it), and declares one test per notebook that awaits its own run and fails with the rulebook's
// message (tools/lib/verdict.ts). The worker only waits on kernel processes: it never blocks.
// The kernels share a compile cache (tools/tslab-cache.cjs): the first kernel to compile a kit
// file type-checks and emits it, the others reuse that (same contents, same result). Both suites
// of one vitest run share it (sharedCompileCache below), so lib/ is compiled once per run.
import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listNotebooks, REPO_ROOT } from "../tools/lib/jupyter";
import { defaultConcurrency, runNotebooks, type KitCopy, type NotebookRun, type RunOptions } from "../tools/notebook-runner";

const RUN_TIMEOUT = 10 * 60_000;
// Generous: a loaded CI machine can be slow, and an endless loop is still caught.
const CELL_TIMEOUT = 180_000;
// How long a suite waits for another suite's first kernel to compile the kit before compiling itself.
const WARM_WAIT_MS = 120_000;

/**
 * The compile cache of this vitest run: a folder named by the vitest process (the parent of the
 * workers, process.ppid), shared by the suites running in its workers. The first suite to create it
 * is its owner and starts at once; another waits (at most WARM_WAIT_MS) until the owner's first
 * kernel has run its first cell (the kit's compile, recorded in the folder as .warm), so that it
 * reuses that compile instead of repeating it. Each suite registers itself (.user-PID); the last
 * one to finish removes the folder. Entries are keyed by content, so sharing cannot change a result.
 */
function sharedCompileCache(): { dir: string; owner: boolean; warmed: () => void; waitWarm: () => Promise<void>; release: () => void } {
  const dir = path.join(os.tmpdir(), `ds-tslab-cache-vitest-${process.ppid}`);
  let owner = true;
  try {
    mkdirSync(dir);
  } catch {
    owner = false;
  }
  const user = path.join(dir, `.user-${process.pid}`);
  writeFileSync(user, "");
  const warm = path.join(dir, ".warm");
  return {
    dir,
    owner,
    warmed: () => writeFileSync(warm, ""),
    waitWarm: async () => {
      for (const start = Date.now(); !existsSync(warm) && Date.now() - start < WARM_WAIT_MS; ) await new Promise((r) => setTimeout(r, 250));
    },
    release: () => {
      unlinkSync(user);
      if (!readdirSync(dir).some((f) => f.startsWith(".user-"))) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function describeNotebookRuns(makeKit: () => KitCopy, label: string): void {
  const notebooks = listNotebooks(REPO_ROOT).map((nb) => path.relative(REPO_ROOT, nb));
  describe(`notebooks run clean with ${label}`, () => {
    // One copy per notebook: a notebook that writes under its kit (a check cell's grading run)
    // trips tslab's file watcher in any other kernel running in the same tree.
    let kits: KitCopy[] = [];
    let runs: Promise<NotebookRun>[] = [];
    // The kernels share tslab's compile of the kit (tools/tslab-cache.cjs): the same files, compiled once.
    let cache: ReturnType<typeof sharedCompileCache> | undefined;
    beforeAll(async () => {
      cache = sharedCompileCache();
      kits = notebooks.map(() => makeKit());
      if (!cache.owner) await cache.waitWarm();
      const jobs: Array<{ path: string; options: RunOptions }> = notebooks.map((nb, i) => ({ path: path.join(kits[i].dir, nb), options: { workdir: kits[i].dir, timeoutMs: CELL_TIMEOUT, compileCache: cache!.dir } }));
      if (cache.owner) jobs[0].options = { ...jobs[0].options, onCell: cache.warmed };
      runs = runNotebooks(jobs, defaultConcurrency());
      if (cache.owner) void runs[0].then(cache.warmed, cache.warmed); // a first notebook that fails early still lets the other suite go
    }, WARM_WAIT_MS + 60_000);
    afterAll(async () => {
      await Promise.allSettled(runs);
      for (const kit of kits) kit.cleanup();
      cache?.release();
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
