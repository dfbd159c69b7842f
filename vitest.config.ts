// `npm test`: the type check (test/typecheck.test.ts), unit tests, the notebook tests, the graders proven through the sandboxed
// referee (test/grading.test.ts: solutions full marks, pristine stubs zero), by their mutants
// (test/mutants/) and by the tamper suite (test/tamper/). The graders themselves are data
// (test/graders/*.grader.ts), run by tools/grade.ts; test/ci/ runs only in .ci/run.
// Test files run one per core (vitest's default leaves a core idle on a 2-core machine), the
// longest first (LONGEST below: the two notebook suites, each running two kernels at a time with a
// shared compile, test/notebook-suite.ts, and the whole-class grading runs), so the short files
// fill the cores at the end instead of leaving one idle while a notebook suite finishes alone.
// Tests that wait on child processes spawn them asynchronously, so a worker always answers vitest,
// even on a loaded machine.
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The solutions suite starts once grading.test.ts is done, by when the stubs suite has compiled the
// kit into the compile cache both share (test/notebook-suite.ts): it reuses that compile, and no
// core waits for it.
const LONGEST = ["test/notebooks.test.ts", "test/grading.test.ts", "test/notebooks-solutions.test.ts", "test/typecheck.test.ts"];

/** vitest's own order (failed first, then longest last time, else largest), LONGEST before the rest. */
class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.indexOf(path.relative(__dirname, f.moduleId).split(path.sep).join("/"));
      return i < 0 ? LONGEST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: os.availableParallelism(),
    sequence: { sequencer: LongestFirst },
  },
});
