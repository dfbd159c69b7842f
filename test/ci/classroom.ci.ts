// Where courses already grade, run for real (by .ci/run, not npm test: each needs a fresh clone,
// npm ci or whole grading runs):
//   - the Gradescope autograder built by tools/classroom/gradescope.ts, run_autograder against a
//     fake /autograder tree, for a solution, a stub and a file that does not compile;
//   - the GitHub Classroom workflow's grading command, in a fresh clone;
//   - the dev container's post-create step, in a fresh clone with a temporary HOME.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { KERNEL } from "../../tools/lib/jupyter";

const KIT = path.resolve(__dirname, "..", "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "classroom-ci-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const tsx = path.join(KIT, "node_modules", "tsx", "dist", "cli.mjs");
const gitShow = (file: string) => run("git", ["show", `HEAD:${file}`], { cwd: KIT });

describe("Gradescope autograder", () => {
  const built = path.join(work, "gradescope");

  test("builds from committed files, without solutions/ or the notebooks", async () => {
    const { code, output } = await run(process.execPath, [tsx, "tools/classroom/gradescope.ts", "build", built, "--only", "00"], { cwd: KIT });
    expect(code, output).toBe(0);
    for (const f of ["setup.sh", "run_autograder", "kit/tools/grade.ts", "kit/lib/index.ts", "kit/test/graders"]) expect(fs.existsSync(path.join(built, f)), f).toBe(true);
    for (const f of ["kit/solutions", "kit/notebooks", "kit/test/grading.test.ts"]) expect(fs.existsSync(path.join(built, f)), f).toBe(false);
    // Each submission graded on seeds drawn from a secret of its own (tools/grading/secret-seeds.ts).
    expect(fs.readFileSync(path.join(built, "run_autograder"), "utf8")).toMatch(/ --fresh-secret\n/);
    // what setup.sh's `npm ci` would install on Gradescope
    fs.symlinkSync(path.join(KIT, "node_modules"), path.join(built, "kit", "node_modules"), "dir");
  });

  const cases: Array<[string, () => Promise<string>, (r: { score: number; tests: Array<{ score: number; max_score: number; name: string; output: string }> }) => void]> = [
    ["the reference solution scores full marks", async () => (await gitShow("solutions/00-flood.ts")).output, (r) => {
      expect(r.tests.length).toBeGreaterThan(1);
      expect(r.score).toBe(r.tests.reduce((a, t) => a + t.max_score, 0));
    }],
    ["the stub scores zero out of the same maximum", async () => (await gitShow("exercises/00-flood.ts")).output, (r) => {
      expect(r.score).toBe(0);
      expect(r.tests.reduce((a, t) => a + t.max_score, 0)).toBeGreaterThan(0);
    }],
    ["a file that does not compile scores zero, and says why", async () => "export const broken = ;\n", (r) => {
      expect(r.score).toBe(0);
      expect(r.tests.reduce((a, t) => a + t.max_score, 0)).toBeGreaterThan(0);
      expect(r.tests.map((t) => t.output).join("\n")).toMatch(/Syntax|Expression expected|Unexpected|could not/i);
    }],
  ];
  for (const [title, source, verify] of cases) {
    test(title, async () => {
      const root = fs.mkdtempSync(path.join(work, "autograder-"));
      fs.mkdirSync(path.join(root, "submission"));
      fs.writeFileSync(path.join(root, "submission", "00-flood.ts"), await source());
      fs.symlinkSync(built, path.join(root, "source"), "dir");
      const { code, output } = await run("bash", [path.join(built, "run_autograder")], { cwd: root, env: { AUTOGRADER_ROOT: root } });
      expect(code, output).toBe(0);
      verify(JSON.parse(fs.readFileSync(path.join(root, "results", "results.json"), "utf8")));
    });
  }
});

describe("GitHub Classroom and the dev container, in a fresh clone", () => {
  const clone = path.join(work, "clone");
  const home = path.join(work, "home");

  test("the dev container's post-create installs the kit and registers the kernel for the user", async () => {
    expect((await run("git", ["clone", "--quiet", KIT, clone], { cwd: work })).code).toBe(0);
    fs.mkdirSync(home);
    const { code, output } = await run("bash", [".devcontainer/post-create.sh"], { cwd: clone, env: { HOME: home, XDG_DATA_HOME: "", JUPYTER_DATA_DIR: "" } });
    expect(code, output).toBe(0);
    const spec = JSON.parse(fs.readFileSync(path.join(home, ".local", "share", "jupyter", "kernels", KERNEL.name, "kernel.json"), "utf8"));
    expect(spec.argv[1]).toBe(path.join(clone, "tools", "kernel.mjs"));
    expect(fs.existsSync(path.join(clone, "node_modules", "tslab"))).toBe(true);
  });

  test("the workflow's grading step prints a result the reporter can read", async () => {
    const workflow = fs.readFileSync(path.join(clone, ".github", "workflows", "classroom.yml"), "utf8");
    expect(workflow).toContain('run: npm run --silent classroom:github >> "$GITHUB_OUTPUT"');
    expect(workflow).toContain("runners: course");
    fs.copyFileSync(path.join(clone, "solutions", "00-flood.ts"), path.join(clone, "exercises", "00-flood.ts"));
    const { code, output } = await run("npm", ["run", "--silent", "classroom:github"], { cwd: clone });
    expect(code, output).toBe(0);
    const line = output.split("\n").find((l) => l.startsWith("result="));
    expect(line, output).toBeDefined();
    const result = JSON.parse(Buffer.from(line!.slice("result=".length), "base64").toString("utf8"));
    expect(result.version).toBe(1);
    expect(result.max_score).toBeGreaterThan(0);
    const flood = result.tests.filter((t: { name: string }) => t.name.startsWith("00-"));
    expect(flood.length).toBeGreaterThan(0);
    expect(flood.every((t: { status: string }) => t.status === "pass")).toBe(true);
    expect(result.tests.some((t: { status: string }) => t.status !== "pass")).toBe(true);
  });
});
