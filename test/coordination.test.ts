// Unit tests of lib/coordination: the service queue, the central manager's order and results,
// the clients' bookkeeping, sharding, the commuting counter, the closed forms against the
// simulation, and the exercise-07 contract checks (they must catch a client that breaks them).
import { describe, expect, it } from "vitest";
import { Node, Simulation, latency } from "../lib";
import {
  CentralLockManager, CentralManager, CounterAggregator, LockLoopClient, NaiveOpsClient, OpsClient,
  PartialCounter, ServiceQueue, batchingData, batchingProblems, contendedLockPerSec, exactlyOnceProblems,
  md1ResponseMs, mm1ResponseMs, mvaThroughput, opsMetrics, percentile, programOrderProblems, runBatchingScenario,
  runOpsWorkload, shardOf, type CoordOp, type OpsWorkload,
} from "../lib/coordination";

const fifo = { latency: latency.normal(10, 2), fifo: true };

describe("ServiceQueue", () => {
  it("serves jobs one at a time in FIFO order and counts busy time", () => {
    const done: Array<[string, number]> = [];
    class Server extends Node {
      queue = new ServiceQueue(this);
      onStart() {
        this.queue.submit(5, () => done.push(["a", this.now]));
        this.queue.submit(3, () => done.push(["b", this.now]));
        this.setTimer(20, () => this.queue.submit(1, () => done.push(["c", this.now])));
      }
    }
    const sim = new Simulation({ seed: 1 });
    const server = sim.add("s", new Server());
    sim.run();
    expect(done).toEqual([["a", 5], ["b", 8], ["c", 21]]);
    expect(server.queue.busyMs).toBe(9);
    expect(server.queue.maxLength).toBe(2);
  });
});

describe("CentralManager and clients", () => {
  it("applies every op once in one total order, and clients get the manager's results", () => {
    const run = runOpsWorkload({ seed: 3, clients: 4, ratePerSec: 50, client: (w) => new NaiveOpsClient(w), network: fifo, durationMs: 2_000, drainMs: 500 });
    const applied = run.managers[0].applied;
    expect(applied.map((a) => a.seq)).toEqual(applied.map((_, i) => i + 1));
    const issued = run.clients.reduce((s, c) => s + c.issued.length, 0);
    expect(applied.length).toBe(issued);
    expect(batchingProblems(batchingData(run, 32))).toEqual([]);
    // values are running sums per key
    const sums = new Map<string, number>();
    for (const a of applied) {
      sums.set(a.key, (sums.get(a.key) ?? 0) + a.add);
      expect(a.value).toBe(sums.get(a.key));
    }
    expect(Array.from(run.managers[0].counters.entries()).sort()).toEqual(Array.from(sums.entries()).sort());
  });

  it("throws on a batch larger than maxBatch", () => {
    class Greedy extends OpsClient {
      private buffer: CoordOp[] = [];
      protected submit(op: CoordOp) {
        this.buffer.push(op);
        if (this.buffer.length === 5) this.send("manager", { type: "ops", batch: 1, ops: this.buffer.splice(0) });
      }
    }
    expect(() => runOpsWorkload({ seed: 1, clients: 1, ratePerSec: 100, client: (w) => new Greedy(w), manager: { maxBatch: 4 }, durationMs: 1_000 }))
      .toThrow(/maxBatch = 4/);
  });

  it("a closed-loop client keeps exactly `outstanding` ops unfinished", () => {
    const run = runOpsWorkload({ seed: 2, clients: 2, outstanding: 3, client: (w) => new NaiveOpsClient(w), network: fifo, durationMs: 1_000 });
    for (const c of run.clients) expect(c.pendingCount).toBeLessThanOrEqual(3);
    expect(run.metrics.completed).toBeGreaterThan(100);
  });

  it("rejects a workload with both or neither of ratePerSec and outstanding", () => {
    expect(() => new NaiveOpsClient({ managers: ["m"] })).toThrow(/exactly one of ratePerSec/);
    expect(() => new NaiveOpsClient({ managers: ["m"], ratePerSec: 1, outstanding: 1 })).toThrow(/exactly one of ratePerSec/);
  });

  it("the same seed gives the same run", () => {
    const a = runOpsWorkload({ seed: 9, clients: 3, ratePerSec: 80, client: (w) => new NaiveOpsClient(w), durationMs: 1_000 });
    const b = runOpsWorkload({ seed: 9, clients: 3, ratePerSec: 80, client: (w) => new NaiveOpsClient(w), durationMs: 1_000 });
    expect(a.managers[0].applied).toEqual(b.managers[0].applied);
  });
});

