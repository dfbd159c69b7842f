// test/exercises-source.test.ts: every exercise is written once (solutions/NN-topic.ts, the answer
// between markers) and exercises/ is generated from it (tools/exercises.ts).
//
//   - the committed stubs are what the generator makes from the committed sources: git HEAD on
//     both sides, never the working files, so this passes while a student edits exercises/;
//   - no view of a source carries a marker the release tool would refuse (SOLUTION_MARKER);
//   - the marker parser (tools/lib/exercise-source.ts) rejects each broken source with an error
//     naming the file and the line, and its two views are exact;
//   - the generator refuses to overwrite a stub that holds someone's work, unless forced (on a
//     scratch repository).
// Needs solutions/ and git: the student edition leaves this file out (tools/release.ts).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { stubStates, writeStubs } from "../tools/exercises";
import { exerciseView, firstDifference, parseExerciseSource, solutionView } from "../tools/lib/exercise-source";
import { headFiles } from "../tools/lib/git";
import { REPO_ROOT } from "../tools/lib/jupyter";
import { SOLUTION_MARKER } from "../tools/release";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "exercises-source-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("the committed exercises", () => {
  const committed = Promise.all([headFiles(REPO_ROOT, "solutions"), headFiles(REPO_ROOT, "exercises")]);

  it("are the exercise views of the committed sources, one stub per source", async () => {
    const [sources, stubs] = await committed;
    const name = (f: string) => path.basename(f);
    expect(sources.size).toBeGreaterThan(0);
    expect([...stubs.keys()].map(name).sort(), "exercises/ and solutions/ hold the same exercises").toEqual([...sources.keys()].map(name).sort());
    for (const [file, text] of sources) {
      const stub = `exercises/${name(file)}`;
      const d = firstDifference(exerciseView(text, file), stubs.get(stub)!);
      expect(d, `${stub} is not what ${file} makes (run npm run exercises and commit): first difference at line ${d?.line}`).toBeUndefined();
    }
  });

  it("have answers to leave out, and no view carries a solution marker", async () => {
    const [sources] = await committed;
    for (const [file, text] of sources) {
      expect(parseExerciseSource(text, file).some((l) => l.part === "solution"), `${file} has no BEGIN SOLUTION`).toBe(true);
      expect(SOLUTION_MARKER.test(text), `${file}: the release tool recognises its markers`).toBe(true);
      expect(SOLUTION_MARKER.test(exerciseView(text, file)), `the exercise view of ${file}`).toBe(false);
      expect(SOLUTION_MARKER.test(solutionView(text, file)), `the solution view of ${file}`).toBe(false);
      expect(exerciseView(text, file), `the exercise view of ${file} keeps its docstring`).toMatch(/^\/\*\*\n \* Exercise \d\d/);
    }
  });
});

describe("an exercise source's two views", () => {
  const source = [
    "/** The task. */",
    "// BEGIN SOLUTION",
    'import { helper } from "../lib";',
    "// END SOLUTION",
    "/* STUB",
    'import { notImplemented } from "../lib";',
    "*/",
    "",
    "export class Thing {",
    "  // BEGIN SOLUTION",
    "  private count = 0;",
    "  // END SOLUTION",
    "",
    "  next(): number {",
    "    // BEGIN SOLUTION",
    "    return ++this.count;",
    "    // END SOLUTION",
    "    /* STUB",
    '    notImplemented("42", "Thing.next()");',
    "    */",
    "  }",
    "  // BEGIN SOLUTION",
    "",
    "  private reset(): void {",
    "    this.count = helper();",
    "  }",
    "  // END SOLUTION",
    "}",
    "",
  ].join("\n");

  it("solution view: the markers and STUB blocks left out, every other line as written", () => {
    expect(solutionView(source)).toBe([
      "/** The task. */", 'import { helper } from "../lib";', "", "export class Thing {", "  private count = 0;", "",
      "  next(): number {", "    return ++this.count;", "  }", "", "  private reset(): void {", "    this.count = helper();", "  }", "}", "",
    ].join("\n"));
  });

  it("exercise view: the answers left out, the stubs in their place, no blank line left dangling", () => {
    expect(exerciseView(source)).toBe([
      "/** The task. */", 'import { notImplemented } from "../lib";', "", "export class Thing {",
      "  next(): number {", '    notImplemented("42", "Thing.next()");', "  }", "}", "",
    ].join("\n"));
  });
});

