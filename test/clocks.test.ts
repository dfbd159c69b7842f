// lib/clocks: physical clock helpers, Cristian/NTP bounds, Lamport clocks, HLC, trace stamps.
import { describe, expect, it } from "vitest";
import { Node, PhysicalClock, Random, Simulation, latency } from "../lib/sim";
import {
  HybridClock,
  LamportClock,
  clockError,
  clusterSkew,
  compareHlc,
  compareLamport,
  cristian,
  lamportStamps,
  ntp,
  randomClocks,
  stampTrace,
  syncExperiment,
} from "../lib/clocks";

describe("physical clocks", () => {
  it("randomClocks is deterministic and within the limits", () => {
    const a = randomClocks(new Random(3), ["x", "y", "z"], { maxOffset: 50, maxDriftPpm: 100 });
    const b = randomClocks(new Random(3), ["x", "y", "z"], { maxOffset: 50, maxDriftPpm: 100 });
    for (const id of ["x", "y", "z"]) {
      expect(a[id].offset).toBe(b[id].offset);
      expect(Math.abs(a[id].offset)).toBeLessThanOrEqual(50);
      expect(Math.abs(a[id].driftPpm)).toBeLessThanOrEqual(100);
    }
  });

  it("clockError and clusterSkew measure offset, drift and jumps", () => {
    const fast = new PhysicalClock({ offset: 10, driftPpm: 1000 });
    const back = new PhysicalClock({ jumps: [{ at: 500, by: -30 }] });
    expect(clockError(fast, 1_000)).toBeCloseTo(11, 9);
    expect(clockError(back, 400)).toBe(0);
    expect(clockError(back, 600)).toBe(-30);
    expect(clusterSkew([fast, back], 1_000)).toBeCloseTo(41, 9);
    expect(clusterSkew([], 5)).toBe(0);
  });
});

describe("Cristian and NTP", () => {
  it("compute the textbook formulas", () => {
    expect(cristian(100, 1_000, 140, 5)).toEqual({ estimate: 1_020, rtt: 40, errorBound: 15 });
    // 10 ms up, 30 ms down, server 50 ms ahead, 2 ms processing.
    const n = ntp(0, 60, 62, 42);
    expect(n.delay).toBe(40);
    expect(n.offset).toBe(40); // true offset 50, error −(30 − 10)/2
    expect(n.errorBound).toBe(20);
  });

  it("the measured error never exceeds the bound, and asymmetry drives it to the bound", () => {
    const cases = [
      { up: latency.constant(10), down: latency.constant(90), minDelay: 10 },
      { up: latency.uniform(5, 100), down: latency.uniform(5, 20), minDelay: 5 },
      { up: latency.normal(40, 30), down: latency.exponential(30), minDelay: 0 },
    ];
    for (const [i, c] of cases.entries()) {
      const samples = syncExperiment({ seed: i + 1, ...c, processing: latency.uniform(0, 5), exchanges: 200 });
      expect(samples.length).toBe(200);
      for (const s of samples) {
        expect(Math.abs(s.cristianError)).toBeLessThanOrEqual(s.cristianBound + 1e-9);
        expect(Math.abs(s.ntpError)).toBeLessThanOrEqual(s.ntpBound + 1e-9);
      }
    }
    // Constant 10 up / 90 down with min 10: NTP's error is exactly (90 − 10)/2 = 40 = δ/2 − min.
    const [s] = syncExperiment({ up: latency.constant(10), down: latency.constant(90), minDelay: 10, exchanges: 1 });
    expect(s.ntpError).toBeCloseTo(-40, 9);
    expect(s.ntpBound).toBeCloseTo(40, 9);
    // Symmetric constant links: both algorithms are exact.
    const [sym] = syncExperiment({ up: latency.constant(25), exchanges: 1 });
    expect(sym.ntpError).toBeCloseTo(0, 9);
    expect(sym.cristianError).toBeCloseTo(0, 9);
  });
});

describe("Lamport clocks", () => {
  it("follow the two rules", () => {
    const a = new LamportClock();
    const b = new LamportClock();
    expect(a.tick()).toBe(1);
    const m = a.send();
    expect(m).toBe(2);
    expect(b.receive(m)).toBe(3);
    expect(b.receive(1)).toBe(4);
  });

  it("compareLamport breaks ties by node id", () => {
    expect(compareLamport({ time: 1, node: "b" }, { time: 2, node: "a" })).toBeLessThan(0);
    expect(compareLamport({ time: 2, node: "a" }, { time: 2, node: "b" })).toBeLessThan(0);
    expect(compareLamport({ time: 2, node: "b" }, { time: 2, node: "a" })).toBeGreaterThan(0);
    expect(compareLamport({ time: 2, node: "a" }, { time: 2, node: "a" })).toBe(0);
  });
});

