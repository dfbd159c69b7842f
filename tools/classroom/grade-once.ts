/**
 * Runs the kit's referee (tools/grade.ts) on one folder of exercise files in a child process and
 * returns its JSON report, or the grader's own output when it could not write one.
 *
 *   const { report, output } = await gradeFolder("/autograder/submission", { only: "00" });
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { StudentReport } from "./report";
import { readReport } from "./report";

const KIT = path.resolve(__dirname, "..", "..");

export async function gradeFolder(folder: string, options: { only?: string } = {}): Promise<{ report?: StudentReport; output: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grade-once-"));
  const json = path.join(tmp, "report.json");
  const args = [path.join(KIT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(KIT, "tools", "grade.ts"), "--target", folder, "--json", json];
  if (options.only) args.push("--only", options.only);
  try {
    const output = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: KIT, stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("close", () => resolve(text));
    });
    return { report: fs.existsSync(json) ? readReport<StudentReport>(json) : undefined, output };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
