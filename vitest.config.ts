// `npm test` (after tsc): unit tests, the notebook tests, the graders proven through the sandboxed
// referee (test/grading.test.ts: solutions full marks, pristine stubs zero), by their mutants
// (test/mutants/) and by the tamper suite (test/tamper/). The graders themselves are data
// (test/graders/*.grader.ts), run by tools/grade.ts; test/ci/ runs only in .ci/run.
// On a 2-core machine vitest runs one test file at a time; the notebook tests use the second core
// by running two kernels at once (test/notebook-suite.ts). Tests that wait on child processes spawn
// them asynchronously, so a worker always answers vitest, even on a loaded machine.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
