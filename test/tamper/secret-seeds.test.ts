// Graded seeds drawn from a secret (tools/grading/secret-seeds.ts): what is replaced and what is
// not, and the instructor's commands: a class run draws a secret and says so, --seed-secret grades
// the same runs again, --public-seeds the kit's own. The reference answers' full marks on seeds
// drawn from a secret are proven in test/grading.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExerciseScenarios, Grader } from "../../lib/grading/scenario";
import type { StudentReport } from "../../tools/grading/report";
import { secretSeed, withSecretSeeds } from "../../tools/grading/secret-seeds";
import { ROOT, runGrade } from "./run-grade";

const SECRET = "a secret of the test, 0123456789";

/** A grader and its scenarios, as the referee loads them (it uses require, which vitest lacks). */
async function load(exercise: string): Promise<{ grader: Grader; scenarios: ExerciseScenarios }> {
  const grader: Grader = (await import(path.join(ROOT, "test/graders", `${exercise}.grader.ts`))).default;
  const { scenarios } = (await import(path.join(ROOT, `${grader.scenarios}.ts`))) as { scenarios: ExerciseScenarios };
  return { grader, scenarios };
}

describe("secret seeds", () => {
  it("are whole numbers below 2^40, the same for the same inputs and different when any input changes", () => {
    const seed = secretSeed(SECRET, "01-replicas", "failover", 3);
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 40).toBe(true);
    expect(secretSeed(SECRET, "01-replicas", "failover", 3)).toBe(seed);
    const others = [
      secretSeed(SECRET + "x", "01-replicas", "failover", 3),
      secretSeed(SECRET, "02-exactly-once", "failover", 3),
      secretSeed(SECRET, "01-replicas", "slow", 3),
      secretSeed(SECRET, "01-replicas", "failover", 4),
    ];
    expect(new Set([seed, ...others]).size).toBe(5);
  });

  it("replace every seed of every scenario but the scripted ones, the checks' own seeds alike, and leave the loaded grader as it was", async () => {
    const loaded = await load("03-phi-accrual");
    const before = JSON.stringify(loaded);
    const { grader, scenarios } = withSecretSeeds(loaded, SECRET);
    expect(JSON.stringify(loaded)).toBe(before);
    const names = Object.keys(scenarios.scenarios);
    const scripted = names.filter((n) => scenarios.scenarios[n].scripted === true);
    expect(scripted.length).toBeGreaterThan(0);
    expect(scripted.length).toBeLessThan(names.length);
    for (const name of names) {
      const publicSeeds = loaded.scenarios.scenarios[name].seeds;
      const graded = scenarios.scenarios[name].seeds;
      if (scripted.includes(name)) expect(graded, name).toEqual(publicSeeds);
      else expect(graded, name).toEqual(publicSeeds.map((s) => secretSeed(SECRET, "03-phi-accrual", name, s)));
      expect(scenarios.scenarios[name].schedule, name).toBe(loaded.scenarios.scenarios[name].schedule);
    }
    // A check with seeds of its own gets them replaced the same way (none of 03's has any: add one).
    const withOwn = { ...loaded, grader: { ...loaded.grader, checks: [{ ...loaded.grader.checks.find((c) => c.scenario === "crash")!, seeds: [2, 5] }] } };
    expect(withSecretSeeds(withOwn, SECRET).grader.checks[0].seeds).toEqual([2, 5].map((s) => secretSeed(SECRET, "03-phi-accrual", "crash", s)));
    expect(grader.checks.length).toBe(loaded.grader.checks.length);
  });
});

// A student of exercise 00 who never forwards: the origin's copies are all there is, so the check
// with message loss fails and names the seed it failed on.
const NO_FORWARDING = `import { Node } from "../lib";
export interface Rumour { type: "rumour"; text: string }
export class FloodNode extends Node<Rumour> {
  private learned: string[] = [];
  spread(text: string): void {
    this.learned.push(text);
    for (const peer of this.peers) this.send(peer, { type: "rumour", text });
  }
  onMessage(_from: string, msg: Rumour): void {
    if (!this.learned.includes(msg.text)) this.learned.push(msg.text);
  }
  known(): string[] {
    return this.learned.slice();
  }
}
`;

describe("grading a class", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secret-seeds-"));
  const classDir = path.join(dir, "class");
  fs.mkdirSync(path.join(classDir, "ann"), { recursive: true });
  fs.writeFileSync(path.join(classDir, "ann", "00-flood.ts"), NO_FORWARDING);
  let publicSeeds: readonly number[];
  const gradeClass = async (extra: string[]) => {
    const out = path.join(dir, `grades-${extra.length}.json`);
    const run = await runGrade(["--submissions", classDir, "--only", "00", "--timeout", "20", "--json", out, ...extra]);
    expect(run.code, run.output).toBe(0);
    const grades = JSON.parse(fs.readFileSync(out, "utf8")) as { seedSecret: string | null; students: StudentReport[] };
    const faults = grades.students[0].exercises[0].checks.find((c) => c.title.startsWith("flooding survives"))!;
    expect(faults.passed, `the student who never forwards passed "${faults.title}"`).toBe(false);
    return { output: run.output, seedSecret: grades.seedSecret, seed: faults.seed!, message: faults.message! };
  };
  let drawn: Awaited<ReturnType<typeof gradeClass>>;
  beforeAll(async () => {
    publicSeeds = (await load("00-flood")).scenarios.scenarios.faults.seeds;
    drawn = await gradeClass([]);
  }, 120_000);

  it("draws a new secret, prints it with the flag that grades the same runs again, and keeps it in the class JSON", () => {
    expect(drawn.seedSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(drawn.output).toContain(`--seed-secret ${drawn.seedSecret}`);
  });

  it("fails the student on a seed drawn from that secret, none of the public ones, and gives its replay line", () => {
    expect(publicSeeds).not.toContain(drawn.seed);
    expect(publicSeeds.map((s) => secretSeed(drawn.seedSecret!, "00-flood", "faults", s))).toContain(drawn.seed);
    expect(drawn.message).toContain(`replay("00", "faults", ${drawn.seed}`);
  });

  it("grades the same runs again with --seed-secret, and the kit's own with --public-seeds", async () => {
    const again = await gradeClass(["--seed-secret", drawn.seedSecret!]);
    expect([again.seedSecret, again.seed, again.message]).toEqual([drawn.seedSecret, drawn.seed, drawn.message]);
    const open = await gradeClass(["--public-seeds"]);
    expect(open.seedSecret).toBeNull();
    expect(publicSeeds).toContain(open.seed);
  }, 120_000);

  it("refuses a short secret, and a secret with --public-seeds, saying why", async () => {
    const short = await runGrade(["--submissions", classDir, "--only", "00", "--seed-secret", "1234"]);
    expect(short.code).toBe(2);
    expect(short.output).toMatch(/--seed-secret must be at least 16 characters/);
    const both = await runGrade(["--submissions", classDir, "--only", "00", "--seed-secret", SECRET, "--public-seeds"]);
    expect(both.code).toBe(2);
    expect(both.output).toMatch(/contradict/);
  });
});
