/**
 * npm run grade: grade exercises with the graders in test/graders/, student code sandboxed.
 *
 *   npm run grade                                   # the student's exercises/, a table per exercise
 *   npm run grade -- --only 03                      # one exercise (id prefix)
 *   npm run grade -- --target solutions --json out.json
 *   npm run grade -- --target path/to/alice/exercises
 *   npm run grade -- --submissions CLASS --jobs 2 --json grades.json --csv grades.csv
 *   npm run grade -- --replay 04:safety:7 [--schedule '{"faults":[]}'] --out run.v8   # for replay()
 *   npm run grade -- --submissions CLASS --json grades.json --feedback DIR   # one HTML page per student
 *   npm run grade -- --gradescope DIR [--only NN]   # a Gradescope autograder (tools/classroom/gradescope.ts)
 *
 * Options: --timeout S (per check, default 30), --exercise-timeout S (per exercise, every check,
 * shrink and re-run together, default 120), --memory MB (per sandbox, default 512). The data
 * a run returns is capped (8 MB a run, 32 MB a check's runs together; DEFAULT_LIMITS in
 * tools/grading/referee.ts): more fails that check, "this run returned N MB of data, limit M MB".
 * Each sandbox may use 600 s of CPU time in all; the kernel kills it past that, even if this
 * process was killed first, so no student's loop outlives the grading.
 *
 * Student code runs only in the sandbox (tools/grading/sandbox.ts); this process loads graders
 * and scenarios (kit code) and judges the plain data that comes back (tools/grading/referee.ts).
 * A target is "exercises", "solutions" or a folder of NN-topic.ts files. With --submissions, each
 * subfolder of CLASS is one student: the exercise files, or a copy of the kit with exercises/
 * inside. Symbolic links are refused. Each student's files are read once into memory and graded
 * in fresh sandboxes that can read no file but their prelude (tools/grading/sandbox-prelude.cjs);
 * the kit's files are fingerprinted before and after each student, and a change stops the run
 * with no grade file written. Grade files are written by this process alone, atomically, after
 * every sandbox has exited.
 *
 * Seeds: `--submissions` grades on seeds drawn from a new secret, printed (and kept in the class
 * JSON as `seedSecret`), so that no submission can know its runs in advance
 * (tools/grading/secret-seeds.ts); `--seed-secret S` grades on the runs of secret S again, and
 * `--public-seeds` on the kit's own seeds. Feedback names the seeds graded: grade resubmissions
 * under a new secret. A `--gradescope` autograder draws a secret for each submission (or uses S
 * for all). Other targets use the public seeds unless given `--seed-secret`.
 *
 * Exit code 0 whatever the score; 2 on bad arguments, when the graders cannot run, or when the kit
 * changed during grading.
 */
import fs from "node:fs";
import path from "node:path";
import { serialize } from "node:v8";
import { writeFeedback } from "./classroom/feedback";
import { buildAutograder, type AutograderSeeds } from "./classroom/gradescope";
import { parseArgs } from "node:util";
import { changedFiles, kitFingerprint } from "./grading/kit";
import { DEFAULT_LIMITS, gradeExercise, loadGrader, readExercise, replayRun, type Limits } from "./grading/referee";
import { classCsv, formatReport, printable, total, writeAtomically, type ExerciseResult, type GradeReport, type StudentReport } from "./grading/report";
import { killAll, whenAllGone } from "./grading/sandbox";
import { newSecret, withSecretSeeds } from "./grading/secret-seeds";

export type { CheckResult, ExerciseResult, GradeReport } from "./grading/report";

const ROOT = path.resolve(__dirname, "..");
/** The shortest --seed-secret accepted. */
const MIN_SECRET = 16;

/** The graders, as exercise ids ("00-flood"), optionally those starting with `only`. */
export function graderIds(only?: string, root = ROOT): string[] {
  return fs
    .readdirSync(path.join(root, "test", "graders"))
    .filter((f) => f.endsWith(".grader.ts"))
    .map((f) => f.slice(0, -".grader.ts".length))
    .filter((id) => only === undefined || id.startsWith(only))
    .sort();
}

/** A submission folder → where its exercise files are, or why it is refused. */
export function exercisesOf(dir: string): { dir: string } | { error: string } {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return { error: `${dir} does not exist` };
  if (stat.isSymbolicLink()) return { error: `${path.basename(dir)} is a symbolic link, which is refused: submit a folder` };
  if (!stat.isDirectory()) return { error: `${path.basename(dir)} is not a folder: submit a folder of exercise files (or a copy of the kit)` };
  const inner = path.join(dir, "exercises");
  const innerStat = fs.lstatSync(inner, { throwIfNoEntry: false });
  if (innerStat?.isSymbolicLink()) return { error: `exercises/ is a symbolic link, which is refused: submit the folder itself` };
  return { dir: innerStat?.isDirectory() ? inner : dir };
}

