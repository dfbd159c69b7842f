/**
 * The referee: grades one exercise of one student from the plain data the sandbox returns. It
 * loads the grader and the scenarios module (kit code, from the kit), never the student's module.
 *
 *   const { grader, scenarios } = loadGrader(ROOT, "04-leases-and-fencing");
 *   const result = await gradeExercise(ROOT, grader, scenarios, { text }, limits);
 *
 * How a grader plugs in: `test/graders/<exercise>.grader.ts` has `export default` a `Grader`
 * (lib/grading/scenario.ts) whose `exercise` is the file name and whose `scenarios` is the path,
 * from the kit root and without extension, of a module exporting `scenarios: ExerciseScenarios`
 * (by convention `lib/<chapter>/scenarios`). Neither may import the exercise except with
 * `import type` (checked: the referee refuses to grade if either pulled in exercises/ or solutions/).
 * The scenarios module runs twice: here, for `schedule(seed)` and `shrink(schedule)` (so the
 * schedules are the referee's), and in the sandbox, for `run(impl, seed, schedule)`.
 *
 * For each check: the schedules of its seeds are built here; the runs happen in the sandbox
 * (shared by checks over the same scenario and seed through a cache of bounded size) within the
 * check's time limit; a run that throws, or whose data passes the size limits (`runDataMb` per
 * run, `checkDataMb` for a check's runs together: "this run returned N MB of data, limit M MB"),
 * fails the check with the seed; `verifyRuns` judges the data; a seed whose data fails
 * `verify` is shrunk (drop each fault, halve each fault's span, the scenario's own `shrink`
 * variants) while it still fails, and the smallest failing schedule is reported with a replay
 * line. A timeout, running out of memory or a crash costs the check it happened in (named), and
 * a fresh sandbox takes over the remaining checks. The exercise as a whole has a real-time budget
 * (`exerciseTimeoutMs`, ExerciseClock below): once it is spent, every check, shrink or re-run not
 * yet done fails with status "timeout" and a message naming the budget. Last, a sample of each scenario's seeds is run
 * again, in reverse order, and the data's hashes compared: a difference fails every check over
 * that scenario ("your code behaves differently on the same seed").
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ExerciseScenarios, GradedCheck, Grader, Scenario, Schedule } from "../../lib/grading/scenario";
import { verifyRuns } from "../../lib/grading/run-checks";
import type { ReplayedRun } from "../../lib/grading/replay";
import { compileExercise, kitModules } from "./bundle";
import { Sandbox, type RunAnswer, type RunResult, type SandboxOptions } from "./sandbox";
import type { CheckResult, ExerciseResult } from "./report";

export interface Limits {
  /** Per check, for all its runs (ms). */
  checkTimeoutMs: number;
  /** Compiling the student's module, and loading it (ms, each). */
  loadTimeoutMs: number;
  memoryMb: number;
  /** Runs spent at most on shrinking one failing schedule. */
  shrinkRuns: number;
  /** Seeds per scenario run twice to prove determinism. */
  determinismSample: number;
  /** Data one run may return (MB, serialized): more fails that run's check, "returned N MB, limit M MB". */
  runDataMb: number;
  /** Data the runs of one check may return together, and data the referee keeps cached for later checks (MB each). */
  checkDataMb: number;
  /** CPU time one sandbox may use in all (s): a backstop that kills a runaway child even if the referee is gone. */
  sandboxCpuS: number;
  /**
   * Real time for one exercise in all (ms): every check, shrink and re-run together. Without it a
   * submission that sleeps (Atomics.wait, which costs no CPU) just under each check's limit makes
   * its exercise take checks × checkTimeoutMs; with it, what is left when the time is up fails
   * with status "timeout" and says why.
   */
  exerciseTimeoutMs: number;
}

