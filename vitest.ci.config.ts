// The checks that need more than npm test gives them (a fresh clone, npm ci, whole grading runs):
// test/ci/*.ci.ts. .ci/run runs them with `npx vitest run --config vitest.ci.config.ts`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/ci/**/*.ci.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
