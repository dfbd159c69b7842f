/**
 * npm run grade: grade exercises with the graders in test/graders/, one exercise at a time.
 *
 *   npm run grade                                   # the student's exercises/, a table per exercise
 *   npm run grade -- --only 03                      # one exercise (id prefix)
 *   npm run grade -- --target solutions --json out.json
 *   npm run grade -- --target path/to/alice/exercises
 *   npm run grade -- --submissions path/to/class --json grades.json --csv grades.csv
 *
 * A target is "exercises", "solutions" or a folder holding a student's NN-topic.ts files. With
 * --submissions, every subfolder of the class folder is one student's submission: either the
 * exercise files themselves or a copy of the kit with an exercises/ folder inside.
 *
 * Each grader runs in its own vitest process with a time limit (--timeout seconds, default 120),
 * so one infinite loop costs that exercise's points and nothing else. A grader whose file cannot
 * even load (a syntax error, a missing export) scores 0 out of the points its checks are worth.
 *
 * JSON (--json FILE): {"exercises":[{"id","points","max","checks":[...]}],"points":N,"max":M}; with
 * --submissions: {"students":[{"name", ...that shape}]}. Exit code 0 whatever the score; 2 on bad
 * arguments or when the graders themselves cannot run.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const GRADERS = path.join(ROOT, "test", "graders");
const VITEST = path.join(ROOT, "node_modules", "vitest", "vitest.mjs");
const CONFIG = path.join(ROOT, "vitest.grading.config.ts");
const POINTS = /\s*\[(\d+(?:\.\d+)?) pts?\]$/;

export interface CheckResult {
  title: string;
  points: number;
  max: number;
  passed: boolean;
  message?: string;
}
export interface ExerciseResult {
  id: string;
  points: number;
  max: number;
  checks: CheckResult[];
  /** Set when the grader could not run to the end (load error, timeout). */
  error?: string;
}
export interface GradeReport {
  exercises: ExerciseResult[];
  points: number;
  max: number;
}

interface Args {
  target: string;
  only?: string;
  json?: string;
  csv?: string;
  submissions?: string;
  timeoutSeconds: number;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { target: "exercises", timeoutSeconds: 120, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) usage(`${flag} needs a value`);
      return v;
    };
    if (flag === "--target") args.target = value();
    else if (flag === "--only") args.only = value();
    else if (flag === "--json") args.json = value();
    else if (flag === "--csv") args.csv = value();
    else if (flag === "--submissions") args.submissions = value();
    else if (flag === "--timeout") args.timeoutSeconds = Number(value());
    else if (flag === "--quiet") args.quiet = true;
    else usage(`unknown option ${flag}`);
  }
  if (!(args.timeoutSeconds > 0)) usage(`--timeout must be a number of seconds > 0`);
  return args;
}

function usage(problem: string): never {
  console.error(
    `grade: ${problem}\n` +
      `usage: npm run grade -- [--target exercises|solutions|DIR] [--only NN] [--json FILE] [--timeout S]\n` +
      `       npm run grade -- --submissions CLASS_DIR [--json FILE] [--csv FILE]`,
  );
  process.exit(2);
}

/** The graders, as exercise ids ("00-tour"), optionally those starting with `only`. */
export function graderIds(only?: string): string[] {
  return fs
    .readdirSync(GRADERS)
    .filter((f) => f.endsWith(".grader.ts"))
    .map((f) => f.slice(0, -".grader.ts".length))
    .filter((id) => only === undefined || id.startsWith(only))
    .sort();
}

/** Grades every exercise of `targetDir` (a directory of NN-topic.ts files). */
export async function grade(targetDir: string, options: { only?: string; timeoutSeconds?: number } = {}): Promise<GradeReport> {
  const ids = graderIds(options.only);
  if (ids.length === 0) throw new Error(`no grader matches "${options.only}" (graders: ${graderIds().join(", ")})`);
  const exercises: ExerciseResult[] = [];
  for (const id of ids) exercises.push(await gradeOne(id, targetDir, options.timeoutSeconds ?? 120));
  return {
    exercises,
    points: sum(exercises.map((e) => e.points)),
    max: sum(exercises.map((e) => e.max)),
  };
}

async function gradeOne(id: string, targetDir: string, timeoutSeconds: number): Promise<ExerciseResult> {
  const run = await runVitest(["run", path.join(GRADERS, `${id}.grader.ts`)], targetDir, timeoutSeconds);
  const checks: CheckResult[] = [];
  for (const file of run.report?.testResults ?? []) {
    for (const t of file.assertionResults) {
      const max = pointsOf(t.title);
      const passed = t.status === "passed";
      checks.push({
        title: t.title.replace(POINTS, ""),
        points: passed ? max : 0,
        max,
        passed,
        message: passed ? undefined : t.status === "failed" ? cleanMessage(t.failureMessages.join("\n")) : `not run (${t.status})`,
      });
    }
  }
  let error: string | undefined;
  if (run.timedOut) error = `the grader did not finish within ${timeoutSeconds} s: is there an infinite loop in your code?`;
  else if (!run.report) error = `the grader could not run: ${lastLines(run.output)}`;
  else {
    const broken = run.report.testResults.find((f) => f.status === "failed" && f.assertionResults.length === 0);
    if (broken) error = `the grader could not load your exercise: ${cleanMessage(broken.message)}`;
  }
  const max = checks.length > 0 ? sum(checks.map((c) => c.max)) : await maxPointsOf(id);
  return { id, points: error && checks.length === 0 ? 0 : sum(checks.map((c) => c.points)), max, checks, error };
}

