import { describe, expect, test } from "vitest";
import { Node, Simulation } from "../lib";
import {
  LoadBalancer, PoissonClient, PrimaryOnlyClient, QueueServer, RandomReplicaClient,
  atLeastKOfN, binomialCoefficient, crashRestartSchedule, erlangC, majority, mergeOutages, mm1ResponseTime,
  mmcResponseTime, nodeAvailability, outagesFromTrace, randomSplitResponseTime, replicaScenario, runReplicas,
  shareOfTimeUp, upCounts, type BalancingPolicy,
} from "../lib/queueing";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("closed forms", () => {
  test("M/M/1, random split and M/M/c agree where they must", () => {
    expect(mm1ResponseTime(50, 100)).toBeCloseTo(0.02, 12);
    expect(mm1ResponseTime(100, 100)).toBe(Infinity);
    expect(randomSplitResponseTime(200, 100, 4)).toBeCloseTo(1 / 50, 12);
    expect(mmcResponseTime(70, 100, 1)).toBeCloseTo(mm1ResponseTime(70, 100), 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    // M/M/2 with A = 1: C = 1/3, W = (1/3)/(200 − 100) + 1/100
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(mmcResponseTime(100, 100, 2)).toBeCloseTo(1 / 300 + 1 / 100, 12);
    expect(mmcResponseTime(300, 100, 4)).toBeLessThan(mm1ResponseTime(300 / 4, 100));
  });

  test("availability: a = MTTF/(MTTF+MTTR) and the binomial tail", () => {
    expect(nodeAvailability(9, 1)).toBe(0.9);
    expect(binomialCoefficient(5, 2)).toBe(10);
    expect(binomialCoefficient(7, 0)).toBe(1);
    expect(binomialCoefficient(3, 4)).toBe(0);
    for (const n of [1, 2, 3, 5, 7]) {
      expect(atLeastKOfN(1, n, 0.8)).toBeCloseTo(1 - Math.pow(0.2, n), 12);
      expect(atLeastKOfN(0, n, 0.3)).toBeCloseTo(1, 12);
      expect(atLeastKOfN(n, n, 0.8)).toBeCloseTo(Math.pow(0.8, n), 12);
    }
    expect(atLeastKOfN(2, 3, 0.9)).toBeCloseTo(3 * 0.81 * 0.1 + 0.729, 12);
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });
});

describe("QueueServer and PoissonClient", () => {
  test("an M/M/1 run matches W = 1/(μ − λ) and ρ = λ/μ", () => {
    const sim = new Simulation({ seed: 4, network: { latency: 0 }, trace: false });
    const server = sim.add("s", () => new QueueServer({ serviceRate: 100 }));
    const client = sim.add("c", () => new PoissonClient({ target: "s", rate: 50, stopAt: 200_000, warmup: 1_000 }));
    sim.run({ until: 210_000 });
    expect(client.answered).toBe(client.sent);
    expect(Math.abs(client.sent / 200 - 50)).toBeLessThan(2);
    expect(mean(client.latencies) / 20).toBeGreaterThan(0.93);
    expect(mean(client.latencies) / 20).toBeLessThan(1.07);
    expect(server.busyMs / 200_000).toBeCloseTo(0.5, 1);
    expect(mean(server.sojournMs)).toBeCloseTo(mean(client.latencies), 0);
  });

  test("workers share one queue; a crash loses what was queued", () => {
    const sim = new Simulation({ seed: 1, network: { latency: 1 } });
    sim.add("s", () => new QueueServer({ serviceRate: 10, workers: 2 }));
    const client = sim.add("c", () => new PoissonClient({ target: "s", rate: 40, stopAt: 2_000 }));
    sim.crash("s", { at: 1_000 });
    sim.run({ until: 5_000 });
    expect(client.answered).toBeLessThan(client.sent);
    expect(() => new QueueServer({ serviceRate: 0 })).toThrow(/serviceRate/);
    expect(() => new QueueServer({ serviceRate: 1, workers: 1.5 })).toThrow(/workers/);
  });
});

describe("LoadBalancer", () => {
  function balanced(policy: BalancingPolicy, seed = 1) {
    const sim = new Simulation({ seed, network: { latency: 0 }, trace: false });
    const backends = ["s1", "s2", "s3", "s4"];
    for (const b of backends) sim.add(b, () => new QueueServer({ serviceRate: 100 }));
    const lb = sim.add("lb", () => new LoadBalancer({ backends, policy }));
    const client = sim.add("c", () => new PoissonClient({ target: "lb", rate: 320, stopAt: 30_000, warmup: 1_000 }));
    sim.run({ until: 35_000 });
    return { lb, client };
  }

  test("round-robin forwards equal counts; every reply reaches the client", () => {
    const { lb, client } = balanced("round-robin");
    const counts = Object.values(lb.forwarded);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(client.answered).toBe(client.sent);
  });

  test("random routing matches n × M/M/1; join-shortest-queue beats it and stays above M/M/n", () => {
    const random = mean(balanced("random").client.latencies);
    const jsq = mean(balanced("jsq").client.latencies);
    const theory = 1000 * randomSplitResponseTime(320, 100, 4);
    expect(Math.abs(random / theory - 1)).toBeLessThan(0.15);
    expect(jsq).toBeLessThan(0.6 * random);
    expect(jsq).toBeGreaterThan(1000 * mmcResponseTime(320, 100, 4) * 0.95);
  });
});

describe("failure schedules", () => {
  test("mergeOutages, upCounts and shareOfTimeUp on a hand-made schedule", () => {
    expect(mergeOutages([{ from: 0, to: 5 }, { from: 10, to: 12 }], [{ from: 4, to: 8 }])).toEqual([{ from: 0, to: 8 }, { from: 10, to: 12 }]);
    const outages = { a: [{ from: 10, to: 30 }], b: [{ from: 20, to: 40 }] };
    expect(upCounts(outages, 100)).toEqual({ time: [0, 10, 20, 30, 40], up: [2, 1, 0, 1, 2] });
    expect(shareOfTimeUp(outages, 1, 100)).toBeCloseTo(0.9, 12);
    expect(shareOfTimeUp(outages, 2, 100)).toBeCloseTo(0.7, 12);
    expect(shareOfTimeUp(outages, 2, 100, 50)).toBe(1);
  });

  test("crash-restart schedules reach a = MTTF/(MTTF+MTTR); the trace shows exactly the schedule", () => {
    class Idle extends Node {}
    const ids = ["a", "b", "c"];
    const sim = new Simulation({ seed: 3 });
    for (const id of ids) sim.add(id, () => new Idle());
    const until = 3_000_000;
    const scheduled = crashRestartSchedule(sim, ids, { mttf: 900, mttr: 100, until });
    sim.run({ until });
    const seen = outagesFromTrace(sim.trace, ids, until);
    for (const id of ids) {
      expect(seen[id].length).toBe(scheduled[id].filter((o) => o.from < until).length);
      expect(Math.abs(shareOfTimeUp({ [id]: seen[id] }, 1, until) - 0.9)).toBeLessThan(0.01);
    }
    expect(Math.abs(shareOfTimeUp(seen, 1, until) / atLeastKOfN(1, 3, 0.9) - 1)).toBeLessThan(0.002);
  });

  test("a shared cause takes every node down at once", () => {
    class Idle extends Node {}
    const sim = new Simulation({ seed: 5 });
    for (const id of ["a", "b"]) sim.add(id, () => new Idle());
    const until = 2_000_000;
    const outages = crashRestartSchedule(sim, ["a", "b"], { mttf: 1e12, mttr: 1, until, shared: { mttf: 9_000, mttr: 1_000 } });
    sim.run({ until });
    expect(outages.a).toEqual(outages.b);
    expect(Math.abs(shareOfTimeUp(outagesFromTrace(sim.trace, ["a", "b"], until), 1, until) - 0.9)).toBeLessThan(0.02);
  });
});

describe("replica harness", () => {
  test("scenarios are deterministic per seed and measured from the trace", () => {
    const one = runReplicas((o) => new RandomReplicaClient(o), replicaScenario("crashes", 3));
    const two = runReplicas((o) => new RandomReplicaClient(o), replicaScenario("crashes", 3));
    expect(one.successRate).toBe(two.successRate);
    expect(one.attempts).toBe(one.scenario.requests);
    expect(one.attemptsToDead).toBeGreaterThan(0);
  });

  test("without failover a request is only as available as one replica", () => {
    const rates = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const s = replicaScenario("crashes", seed);
      const r = runReplicas((o) => new RandomReplicaClient(o), s);
      return { got: r.successRate, a: nodeAvailability(s.failures!.mttf, s.failures!.mttr) };
    });
    expect(Math.abs(mean(rates.map((x) => x.got)) - mean(rates.map((x) => x.a)))).toBeLessThan(0.06);
  });

  test("a primary-only client puts all load on r1 and loses every request once it dies", () => {
    const r = runReplicas((o) => new PrimaryOnlyClient(o), replicaScenario("steady", 1));
    expect(r.attemptsTo.r1).toBe(r.scenario.requests);
    expect(r.successRate).toBe(1);
    const down = runReplicas((o) => new PrimaryOnlyClient(o), replicaScenario("all-down", 1));
    const during = down.submittedAt.map((t, i) => (t > 3_000 && t < 4_000 ? down.latency[i] : 0)).filter((l) => l === undefined);
    expect(during.length).toBeGreaterThan(20);
  });
});
