// The proof that every grader tells a finished exercise from an empty one, and that the referee
// does what it promises: run through tools/grade.ts, exactly as `npm run grade` does.
//
// The stubs graded here are the pristine ones from the kit's own record (`git show HEAD:exercises/…`
// into a temporary folder), not the working exercises/ folder: a student (or a test) that has
// solved an exercise in place still sees this pass. This file needs solutions/ and git, so the
// student edition leaves it out (tools/release.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deserialize } from "node:v8";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReplayedRun } from "../lib/grading/replay";
import { verifyRuns } from "../lib/grading/run-checks";
import type { Scenario } from "../lib/grading/scenario";
import { digest, firstDifference, shrinkCandidates } from "../tools/grading/referee";
import { csvField, csvRows, type ExerciseResult, type GradeReport, type StudentReport } from "../tools/grading/report";
import { expectThat } from "./graders/support";
import { ROOT, runGrade } from "./tamper/run-grade";

const ids = (dir: string, suffix: string) =>
  fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(suffix) && /^\d\d-/.test(f)).map((f) => f.slice(0, -suffix.length)).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grading-test-"));

function git(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`git ${args.join(" ")}: ${err}`))));
  });
}

/** The stubs as the kit committed them, in a fresh folder. */
async function pristineStubs(): Promise<string> {
  const dir = path.join(tmp, "stubs");
  fs.mkdirSync(dir);
  for (const id of ids("exercises", ".ts")) fs.writeFileSync(path.join(dir, `${id}.ts`), await git(["show", `HEAD:exercises/${id}.ts`]));
  return dir;
}

async function gradeAll(target: string, extra: string[] = []): Promise<GradeReport> {
  const out = path.join(tmp, `${path.basename(target)}.json`);
  const run = await runGrade(["--target", target, "--json", out, "--quiet", ...extra]);
  if (run.code !== 0) throw new Error(run.output);
  return JSON.parse(fs.readFileSync(out, "utf8")) as GradeReport;
}

describe("exercises, solutions and graders", () => {
  it("come in threes: every exercise has a reference solution and a grader", () => {
    const exercises = ids("exercises", ".ts");
    expect(exercises.length).toBeGreaterThan(0);
    expect(ids("solutions", ".ts")).toEqual(exercises);
    expect(ids("test/graders", ".grader.ts")).toEqual(exercises);
  });

  it("stub and solution export the same names", async () => {
    for (const id of ids("exercises", ".ts")) {
      const stub = await import(`../exercises/${id}.ts`);
      const solution = await import(`../solutions/${id}.ts`);
      expect(Object.keys(stub).sort(), `exports of exercises/${id}.ts vs solutions/${id}.ts`).toEqual(Object.keys(solution).sort());
    }
  });
});

describe("graders", () => {
  let solutions: GradeReport;
  let stubs: GradeReport;
  beforeAll(async () => {
    // The solutions on seeds drawn from a secret, as a class is graded (tools/grading/secret-seeds.ts):
    // a check that passes only on the public seeds is a check a correct answer can fail. Their
    // full marks on the public seeds are proven by test/mutants/ (in process).
    [solutions, stubs] = await Promise.all([gradeAll(path.join(ROOT, "solutions"), ["--seed-secret", "grading.test: the reference answers"]), pristineStubs().then((dir) => gradeAll(dir))]);
  }, 900_000);

  it("give the reference solutions full marks on every check, on seeds drawn from a secret", () => {
    expect(solutions.exercises.map((e) => e.id)).toEqual(ids("test/graders", ".grader.ts"));
    for (const ex of solutions.exercises) {
      const failing = ex.checks.filter((c) => !c.passed).map((c) => `${c.title}: ${c.message}`);
      expect(ex.error, `${ex.id}: grader error`).toBeUndefined();
      expect(failing, `${ex.id}: checks failing on the solution`).toEqual([]);
      expect(ex.max, `${ex.id} is worth no points`).toBeGreaterThan(0);
      expect(ex.points).toBe(ex.max);
    }
    expect(solutions.points).toBe(solutions.max);
  });

  it("give the pristine stubs nothing: every graded check fails on an empty exercise", () => {
    for (const ex of stubs.exercises) {
      expect(ex.error, `${ex.id}: the grader could not even run the stub`).toBeUndefined();
      expect(ex.checks.length, `${ex.id} has no checks`).toBeGreaterThan(0);
      const passing = ex.checks.filter((c) => c.passed).map((c) => c.title);
      expect(passing, `${ex.id}: checks that pass on the stub`).toEqual([]);
      expect(ex.points).toBe(0);
    }
    expect(stubs.points).toBe(0);
    expect(stubs.max).toBe(solutions.max);
  });
});

