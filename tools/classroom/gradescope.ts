/**
 * Gradescope: build an autograder for the course, and turn a grade report into Gradescope's results.
 *
 *   npm run grade -- --gradescope DIR [--only NN]   # (tools/grade.ts calls buildAutograder)
 *   tsx tools/classroom/gradescope.ts build DIR [--only NN] [--public-seeds]
 *   tsx tools/classroom/gradescope.ts run [--root /autograder] [--fresh-secret | --seed-secret S]   # what run_autograder does
 *
 * DIR becomes what Gradescope wants zipped (`cd DIR && zip -r ../autograder.zip .`):
 *   setup.sh         runs once when Gradescope builds the image: installs Node.js 20 from NodeSource
 *                    and the kit's npm packages (`npm ci`) in /autograder/source/kit
 *   run_autograder   runs per submission: grades /autograder/submission with the kit's referee
 *                    and writes /autograder/results/results.json. Unless built with public
 *                    seeds, each submission is graded on seeds drawn from a secret of its own
 *                    (tools/grading/secret-seeds.ts), printed to the run's stdout, which students
 *                    do not see: no submission can know its runs, and a resubmission cannot reuse
 *                    the seeds an earlier failure named (an instructor's --seed-secret fixes one
 *                    secret for every submission instead)
 *   kit/             the course kit as committed (git HEAD), without solutions/, the notebooks
 *                    and the kit's tests of itself: lib/, tools/ and test/graders/ grade
 *
 * A submission is the student's NN-topic.ts files, or a folder holding them (exercises/ or any
 * one folder); anything else is ignored. results.json has one test per graded check
 * ("NN check title", score, max_score, output, visibility "visible"), plus one per exercise that
 * could not load (score 0 of the exercise's maximum, the error as output), and `score`, the total.
 * `--root` (or AUTOGRADER_ROOT) points at a fake /autograder tree for testing.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { GradeReport } from "../grading/report";
import { newSecret } from "../grading/secret-seeds";
import { gradeFolder } from "./grade-once";

const KIT = path.resolve(__dirname, "..", "..");

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  output: string;
  visibility: "visible";
}
export interface GradescopeResults {
  score: number;
  output: string;
  visibility: "visible";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

/** Gradescope's results.json for one student's grade report. */
export function gradescopeResults(report: GradeReport): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const ex of report.exercises) {
    if (ex.error && ex.checks.length === 0) {
      tests.push({ name: `${ex.id}: could not be graded`, score: 0, max_score: ex.max, output: ex.error, visibility: "visible" });
      continue;
    }
    for (const c of ex.checks) {
      tests.push({ name: `${ex.id}: ${c.title}`, score: c.points, max_score: c.max, output: c.message ?? (c.passed ? "passed" : "failed"), visibility: "visible" });
    }
    if (ex.error) tests.push({ name: `${ex.id}: grader stopped early`, score: 0, max_score: 0, output: ex.error, visibility: "visible" });
  }
  const lines = report.exercises.map((e) => `Exercise ${e.id}: ${e.points} / ${e.max}`);
  return { score: report.points, output: `${lines.join("\n")}\nTotal: ${report.points} / ${report.max}`, visibility: "visible", stdout_visibility: "hidden", tests };
}

/** What an autograder never ships: the answers, and parts of the kit grading does not use. */
const WITHHELD = ["solutions", "notebooks", ".ci", ".github", ".devcontainer", "deploy"];

/** Builds the autograder in `dir` from the kit's committed files (git HEAD: never uncommitted edits). */
/** The seeds an autograder grades on: the kit's, a new secret's for each submission, or one secret's for all. */
export type AutograderSeeds = { kind: "public" } | { kind: "fresh" } | { kind: "fixed"; secret: string };

