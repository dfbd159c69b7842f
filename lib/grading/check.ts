/**
 * The check cell: `await check("00")` grades exercise 00 and shows the result under the cell.
 *
 * It runs the same grader as `npm run grade -- --only 00`, in a child process (so a student's
 * infinite loop cannot freeze the notebook: the grader stops after `timeoutSeconds`), against the
 * files in exercises/ as they are saved on disk right now. Save your exercise file first.
 *
 * Shows a table (✓/✗, check, points, what went wrong with the seed to replay). A low score is not
 * an error: the cell still runs clean, so "Run all" goes on.
 */
import { spawn } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { showTable } from "../viz/display";

export interface CheckedExercise {
  id: string;
  points: number;
  max: number;
  checks: Array<{ title: string; points: number; max: number; passed: boolean; message?: string }>;
  error?: string;
}

export async function check(exercise: string, { timeoutSeconds = 120 } = {}): Promise<void> {
  const root = process.cwd();
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const tool = path.join(root, "tools", "grade.ts");
  if (!fs.existsSync(tool) || !fs.existsSync(tsx)) {
    throw new Error(`check("${exercise}"): cannot find tools/grade.ts and tsx under ${root}. Start Jupyter with "npm start" from the course folder.`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-"));
  const out = path.join(dir, "grade.json");
  const args = [tsx, tool, "--only", exercise, "--json", out, "--quiet", "--timeout", String(timeoutSeconds)];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    child.on("close", (c) => resolve({ code: c, output: text }));
  });
  if (code !== 0 || !fs.existsSync(out)) {
    throw new Error(`check("${exercise}") could not run the grader (exit ${code}):\n${output.trim()}`);
  }
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as { exercises: CheckedExercise[] };
  fs.rmSync(dir, { recursive: true, force: true });
  for (const result of report.exercises) showResult(result);
}

function showResult(result: CheckedExercise): void {
  const rows: Array<Array<string | number>> = result.checks.map((c) => [
    c.passed ? "✓" : "✗",
    c.title,
    `${c.points} / ${c.max}`,
    c.message ?? "",
  ]);
  if (result.error) rows.unshift(["!", "grader", `0 / ${result.max}`, result.error]);
  showTable(["", "check", "points", "what went wrong"], rows, {
    title: `Exercise ${result.id}: ${result.points} / ${result.max} points`,
  });
}