// Students built from the reference answers, each wrong in one way the referee must name. (Here,
// not in test/tamper/, because they contain the answers.)
const solution = (id: string) => fs.readFileSync(path.join(ROOT, "solutions", `${id}.ts`), "utf8");
const VARIANTS: Record<string, { exercise: string; change: (s: string) => string }> = {
  // Learns, never forwards: fails under loss; the crashes in the schedule are not needed to fail.
  "no-forwarding": { exercise: "00-flood", change: (s) => s.replace(/if \(msg\.type === "rumour"\) this\.learn\(msg\.text, from\);/, 'if (msg.type === "rumour" && !this.learned.includes(msg.text)) this.learned.push(msg.text);') },
  // Correct, but spins forever in clusters of 9 (only the "faults" scenario has 9 nodes).
  "hangs-in-one-scenario": { exercise: "00-flood", change: (s) => s.replace("spread(rumour: string): void {", "spread(rumour: string): void {\n    if (this.peers.length === 8) for (;;) {}") },
  // phi() keeps a count of its calls across runs in module state and drifts after a while.
  "state-across-runs": { exercise: "03-phi-accrual", change: (s) => s.replace("export function phi(", "let calls = 0;\nexport function phi(").replace("  const y = (timeSinceLastHeartbeat - mean) / stdDeviation;", "  const y = (timeSinceLastHeartbeat - mean) / stdDeviation + (++calls > 20_000 ? 0.5 : 0);") },
  // Correct, but in clusters of 9 (only the "faults" scenario) known() repeats one 1 MB string 16 times.
  "floods-its-data": { exercise: "00-flood", change: (s) => s.replace("    return this.learned.slice();", '    if (this.peers.length === 8) return this.learned.concat(new Array<string>(16).fill("x".repeat(1 << 20)));\n    return this.learned.slice();') },
  // Shuffles its peers with Math.random.
  "math-random": { exercise: "00-flood", change: (s) => s.replace("for (const peer of this.peers)", "for (const peer of this.peers.slice().sort(() => Math.random() - 0.5))") },
};

