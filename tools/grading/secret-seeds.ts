/**
 * Graded seeds drawn from a secret, so that no submission can know its runs in advance.
 *
 *   const secret = newSecret();                                  // 32 hex digits of the OS's randomness
 *   secretSeed(secret, "01-replicas", "failover", 3);            // the seed graded in place of public seed 3
 *   const { grader, scenarios } = withSecretSeeds(loadGrader(root, "01-replicas"), secret);
 *
 * Why: a scenario's public seeds are in the kit, and so is the code that turns a seed into a fault
 * schedule and a workload. A submission that found out its seed (by its first random draws,
 * matched against the few public seeds) could look its whole run up, when which node crashes and
 * which links fail, and act on it instead of doing the chapter's work. Under a secret each public
 * seed is replaced by one derived from the secret, the exercise, the scenario and the public seed
 * (40 bits of SHA-256): one secret grades every submission of a class on the same runs, and no
 * submission can know them (a node's random stream does not tell its seed, and 2^40 seeds are far
 * too many to try within an exercise's time budget).
 *
 * Scripted scenarios (`scripted: true`: a pure function called on a table of cases, nothing to
 * foresee) keep their own seeds. Every other scenario takes any seed: the reference answers earn
 * full marks on seeds derived from other secrets (test/grading-secret-seeds.test.ts, and the
 * closing note of the change that added this module for the whole course).
 *
 * A failure message names the seed that was graded and its replay line, which replays in a notebook
 * like any seed. The secret is the instructor's: `npm run grade -- --submissions` and
 * `--gradescope` draw one unless given `--seed-secret` (to grade again on the same runs) or
 * `--public-seeds`; a student's own grading (`--target`) uses the public seeds the notebooks show.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ExerciseScenarios, Grader } from "../../lib/grading/scenario";

/** A new secret: 32 hex digits from the operating system's randomness. */
export function newSecret(): string {
  return randomBytes(16).toString("hex");
}

/** The seed graded in place of public `seed` of `scenario` in `exercise` under `secret`: a whole number below 2^40. */
export function secretSeed(secret: string, exercise: string, scenario: string, seed: number): number {
  const hash = createHash("sha256").update(JSON.stringify([secret, exercise, scenario, seed])).digest();
  return hash.readUIntBE(0, 5);
}

/** A grader and its scenarios with every seed of every unscripted scenario replaced under `secret`. */
export function withSecretSeeds(loaded: { grader: Grader; scenarios: ExerciseScenarios }, secret: string): { grader: Grader; scenarios: ExerciseScenarios } {
  const { grader, scenarios } = loaded;
  const exercise = grader.exercise;
  const mapped = (name: string, seeds: readonly number[]): number[] =>
    scenarios.scenarios[name].scripted === true ? seeds.slice() : seeds.map((seed) => secretSeed(secret, exercise, name, seed));
  return {
    grader: { ...grader, checks: grader.checks.map((check) => (check.seeds === undefined ? check : { ...check, seeds: mapped(check.scenario, check.seeds) })) },
    scenarios: {
      ...scenarios,
      scenarios: Object.fromEntries(Object.entries(scenarios.scenarios).map(([name, scenario]) => [name, { ...scenario, seeds: mapped(name, scenario.seeds) }])),
    },
  };
}