class Gossip extends Node<{ n: number }> {
  onStart() {
    this.every(100, () => this.send(this.random.pick(this.peers), { n: 1 }), "gossip");
  }
  onMessage() {
    if (this.random.chance(0.3)) this.mark("note");
  }
}

function gossipRun(seed: number) {
  const sim = new Simulation({ seed, network: { latency: latency.uniform(5, 200), duplicate: 0.1, loss: 0.05 } });
  for (const id of ["a", "b", "c"]) sim.add(id, new Gossip());
  sim.run({ until: 2_000 });
  return sim;
}

describe("trace stamps", () => {
  it("Lamport stamps satisfy the clock condition on every message and along every lane", () => {
    const sim = gossipRun(4);
    const stamps = lamportStamps(sim.trace);
    const sends = new Map<number, number>();
    const last = new Map<string, number>();
    let counted = 0;
    for (const e of sim.trace) {
      const s = stamps.of(e);
      if (e.kind === "send") {
        expect(s).toBeDefined();
        sends.set(e.id, s!);
        if (e.duplicateOf !== undefined) expect(s).toBe(sends.get(e.duplicateOf));
      }
      if (e.kind === "deliver") {
        expect(s!).toBeGreaterThan(sends.get(e.id)!);
        counted++;
      }
      if (e.kind === "drop" || e.kind === "timer") expect(s).toBeUndefined();
      const node = e.kind === "send" ? e.from : e.kind === "deliver" ? e.to : e.kind === "mark" ? e.node : undefined;
      if (node !== undefined && !(e.kind === "send" && e.duplicateOf !== undefined)) {
        expect(s!).toBeGreaterThan(last.get(node) ?? 0);
        last.set(node, s!);
      }
    }
    expect(counted).toBeGreaterThan(20);
    expect(stamps.label(sim.trace.find((e) => e.kind === "deliver")!)).toMatch(/^L=\d+$/);
  });

  it("stampTrace works with any clock (a vector-like map), formatted by the rules", () => {
    const sim = gossipRun(9);
    type V = Record<string, number>;
    const stamps = stampTrace<V>(sim.trace, {
      start: () => ({}),
      local: (t, node) => ({ ...t, [node]: (t[node] ?? 0) + 1 }),
      receive: (t, m, node) => {
        const out: V = { ...t };
        for (const k of Object.keys(m)) out[k] = Math.max(out[k] ?? 0, m[k]);
        out[node] = (out[node] ?? 0) + 1;
        return out;
      },
      format: (t) => JSON.stringify(t),
    });
    const deliver = sim.trace.find((e) => e.kind === "deliver")!;
    const v = stamps.of(deliver)!;
    expect(deliver.kind === "deliver" && v[deliver.from]).toBeGreaterThanOrEqual(1);
    expect(stamps.label(deliver)).toBe(JSON.stringify(v));
  });
});

describe("hybrid logical clocks", () => {
  it("follow physical time when it moves, count when it does not, and respect causality", () => {
    const a = new HybridClock();
    const b = new HybridClock();
    expect(a.now(100)).toEqual({ l: 100, c: 0 });
    expect(a.now(100)).toEqual({ l: 100, c: 1 });
    expect(a.now(90)).toEqual({ l: 100, c: 2 }); // the physical clock went back: l holds
    const m = a.now(150);
    expect(m).toEqual({ l: 150, c: 0 });
    const r = b.receive(m, 120); // b's clock is behind
    expect(compareHlc(m, r)).toBeLessThan(0);
    expect(r).toEqual({ l: 150, c: 1 });
    expect(b.receive({ l: 150, c: 5 }, 130)).toEqual({ l: 150, c: 6 });
    expect(b.receive({ l: 100, c: 9 }, 200)).toEqual({ l: 200, c: 0 });
    expect(b.receive({ l: 200, c: 0 }, 100)).toEqual({ l: 200, c: 1 });
  });

  it("stays within the skew of physical time on a gossip run", () => {
    const random = new Random(5);
    const clocks = randomClocks(random, ["a", "b", "c"], { maxOffset: 40 });
    const hlcs: Record<string, HybridClock> = { a: new HybridClock(), b: new HybridClock(), c: new HybridClock() };
    let worst = 0;
    for (let step = 0; step < 500; step++) {
      const t = step * 10;
      const from = random.pick(["a", "b", "c"]);
      const to = random.pick(["a", "b", "c"].filter((x) => x !== from));
      const m = hlcs[from].now(clocks[from].read(t));
      const r = hlcs[to].receive(m, clocks[to].read(t + 5));
      expect(compareHlc(m, r)).toBeLessThan(0);
      worst = Math.max(worst, r.l - clocks[to].read(t + 5));
    }
    expect(worst).toBeLessThanOrEqual(clusterSkew(Object.values(clocks), 0) + 1e-9);
  });
});