// The largest run of the reference answers returns 0.7 MB, the largest exercise 14 MB over all its runs.
// Grading a reference answer takes at most 5.3 s an exercise, the grading process's start included
// (`npm run grade -- --target solutions --only NN` for each, machine load 4): 120 s is over 20 times that.
export const DEFAULT_LIMITS: Limits = { checkTimeoutMs: 30_000, loadTimeoutMs: 10_000, memoryMb: 512, shrinkRuns: 40, determinismSample: 3, runDataMb: 8, checkDataMb: 32, sandboxCpuS: 600, exerciseTimeoutMs: 120_000 };

function sandboxOptions(limits: Limits): SandboxOptions {
  return { memoryMb: limits.memoryMb, loadTimeoutMs: limits.loadTimeoutMs, runDataMb: limits.runDataMb, requestDataMb: limits.checkDataMb, cpuSeconds: limits.sandboxCpuS };
}

const MB = 1024 * 1024;

/**
 * Run results by scenario, seed and schedule, so that checks over the same runs (and shrinking)
 * do not run them again. It keeps at most `budget` bytes of data (serialized size; the oldest
 * results are dropped first, and are run again if needed): a submission whose runs return a lot
 * costs time, not the referee's memory.
 */
class RunCache {
  private readonly entries = new Map<string, { result: RunResult; size: number }>();
  private held = 0;

  constructor(private readonly budget: number) {}

  get(key: string): RunResult | undefined {
    return this.entries.get(key)?.result;
  }

  set(key: string, result: RunResult): void {
    const size = "data" in result ? result.size : result.error.length * 2;
    if (size > this.budget || this.entries.has(key)) return;
    for (const [old, entry] of this.entries) {
      if (this.held + size <= this.budget) break;
      this.entries.delete(old);
      this.held -= entry.size;
    }
    this.entries.set(key, { result, size });
    this.held += size;
  }
}

/** The grader of `exercise` and its scenarios, validated; throws with what is wrong. */
export function loadGrader(root: string, exercise: string): { grader: Grader; scenarios: ExerciseScenarios } {
  const file = path.join(root, "test", "graders", `${exercise}.grader.ts`);
  const grader = (require(file) as { default?: Grader }).default;
  if (!grader || !Array.isArray(grader.checks)) throw new Error(`${path.relative(root, file)} must \`export default\` a Grader (lib/grading/scenario.ts)`);
  if (grader.exercise !== exercise) throw new Error(`${path.relative(root, file)}: exercise is "${grader.exercise}", expected "${exercise}"`);
  const scenariosFile = require.resolve(path.join(root, grader.scenarios));
  const { scenarios } = require(scenariosFile) as { scenarios?: ExerciseScenarios };
  if (!scenarios?.scenarios) throw new Error(`${grader.scenarios} must export \`scenarios: ExerciseScenarios\``);
  const answers = Object.keys(require.cache).filter((f) => /^(exercises|solutions)[\\/]/.test(path.relative(root, f)));
  if (answers.length > 0) throw new Error(`loading the grader of ${exercise} loaded ${answers.map((f) => path.relative(root, f)).join(", ")}: graders and scenarios may import exercises only with \`import type\``);
  for (const check of grader.checks) {
    if (!(check.points > 0)) throw new Error(`${exercise}: check "${check.title}" must be worth points > 0, not ${check.points}`);
    if (!scenarios.scenarios[check.scenario]) throw new Error(`${exercise}: check "${check.title}" names scenario "${check.scenario}", not one of ${Object.keys(scenarios.scenarios).join(", ")}`);
  }
  return { grader, scenarios };
}

/** The file that defines the scenarios, relative to the kit, as the sandbox bundle names it. */
function bundlePath(root: string, modulePath: string): string {
  return path.relative(root, require.resolve(path.join(root, modulePath))).split(path.sep).join("/");
}