/** The points an exercise is worth, read from its grader's test names (listed against the stubs, not run). */
async function maxPointsOf(id: string): Promise<number> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grade-list-")), "list.json");
  // `--json=FILE`, never `--json FILE`: vitest would take FILE as the output and overwrite it.
  await runVitest(["list", `--json=${out}`, path.join(GRADERS, `${id}.grader.ts`)], path.join(ROOT, "exercises"), 60, true);
  try {
    const listed = JSON.parse(fs.readFileSync(out, "utf8")) as Array<{ name: string }>;
    return sum(listed.map((t) => pointsOf(t.name)));
  } catch {
    return 0;
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

interface VitestJson {
  testResults: Array<{
    status: string;
    message: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

function runVitest(
  args: string[],
  targetDir: string,
  timeoutSeconds: number,
  listOnly = false,
): Promise<{ report?: VitestJson; output: string; timedOut: boolean }> {
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grade-")), "report.json");
  const reporter = listOnly ? [] : ["--reporter=json", `--outputFile=${outFile}`];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, ...args, "--config", CONFIG, ...reporter], {
      cwd: ROOT,
      env: { ...process.env, COURSE_TARGET: targetDir, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
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

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function cleanMessage(text: string): string {
  const lines = text
    .split("\n")
    .filter((l) => !/^\s+at /.test(l) && !l.includes("node_modules"))
    .map((l) => l.replace(/^(GradeFailure|AssertionError): /, ""));
  return lines.join("\n").trim().slice(0, 1500);
}

function lastLines(text: string, n = 8): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

/** A student's submission folder → the folder holding their NN-topic.ts files, staged beside lib/. */
function stageSubmission(dir: string, name: string): string {
  const source = fs.existsSync(path.join(dir, "exercises")) ? path.join(dir, "exercises") : dir;
  const stage = path.join(ROOT, ".grading", name.replace(/[^\w.-]/g, "_"));
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(path.join(stage, "exercises"), { recursive: true });
  for (const f of fs.readdirSync(source)) {
    if (f.endsWith(".ts")) fs.copyFileSync(path.join(source, f), path.join(stage, "exercises", f));
  }
  // Exercise files import "../lib": give the staged copy the kit's own library.
  fs.symlinkSync(path.join(ROOT, "lib"), path.join(stage, "lib"), "dir");
  return path.join(stage, "exercises");
}

function resolveTarget(target: string): string {
  if (target === "exercises" || target === "solutions") return path.join(ROOT, target);
  const dir = path.resolve(target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) usage(`--target ${target}: no such directory`);
  return stageSubmission(dir, path.basename(dir));
}

export function formatReport(report: GradeReport): string {
  const out: string[] = [];
  for (const ex of report.exercises) {
    out.push(`Exercise ${ex.id}: ${ex.points} / ${ex.max} points`);
    if (ex.error) out.push(`  ! ${ex.error.replace(/\n/g, "\n    ")}`);
    const width = Math.max(10, ...ex.checks.map((c) => c.title.length));
    for (const c of ex.checks) {
      out.push(`  ${c.passed ? "✓" : "✗"} ${c.title.padEnd(width)}  ${String(c.points).padStart(3)} / ${c.max}`);
      if (c.message) out.push("      " + c.message.replace(/\n/g, "\n      "));
    }
    out.push("");
  }
  out.push(`Total: ${report.points} / ${report.max} points`);
  return out.join("\n");
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.submissions) {
    const classDir = path.resolve(args.submissions);
    if (!fs.existsSync(classDir)) usage(`--submissions ${args.submissions}: no such directory`);
    const students = fs.readdirSync(classDir).filter((d) => fs.statSync(path.join(classDir, d)).isDirectory()).sort();
    const results: Array<{ name: string } & GradeReport> = [];
    for (const name of students) {
      const report = await grade(stageSubmission(path.join(classDir, name), name), { only: args.only, timeoutSeconds: args.timeoutSeconds });
      results.push({ name, ...report });
      console.log(`${name.padEnd(24)} ${report.points} / ${report.max}  (${report.exercises.map((e) => `${e.id}: ${e.points}/${e.max}`).join(", ")})`);
    }
    if (args.json) fs.writeFileSync(args.json, JSON.stringify({ students: results }, null, 2) + "\n");
    if (args.csv) {
      const ids = graderIds(args.only);
      const rows = [["student", ...ids, "points", "max"].join(",")];
      for (const r of results) rows.push([JSON.stringify(r.name), ...ids.map((id) => r.exercises.find((e) => e.id === id)?.points ?? 0), r.points, r.max].join(","));
      fs.writeFileSync(args.csv, rows.join("\n") + "\n");
    }
    fs.rmSync(path.join(ROOT, ".grading"), { recursive: true, force: true });
    return;
  }
  const report = await grade(resolveTarget(args.target), { only: args.only, timeoutSeconds: args.timeoutSeconds });
  fs.rmSync(path.join(ROOT, ".grading"), { recursive: true, force: true });
  if (!args.quiet) console.log(formatReport(report));
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(report, null, 2) + "\n");
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`grade: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  });
}
