/**
 * Grade reports: their shape (what other tools read), the console table, the class CSV and
 * atomic file writes.
 *
 * JSON, one student: {"exercises":[{"id","points","max","checks":[{"title","points","max","passed",
 * "message","status","seed"}],"error"}],"points","max"}; a class: {"students":[{"name", ...}],
 * "points","max"}. `status` is "passed", "failed", "timeout", "memory", "crash" or
 * "nondeterministic".
 *
 * CSV (RFC 4180, CRLF line ends): student, one column per exercise, points, max, problems (the
 * checks that timed out, ran out of memory, crashed or were nondeterministic, and refused files).
 */
import fs from "node:fs";
import path from "node:path";

export interface CheckResult {
  title: string;
  points: number;
  max: number;
  passed: boolean;
  message?: string;
  status?: "passed" | "failed" | "timeout" | "memory" | "crash" | "nondeterministic";
  /** The seed the check failed on. */
  seed?: number;
}
export interface ExerciseResult {
  id: string;
  points: number;
  max: number;
  checks: CheckResult[];
  /** Set when the exercise could not be graded at all (no file, does not compile or load). */
  error?: string;
}
export interface GradeReport {
  exercises: ExerciseResult[];
  points: number;
  max: number;
}
export type StudentReport = { name: string } & GradeReport;

export function total(exercises: ExerciseResult[]): GradeReport {
  return { exercises, points: exercises.reduce((a, e) => a + e.points, 0), max: exercises.reduce((a, e) => a + e.max, 0) };
}

/**
 * `text` safe for a terminal: control characters other than a tab and a line feed (a carriage
 * return, ANSI escapes, which a student's message could use to overwrite the table) as \u escapes.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function formatReport(report: GradeReport): string {
  return printable(formatTable(report));
}

function formatTable(report: GradeReport): string {
  const out: string[] = [];
  for (const ex of report.exercises) {
    out.push(`Exercise ${ex.id}: ${ex.points} / ${ex.max} points`);
    if (ex.error) out.push(`  ! ${ex.error.replace(/\n/g, "\n    ")}`);
    const width = Math.max(10, ...ex.checks.map((c) => c.title.length));
    for (const c of ex.checks) {
      out.push(`  ${c.passed ? "✓" : "✗"} ${c.title.padEnd(width)}  ${String(c.points).padStart(3)} / ${c.max}`);
      if (c.message && !(ex.error && c.message === ex.error)) out.push("      " + c.message.replace(/\n/g, "\n      "));
    }
    out.push("");
  }
  out.push(`Total: ${report.points} / ${report.max} points`);
  return out.join("\n");
}

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. A text that
 * a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR: a student's folder
 * name such as "=HYPERLINK(...)") gets a leading apostrophe, so it shows as text. Numbers stay as they are.
 */
export function csvField(value: string | number): string {
  const s = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRows(rows: Array<Array<string | number>>): string {
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

/** What went wrong beyond a failed check, per student, for the CSV's last column. */
export function problems(report: GradeReport): string {
  const out: string[] = [];
  for (const ex of report.exercises) {
    if (ex.error) out.push(`${ex.id}: ${ex.error.split("\n")[0]}`);
    for (const c of ex.checks) if (c.status && c.status !== "passed" && c.status !== "failed") out.push(`${ex.id}: ${c.status} (${c.title})`);
  }
  return out.join("; ");
}

export function classCsv(ids: string[], students: StudentReport[]): string {
  const rows: Array<Array<string | number>> = [["student", ...ids, "points", "max", "problems"]];
  for (const s of students) rows.push([s.name, ...ids.map((id) => s.exercises.find((e) => e.id === id)?.points ?? 0), s.points, s.max, problems(s)]);
  return csvRows(rows);
}

/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
export function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