describe("measurements and theory", () => {
  it("percentile and opsMetrics over a window", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
    const run = runOpsWorkload({ seed: 4, clients: 2, ratePerSec: 10, client: (w) => new NaiveOpsClient(w), network: { latency: 10, fifo: true }, manager: { perMessageMs: 2, perOpMs: 0 }, durationMs: 5_000, drainMs: 100 });
    const m = opsMetrics(run.clients, { from: 0, to: 5_000 });
    expect(m.unfinished).toBe(0);
    expect(m.meanLatencyMs).toBeGreaterThanOrEqual(22);
    expect(m.meanLatencyMs).toBeLessThan(23);   // 10 + 2 + 10, rarely a short wait
  });

  it("closed forms", () => {
    expect(mm1ResponseMs(250, 2)).toBeCloseTo(4);
    expect(md1ResponseMs(250, 2)).toBeCloseTo(3);
    expect(mm1ResponseMs(500, 2)).toBe(Infinity);
    expect(mvaThroughput(1, 2, 20)).toBeCloseTo(1000 / 22);
    expect(mvaThroughput(200, 2, 20)).toBeCloseTo(500, 0);
    expect(contendedLockPerSec(20, 5, 1)).toBeCloseTo(1000 / 26);
  });

  it("closed-loop throughput matches mean-value analysis within 10%", () => {
    for (const n of [4, 16]) {
      const run = runOpsWorkload({ seed: n, clients: n, outstanding: 1, client: (w) => new NaiveOpsClient(w), manager: { perMessageMs: latency.exponential(2), perOpMs: 0 }, network: fifo, durationMs: 5_000, warmupMs: 1_000 });
      expect(run.metrics.throughputPerSec / mvaThroughput(n, 2, 20)).toBeGreaterThan(0.9);
      expect(run.metrics.throughputPerSec / mvaThroughput(n, 2, 20)).toBeLessThan(1.1);
    }
  });

  it("open-loop latency matches M/M/1 within 15% at ρ = 0.7", () => {
    const run = runOpsWorkload({ seed: 1, clients: 8, ratePerSec: 350 / 8, client: (w) => new NaiveOpsClient(w), manager: { perMessageMs: latency.exponential(2), perOpMs: 0 }, network: fifo, durationMs: 20_000, warmupMs: 1_000, drainMs: 1_000 });
    expect(Math.abs(run.metrics.meanLatencyMs / (20 + mm1ResponseMs(350, 2)) - 1)).toBeLessThan(0.15);
  });

  it("a contended lock passes at 1 / (RTT + hold + S)", () => {
    const sim = new Simulation({ seed: 1, network: { latency: 10 }, trace: false });
    sim.add("locks", () => new CentralLockManager({ serviceMs: 1 }));
    for (const id of ["a", "b", "c"]) sim.add(id, () => new LockLoopClient({ manager: "locks", keys: ["x"], holdMs: 5 }));
    sim.run({ until: 5_000 });
    const done = ["a", "b", "c"].reduce((s, id) => s + sim.node<LockLoopClient>(id).completed.length, 0);
    expect(done / 5).toBeCloseTo(contendedLockPerSec(20, 5, 1), -1);
    expect(sim.node<CentralLockManager>("locks").grants.get("x")).toBeGreaterThanOrEqual(done);
  });
});

