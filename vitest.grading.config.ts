// Transitional: runs a grader that is still a vitest file (tools/grading/legacy.ts), until every
// grader in test/graders exports a `Grader` as data (then delete this file and legacy.ts).
// `@exercise/NN-topic` resolves to the directory named by COURSE_TARGET: "exercises" (default),
// "solutions", or a path to a student's exercises folder.
import path from "node:path";
import { defineConfig } from "vitest/config";

const target = process.env.COURSE_TARGET ?? "exercises";
const dir = path.resolve(__dirname, target === "exercises" || target === "solutions" ? target : path.resolve(target));

export default defineConfig({
  resolve: { alias: [{ find: /^@exercise\/(.*)$/, replacement: `${dir}/$1` }] },
  test: {
    include: ["test/graders/**/*.grader.ts"],
    testTimeout: 60_000,
    globals: true, // test/graders/support.ts's `graded` finds `test` here, so that file needs no vitest import
  },
});
