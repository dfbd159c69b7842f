// The tamper suite: a class of attackers (test/tamper/attacks.ts) graded together with honest
// classmates, through `npm run grade -- --submissions` exactly as an instructor runs it. Every
// attacker must score no more than the plain stub, the kit's files must be unchanged, the honest
// students must get what they get alone, the grade files must be the referee's, and no sandbox
// process may be left running.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { changedFiles, kitFingerprint } from "../../tools/grading/kit";
import type { ExerciseResult, StudentReport } from "../../tools/grading/report";
import { ATTACKS, PLAIN_STUB } from "./attacks";
import { ROOT, runGrade, sandboxPids } from "./run-grade";

const TIMEOUT_S = 8;
/** The exercise's budget: room for the honest solution many times over, and it ends the looping attacker's grading after one check's timeout and a part of the next. */
const EXERCISE_S = 12;
const MEMORY_MB = 128;
const hasSolutions = fs.existsSync(path.join(ROOT, "solutions", "00-flood.ts"));

describe("a class of attackers", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tamper-"));
  const classDir = path.join(dir, "class");
  let students: Map<string, ExerciseResult>;
  let csv: string;
  let kitBefore: Map<string, string>;
  let leftBehind: number[];
  let run: { code: number | null; output: string };

  beforeAll(async () => {
    for (const attack of ATTACKS) {
      const exercises = path.join(classDir, attack.name, "exercises");
      fs.mkdirSync(exercises, { recursive: true });
      const file = path.join(exercises, "00-flood.ts");
      if (attack.symlinkTo) fs.symlinkSync(path.join(ROOT, attack.symlinkTo), file);
      else fs.writeFileSync(file, attack.source);
    }
    const stub = path.join(classDir, "honest-stub");
    fs.mkdirSync(stub);
    fs.writeFileSync(path.join(stub, "00-flood.ts"), PLAIN_STUB);
    if (hasSolutions) {
      fs.mkdirSync(path.join(classDir, "honest-solution"));
      fs.copyFileSync(path.join(ROOT, "solutions", "00-flood.ts"), path.join(classDir, "honest-solution", "00-flood.ts"));
    }
    kitBefore = kitFingerprint(ROOT);
    const before = sandboxPids();
    run = await runGrade(["--submissions", classDir, "--only", "00", "--jobs", "2", "--timeout", String(TIMEOUT_S), "--exercise-timeout", String(EXERCISE_S), "--memory", String(MEMORY_MB), "--json", path.join(dir, "grades.json"), "--csv", path.join(dir, "grades.csv")]);
    const leftAtReturn = [...sandboxPids()].filter((p) => !before.has(p));
    // Give a detached rewriter, had one started, time to strike before the files are read. A
    // sandbox of another grading process that was just closing when this run returned (another
    // test file grading at the same time, npm test runs one per core) is gone by then; one this
    // run left behind is still running.
    await new Promise((r) => setTimeout(r, 4_000));
    const still = sandboxPids();
    leftBehind = leftAtReturn.filter((p) => still.has(p));
    const report = JSON.parse(fs.readFileSync(path.join(dir, "grades.json"), "utf8")) as { students: StudentReport[] };
    students = new Map(report.students.map((s) => [s.name, s.exercises[0]]));
    csv = fs.readFileSync(path.join(dir, "grades.csv"), "utf8");
  }, 600_000);

  it("grades the whole class: the referee survives every attacker and writes both files", () => {
    expect(run.code, run.output).toBe(0);
    expect([...students.keys()].sort()).toEqual([...ATTACKS.map((a) => a.name), "honest-stub", ...(hasSolutions ? ["honest-solution"] : [])].sort());
    expect(csv.split("\r\n")[0]).toBe("student,00-flood,points,max,problems");
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(students.size + 1);
  });

  it("gives the plain stub nothing, and an honest solution full marks beside the attackers", () => {
    const stub = students.get("honest-stub")!;
    expect(stub.points).toBe(0);
    expect(stub.max).toBeGreaterThan(0);
    if (hasSolutions) expect(students.get("honest-solution")).toMatchObject({ points: stub.max, max: stub.max });
  });

  for (const attack of ATTACKS) {
    it(`${attack.name} (${attack.tries}) scores no more than the stub, out of the full maximum`, () => {
      const result = students.get(attack.name)!;
      expect(result.points, JSON.stringify(result, null, 2)).toBeLessThanOrEqual(students.get("honest-stub")!.points);
      expect(result.max).toBe(students.get("honest-stub")!.max);
    });
  }

  it("names what went wrong: a symlink refused, a file that does not compile or takes too long to, a hang at import", () => {
    expect(students.get("symlink-to-solution")!.error).toMatch(/symbolic link, which is refused/);
    expect(students.get("does-not-compile")!.error).toMatch(/does not compile \(line 2, column \d+\)/);
    expect(students.get("slow-to-compile")!.error).toMatch(/took more than 10 s to compile/);
    expect(students.get("loop-at-import")!.error).toMatch(/did not finish loading within \d+ s/);
  });

  it("costs a hang the check it happened in, by name (and the rest of the exercise once its budget is spent), and a runaway allocation, in the heap or out of it, its memory limit", () => {
    const looping = students.get("loop-in-handler")!.checks;
    expect(looping[0].message).toMatch(new RegExp(`timed out after ${TIMEOUT_S} s on seed \\d+`));
    for (const c of looping) {
      expect(c.status).toBe("timeout");
      expect(c.message).toMatch(new RegExp(`timed out after ${TIMEOUT_S} s on seed \\d+|grading 00-flood took more than its ${EXERCISE_S} s in all`));
    }
    // Each check starts a sandbox that fills its memory again: on a busy machine the exercise's
    // budget can run out before the last checks, which then say so instead.
    const budget = `grading 00-flood took more than its ${EXERCISE_S} s in all`;
    const unbounded = students.get("unbounded-allocation")!.checks;
    expect(unbounded[0].status).toBe("memory");
    for (const c of unbounded) {
      expect(c.passed).toBe(false);
      expect(c.message).toMatch(new RegExp(`out of memory \\(limit ${MEMORY_MB} MB\\)|${budget}`));
    }
    expect(csv).toMatch(/unbounded-allocation,.*00-flood: memory/);
    // Typed arrays count against the sandbox's cap on writable memory (ulimit -d), not the heap's.
    const hoard = students.get("typed-array-hoard")!.checks;
    expect(hoard[0].message).toMatch(/Array buffer allocation failed/);
    for (const c of hoard) {
      expect(c.passed).toBe(false);
      expect(c.message).toMatch(new RegExp(`Array buffer allocation failed|${budget}`));
    }
  });

  it("leaves the kit's files unchanged and no sandbox process running", () => {
    expect(changedFiles(kitBefore, kitFingerprint(ROOT))).toEqual([]);
    expect(leftBehind).toEqual([]);
  });
});
