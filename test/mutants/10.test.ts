// Exercise 10's grader, proven in process (runChecksInProcess): the reference solution and an
// unusual correct answer get full marks, the stub gets zero, and each mutant (one missing piece
// each: the lease, the epoch check, request ids, state transfer) loses most of the points.
// The mutants are patches of the solution (test/mutants/patches.ts materializes them); the
// alternative is a program of its own (test/mutants/10/alternative.ts).
// Runs are plain, deterministic data, so each (implementation, scenario, seed) is simulated once
// and shared by the checks that read it.
import { describe, expect, it } from "vitest";
import { runChecksInProcess, type CheckOutcome, type ExerciseScenarios } from "../../lib";
import { scenarios, type CapstoneImpl } from "../../lib/capstone";
import grader from "../graders/10-primary-backup.grader";
import { materialize, mutantsOf } from "./patches";
import { pristineStub } from "./pristine";
import * as solution from "../../solutions/10-primary-backup";
import * as alternative from "./10/alternative";

const MUTANTS = ["no-lease", "no-epoch-check", "no-request-ids", "no-state-transfer", "no-servers"];

/** The exercise's scenarios with each run remembered (same seed and schedule: same data). */
function remembered(): ExerciseScenarios<CapstoneImpl> {
  const cache = new Map<string, unknown>();
  const wrapped: ExerciseScenarios<CapstoneImpl> = { exercise: scenarios.exercise, scenarios: {} };
  for (const [name, scenario] of Object.entries(scenarios.scenarios)) {
    wrapped.scenarios[name] = {
      ...scenario,
      run: (impl, seed, schedule) => {
        const key = `${name}/${seed}/${JSON.stringify(schedule)}`;
        if (!cache.has(key)) cache.set(key, scenario.run(impl, seed, schedule));
        return cache.get(key);
      },
    };
  }
  return wrapped;
}

function grade(impl: unknown): { total: number; max: number; results: CheckOutcome[] } {
  const results = runChecksInProcess(grader, remembered(), impl);
  return { total: results.reduce((s, r) => s + r.points, 0), max: results.reduce((s, r) => s + r.max, 0), results };
}

const failures = (results: CheckOutcome[]) => results.filter((r) => !r.passed).map((r) => `${r.title}: ${r.message}`).join("\n\n");

describe("exercise 10 grader", () => {
  it("gives the reference solution full marks", () => {
    const { total, max, results } = grade(solution);
    expect(max).toBe(100);
    expect(total, failures(results)).toBe(max);
  }, 120_000);

  it("gives an unusual correct answer full marks (batched forwards, restarts that give up their role, an impatient client)", () => {
    const { total, max, results } = grade(alternative);
    expect(total, failures(results)).toBe(max);
  }, 120_000);

  it("gives the unfinished stub zero, each check saying it is not implemented", async () => {
    const { total, results } = grade((await import(await pristineStub("10-primary-backup"))) as CapstoneImpl);
    expect(total).toBe(0);
    for (const r of results) expect(r.message).toMatch(/not done yet|NotImplemented/);
  });

  it("proves every mutant in test/mutants/10", () => {
    expect(mutantsOf("10").map((m) => m.name).sort()).toEqual(["alternative", ...MUTANTS].sort());
  });

  it("gives a client that answers without asking any server nothing: every check asks that a server answered", async () => {
    const { total, results } = grade(await import(materialize("10", "no-servers")));
    expect(total).toBe(0);
    for (const r of results) expect(r.message).toMatch(/no server sent c\d a reply/);
  }, 120_000);

  for (const name of MUTANTS) {
    it(`takes most of the points from the mutant without ${name.replace(/^no-/, "").replace(/-/g, " ")}`, async () => {
      const { total, results } = grade(await import(materialize("10", name)));
      expect(total, results.map((r) => `${r.passed ? "✓" : "✗"} ${r.points}/${r.max} ${r.title}`).join("\n")).toBeLessThanOrEqual(40);
    }, 120_000);
  }
});