export function buildAutograder(dir: string, options: { only?: string; seeds: AutograderSeeds }): void {
  const out = path.resolve(dir);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new Error(`${dir} is not empty; give a new or empty folder`);
  const kit = path.join(out, "kit");
  fs.mkdirSync(kit, { recursive: true });
  const archive = spawnSync("git", ["archive", "--format=tar", "HEAD"], { cwd: KIT, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive HEAD failed in ${KIT}: ${archive.stderr}. Build the autograder from the instructor's git repository.`);
  const untar = spawnSync("tar", ["-x", "-C", kit], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar -x failed: ${untar.stderr}`);
  for (const w of WITHHELD) fs.rmSync(path.join(kit, w), { recursive: true, force: true });
  for (const f of fs.readdirSync(path.join(kit, "test"))) {
    if (f !== "graders") fs.rmSync(path.join(kit, "test", f), { recursive: true, force: true });
  }
  const only = options.only ? ` --only ${options.only}` : "";
  // A fixed secret goes into the script single-quoted: whatever it holds, the shell passes it as is.
  const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const seeds = options.seeds.kind === "fresh" ? " --fresh-secret" : options.seeds.kind === "fixed" ? ` --seed-secret ${quoted(options.seeds.secret)}` : "";
  fs.writeFileSync(
    path.join(out, "setup.sh"),
    [
      "#!/usr/bin/env bash",
      "# Gradescope runs this once while building the autograder image (Ubuntu).",
      "set -euo pipefail",
      "apt-get update && apt-get install -y ca-certificates curl gnupg",
      "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
      "apt-get install -y nodejs",
      "cd /autograder/source/kit && npm ci --no-audit --no-fund",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(out, "run_autograder"),
    [
      "#!/usr/bin/env bash",
      "# Gradescope runs this for every submission; AUTOGRADER_ROOT replaces /autograder in tests.",
      "set -euo pipefail",
      'ROOT="${AUTOGRADER_ROOT:-/autograder}"',
      'cd "$ROOT/source/kit"',
      `exec node node_modules/tsx/dist/cli.mjs tools/classroom/gradescope.ts run --root "$ROOT"${only}${seeds}`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
}

/** The folder of a submission that holds NN-topic.ts files (the submission itself, or one folder below). */
export function exerciseFolder(submission: string): string {
  const holds = (dir: string) => fs.readdirSync(dir).some((f) => /^\d\d-.*\.ts$/.test(f));
  if (holds(submission)) return submission;
  for (const entry of fs.readdirSync(submission, { withFileTypes: true })) {
    if (entry.isDirectory() && holds(path.join(submission, entry.name))) return path.join(submission, entry.name);
  }
  return submission;
}

async function run(root: string, only: string | undefined, seedSecret: string | undefined): Promise<void> {
  if (seedSecret !== undefined) console.log(`graded on seeds drawn from secret ${seedSecret}`); // stdout: hidden from students
  const resultsDir = path.join(root, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  let results: GradescopeResults;
  try {
    results = gradescopeResults(await gradeFolder(exerciseFolder(path.join(root, "submission")), { only, seedSecret }));
  } catch (error) {
    results = { score: 0, output: `The grader could not run: ${error instanceof Error ? error.message : error}`, visibility: "visible", stdout_visibility: "hidden", tests: [] };
  }
  fs.writeFileSync(path.join(resultsDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
}

if (require.main === module) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      root: { type: "string" },
      only: { type: "string" },
      "seed-secret": { type: "string" },
      "fresh-secret": { type: "boolean", default: false },
      "public-seeds": { type: "boolean", default: false },
    },
  });
  const [command, dir] = positionals;
  const main =
    command === "run"
      ? run(path.resolve(values.root ?? process.env.AUTOGRADER_ROOT ?? "/autograder"), values.only, values["fresh-secret"] ? newSecret() : values["seed-secret"])
      : command === "build" && dir
        ? Promise.resolve().then(() => buildAutograder(dir, { only: values.only, seeds: values["public-seeds"] ? { kind: "public" } : { kind: "fresh" } }))
        : Promise.reject(new Error("usage: gradescope.ts build DIR [--only NN] [--public-seeds] | gradescope.ts run [--root /autograder] [--only NN] [--fresh-secret | --seed-secret S]"));
  main.catch((error) => {
    console.error(`gradescope: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  });
}
