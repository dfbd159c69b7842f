// test/notebooks-solutions.test.ts: every notebook runs clean for a student who finished, that
// is with solutions/*.ts copied over exercises/ (in a temporary copy of the kit). Failures are as
// in tools/notebook-runner.ts. By hand: npm run notebooks -- --solutions notebooks/NN-topic.ipynb
// (Left out of the student edition, which has no solutions/: see tools/release.ts.)
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listNotebooks, REPO_ROOT, runNotebook, withSolutionsWorkdir } from "../tools/notebook-runner";

const notebooks = listNotebooks(REPO_ROOT);
const name = (nb: string) => path.relative(REPO_ROOT, nb);
const RUN_TIMEOUT = 10 * 60_000;

describe("notebooks run clean with the solutions in place", () => {
  let work: { dir: string; cleanup: () => void } | undefined;
  beforeAll(async () => { if (notebooks.length) work = await withSolutionsWorkdir(REPO_ROOT); });
  afterAll(() => work?.cleanup());
  for (const nb of notebooks) {
    it(`${name(nb)} (solutions)`, async () => {
      const run = await runNotebook(path.join(work!.dir, name(nb)), { workdir: work!.dir });
      expect(run.ok, run.failure?.split(work!.dir + path.sep).join("")).toBe(true);
    }, RUN_TIMEOUT);
  }
});
