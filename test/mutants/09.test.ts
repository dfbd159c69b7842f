// Exercise 09's grader, run in process (lib/grading/run-checks.ts): the solution and an unusual
// correct answer earn full marks, the stub nothing, the chapter's central mistakes (test/mutants/09) well
// under half, two narrower mistakes (a volatile replica, waiting for every replica) the check they break,
// and a cheat that answers from a private replay of the workload nothing.
// The mutants are patches of the solution (test/mutants/patches.ts materializes them).
import { describe, expect, test } from "vitest";
import { runChecksInProcess, type CheckOutcome } from "../../lib/grading/run-checks";
import { scenarios } from "../../lib/replication/scenarios";
import grader from "../graders/09-abd-register.grader";
import { materialize, mutantsOf } from "./patches";
import { pristineStub } from "./pristine";

const score = (results: CheckOutcome[]) => results.reduce((sum, r) => sum + r.points, 0);
const max = grader.checks.reduce((sum, c) => sum + c.points, 0);
const grade = async (module: string) => runChecksInProcess(grader, scenarios, await import(module));
const mutant = (name: string) => grade(materialize("09", name));
const CENTRAL = ["no-write-back", "minority-quorum", "no-tie-break", "local-counter", "last-store-wins"];
const NARROW = ["volatile-replica", "all-acks"];
const failures = (results: CheckOutcome[]) => results.filter((r) => !r.passed).map((r) => `${r.title}: ${r.message}`);

describe("grader 09 (ABD register)", () => {
  test.each(["../../solutions/09-abd-register", "alternative-fast-read"])("%s earns full marks", async (module) => {
    const results = await (module.startsWith("../") ? grade(module) : mutant(module));
    expect(failures(results)).toEqual([]);
    expect(score(results)).toBe(max);
  });

  test("the stub earns nothing, every check saying what is not implemented", async () => {
    const results = await grade(await pristineStub("09-abd-register"));
    expect(score(results)).toBe(0);
    for (const r of results) expect(r.message).toMatch(/not done yet: implement/);
  });

  test("every mutant in test/mutants/09 is proven here", () => {
    expect(mutantsOf("09").map((m) => m.name).sort()).toEqual(["alternative-fast-read", "prophet", ...CENTRAL, ...NARROW].sort());
  });

  test("the prophet (no replica, no message: each client replays the seed's workload privately) earns nothing", async () => {
    const results = await mutant("prophet");
    expect(score(results)).toBe(0);
    for (const r of results) expect(r.message).toMatch(/expected every value to go through the replicas/);
  });

  test.each(CENTRAL)("mutant %s loses most points", async (name) => {
    const results = await mutant(name);
    expect(score(results)).toBeLessThanOrEqual(max / 3);
    const failed = results.find((r) => !r.passed)!;
    expect(failed.message).toMatch(/^expected .*; actual: /s);
    expect(failed.seed).toEqual(expect.any(Number));
  });

  test("mutant volatile-replica (its copy lost in a crash) fails linearizability under faults", async () => {
    const results = await mutant("volatile-replica");
    expect(results.filter((r) => !r.passed).map((r) => r.title)).toEqual([grader.checks[1].title]);
  });

  test("mutant all-acks (each phase waits for every replica) is safe but loses the liveness points", async () => {
    const results = await mutant("all-acks");
    expect(results.filter((r) => !r.passed).map((r) => r.title)).toEqual(["every operation completes while a majority is reachable"]);
    const failed = results.find((r) => !r.passed)!;
    expect(failed.message).toMatch(/^expected every operation to complete /);
    expect(failed.seed).toBeGreaterThanOrEqual(200);
  });
});