/** A digest of plain data that depends on its values only (not on how V8 stores its strings). */
export function digest(data: unknown): string {
  const hash = createHash("sha256");
  const seen = new Set<unknown>();
  const feed = (v: unknown): void => {
    if (typeof v !== "object" || v === null) {
      hash.update(`${typeof v}:${Object.is(v, -0) ? "-0" : String(v)};`);
      return;
    }
    if (seen.has(v)) {
      hash.update("cycle;");
      return;
    }
    seen.add(v);
    if (ArrayBuffer.isView(v)) hash.update(`${v.constructor.name}:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")};`);
    else if (v instanceof ArrayBuffer) hash.update(`ArrayBuffer:${Buffer.from(v).toString("hex")};`);
    else if (v instanceof Map || v instanceof Set) {
      hash.update(`${v.constructor.name}{`);
      for (const entry of v) feed(entry);
      hash.update("}");
    } else {
      hash.update(Array.isArray(v) ? "[" : `${v instanceof Date ? `Date:${v.getTime()}` : ""}{`);
      for (const k of Object.keys(v)) {
        hash.update(`${JSON.stringify(k)}:`);
        feed((v as Record<string, unknown>)[k]);
      }
      hash.update(Array.isArray(v) ? "]" : "}");
    }
    seen.delete(v);
  };
  feed(data);
  return hash.digest("hex");
}

/** Where two plain values first differ, as "trace[12].time: 340 vs 352". */
export function firstDifference(a: unknown, b: unknown, at = ""): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${at || "the data"}: ${brief(a)} vs ${brief(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k);
    if (d) return d;
  }
  return undefined;
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function replayLine(exercise: string, scenario: string, seed: number, schedule?: Schedule): string {
  return `replay("${exercise.slice(0, 2)}", "${scenario}", ${seed}${schedule ? `, ${JSON.stringify(schedule)}` : ""})`;
}

/** Smaller schedules to try: each fault dropped, each fault's span halved, the scenario's variants. */
export function shrinkCandidates(schedule: Schedule, scenario: Scenario): Schedule[] {
  const out: Schedule[] = [];
  schedule.faults.forEach((_, i) => out.push({ ...schedule, faults: schedule.faults.filter((__, j) => j !== i) }));
  schedule.faults.forEach((f, i) => {
    if (typeof f.from === "number" && typeof f.to === "number" && f.to - f.from > 1) {
      const shorter = { ...f, to: f.from + Math.floor((f.to - f.from) / 2) };
      out.push({ ...schedule, faults: schedule.faults.map((g, j) => (j === i ? shorter : g)) });
    }
  });
  out.push(...(scenario.shrink?.(schedule) ?? []));
  return out.filter((s) => JSON.stringify(s) !== JSON.stringify(schedule));
}

const warned = new Set<string>();
/**
 * The schedule of `seed`, or null when it is not plain data (a function inside, say): then the
 * sandbox builds it from the seed itself, and a failing one cannot be shrunk. Says so once, on
 * stderr, for the grader's author.
 */
export function plainSchedule(exercise: string, name: string, scenario: Scenario, seed: number): Schedule | null {
  const schedule = scenario.schedule(seed);
  try {
    structuredClone(schedule);
    return schedule;
  } catch (error) {
    if (!warned.has(`${exercise}/${name}`)) {
      warned.add(`${exercise}/${name}`);
      console.error(`grade: ${exercise}, scenario "${name}": schedule(${seed}) is not plain data (${error instanceof Error ? error.message : error}); the sandbox builds it from the seed, and failing schedules are not shrunk. Make it plain data (lib/grading/scenario.ts).`);
    }
    return null;
  }
}

/** True when the check's `verify` fails on this data. */
function fails(check: GradedCheck, seed: number, data: unknown): boolean {
  return !verifyRuns({ ...check, verifyAll: undefined }, [{ seed, data }]).passed;
}

type Student = { text: string } | { error: string };

