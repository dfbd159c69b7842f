/**
 * GitHub Classroom: grade the repository's exercises and print the result for Classroom's
 * grading reporter (classroom-resources/autograding-grading-reporter).
 *
 *   npm run --silent classroom:github >> "$GITHUB_OUTPUT"     # .github/workflows/classroom.yml
 *
 * Prints one line, `result=<base64 JSON>`, the payload the reporter reads from the environment
 * variable <RUNNER>_RESULTS: { version: 1, status: "pass" | "fail" | "error", max_score,
 * tests: [{ name, status, score, message, line_no, execution_time }] }, one test per graded check.
 * The reporter adds the scores, shows them in the run's log and reports "Points N/M" to Classroom.
 * The human-readable table goes to stderr, so it shows in the log without corrupting the output.
 * It grades on the public seeds: the workflow runs in the student's own repository, where no
 * secret can be kept from them. For grades that count, grade the class with `npm run grade --
 * --submissions` or Gradescope, which draw their seeds from a secret (tools/grading/secret-seeds.ts).
 */
import path from "node:path";
import { gradeFolder } from "./grade-once";
import type { GradeReport } from "../grading/report";
import { formatReport } from "../grading/report";

export interface ClassroomTest {
  name: string;
  status: "pass" | "fail" | "error";
  score: number;
  message: string;
  line_no: number;
  execution_time: string;
}
export interface ClassroomResult {
  version: 1;
  status: "pass" | "fail" | "error";
  max_score: number;
  tests: ClassroomTest[];
}

export function classroomResult(report: GradeReport): ClassroomResult {
  const tests: ClassroomTest[] = [];
  for (const ex of report.exercises) {
    if (ex.error && ex.checks.length === 0) {
      tests.push({ name: `${ex.id}: could not be graded`, status: "error", score: 0, message: ex.error, line_no: 0, execution_time: "0s" });
    }
    for (const c of ex.checks) {
      tests.push({ name: `${ex.id}: ${c.title}`, status: c.passed ? "pass" : "fail", score: c.points, message: c.message ?? "", line_no: 0, execution_time: "0s" });
    }
  }
  const status = tests.some((t) => t.status === "error") ? "error" : tests.some((t) => t.status === "fail") ? "fail" : "pass";
  return { version: 1, status, max_score: report.max, tests };
}

export function encodeResult(result: ClassroomResult): string {
  return Buffer.from(JSON.stringify(result), "utf8").toString("base64");
}

if (require.main === module) {
  gradeFolder(path.resolve(__dirname, "..", "..", "exercises"))
    .then((report) => {
      process.stderr.write(formatReport(report) + "\n");
      return classroomResult(report);
    })
    .catch((error): ClassroomResult => {
      const message = `the grader could not run: ${error instanceof Error ? error.message : error}`;
      process.stderr.write(message + "\n");
      return { version: 1, status: "error", max_score: 0, tests: [{ name: "grading", status: "error", score: 0, message, line_no: 0, execution_time: "0s" }] };
    })
    .then((result) => process.stdout.write(`result=${encodeResult(result)}\n`));
}
