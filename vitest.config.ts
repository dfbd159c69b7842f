// `npm test` (after tsc): unit tests, the notebook tests and the proof that every grader tells
// solutions from stubs. The graders themselves run through tools/grade.ts (vitest.grading.config.ts).
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