/** Grades one exercise: every check, with its points, from the sandbox's data. */
export async function gradeExercise(root: string, grader: Grader, scenarios: ExerciseScenarios, student: Student, limits: Limits = DEFAULT_LIMITS): Promise<ExerciseResult> {
  const max = grader.checks.reduce((a, c) => a + c.points, 0);
  const id = grader.exercise;
  const file = `exercises/${id}.ts`;
  const allFail = (error: string): ExerciseResult => ({
    id,
    points: 0,
    max,
    error,
    checks: grader.checks.map((c) => ({ title: c.title, points: 0, max: c.points, passed: false, message: error })),
  });
  if ("error" in student) return allFail(student.error);
  const compiled = await compileExercise(student.text, file, limits.loadTimeoutMs);
  if ("error" in compiled) return allFail(compiled.error);
  const bundle = { files: { ...kitModules(root), [file]: compiled.js }, kit: ["lib/index.ts", bundlePath(root, grader.scenarios)], exercise: file };

  let sandbox: Sandbox | undefined;
  const open = async (): Promise<Sandbox | { error: string }> => {
    if (sandbox?.alive) return sandbox;
    const started = await Sandbox.start(bundle, sandboxOptions(limits));
    if ("error" in started) return started;
    return (sandbox = started);
  };
  const clock = new ExerciseClock(id, limits);
  const cache = new RunCache(limits.checkDataMb * MB);
  const key = (scenario: string, seed: number, schedule: Schedule | null) => `${scenario}|${seed}|${JSON.stringify(schedule)}`;
  // The digest of each sampled run's first data, kept for the determinism re-check whatever the cache drops.
  const sampled = new Set(grader.checks.flatMap((c) => determinismSample(id, c.scenario, scenarios.scenarios[c.scenario], limits).map((r) => key(c.scenario, r.seed, r.schedule))));
  const firstDigests = new Map<string, string>();
  /** The results of `runs`, in order: from the cache or from the sandbox; a failure of the sandbox comes back as `trouble`. */
  const runAll: RunAll = async (scenario, runs, timeoutMs) => {
    const found = new Map<string, RunResult>();
    for (const r of runs) {
      const cached = cache.get(key(scenario, r.seed, r.schedule));
      if (cached) found.set(key(scenario, r.seed, r.schedule), cached);
    }
    const todo = runs.filter((r) => !found.has(key(scenario, r.seed, r.schedule)));
    if (todo.length > 0) {
      if (clock.left() <= 0) return { trouble: clock.trouble() };
      const box = await open();
      if ("error" in box) return { trouble: { status: "crash", message: box.error } };
      const answer = await clock.run(box, scenario, todo, timeoutMs);
      if ("failure" in answer) return { trouble: { status: answer.failure, message: answer.message } };
      answer.runs.forEach((r, i) => {
        if ("dropped" in r && r.dropped && !warned.has(`${id}/${scenario}/data`)) {
          warned.add(`${id}/${scenario}/data`);
          console.error(`grade: ${id}, scenario "${scenario}": run() returned data that is not plain; dropped the functions at ${r.dropped.join(", ")}. Return plain data (lib/grading/scenario.ts).`);
        }
        const k = key(scenario, todo[i].seed, todo[i].schedule); // in request order (shrinking sends one seed many times)
        found.set(k, r);
        cache.set(k, r);
        if ("data" in r && sampled.has(k) && !firstDigests.has(k)) firstDigests.set(k, digest(r.data));
      });
    }
    return { results: runs.map((r) => found.get(key(scenario, r.seed, r.schedule))!) };
  };

  try {
    const first = await open();
    if ("error" in first) return allFail(first.error);
    const checks: CheckResult[] = [];
    const broken = new Map<string, { status: CheckResult["status"]; message: string }>();
    for (const check of grader.checks) {
      const scenario = scenarios.scenarios[check.scenario];
      const runs = (check.seeds ?? scenario.seeds).map((seed) => ({ seed, schedule: plainSchedule(id, check.scenario, scenario, seed) }));
      const failed = (message: string, status: CheckResult["status"] = "failed", seed?: number): CheckResult => ({ title: check.title, points: 0, max: check.points, passed: false, status, message, seed });
      const got = broken.has(check.scenario) ? { trouble: broken.get(check.scenario)! } : await runAll(check.scenario, runs, limits.checkTimeoutMs);
      if ("trouble" in got) {
        broken.set(check.scenario, got.trouble);
        checks.push(failed(`${got.trouble.message} (scenario "${check.scenario}": ${scenario.describe})`, got.trouble.status));
        continue;
      }
      const results = got.results;
      const threw = results.find((r): r is { seed: number; error: string } => "error" in r);
      if (threw) {
        checks.push(failed(`${threw.error}\n  seed: ${threw.seed} (scenario "${check.scenario}": ${scenario.describe})\n  replay: ${replayLine(id, check.scenario, threw.seed)}`, "failed", threw.seed));
        continue;
      }
      const outcome = verifyRuns(check, results as Array<{ seed: number; data: unknown }>);
      if (outcome.passed) {
        checks.push({ title: check.title, points: check.points, max: check.points, passed: true, status: "passed" });
        continue;
      }
      if (outcome.seed === undefined) {
        checks.push(failed(`${outcome.message}\n  (judged over all ${runs.length} seeds of scenario "${check.scenario}")`));
        continue;
      }
      const original = runs.find((r) => r.seed === outcome.seed)!.schedule;
      const smallest = original && await shrink(check, scenario, outcome.seed, original, runAll, limits);
      const shrunk = JSON.stringify(smallest) !== JSON.stringify(original);
      checks.push(
        failed(
          `${outcome.message}\n  seed: ${outcome.seed} (failed on seed ${outcome.seed} of ${runs.length} tried; scenario "${check.scenario}": ${scenario.describe})` +
            (shrunk ? `\n  smallest failing schedule: ${JSON.stringify(smallest)}` : "") +
            `\n  replay: ${replayLine(id, check.scenario, outcome.seed, shrunk && smallest ? smallest : undefined)}`,
          "failed",
          outcome.seed,
        ),
      );
    }
    await proveDeterminism(grader, scenarios, checks, broken, open, limits, clock, (name, seed, schedule) => {
      const k = key(name, seed, schedule);
      const kept = cache.get(k);
      return { digest: firstDigests.get(k), data: kept && "data" in kept ? kept.data : undefined };
    });
    return { id, points: checks.reduce((a, c) => a + c.points, 0), max, checks };
  } finally {
    await sandbox?.close();
  }
}

