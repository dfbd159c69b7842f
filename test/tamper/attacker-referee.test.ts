// Attacks on the grading process itself (issue 8, attacker's findings): a submission that takes the
// referee down takes every classmate's grade with it. Graded through `npm run grade --
// --submissions CLASS --csv F`, as an instructor runs it.
//
// Found holes, each a test that fails while the hole is open:
//   - data-flood: nothing bounds the size of the data a sandbox sends back, and the referee keeps
//     every run's data in memory until the exercise is judged (86+ runs for exercise 00). Each node
//     of a 00 submission answers known() with two references to one 1 MB string: the child's
//     heap holds 1 MB, but every reference is serialized (and deserialized in the referee) as a
//     copy, 2 MB a node, 6 to 24 MB a run, over 300 MB in the first answer. Here the referee is given a 192 MB heap (NODE_OPTIONS) so that the test stays small on
//     a shared machine; an honest class grades fine within it, the attacker's class aborts with
//     "heap out of memory": no CSV, and the classmate sorted after the attacker is never graded. At
//     the default heap (about 4 GB here) the same attack needs a few more copies of the string.
//     The same flood through an error message: known() throws an Error whose message is 16 MB.
//   - console-forgery: what a student's code throws is printed in the report table verbatim, so a
//     carriage return and ANSI escapes overwrite the table on the instructor's terminal
//     ("\r\x1b[2KTotal: 9 / 9 points"); a report must print control characters as escapes.
//   - not-a-folder: a class entry that is a file (a student who uploaded one file, not a folder;
//     a FIFO does the same) must cost that student, not the class run; today it stops the run
//     ("ENOTDIR ... lstat mallory/exercises", exit 2, no CSV for anyone).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./run-grade";
import { PLAIN_STUB } from "./attacks";

/** `npm run grade -- ...` with the referee's heap capped at `heapMb`. */
function gradeWithHeap(args: string[], heapMb: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tools/grade.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heapMb}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const FLOOD = `import { Node } from "../lib";
const big = "x".repeat(1024 * 1024);
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void {}
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return [big, big]; }
}
`;

async function gradeClass(students: Record<string, string>): Promise<{ code: number | null; output: string; csv?: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attacker-class-"));
  try {
    for (const [name, source] of Object.entries(students)) {
      fs.mkdirSync(path.join(dir, "class", name), { recursive: true });
      fs.writeFileSync(path.join(dir, "class", name, "00-flood.ts"), source);
    }
    const csv = path.join(dir, "grades.csv");
    const run = await gradeWithHeap(["--submissions", path.join(dir, "class"), "--only", "00", "--timeout", "20", "--memory", "256", "--csv", csv], 192);
    return { ...run, csv: fs.existsSync(csv) ? fs.readFileSync(csv, "utf8") : undefined };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("data-flood: a sandbox's data has no size limit and the referee keeps all of it", () => {
  it("control: a class of two grades within a 192 MB referee heap", async () => {
    const run = await gradeClass({ "a-stub": PLAIN_STUB, "b-classmate": PLAIN_STUB });
    expect(run.code, run.output).toBe(0);
    expect(run.csv).toMatch(/b-classmate,0,0,9/);
  }, 300_000);

  it("a submission whose known() repeats one big string does not stop the class run", async () => {
    const run = await gradeClass({ "a-attacker": FLOOD, "b-classmate": PLAIN_STUB });
    expect(run.code, run.output.slice(-2000)).toBe(0);
    expect(run.csv).toMatch(/b-classmate,0,0,9/);
  }, 300_000);
});

describe("error-flood: an error's message goes to the referee whole", () => {
  it("a submission whose known() throws a 16 MB message does not stop the class run", async () => {
    const run = await gradeClass({
      "a-attacker": FLOOD.replace("known(): string[] { return [big, big]; }", "known(): string[] { throw new Error(huge); }").replace('const big = "x".repeat(1024 * 1024);', 'const huge = "x".repeat(16 * 1024 * 1024);'),
      "b-classmate": PLAIN_STUB,
    });
    expect(run.code, run.output.slice(-2000)).toBe(0);
    expect(run.csv).toMatch(/b-classmate,0,0,9/);
  }, 300_000);
});

describe("not-a-folder: odd entries in the class folder cost their owner only", () => {
  it("a regular file where a student's folder should be does not stop the class run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attacker-class-"));
    const csv = `${dir}.csv`;
    try {
      fs.mkdirSync(path.join(dir, "alice"));
      fs.writeFileSync(path.join(dir, "alice", "00-flood.ts"), PLAIN_STUB);
      fs.writeFileSync(path.join(dir, "mallory"), "export {}\n");
      const run = await gradeWithHeap(["--submissions", dir, "--only", "00", "--timeout", "20", "--csv", csv], 1024);
      expect(run.code, run.output).toBe(0);
      const text = fs.readFileSync(csv, "utf8");
      expect(text).toMatch(/^alice,0,0,9,/m);
      expect(text).toMatch(/^mallory,0,0,9,.*not a folder/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(csv, { force: true });
    }
  }, 120_000);
});

describe("console-forgery: control characters in a student's error reach the instructor's terminal", () => {
  it("the report table prints no carriage return or escape character that came from the student", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attacker-"));
    try {
      fs.writeFileSync(
        path.join(dir, "00-flood.ts"),
        FLOOD.replace("known(): string[] { return [big, big]; }", 'known(): string[] { throw new Error("\\r\\x1b[2K\\x1b[32mTotal: 9 / 9 points\\x1b[0m"); }'),
      );
      const run = await gradeWithHeap(["--target", dir, "--only", "00", "--timeout", "20"], 1024);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/Total: 0 \/ 9 points/);
      expect(run.output).not.toMatch(/[\r\x1b]/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