describe("sharding and commuting counters", () => {
  it("shardOf is stable and in range, and every op goes to its key's manager", () => {
    expect(shardOf("k7", 4)).toBe(shardOf("k7", 4));
    for (let i = 0; i < 50; i++) expect(shardOf(`k${i}`, 3)).toBeLessThan(3);
    const run = runOpsWorkload({ seed: 5, clients: 3, ratePerSec: 100, shards: 3, client: (w) => new NaiveOpsClient(w), network: fifo, durationMs: 1_000, drainMs: 200 });
    for (const m of run.managers) for (const a of m.applied) expect(`m${shardOf(a.key, 3)}`).toBe(m.id);
    expect(run.managers.every((m) => m.applied.length > 0)).toBe(true);
  });

  it("the aggregator's sum converges to the true sum and never exceeds it", () => {
    const sim = new Simulation({ seed: 1, network: { latency: latency.normal(10, 2) }, trace: false });
    sim.add("sum", () => new CounterAggregator());
    for (const id of ["p1", "p2", "p3"]) sim.add(id, () => new PartialCounter({ aggregator: "sum", ratePerSec: 100, reportEveryMs: 100 }));
    sim.run({ until: 1_000 });
    const truth = () => ["p1", "p2", "p3"].reduce((s, id) => s + sim.node<PartialCounter>(id).total, 0);
    expect(sim.node<CounterAggregator>("sum").value).toBeLessThanOrEqual(truth());
    sim.run({ until: 1_050 });   // reports sent at 1000 ms have arrived; increments since then are few
    expect(truth() - sim.node<CounterAggregator>("sum").value).toBeLessThan(100);
  });
});

describe("exercise 07 contract checks", () => {
  /** Pipelines batches (several in flight): breaks program order on a reordering network. */
  class Pipelined extends OpsClient {
    private n = 0;
    protected submit(op: CoordOp) {
      this.send(this.managerFor(op.key), { type: "ops", batch: ++this.n, ops: [op] });
    }
  }
  /** Sends every op twice: applied twice. */
  class Twice extends OpsClient {
    private n = 0;
    protected submit(op: CoordOp) {
      for (let i = 0; i < 2; i++) this.send(this.managerFor(op.key), { type: "ops", batch: ++this.n, ops: [op] });
    }
  }
  /** Drops every tenth op. */
  class Lossy extends OpsClient {
    private n = 0;
    protected submit(op: CoordOp) {
      if (++this.n % 10 !== 0) this.send(this.managerFor(op.key), { type: "ops", batch: this.n, ops: [op] });
    }
  }
  const make = (C: new (w: OpsWorkload) => OpsClient) => (w: OpsWorkload) => new C(w);

  it("catch reordering, duplicates and lost operations", () => {
    const reordered = runBatchingScenario("mixed", 1, make(Pipelined));
    expect(programOrderProblems(reordered).length).toBeGreaterThan(0);
    expect(exactlyOnceProblems(runBatchingScenario("light", 1, make(Twice)))[0]).toMatch(/applied 2 times/);
    expect(exactlyOnceProblems(runBatchingScenario("light", 1, make(Lossy)))[0]).toMatch(/applied 0 times/);
  });

  it("a one-op-at-a-time client passes both contracts on the light scenario", () => {
    class StopAndWait extends OpsClient {
      private queue: CoordOp[] = [];
      private busy = false;
      protected submit(op: CoordOp) {
        this.queue.push(op);
        this.next();
      }
      protected onReply() {
        this.busy = false;
        this.next();
      }
      private next() {
        if (this.busy || this.queue.length === 0) return;
        this.busy = true;
        this.send("manager", { type: "ops", batch: 0, ops: [this.queue.shift()!] });
      }
    }
    expect(batchingProblems(runBatchingScenario("light", 2, make(StopAndWait)))).toEqual([]);
  });
});
