/**
 * Runs the course's grader (tools/grade.ts, under tsx) from a notebook, in a child process, so that
 * a student's infinite loop cannot freeze the kernel; `check()` and `replay()` both go through it.
 *
 *   const file = await runGradeTool("check(\"00\")", ["--only", "00", "--json", "{out}"], "grade.json");
 *   // `{out}` is replaced by a path in a fresh temporary folder; returns that file's bytes
 */
import { spawn } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";

export async function runGradeTool(caller: string, args: string[], outName: string): Promise<Buffer> {
  const root = process.cwd();
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const tool = path.join(root, "tools", "grade.ts");
  if (!fs.existsSync(tool) || !fs.existsSync(tsx)) {
    throw new Error(`${caller}: cannot find tools/grade.ts and tsx under ${root}. Start Jupyter with "npm start" from the course folder.`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grade-tool-"));
  const out = path.join(dir, outName);
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [tsx, tool, ...args.map((a) => a.replace("{out}", out))], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("close", (c) => resolve({ code: c, output: text }));
    });
    if (code !== 0 || !fs.existsSync(out)) throw new Error(`${caller} could not run the grader (exit ${code}):\n${output.trim()}`);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