type Trouble = { status: CheckResult["status"]; message: string };
type RunAll = (scenario: string, runs: Array<{ seed: number; schedule: Schedule | null }>, timeoutMs: number) => Promise<{ trouble: Trouble } | { results: RunResult[] }>;

async function shrink(check: GradedCheck, scenario: Scenario, seed: number, start: Schedule, runAll: RunAll, limits: Limits): Promise<Schedule> {
  let current = start;
  let budget = limits.shrinkRuns;
  for (let progress = true; progress && budget > 0; ) {
    progress = false;
    const candidates = shrinkCandidates(current, scenario).slice(0, budget);
    budget -= candidates.length;
    if (candidates.length === 0) break;
    const got = await runAll(check.scenario, candidates.map((schedule) => ({ seed, schedule })), limits.checkTimeoutMs);
    if ("trouble" in got) break;
    const smaller = got.results.findIndex((r) => "data" in r && fails(check, seed, r.data));
    if (smaller >= 0) {
      current = candidates[smaller];
      progress = true;
    }
  }
  return current;
}

/** The seeds of `name` run twice to prove determinism: its last, middle and first, at most `determinismSample`. */
function determinismSample(exercise: string, name: string, scenario: Scenario, limits: Limits): Array<{ seed: number; schedule: Schedule | null }> {
  const seeds = scenario.seeds;
  const sample = [...new Set([seeds[seeds.length - 1], seeds[Math.floor(seeds.length / 2)], seeds[0]])].slice(0, limits.determinismSample);
  return sample.map((seed) => ({ seed, schedule: plainSchedule(exercise, name, scenario, seed) }));
}

