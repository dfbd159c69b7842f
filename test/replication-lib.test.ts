// lib/replication beyond the linearizability checker: consistency models, session anomalies,
// split brain, quorum closed forms, CRDT laws, gossip and anti-entropy, value flow.
import { describe, expect, test } from "vitest";
import { Random, Simulation, latency } from "../lib";
import { summarize } from "../lib/stats";
import {
  AntiEntropyReplica, AsyncFollower, AsyncPrimary, FailoverReplica, HistoryRecorder, ScriptedClient, checkCausal, checkEventual,
  checkLaws, checkLinearizability, checkSequential, crdts, gCounter, gossipRounds, kthFastestMean, lwwRegister, orSet, pnCounter,
  quorumAvailability, quorumsIntersect, pushGossipExpectedRounds, gossipRoundsTheory, randomStates, registerModel, sessionAnomalies, staleReadProbability,
  historyTimelineFigure, type CrdtKind, type RegisterInput, type History,
} from "../lib/replication";
import { registerFlow } from "../lib/replication/value-flow";
import type { TraceEvent } from "../lib/sim/trace";

type H = History<RegisterInput, unknown>;
const w = (client: string, value: number, call: number, ret: number) => ({ client, input: { op: "write" as const, value }, output: "ok", call, return: ret });
const r = (client: string, value: number | null, call: number, ret: number) => ({ client, input: { op: "read" as const }, output: value as unknown, call, return: ret });

describe("consistency models", () => {
  const stale: H = [w("a", 1, 0, 10), r("b", null, 20, 30)];
  const crossed: H = [w("a", 1, 0, 10), w("b", 2, 0, 10), r("c", 1, 20, 30), r("c", 2, 40, 50), r("d", 2, 20, 30), r("d", 1, 40, 50)];
  const backwards: H = [w("a", 1, 0, 10), r("b", 1, 20, 30), r("b", null, 40, 50)];

  test("a stale read after a completed write: sequential, not linearizable", () => {
    expect(checkLinearizability(stale, registerModel).ok).toBe(false);
    expect(checkSequential(stale, registerModel)).toEqual({ ok: true, order: [1, 0] });
  });

  test("two clients see two concurrent writes in opposite orders: causal, not sequential", () => {
    expect(checkSequential(crossed, registerModel).ok).toBe(false);
    expect(checkCausal(crossed).ok).toBe(true);
  });

  test("a client reads a value, then the value before it: not causal, yet eventual", () => {
    expect(checkCausal(backwards).ok).toBe(false);
    expect(checkEventual([...backwards, r("b", 1, 200, 210), r("a", 1, 200, 210)], 100).ok).toBe(true);
    expect(checkEventual([...backwards, r("b", 1, 200, 210), r("a", null, 200, 210)], 100).ok).toBe(false);
  });

  test("a read of a value never written is not even causal", () => {
    expect(checkCausal([w("a", 1, 0, 10), r("b", 7, 20, 30)]).message).toMatch(/no write wrote/);
  });
});

describe("asynchronous replication", () => {
  function run(seed: number) {
    const sim = new Simulation({ seed, network: { latency: latency.constant(1) } });
    sim.add("p", () => new AsyncPrimary({ followers: ["f1"] }));
    sim.add("f1", () => new AsyncFollower());
    sim.network.setLink("p", "f1", { latency: latency.exponential(50) }, { oneWay: true });
    const recorder = new HistoryRecorder<RegisterInput<number>, unknown>(() => sim.now);
    const script = [];
    for (let v = 1; v <= 10; v++) script.push({ op: "write" as const, value: v, to: "p" }, { op: "read" as const, to: "f1" }, { op: "read" as const, to: v % 2 ? "p" : "f1" });
    sim.add("alice", new ScriptedClient({ recorder, script }));
    sim.run({ until: 10_000 });
    return recorder.history();
  }
  test("a follower serves stale reads; the anomalies are named; the history is not linearizable", () => {
    const h = run(1);
    const anomalies = sessionAnomalies(h);
    const kinds = new Set(anomalies.map((a) => a.kind));
    expect(kinds).toEqual(new Set(["stale", "read-your-writes", "monotonic-reads"]));
    expect(checkLinearizability(h, registerModel).ok).toBe(false);
    for (const a of anomalies) expect(a.got === null || a.got < a.expectedAtLeast).toBe(true);
  });
});