export interface GradeOptions {
  only?: string;
  limits?: Limits;
  root?: string;
  /** Grade on seeds drawn from this secret rather than the public ones (tools/grading/secret-seeds.ts). */
  seedSecret?: string;
}

/** Grades every exercise in `dir` (a folder of NN-topic.ts files). */
export async function grade(dir: string | { error: string }, options: GradeOptions = {}): Promise<GradeReport> {
  const root = options.root ?? ROOT;
  const ids = graderIds(options.only, root);
  if (ids.length === 0) throw new Error(`no grader matches "${options.only}" (graders: ${graderIds(undefined, root).join(", ")})`);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const exercises: ExerciseResult[] = [];
  for (const id of ids) {
    const student = typeof dir === "string" ? readExercise(dir, id) : dir;
    const loaded = loadGrader(root, id);
    const { grader, scenarios } = options.seedSecret === undefined ? loaded : withSecretSeeds(loaded, options.seedSecret);
    try {
      exercises.push(await gradeExercise(root, grader, scenarios, student, limits));
    } catch (error) {
      // A fault of the referee itself: this exercise scores 0 with the reason, the rest go on.
      const why = `the referee failed on this exercise (tell your instructor): ${error instanceof Error ? error.stack ?? error.message : error}`;
      exercises.push({ id, points: 0, max: grader.checks.reduce((a, c) => a + c.points, 0), error: why, checks: grader.checks.map((c) => ({ title: c.title, points: 0, max: c.points, passed: false, status: "crash", message: why })) });
    }
  }
  return total(exercises);
}

/** Grades every student folder of `classDir`, `jobs` at a time; stops if the kit changes. */
export async function gradeClass(classDir: string, options: GradeOptions & { jobs: number; log?: (line: string) => void }): Promise<StudentReport[]> {
  const names = fs.readdirSync(classDir).filter((d) => !d.startsWith(".")).sort();
  const results: StudentReport[] = new Array(names.length);
  const pristine = kitFingerprint(ROOT);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const name = names[i];
      let report: GradeReport;
      try {
        const where = exercisesOf(path.join(classDir, name));
        report = await grade("error" in where ? where : where.dir, options);
      } catch (error) {
        // A submission the file system will not let us read (permissions, say): that student's 0, with why.
        report = await grade({ error: `${name} could not be read: ${error instanceof Error ? error.message : error}` }, options);
      }
      const changed = changedFiles(pristine, kitFingerprint(ROOT));
      if (changed.length > 0) throw new Error(`the kit changed while grading ${name}: ${changed.join(", ")}. No grade file was written; restore the kit and grade again.`);
      results[i] = { name, ...report };
      options.log?.(printable(`${name.replace(/\n/g, "\\n").padEnd(24)} ${report.points} / ${report.max}  (${report.exercises.map((e) => `${e.id.slice(0, 2)}: ${e.points}/${e.max}`).join(", ")})`));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  return results;
}