/** What the first run of a sampled seed left: its data's digest (if it returned data) and its data while still cached. */
type FirstRun = (scenario: string, seed: number, schedule: Schedule | null) => { digest?: string; data?: unknown };

async function proveDeterminism(
  grader: Grader,
  scenarios: ExerciseScenarios,
  checks: CheckResult[],
  broken: Map<string, unknown>,
  open: () => Promise<Sandbox | { error: string }>,
  limits: Limits,
  clock: ExerciseClock,
  firstRun: FirstRun,
): Promise<void> {
  for (const name of new Set(grader.checks.map((c) => c.scenario))) {
    if (broken.has(name)) continue;
    const comparable = determinismSample(grader.exercise, name, scenarios.scenarios[name], limits).filter((r) => firstRun(name, r.seed, r.schedule).digest !== undefined);
    if (comparable.length === 0) continue;
    // Checks not proven deterministic by the time the exercise's time is up keep no points.
    const outOfTime = () => failScenario(grader, checks, name, "timeout", `${clock.trouble().message}: re-running scenario "${name}" to prove it deterministic did not fit`);
    if (clock.left() <= 0) {
      outOfTime();
      continue;
    }
    const box = await open();
    if ("error" in box) {
      // Unproven is not proven: the checks over this scenario keep no points.
      failScenario(grader, checks, name, "crash", `${box.error}: re-running scenario "${name}" to prove it deterministic was not possible`);
      continue;
    }
    const answer = await clock.run(box, name, comparable, limits.checkTimeoutMs);
    if ("failure" in answer && clock.left() <= 0) {
      outOfTime();
      continue;
    }
    let difference: string | undefined;
    if ("failure" in answer) difference = `running seed ${answer.seed ?? comparable[0].seed} again: ${answer.message}`;
    else {
      for (const again of answer.runs) {
        const was = firstRun(name, again.seed, comparable.find((r) => r.seed === again.seed)!.schedule);
        if ("error" in again) difference = `seed ${again.seed} ran once, then threw the second time: ${again.error}`;
        else if (was.digest !== digest(again.data)) {
          const where = was.data === undefined ? "the first run's data was too big to keep; their digests differ" : firstDifference(was.data, again.data);
          difference = `seed ${again.seed} gave different data the second time (${where})`;
        }
        if (difference) break;
      }
    }
    if (!difference) continue;
    failScenario(
      grader,
      checks,
      name,
      "nondeterministic",
      `your code behaves differently on the same seed: scenario "${name}", ${difference}. Use only the node's seeded randomness and virtual time, and keep no state outside your nodes between runs.`,
    );
  }
}

/** Takes the points of every check over scenario `name`, with `status` and `message`. */
function failScenario(grader: Grader, checks: CheckResult[], name: string, status: CheckResult["status"], message: string): void {
  grader.checks.forEach((check, i) => {
    if (check.scenario === name) checks[i] = { ...checks[i], points: 0, passed: false, status, message };
  });
}

/**
 * One exercise's real-time budget (`exerciseTimeoutMs`): how much is left, and sandbox runs whose
 * time limit is the check's or what is left of the exercise's, whichever is less. A run cut short
 * by the exercise's budget says so, not "timed out after 2.3 s".
 */
class ExerciseClock {
  readonly #deadline: number;
  constructor(
    readonly exercise: string,
    readonly limits: Limits,
  ) {
    // The referee's real clock (tools/, never lib/ or graded code): it decides only when to stop.
    this.#deadline = Date.now() + limits.exerciseTimeoutMs;
  }

