// test/release.test.ts: the student edition (tools/release.ts) ships what git HEAD holds minus the
// withheld paths, no test in it needs solutions/, its README speaks to students, and its graders
// run; uncommitted edits and files with solution markers never ship (on a scratch repository).
// Needs git and a checkout: the edition itself leaves this file out. Child processes run
// asynchronously (the worker never blocks).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/lib/jupyter";
import { buildRelease, WITHHELD } from "../tools/release";

const run = promisify(execFile);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "release-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const withheld = (f: string) => WITHHELD.some((w) => (w.endsWith("/") ? f.startsWith(w) : f === w));

describe("the student edition of this kit", () => {
  const dir = path.join(scratch, "kit");
  let built: Promise<Awaited<ReturnType<typeof buildRelease>>> | undefined;
  const edition = () => (built ??= buildRelease(dir));

  it("holds exactly the files of git HEAD that are not withheld", async () => {
    const { files } = await edition();
    const head = (await run("git", ["ls-tree", "-r", "--name-only", "-z", "HEAD"], { cwd: REPO_ROOT })).stdout.split("\0").filter(Boolean);
    expect(files).toEqual(head.filter((f) => !withheld(f)).sort());
    for (const f of ["README.md", "COURSE.md", "package.json", "package-lock.json", "lib/index.ts", "notebooks/00-tour.ipynb", "exercises/00-flood.ts", "test/graders/00-flood.grader.ts"]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith("solutions/") || f.startsWith("test/mutants/") || f.startsWith(".ci/"))).toEqual([]);
  });

  it("keeps no test that mentions solutions", async () => {
    const { files } = await edition();
    const tests = files.filter((f) => f.startsWith("test/") && f.endsWith(".ts"));
    expect(tests.length).toBeGreaterThan(5);
    expect(tests.filter((f) => /solutions/i.test(fs.readFileSync(path.join(dir, f), "utf8")))).toEqual([]);
  });

  it("has a README for students: no solutions/, no CI, no instructor grading", async () => {
    await edition();
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    for (const word of ["solutions", ".ci/run", "--submissions", "npm run release", "kit only"]) expect(readme, word).not.toContain(word);
    for (const word of ["npm start", "npm test", "npm run grade", "COURSE.md", "JUPYTER_PATH"]) expect(readme, word).toContain(word);
  });

  it("grades with its own graders: the stubs score 0 of the points", async () => {
    await edition();
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const out = path.join(scratch, "grade.json");
    await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tools/grade.ts", "--only", "00", "--json", out, "--quiet"], { cwd: dir });
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(report.points).toBe(0);
    expect(report.max).toBeGreaterThan(0);
  }, 600_000);

  it("has no npm script that runs a withheld file", async () => {
    await edition();
    const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).scripts;
    expect(Object.keys(scripts)).toContain("grade");
    expect(Object.entries(scripts).filter(([, cmd]) => WITHHELD.some((w) => cmd.includes(w)))).toEqual([]);
  });

  it("is refused in a folder that is not empty", async () => {
    await edition();
    await expect(buildRelease(dir)).rejects.toThrow(/not empty/);
  });
});

describe("a release from a scratch repository", () => {
  const repo = path.join(scratch, "repo");
  const write = (f: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.writeFileSync(path.join(repo, f), text);
  };
  const git = (...args: string[]) => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: repo });

  it("ships the committed files, not the edits on disk, and names what it left behind", async () => {
    write("README.md", "# Kit\n<!-- kit only -->\ninstructors: solutions/ and .ci/run\n<!-- /kit only -->\nRun `npm test`.\n");
    write("exercises/01-x.ts", "export const answer = undefined; // stub\n");
    write("solutions/01-x.ts", "export const answer = 42;\n");
    await git("init", "-q");
    await git("add", ".");
    await git("commit", "-qm", "kit");
    write("exercises/01-x.ts", "export const answer = 42; // an instructor tried it\n");
    write("notes.txt", "untracked\n");
    const { files, uncommitted } = await buildRelease(path.join(scratch, "ed1"), repo);
    expect(files).toEqual(["README.md", "exercises/01-x.ts"]);
    expect(fs.readFileSync(path.join(scratch, "ed1/exercises/01-x.ts"), "utf8")).toContain("// stub");
    expect(fs.readFileSync(path.join(scratch, "ed1/README.md"), "utf8")).toBe("# Kit\nRun `npm test`.\n");
    expect(uncommitted.sort()).toEqual(["exercises/01-x.ts", "notes.txt"]);
  });

  it("is refused, leaving nothing behind, when a shipped file carries a solution marker", async () => {
    write("exercises/02-y.ts", "export function f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\n");
    await git("add", "exercises/02-y.ts");
    await git("commit", "-qm", "one source with markers");
    await expect(buildRelease(path.join(scratch, "ed2"), repo)).rejects.toThrow(/solution markers[\s\S]*exercises\/02-y\.ts/);
    expect(fs.existsSync(path.join(scratch, "ed2"))).toBe(false);
  });

  it("is refused outside a git checkout", async () => {
    const plain = path.join(scratch, "plain");
    fs.mkdirSync(plain);
    await expect(buildRelease(path.join(scratch, "ed3"), plain)).rejects.toThrow(/not a git checkout/);
  });
});