describe("split brain", () => {
  test("a partition makes two primaries; the checker finds the violation", () => {
    const sim = new Simulation({ seed: 3, network: { latency: latency.normal(10, 2) } });
    sim.add("p", () => new FailoverReplica({ peer: "b", primary: true }));
    sim.add("b", () => new FailoverReplica({ peer: "p", primary: false }));
    const recorder = new HistoryRecorder<RegisterInput<number>, unknown>(() => sim.now);
    const steps = (base: number) => Array.from({ length: 8 }, (_, i) => [{ op: "write" as const, value: base + i, think: 100 }, { op: "read" as const, think: 100 }]).flat();
    sim.add("c1", new ScriptedClient({ recorder, script: steps(100), targets: ["p", "b"] }));
    sim.add("c2", new ScriptedClient({ recorder, script: steps(200), targets: ["p", "b"], startAt: 50 }));
    sim.partition(["p", "c1"], ["b", "c2"], { at: 600, until: 5_000 });
    sim.run({ until: 6_000 });
    expect(sim.node<FailoverReplica>("p").primary && sim.node<FailoverReplica>("b").primary).toBe(true);
    const result = checkLinearizability(recorder.history(), registerModel);
    expect(result.ok).toBe(false);
    expect(result.failure!.message).toMatch(/cannot take effect/);
    expect(historyTimelineFigure(recorder.history(), { result }).data.length).toBeGreaterThan(2);
  });
});

describe("quorum closed forms", () => {
  test("stale-read probability matches counting all read and write quorums", () => {
    for (const [n, rr, ww] of [[5, 2, 2], [5, 1, 3], [3, 1, 1], [5, 3, 3]]) {
      let misses = 0;
      let total = 0;
      const subsets = (k: number) => Array.from({ length: 1 << n }, (_, m) => m).filter((m) => m.toString(2).split("1").length - 1 === k);
      for (const wq of subsets(ww)) for (const rq of subsets(rr)) {
        total++;
        if ((wq & rq) === 0) misses++;
      }
      expect(staleReadProbability(n, rr, ww)).toBeCloseTo(misses / total, 12);
      expect(quorumsIntersect(n, rr, ww)).toBe(misses === 0);
    }
    expect(() => staleReadProbability(5, 6, 1)).toThrow(/r must be an integer in 1..n/);
  });

  test("availability is the binomial tail; the k-th fastest reply is the order statistic", () => {
    expect(quorumAvailability(3, 2, 0.9)).toBeCloseTo(0.9 ** 3 + 3 * 0.9 ** 2 * 0.1, 12);
    const random = new Random(5);
    const samples = Array.from({ length: 20_000 }, () => Array.from({ length: 5 }, () => random.exponential(20)).sort((a, b) => a - b)[2]);
    const { mean, stderr: se } = summarize(samples);
    expect(Math.abs(mean - kthFastestMean(3, 5, 20))).toBeLessThan(4 * se);
  });
});

describe("CRDTs", () => {
  test.each(["gCounter", "pnCounter", "lwwRegister", "orSet"] as CrdtKind[])("%s: merge is commutative, associative, idempotent on random states", (kind) => {
    const states = randomStates(kind, new Random(kind), 25);
    expect(checkLaws(crdts[kind], states)).toEqual({ commutative: true, associative: true, idempotent: true });
  });

  test("a merge that adds counts instead of taking the maximum is caught (not idempotent)", () => {
    const adding = { ...gCounter, name: "adding counter", merge: (a: Record<string, number>, b: Record<string, number>) => {
      const out = { ...a };
      for (const k of Object.keys(b)) out[k] = (out[k] ?? 0) + b[k];
      return out;
    } };
    const report = checkLaws(adding, randomStates("gCounter", new Random(1), 10) as Array<Record<string, number>>);
    expect(report.idempotent).toBe(false);
    expect(report.counterexample).toMatch(/adding counter is not idempotent/);
  });

  test("values: counters sum, LWW keeps the newest, the OR-set's add wins over a concurrent remove", () => {
    expect(pnCounter.value(pnCounter.decrement(pnCounter.increment(pnCounter.empty(), "a", 5), "b", 2))).toBe(3);
    expect(lwwRegister.value(lwwRegister.merge(lwwRegister.set(lwwRegister.empty(), 2, "a", "x"), lwwRegister.set(lwwRegister.empty(), 2, "b", "y")))).toBe("y");
    const base = orSet.add(orSet.empty(), "a", "milk");
    const removed = orSet.remove(base, "milk");
    const readded = orSet.add(base, "b", "milk");
    expect(orSet.value(removed)).toEqual([]);
    expect(orSet.value(orSet.merge(removed, readded))).toEqual(["milk"]);
    expect(() => gCounter.increment(gCounter.empty(), "a", -1)).toThrow(/≥ 0/);
  });
});

