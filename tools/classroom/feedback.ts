/**
 * Feedback pages: one self-contained HTML page per student from a class grade report.
 *
 *   npm run grade -- --submissions CLASS --json grades.json --feedback DIR   # (tools/grade.ts)
 *   tsx tools/classroom/feedback.ts grades.json DIR
 *
 * DIR/<student>.html shows that student's total, each exercise, each check (✓/✗, points, the
 * message with its seed and replay line) and nothing of any other student: every page is built
 * from one student's record alone. No scripts, no external files; text is HTML-escaped.
 * Student names become file names with anything but letters, digits, "-", "_" and "." replaced.
 */
import fs from "node:fs";
import path from "node:path";
import { escapeHtml } from "../../lib/viz/display";
import type { GradeReport } from "../grading/report";
import { parseCli, runMain, UsageError } from "../lib/cli";
import type { ClassReport } from "./report";
import { readReport } from "./report";

export function feedbackFileName(student: string): string {
  const safe = student.replace(/[^\w.-]/g, "_").replace(/^\.+/, "_");
  return `${safe || "_"}.html`;
}

export function feedbackPage(name: string, report: GradeReport): string {
  const e = escapeHtml;
  const sections = report.exercises.map((ex) => {
    const rows = ex.checks
      .map((c) => `<tr class="${c.passed ? "pass" : "fail"}"><td>${c.passed ? "✓" : "✗"}</td><td>${e(c.title)}</td><td>${c.points}&nbsp;/&nbsp;${c.max}</td><td><pre>${e(c.message ?? "")}</pre></td></tr>`)
      .join("\n");
    const error = ex.error ? `<p class="error">${e(ex.error)}</p>` : "";
    return `<section><h2>Exercise ${e(ex.id)}: ${ex.points} / ${ex.max}</h2>${error}<table><tr><th></th><th>check</th><th>points</th><th>what went wrong</th></tr>${rows}</table></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feedback for ${e(name)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.pass td:first-child{color:#1a7f37}tr.fail td:first-child{color:#cf222e}pre{white-space:pre-wrap;margin:0;font-size:13px}
.error{color:#cf222e}</style></head>
<body><h1>Feedback for ${e(name)}</h1><p>Total: <strong>${report.points} / ${report.max}</strong> points.
Replay a failing seed in the chapter's notebook with the line given under the check.</p>
${sections.join("\n")}
</body></html>
`;
}

/** Writes one page per student; returns the files written. */
export function writeFeedback(report: ClassReport, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  return report.students.map((s) => {
    let file = feedbackFileName(s.name);
    for (let n = 2; seen.has(file); n++) file = feedbackFileName(`${s.name}-${n}`);
    seen.add(file);
    const target = path.join(dir, file);
    fs.writeFileSync(target, feedbackPage(s.name, s));
    return target;
  });
}

const USAGE = "usage: tsx tools/classroom/feedback.ts grades.json DIR";

if (require.main === module) {
  runMain(async () => {
    const { positionals } = parseCli(USAGE, {});
    if (positionals.length !== 2) throw new UsageError(`expected a grades file and a directory, got ${positionals.length} argument(s)`, USAGE);
    const [json, dir] = positionals;
    console.log(`feedback: ${writeFeedback(readReport<ClassReport>(json), dir).length} pages in ${path.resolve(dir)}`);
    return 0;
  });
}
