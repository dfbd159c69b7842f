/**
 * The check cell: `await check("00")` grades exercise 00 and shows the result under the cell.
 *
 * It runs the same grader as `npm run grade -- --only 00` (student code in the sandbox, each
 * check with its own time limit), against the files in exercises/ as they are saved on disk right
 * now. Save your exercise file first.
 *
 * Shows a table (✓/✗, check, points, what went wrong with the seed and the line to replay it).
 * A low score is not an error: the cell still runs clean, so "Run all" goes on.
 */
import { showTable } from "../viz/display";
import { runGradeTool } from "./grade-tool";

export interface CheckedExercise {
  id: string;
  points: number;
  max: number;
  checks: Array<{ title: string; points: number; max: number; passed: boolean; message?: string }>;
  error?: string;
}

export async function check(exercise: string, { timeoutSeconds = 30 } = {}): Promise<void> {
  const text = await runGradeTool(`check("${exercise}")`, ["--only", exercise, "--json", "{out}", "--quiet", "--timeout", String(timeoutSeconds)], "grade.json");
  const report = JSON.parse(text.toString("utf8")) as { exercises: CheckedExercise[] };
  for (const result of report.exercises) showResult(result);
}

function showResult(result: CheckedExercise): void {
  const rows: Array<Array<string | number>> = result.checks.map((c) => [c.passed ? "✓" : "✗", c.title, `${c.points} / ${c.max}`, c.message ?? ""]);
  if (result.error) rows.unshift(["!", "grader", `0 / ${result.max}`, result.error]);
  showTable(["", "check", "points", "what went wrong"], rows, {
    title: `Exercise ${result.id}: ${result.points} / ${result.max} points`,
  });
}
