// The classroom converters (tools/classroom/): Gradescope results, GitHub Classroom payloads and
// feedback pages, from grade reports written by hand. The end-to-end runs are in test/ci/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { feedbackFileName, feedbackPage, writeFeedback } from "../tools/classroom/feedback";
import { classroomResult, encodeResult } from "../tools/classroom/github";
import { gradescopeResults } from "../tools/classroom/gradescope";
import type { GradeReport } from "../tools/grading/report";
import type { ClassReport } from "../tools/classroom/report";
import { readReport } from "../tools/classroom/report";

const alice: GradeReport = {
  points: 5,
  max: 12,
  exercises: [
    {
      id: "00-flood",
      points: 5,
      max: 8,
      checks: [
        { title: "everyone hears the rumour", points: 5, max: 5, passed: true },
        { title: "learning order", points: 0, max: 3, passed: false, message: "expected [b, a] got [a, b]\n  seed: 7\n  replay: replay(\"00\", \"lossy\", 7)" },
      ],
    },
    { id: "02-exactly-once", points: 0, max: 4, checks: [], error: "the grader could not load your exercise: SyntaxError <script>" },
  ],
};
const bob: GradeReport = { points: 8, max: 12, exercises: [{ id: "00-flood", points: 8, max: 8, checks: [{ title: "everyone hears the rumour", points: 8, max: 8, passed: true, message: "bob-secret-note" }] }] };

describe("Gradescope results", () => {
  test("one test per check, a failed load scores 0 of the exercise's maximum, the total is the report's", () => {
    const r = gradescopeResults(alice);
    expect(r.score).toBe(5);
    expect(r.tests.map((t) => [t.name, t.score, t.max_score])).toEqual([
      ["00-flood: everyone hears the rumour", 5, 5],
      ["00-flood: learning order", 0, 3],
      ["02-exactly-once: could not be graded", 0, 4],
    ]);
    expect(r.tests.reduce((a, t) => a + t.max_score, 0)).toBe(alice.max);
    expect(r.tests[1].output).toContain("seed: 7");
    expect(r.tests.every((t) => t.visibility === "visible")).toBe(true);
  });
});

describe("GitHub Classroom payload", () => {
  test("decodes to the reporter's shape and adds up to the report's points", () => {
    const decoded = JSON.parse(Buffer.from(encodeResult(classroomResult(alice)), "base64").toString("utf8"));
    expect(decoded.version).toBe(1);
    expect(decoded.max_score).toBe(12);
    expect(decoded.status).toBe("error");
    expect(decoded.tests.reduce((a: number, t: { score: number }) => a + t.score, 0)).toBe(5);
    expect(classroomResult(bob).status).toBe("pass");
  });
});

describe("feedback pages", () => {
  test("escape what students wrote and hold nothing of another student", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feedback-"));
    const report: ClassReport = { students: [{ name: "alice", ...alice }, { name: "bob", ...bob }, { name: "../evil<x>", ...bob }] };
    const files = writeFeedback(report, dir);
    expect(files.map((f) => path.basename(f))).toEqual(["alice.html", "bob.html", "__evil_x_.html"]);
    expect(files.every((f) => path.dirname(f) === dir)).toBe(true);
    const page = fs.readFileSync(files[0], "utf8");
    expect(page).toContain("5 / 12");
    expect(page).toContain("replay(&#34;00&#34;, &#34;lossy&#34;, 7)");
    expect(page).toContain("SyntaxError &lt;script&gt;");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("bob");
    expect(fs.readFileSync(files[1], "utf8")).not.toContain("alice");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("file names cannot leave the folder or collide", () => {
    expect(feedbackFileName("..")).toBe("_.html");
    expect(feedbackFileName("a/b")).toBe("a_b.html");
    expect(feedbackPage("<b>", bob)).toContain("Feedback for &lt;b&gt;");
  });
});

describe("reading a report", () => {
  test("a file that is not a grade report is refused with the field it lacks", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-")), "r.json");
    fs.writeFileSync(file, JSON.stringify({ students: [{ name: "x" }] }));
    expect(() => readReport(file)).toThrow(/students\[0\]: expected \{ exercises/);
    fs.writeFileSync(file, "not json");
    expect(() => readReport(file)).toThrow(/not a grade report/);
  });
});