  left(): number {
    return this.#deadline - Date.now();
  }

  trouble(): Trouble {
    return { status: "timeout", message: `grading ${this.exercise} took more than its ${this.limits.exerciseTimeoutMs / 1000} s in all (every check, shrink and re-run of one exercise together); what was not done by then gets no points` };
  }

  async run(box: Sandbox, scenario: string, runs: Array<{ seed: number; schedule: Schedule | null }>, timeoutMs: number): Promise<RunAnswer> {
    const left = this.left();
    if (left <= 0) return { failure: "timeout", message: this.trouble().message };
    const answer = await box.run(scenario, runs, Math.min(timeoutMs, left));
    if ("failure" in answer && answer.failure === "timeout" && left < timeoutMs && this.left() <= 0) return { ...answer, message: this.trouble().message };
    return answer;
  }
}

/** Reads a student's exercise file, refusing anything but a regular file of reasonable size. */
export function readExercise(dir: string, exercise: string): Student {
  const file = path.join(dir, `${exercise}.ts`);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { error: `no file ${exercise}.ts was submitted` };
  }
  if (stat.isSymbolicLink()) return { error: `${exercise}.ts is a symbolic link, which is refused: submit the file itself` };
  if (!stat.isFile()) return { error: `${exercise}.ts is not a regular file` };
  if (stat.size > 1_000_000) return { error: `${exercise}.ts is ${stat.size} bytes; the limit is 1 MB` };
  try {
    return { text: fs.readFileSync(file, "utf8") };
  } catch (error) {
    // Unreadable (permissions kept from the student's archive, say): this student's problem, not the class run's.
    return { error: `${exercise}.ts could not be read (${(error as NodeJS.ErrnoException).code ?? error}): submit a readable file` };
  }
}

/** Runs one seed of one scenario in the sandbox and judges it: what `replay()` shows in a notebook. */
export async function replayRun(root: string, exercise: string, scenarioName: string, seed: number, schedule: Schedule | undefined, student: Student, limits: Limits = DEFAULT_LIMITS): Promise<ReplayedRun> {
  const { grader, scenarios } = loadGrader(root, exercise);
  const scenario = scenarios.scenarios[scenarioName];
  if (!scenario) throw new Error(`exercise ${exercise} has no scenario "${scenarioName}"; its scenarios: ${Object.keys(scenarios.scenarios).join(", ")}`);
  const plan = schedule ?? plainSchedule(exercise, scenarioName, scenario, seed);
  const base = { exercise, scenario: scenarioName, describe: scenario.describe, seed, schedule: plan };
  const checks = grader.checks.filter((c) => c.scenario === scenarioName);
  const failAll = (error: string): ReplayedRun => ({ ...base, error, checks: checks.map((c) => ({ title: c.title, points: c.points, passed: false, message: error })) });
  if ("error" in student) return failAll(student.error);
  const file = `exercises/${exercise}.ts`;
  const compiled = await compileExercise(student.text, file, limits.loadTimeoutMs);
  if ("error" in compiled) return failAll(compiled.error);
  const box = await Sandbox.start({ files: { ...kitModules(root), [file]: compiled.js }, kit: ["lib/index.ts", bundlePath(root, grader.scenarios)], exercise: file }, sandboxOptions(limits));
  if ("error" in box) return failAll(box.error);
  try {
    const answer = await box.run(scenarioName, [{ seed, schedule: plan }], limits.checkTimeoutMs);
    if ("failure" in answer) return failAll(answer.message);
    const run = answer.runs[0];
    if ("error" in run) return failAll(run.error);
    return {
      ...base,
      data: run.data,
      checks: checks.map((c) => {
        const outcome = verifyRuns({ ...c, verifyAll: undefined }, [{ seed, data: run.data }]);
        return { title: c.title, points: c.points, passed: outcome.passed, message: outcome.message };
      }),
    };
  } finally {
    await box.close();
  }
}