describe("gossip and anti-entropy", () => {
  test("push-pull needs no more rounds than push; both grow like log n", () => {
    const random = new Random(9);
    const mean = (n: number, mode: "push" | "push-pull") => Array.from({ length: 40 }, () => gossipRounds(n, random, mode)).reduce((s, x) => s + x, 0) / 40;
    const push64 = mean(64, "push");
    const push1024 = mean(1024, "push");
    expect(mean(1024, "push-pull")).toBeLessThan(push1024);
    expect(push1024 - push64).toBeGreaterThan(4 + 2.7 - 2);
    expect(push1024 - push64).toBeLessThan(4 + 2.7 + 2);
  });

  test("push gossip's exact expectation: 7/3 rounds for 3 nodes, and the simulation agrees for 64", () => {
    expect(pushGossipExpectedRounds(3)).toBeCloseTo(7 / 3, 12);
    const random = new Random(4);
    const { mean, stderr: se } = summarize(Array.from({ length: 400 }, () => gossipRounds(64, random)));
    expect(Math.abs(mean - pushGossipExpectedRounds(64))).toBeLessThan(4 * se);
    expect(pushGossipExpectedRounds(256) - gossipRoundsTheory(256)).toBeLessThan(1.5);
  });

  test("replicas diverge during a partition and converge after it heals", () => {
    const sim = new Simulation({ seed: 2, network: { latency: latency.normal(10, 3), loss: 0.1 } });
    const ids = ["r1", "r2", "r3", "r4"];
    const replicas = ids.map((id) => sim.add(id, () => new AntiEntropyReplica({ crdt: gCounter, periodMs: 50 })));
    sim.partition(["r1", "r2"], ["r3", "r4"], { at: 0, until: 2_000 });
    for (let i = 0; i < 20; i++) {
      const target = replicas[i % 3];
      sim.at(100 + i * 50, () => target.update((s) => gCounter.increment(s, target.id)));
    }
    sim.run({ until: 1_900 });
    expect(new Set(replicas.map((x) => x.value)).size).toBeGreaterThan(1);
    sim.run({ until: 4_000 });
    expect(replicas.map((x) => x.value)).toEqual([20, 20, 20, 20]);
  });
});

describe("value flow (registerFlow): values go through the replicas, as messages", () => {
  const replicas = ["r1", "r2", "r3"];
  let id = 0;
  /** A message from `from` to `to`, sent at `at` and delivered at `at + 1`. */
  const message = (from: string, to: string, at: number): TraceEvent[] => {
    id++;
    return [
      { kind: "send", time: at, id, from, to, msg: null },
      { kind: "deliver", time: at + 1, id, from, to, msg: null, sentAt: at },
    ];
  };
  // a writes 1 at t=0 and stores it at r1 and r2 (a majority) by t=3; b reads at 10 from r2.
  const stored = [...message("a", "r1", 1), ...message("a", "r2", 2)];
  const readFromR2 = [...message("b", "r2", 11), ...message("r2", "b", 12)];

  test("a write stored at a majority, and a read whose value came by messages: no problem", () => {
    const trace = [...stored, ...readFromR2].sort((x, y) => x.time - y.time);
    expect(registerFlow(trace, [w("a", 1, 0, 5), r("b", 1, 10, 13)], replicas)).toEqual([]);
  });

  test("a read whose value no message brought is named, with the write it claims", () => {
    const problems = registerFlow(stored, [w("a", 1, 0, 5), r("b", 1, 10, 13)], replicas);
    expect(problems).toEqual(["b's read (called at 10 ms, returned at 13 ms) returned 1, but no chain of messages from a's write of 1 (called at 0 ms, returned at 5 ms) had reached b"]);
  });

  test("a write that returned before a majority had heard of it is named; a read of the initial value needs nothing", () => {
    const problems = registerFlow(message("a", "r1", 1), [w("a", 1, 0, 5), r("b", null, 10, 13)], replicas);
    expect(problems).toEqual(["a's write of 1 (called at 0 ms, returned at 5 ms) returned when only 1 of the 3 replicas had heard of it (a majority is 2)"]);
  });

  test("knowledge travels with a message only if its sender had it when sending", () => {
    // r2 sends to b at t=0, before a's write reaches it: that message carries nothing of the write.
    const early = [...message("r2", "b", 0), ...stored].sort((x, y) => x.time - y.time);
    expect(registerFlow(early, [w("a", 1, 0, 5), r("b", 1, 10, 13)], replicas)).toHaveLength(1);
  });
});