describe("a broken exercise source is refused with its file and line", () => {
  const parse = (lines: string[]) => () => parseExerciseSource(lines.join("\n"), "solutions/42-x.ts");
  it.each([
    ["a BEGIN never closed", ["const a = 1;", "// BEGIN SOLUTION", "const b = 2;"], /^solutions\/42-x\.ts:2: BEGIN SOLUTION is never closed/],
    ["an END without BEGIN", ["const a = 1;", "// END SOLUTION"], /^solutions\/42-x\.ts:2: END SOLUTION without a BEGIN SOLUTION/],
    ["nested markers", ["// BEGIN SOLUTION", "const a = 1;", "  // BEGIN SOLUTION", "// END SOLUTION"], /^solutions\/42-x\.ts:3: BEGIN SOLUTION inside the solution opened at line 1/],
    ["a marker inside a string", ["// BEGIN SOLUTION", 'const a = "// END SOLUTION";', "// END SOLUTION"], /^solutions\/42-x\.ts:2: a marker inside a string/],
    ["a marker line inside a template literal", ["const a = `", "// BEGIN SOLUTION", "`;"], /^solutions\/42-x\.ts:2: a marker inside a string or template literal/],
    ["a marker after code", ["const a = 1; // BEGIN SOLUTION"], /^solutions\/42-x\.ts:1: "const a = 1; \/\/ BEGIN SOLUTION" is not a marker line/],
    ["a STUB block inside a solution", ["// BEGIN SOLUTION", "/* STUB", "*/", "// END SOLUTION"], /^solutions\/42-x\.ts:2: a STUB block inside the solution opened at line 1/],
    ["a marker inside a STUB block", ["/* STUB", "// END SOLUTION", "*/"], /^solutions\/42-x\.ts:2: "\/\/ END SOLUTION" inside the STUB block opened at line 1/],
    ["a STUB block never closed", ["const a = 1;", "/* STUB", "x();"], /^solutions\/42-x\.ts:2: the STUB block is never closed/],
    ["a comment ending inside a STUB block", ["/* STUB", "x(); /* why */", "*/"], /^solutions\/42-x\.ts:2: "\*\/" inside the STUB block opened at line 1 would end the comment early/],
  ])("%s", (_what, lines, message) => {
    expect(parse(lines)).toThrow(message);
  });
});

describe("npm run exercises on a scratch kit", () => {
  const kit = path.join(scratch, "kit");
  const write = (f: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(kit, f)), { recursive: true });
    fs.writeFileSync(path.join(kit, f), text);
  };
  const read = (f: string) => fs.readFileSync(path.join(kit, f), "utf8");
  const git = (...args: string[]) => promisify(execFile)("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: kit });
  const v1 = "export function f(): number {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n  /* STUB\n  return 0;\n  */\n}\n";
  const v2 = v1.replace("f()", "g()");

  it("writes stale stubs, refuses to overwrite one holding someone's work, and overwrites it with force", async () => {
    write("solutions/01-a.ts", v1);
    write("solutions/02-b.ts", v1);
    expect(await writeStubs(kit, true)).toEqual(["exercises/01-a.ts", "exercises/02-b.ts"]);
    expect(read("exercises/01-a.ts")).toBe("export function f(): number {\n  return 0;\n}\n");
    await git("init", "-q");
    await git("add", ".");
    await git("commit", "-qm", "kit");

    write("exercises/01-a.ts", "export function f(): number {\n  return 1; // a student's answer\n}\n");
    write("solutions/01-a.ts", v2);
    write("solutions/02-b.ts", v2);
    expect(stubStates(kit).map((s) => s.wanted === s.onDisk)).toEqual([false, false]);
    await expect(writeStubs(kit)).rejects.toThrow(/hold someone's work[\s\S]*\(nothing was written\):\n {2}exercises\/01-a\.ts$/);
    expect(read("exercises/02-b.ts"), "nothing written when one is refused").toContain("f()");
    expect(read("exercises/01-a.ts")).toContain("a student's answer");

    expect(await writeStubs(kit, true)).toEqual(["exercises/01-a.ts", "exercises/02-b.ts"]);
    expect(read("exercises/01-a.ts")).toBe("export function g(): number {\n  return 0;\n}\n");
    expect(await writeStubs(kit), "in sync: nothing to write").toEqual([]);
  });
});
