// The proof that every grader tells a finished exercise from an empty one: run all graders
// (through tools/grade.ts, exactly as `npm run grade` does) against solutions/ and exercises/.
// Solutions must get full marks on every check; the stubs must fail every single check.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../tools/grade";

const ROOT = path.resolve(__dirname, "..");
const ids = (dir: string, suffix: string) =>
  fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(suffix) && /^\d\d-/.test(f)).map((f) => f.slice(0, -suffix.length)).sort();

function gradeAll(target: string): GradeReport {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grading-test-")), "report.json");
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tools/grade.ts", "--target", target, "--json", out, "--quiet"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  return JSON.parse(fs.readFileSync(out, "utf8")) as GradeReport;
}

describe("exercises, solutions and graders", () => {
  it("come in threes: every exercise has a reference solution and a grader", () => {
    const exercises = ids("exercises", ".ts");
    expect(exercises.length).toBeGreaterThan(0);
    expect(ids("solutions", ".ts")).toEqual(exercises);
    expect(ids("test/graders", ".grader.ts")).toEqual(exercises);
  });

  it("stub and solution export the same names", async () => {
    for (const id of ids("exercises", ".ts")) {
      const stub = await import(`../exercises/${id}.ts`);
      const solution = await import(`../solutions/${id}.ts`);
      expect(Object.keys(stub).sort(), `exports of exercises/${id}.ts vs solutions/${id}.ts`).toEqual(Object.keys(solution).sort());
    }
  });
});

describe("graders", () => {
  let solutions: GradeReport;
  let stubs: GradeReport;
  beforeAll(() => {
    solutions = gradeAll("solutions");
    stubs = gradeAll("exercises");
  }, 900_000);

  it("give the reference solutions full marks on every check", () => {
    expect(solutions.exercises.map((e) => e.id)).toEqual(ids("test/graders", ".grader.ts"));
    for (const ex of solutions.exercises) {
      const failing = ex.checks.filter((c) => !c.passed).map((c) => `${c.title}: ${c.message}`);
      expect(ex.error, `${ex.id}: grader error`).toBeUndefined();
      expect(failing, `${ex.id}: checks failing on the solution`).toEqual([]);
      expect(ex.max, `${ex.id} is worth no points`).toBeGreaterThan(0);
      expect(ex.points).toBe(ex.max);
    }
    expect(solutions.points).toBe(solutions.max);
  });

  it("give the stubs nothing: every graded check fails on an empty exercise", () => {
    for (const ex of stubs.exercises) {
      expect(ex.error, `${ex.id}: the grader could not even run the stub`).toBeUndefined();
      expect(ex.checks.length, `${ex.id} has no checks`).toBeGreaterThan(0);
      const passing = ex.checks.filter((c) => c.passed).map((c) => c.title);
      expect(passing, `${ex.id}: checks that pass on the stub`).toEqual([]);
      expect(ex.points).toBe(0);
    }
    expect(stubs.points).toBe(0);
    expect(stubs.max).toBe(solutions.max);
  });
});
