/**
 * Transitional: grades an exercise whose grader is still a vitest file (`graded(...)` tests, points
 * in "[N pts]" titles) the old way, in a vitest process with COURSE_TARGET pointing at the files.
 * This path has none of the sandbox's defences; it exists only until every grader in test/graders
 * exports a `Grader` as data (then delete this file and its one call in tools/grade.ts).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CheckResult, ExerciseResult } from "./report";

const POINTS = /\s*\[(\d+(?:\.\d+)?) pts?\]$/;

interface VitestJson {
  testResults: Array<{ status: string; message: string; assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
}

/** True when the grader file is a vitest file rather than a `Grader` as data. */
export function isLegacyGrader(root: string, id: string): boolean {
  return !/^export default /m.test(fs.readFileSync(path.join(root, "test", "graders", `${id}.grader.ts`), "utf8"));
}

/** `dir` holds the student's NN-topic.ts files beside a `lib` the files import as "../lib". */
export async function gradeLegacy(root: string, id: string, dir: string, timeoutSeconds: number): Promise<ExerciseResult> {
  const grader = path.join(root, "test", "graders", `${id}.grader.ts`);
  const run = await runVitest(root, ["run", grader], dir, timeoutSeconds);
  const checks: CheckResult[] = [];
  for (const file of run.report?.testResults ?? []) {
    for (const t of file.assertionResults) {
      const max = pointsOf(t.title);
      const passed = t.status === "passed";
      checks.push({ title: t.title.replace(POINTS, ""), points: passed ? max : 0, max, passed, status: passed ? "passed" : "failed", message: passed ? undefined : cleanMessage(t.failureMessages.join("\n")) || `not run (${t.status})` });
    }
  }
  let error: string | undefined;
  if (run.timedOut) error = `the grader did not finish within ${timeoutSeconds} s: is there an infinite loop in your code?`;
  else if (!run.report) error = `the grader could not run: ${run.output.trim().split("\n").slice(-8).join("\n")}`;
  else {
    const broken = run.report.testResults.find((f) => f.status === "failed" && f.assertionResults.length === 0);
    if (broken) error = `the grader could not load your exercise: ${cleanMessage(broken.message)}`;
  }
  const max = checks.length > 0 ? checks.reduce((a, c) => a + c.max, 0) : await maxPointsOf(root, grader);
  return { id, points: checks.reduce((a, c) => a + c.points, 0), max, checks, error };
}

async function maxPointsOf(root: string, grader: string): Promise<number> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grade-list-")), "list.json");
  await runVitest(root, ["list", `--json=${out}`, grader], path.join(root, "exercises"), 60, true);
  try {
    return (JSON.parse(fs.readFileSync(out, "utf8")) as Array<{ name: string }>).reduce((a, t) => a + pointsOf(t.name), 0);
  } catch {
    return 0;
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

function runVitest(root: string, args: string[], targetDir: string, timeoutSeconds: number, listOnly = false): Promise<{ report?: VitestJson; output: string; timedOut: boolean }> {
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grade-")), "report.json");
  const reporter = listOnly ? [] : ["--reporter=json", `--outputFile=${outFile}`];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "vitest", "vitest.mjs"), ...args, "--config", path.join(root, "vitest.grading.config.ts"), ...reporter], {
      cwd: root,
      detached: true,
      env: { ...process.env, COURSE_TARGET: targetDir, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, "SIGKILL");
    }, timeoutSeconds * 1000);
    child.on("close", () => {
      clearTimeout(timer);
      let report: VitestJson | undefined;
      if (!listOnly && fs.existsSync(outFile)) report = JSON.parse(fs.readFileSync(outFile, "utf8")) as VitestJson;
      fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
      resolve({ report, output, timedOut });
    });
  });
}

function pointsOf(title: string): number {
  const m = POINTS.exec(title);
  return m ? Number(m[1]) : 0;
}

function cleanMessage(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^\s+at /.test(l) && !l.includes("node_modules"))
    .map((l) => l.replace(/^(GradeFailure|AssertionError): /, ""))
    .join("\n")
    .trim()
    .slice(0, 1500);
}

/** Copies a student's exercise files into a staging folder beside a link to the kit's lib/. */
export function stageLegacy(root: string, student: Record<string, string>): { dir: string; cleanup: () => void } {
  const stage = fs.mkdtempSync(path.join(root, ".grading-"));
  fs.mkdirSync(path.join(stage, "exercises"));
  for (const [id, text] of Object.entries(student)) fs.writeFileSync(path.join(stage, "exercises", `${id}.ts`), text);
  fs.symlinkSync(path.join(root, "lib"), path.join(stage, "lib"), "dir");
  return { dir: path.join(stage, "exercises"), cleanup: () => fs.rmSync(stage, { recursive: true, force: true }) };
}