describe("the referee", () => {
  let graded: Map<string, ExerciseResult[]>;
  let replayLine: string;
  let replayed: ReplayedRun;
  beforeAll(async () => {
    const classDir = path.join(tmp, "variants");
    for (const [name, { exercise, change }] of Object.entries(VARIANTS)) {
      const text = change(solution(exercise));
      if (text === solution(exercise)) throw new Error(`variant ${name} no longer applies to solutions/${exercise}.ts`);
      fs.mkdirSync(path.join(classDir, name), { recursive: true });
      fs.writeFileSync(path.join(classDir, name, `${exercise}.ts`), text);
    }
    const out = path.join(tmp, "variants.json");
    const run = await runGrade(["--submissions", classDir, "--only", "0", "--jobs", "2", "--timeout", "8", "--json", out]);
    if (run.code !== 0) throw new Error(run.output);
    graded = new Map((JSON.parse(fs.readFileSync(out, "utf8")) as { students: StudentReport[] }).students.map((s) => [s.name, s.exercises]));
    // Paste the failure's replay line, as a student would.
    const faults = exerciseOf("no-forwarding", "00").checks.find((c) => c.title.startsWith("flooding survives"))!;
    replayLine = [...faults.message!.matchAll(/replay: (replay\(.*\))$/gm)].pop()![1]; // the referee's, last
    const [, nn, scenario, seed, schedule] = /^replay\("(\d\d)", "(\w+)", (\d+), (\{.*\})\)$/.exec(replayLine)!;
    const file = path.join(tmp, "replay.v8");
    const replay = await runGrade(["--replay", `${nn}:${scenario}:${seed}`, "--schedule", schedule, "--target", path.join(classDir, "no-forwarding"), "--out", file]);
    if (replay.code !== 0) throw new Error(replay.output);
    replayed = deserialize(fs.readFileSync(file)) as ReplayedRun;
  }, 600_000);
  const exerciseOf = (student: string, nn: string) => graded.get(student)!.find((e) => e.id.startsWith(nn))!;

  it("reports a failing seed's smallest failing schedule and the line that replays it", () => {
    const faults = exerciseOf("no-forwarding", "00").checks.find((c) => c.title.startsWith("flooding survives"))!;
    expect(faults.passed).toBe(false);
    expect(faults.message).toMatch(/seed: \d+ \(failed on seed \d+ of \d+ tried/);
    expect(faults.message).toMatch(/smallest failing schedule: \{.*"faults":\[\]\}/);
    expect(replayLine).toMatch(/^replay\("00", "faults", \d+, \{.*"faults":\[\]\}\)$/);
  });

  it("shows a failing check's seed and replay line once each: the referee's, never the grader's as well", () => {
    const failing = [...graded.values()].flat().flatMap((e) => e.checks).filter((c) => !c.passed && c.status === "failed");
    expect(failing.length).toBeGreaterThan(0);
    const count = (message: string, label: string) => message.match(new RegExp(`^\\s*${label}: `, "gm"))?.length ?? 0;
    for (const c of failing) {
      for (const label of ["seed", "replay"]) expect(count(c.message!, label), `"${label}:" lines in the message of "${c.title}":\n${c.message}`).toBeLessThanOrEqual(1);
    }
    const faults = exerciseOf("no-forwarding", "00").checks.find((c) => c.title.startsWith("flooding survives"))!;
    expect([count(faults.message!, "seed"), count(faults.message!, "replay")]).toEqual([1, 1]);
  });

  it("replays that line: one run of the smallest schedule, each check's verdict on it, and the run's data", () => {
    expect(replayed.schedule?.faults).toEqual([]);
    expect(replayed.checks.map((c) => c.passed)).toEqual([false]);
    expect(replayed.error).toBeUndefined();
    expect(Object.keys(replayed.data as object)).toContain("known");
  });

  it("costs a hang only the check it happened in, and names it", () => {
    const result = exerciseOf("hangs-in-one-scenario", "00");
    const hung = result.checks.filter((c) => !c.passed);
    expect(hung.map((c) => c.status)).toEqual(["timeout"]);
    expect(hung[0].message).toMatch(/timed out after 8 s on seed \d+ .*scenario "faults"/);
    expect(result.points).toBe(result.max - result.checks.find((c) => !c.passed)!.max);
  });

  it("fails a check whose runs return too much data with the size and the limit, and only that check", () => {
    const result = exerciseOf("floods-its-data", "00");
    const flooded = result.checks.filter((c) => !c.passed);
    expect(flooded.map((c) => c.status)).toEqual(["failed"]);
    expect(flooded[0].message).toMatch(/this run returned more than 8\.0 MB of data, limit 8 MB per run.*\n  seed: \d+ \(scenario "faults"/);
    expect(result.points).toBe(result.max - flooded[0].max);
  });

  it("fails code that behaves differently on the same seed, naming what differed", () => {
    const flagged = exerciseOf("state-across-runs", "03").checks.filter((c) => c.status === "nondeterministic");
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged[0].message).toMatch(/your code behaves differently on the same seed: scenario "[\w-]+", seed \d+ gave different data the second time \(.+ vs .+\)/);
  });

  it("tells code that calls Math.random what to use instead", () => {
    const result = exerciseOf("math-random", "00");
    expect(result.points).toBe(0);
    expect(result.checks[0].message).toMatch(/Math\.random\(\) is not seeded.*this\.random/);
  });
});

describe("referee helpers", () => {
  it("write RFC 4180 CSV: quotes doubled, fields with commas, quotes or line breaks quoted, CRLF", () => {
    expect(csvField(`o"brien`)).toBe(`"o""brien"`);
    expect(csvField("a,b")).toBe(`"a,b"`);
    expect(csvField("two\nlines")).toBe(`"two\nlines"`);
    expect(csvField("plain")).toBe("plain");
    expect(csvRows([["a", 1], ["b,c", 2]])).toBe(`a,1\r\n"b,c",2\r\n`);
  });

  it("write a student name a spreadsheet would run as a formula as text, and leave negative numbers alone", () => {
    expect(csvField("=HYPERLINK(\"http://x\",\"y\")")).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@sum")).toBe("'@sum");
    expect(csvField(-3)).toBe("-3");
  });

  it("take the seed to replay from a verifyAll's failure, and leave its message as the grader wrote it", () => {
    const check = { title: "t", points: 2, scenario: "s", verifyAll: () => expectThat(false, "too many", 7) };
    expect(verifyRuns(check, [{ seed: 3, data: {} }, { seed: 7, data: {} }])).toMatchObject({ passed: false, seed: 7, message: "too many" });
    expect(verifyRuns({ ...check, verifyAll: () => expectThat(false, "too many") }, [{ seed: 3, data: {} }]).seed).toBeUndefined();
  });

  it("leave the seed and replay lines to the referee: no grader writes its own", () => {
    const graders = fs.readdirSync(path.join(ROOT, "test/graders")).filter((f) => f.endsWith(".ts"));
    expect(graders.length).toBeGreaterThan(10);
    for (const f of graders) {
      const text = fs.readFileSync(path.join(ROOT, "test/graders", f), "utf8");
      expect(text, `test/graders/${f} writes a seed: or replay: line; the referee adds both (tools/grading/referee.ts)`).not.toMatch(/\\n\s*(seed|replay): |replay\("\d\d"/);
    }
  });

  it("shrink a schedule by dropping faults, halving spans and the scenario's own variants", () => {
    const scenario = { shrink: (s: { n: number }) => [{ ...s, n: s.n - 1 }] } as unknown as Scenario;
    const schedule = { n: 5, faults: [{ kind: "crash", node: "a", at: 3 }, { kind: "partition", from: 100, to: 300 }] };
    expect(shrinkCandidates(schedule, scenario)).toEqual([
      { n: 5, faults: [schedule.faults[1]] },
      { n: 5, faults: [schedule.faults[0]] },
      { n: 5, faults: [schedule.faults[0], { kind: "partition", from: 100, to: 200 }] },
      { n: 4, faults: schedule.faults },
    ]);
  });

  it("compare data by value, and say where two runs first differ", () => {
    expect(digest({ a: [1, "x"], b: new Uint8Array([1, 2]) })).toBe(digest({ a: [1, "x"], b: new Uint8Array([1, 2]) }));
    expect(digest({ a: [1, "x"] })).not.toBe(digest({ a: [1, "y"] }));
    expect(firstDifference({ trace: [{ time: 1 }, { time: 340 }] }, { trace: [{ time: 1 }, { time: 352 }] })).toBe("trace[1].time: 340 vs 352");
  });
});