function usage(problem: string): never {
  console.error(
    `grade: ${problem}\n` +
      `usage: npm run grade -- [--target exercises|solutions|DIR] [--only NN] [--json FILE] [--timeout S] [--exercise-timeout S] [--memory MB]\n` +
      `       npm run grade -- --submissions CLASS_DIR [--jobs N] [--json FILE] [--csv FILE] [--feedback DIR] [--seed-secret S | --public-seeds]\n` +
      `       npm run grade -- --gradescope DIR [--only NN] [--seed-secret S | --public-seeds]\n` +
      `       npm run grade -- --replay NN:SCENARIO:SEED [--schedule JSON] --out FILE`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: "string", default: "exercises" },
        only: { type: "string" },
        json: { type: "string" },
        csv: { type: "string" },
        submissions: { type: "string" },
        jobs: { type: "string", default: "1" },
        timeout: { type: "string", default: String(DEFAULT_LIMITS.checkTimeoutMs / 1000) },
        "exercise-timeout": { type: "string", default: String(DEFAULT_LIMITS.exerciseTimeoutMs / 1000) },
        memory: { type: "string", default: String(DEFAULT_LIMITS.memoryMb) },
        replay: { type: "string" },
        feedback: { type: "string" },
        gradescope: { type: "string" },
        schedule: { type: "string" },
        out: { type: "string" },
        quiet: { type: "boolean", default: false },
        "seed-secret": { type: "string" },
        "public-seeds": { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const seconds = Number(values.timeout);
  const exerciseSeconds = Number(values["exercise-timeout"]);
  const memoryMb = Number(values.memory);
  const jobs = Number(values.jobs);
  if (!(seconds > 0)) usage(`--timeout must be a number of seconds > 0, not "${values.timeout}"`);
  if (!(exerciseSeconds > 0)) usage(`--exercise-timeout must be a number of seconds > 0, not "${values["exercise-timeout"]}"`);
  if (!(memoryMb >= 64)) usage(`--memory must be at least 64 (MB), not "${values.memory}"`);
  if (!Number.isInteger(jobs) || jobs < 1) usage(`--jobs must be a whole number >= 1, not "${values.jobs}"`);
  const limits: Limits = { ...DEFAULT_LIMITS, checkTimeoutMs: seconds * 1000, exerciseTimeoutMs: exerciseSeconds * 1000, memoryMb };
  const given = values["seed-secret"];
  if (given !== undefined && values["public-seeds"]) usage("--seed-secret and --public-seeds contradict each other: give one");
  if (given !== undefined && given.length < MIN_SECRET) usage(`--seed-secret must be at least ${MIN_SECRET} characters (a short one can be guessed): leave it out and a new one is drawn`);
  // Graded runs a submission cannot know in advance: a class run draws a secret unless told
  // otherwise (an autograder draws one per submission); a student's own grading keeps the public seeds.
  const seedSecret = given ?? (values.submissions !== undefined && !values["public-seeds"] ? newSecret() : undefined);
  const target = values.target === "exercises" || values.target === "solutions" ? path.join(ROOT, values.target) : path.resolve(values.target);

  if (values.gradescope) {
    const seeds: AutograderSeeds = given !== undefined ? { kind: "fixed", secret: given } : values["public-seeds"] ? { kind: "public" } : { kind: "fresh" };
    buildAutograder(values.gradescope, { only: values.only, seeds });
    console.log(`Gradescope autograder in ${path.resolve(values.gradescope)}: zip its contents (cd DIR && zip -r ../autograder.zip .) and upload`);
    return;
  }
  if (values.feedback && !values.submissions) usage("--feedback needs --submissions CLASS_DIR");
  if (values.replay) {
    const m = /^(\d\d)[^:]*:([^:]+):(-?\d+)$/.exec(values.replay);
    if (!m || !values.out) usage(`--replay needs NN:SCENARIO:SEED and --out FILE`);
    const id = graderIds(m[1])[0];
    if (!id) usage(`--replay: no exercise ${m[1]}`);
    const run = await replayRun(ROOT, id, m[2], Number(m[3]), values.schedule ? JSON.parse(values.schedule) : undefined, readExercise(target, id), limits);
    await whenAllGone();
    fs.writeFileSync(values.out, serialize(run));
    return;
  }
  if (values.submissions) {
    const classDir = path.resolve(values.submissions);
    if (!fs.statSync(classDir, { throwIfNoEntry: false })?.isDirectory()) usage(`--submissions ${values.submissions}: no such directory`);
    if (seedSecret !== undefined) console.log(`graded on seeds drawn from secret ${seedSecret} (to grade again on the same runs: --seed-secret ${seedSecret})`);
    const students = await gradeClass(classDir, { only: values.only, limits, jobs, seedSecret, log: (line) => console.log(line) });
    await whenAllGone();
    const grand = { seedSecret: seedSecret ?? null, students, points: students.reduce((a, s) => a + s.points, 0), max: students.reduce((a, s) => a + s.max, 0) };
    if (values.json) writeAtomically(values.json, JSON.stringify(grand, null, 2) + "\n");
    if (values.csv) writeAtomically(values.csv, classCsv(graderIds(values.only), students));
    if (values.feedback) console.log(`feedback: ${writeFeedback({ students }, values.feedback).length} pages in ${path.resolve(values.feedback)}`);
    return;
  }
  const where = exercisesOf(target);
  const report = await grade("error" in where ? where : where.dir, { only: values.only, limits, seedSecret });
  await whenAllGone();
  if (!values.quiet) console.log(formatReport(report));
  if (values.json) writeAtomically(values.json, JSON.stringify(report, null, 2) + "\n");
}

if (require.main === module) {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll(); // sandboxes run in process groups of their own: a Ctrl-C does not reach them
      process.exit(130);
    });
  }
  main().catch((error) => {
    console.error(`grade: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  });
}
