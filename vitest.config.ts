// Unit tests, notebook tests and the proof that every grader tells solutions from stubs.
// The graders themselves run through tools/grade.ts (vitest.grading.config.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
