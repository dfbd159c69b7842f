// lib/failure: detectors, the heartbeat monitor, QoS measured from a trace, theory, SWIM.
import { describe, expect, it } from "vitest";
import { Simulation, latency, type TraceEvent } from "../lib/sim";
import {
  AdaptiveTimeoutDetector,
  FixedTimeoutDetector,
  HeartbeatPeer,
  HeartbeatSender,
  Monitor,
  SwimMember,
  heartbeatQoS,
  measureQoS,
  suspicionMarks,
  swimFirstDetection,
  swimFirstDetectionLimit,
} from "../lib/failure";

describe("FixedTimeoutDetector", () => {
  it("trusts before any heartbeat and suspects after exactly `timeout` ms of silence", () => {
    const d = new FixedTimeoutDetector({ timeout: 300 });
    expect(d.isAvailable(10_000)).toBe(true);
    d.heartbeat(1_000);
    expect(d.isAvailable(1_299)).toBe(true);
    expect(d.isAvailable(1_300)).toBe(false);
    d.heartbeat(1_400);
    expect(d.isAvailable(1_650)).toBe(true);
  });
  it("rejects a non-positive timeout", () => {
    expect(() => new FixedTimeoutDetector({ timeout: 0 })).toThrow(/timeout/);
  });
});

describe("AdaptiveTimeoutDetector", () => {
  it("expects the next heartbeat one mean gap (over the window) after the last", () => {
    const d = new AdaptiveTimeoutDetector({ window: 2, safetyMargin: 50, firstInterval: 1_000 });
    d.heartbeat(0);
    expect(d.currentTimeout()).toBe(1_050);
    d.heartbeat(100); // gaps [100]
    d.heartbeat(300); // gaps [100, 200]
    d.heartbeat(700); // window 2: gaps [200, 400]
    expect(d.meanInterval()).toBe(300);
    expect(d.expectedArrival()).toBe(1_000);
    expect(d.isAvailable(1_049)).toBe(true);
    expect(d.isAvailable(1_050)).toBe(false);
  });
});

function ev(kind: "start" | "crash" | "restart", time: number, node = "b"): TraceEvent {
  return { kind, time, node };
}
function mark(name: "suspect" | "trust", time: number, target = "b", node = "m"): TraceEvent {
  return { kind: "mark", time, node, name, data: { target } };
}

describe("measureQoS", () => {
  it("scores mistakes, query accuracy and detection time from marks and crash events", () => {
    const trace: TraceEvent[] = [
      ev("start", 0),
      ev("start", 0, "m"),
      mark("suspect", 1_000),
      mark("trust", 1_100), // mistake of 100 ms
      mark("suspect", 3_000, "x"), // about another node: ignored
      mark("suspect", 4_000),
      mark("trust", 4_300), // mistake of 300 ms
      ev("crash", 6_000),
      mark("suspect", 6_250), // T_D = 250
      ev("restart", 8_000),
      mark("trust", 8_100), // suspected for 100 ms after the restart: a mistake
    ];
    const q = measureQoS(trace, { monitor: "m", target: "b", end: 10_000 });
    expect(q.upTime).toBe(8_000);
    expect(q.mistakes).toEqual([{ start: 1_000, end: 1_100 }, { start: 4_000, end: 4_300 }, { start: 8_000, end: 8_100 }]);
    expect(q.mistakeDuration).toBeCloseTo(500 / 3);
    expect(q.mistakeRecurrence).toBeCloseTo(8_000 / 3);
    expect(q.queryAccuracy).toBeCloseTo(1 - 500 / 8_000);
    expect(q.detectionTimes).toEqual([250]);
    expect(q.undetectedCrashes).toBe(0);
  });
  it("counts a crash already suspected as detected at once, and clips to the window", () => {
    const trace: TraceEvent[] = [ev("start", 0), mark("suspect", 900), ev("crash", 1_000), ev("restart", 2_000), ev("crash", 3_000)];
    const q = measureQoS(trace, { monitor: "m", target: "b", end: 4_000, from: 500 });
    expect(q.detectionTimes).toEqual([0, 0]); // both crashes came while b was suspected
    expect(q.mistakes).toEqual([{ start: 900, end: 1_000 }, { start: 2_000, end: 3_000 }]);
    expect(q.upTime).toBe(500 + 1_000);
    expect(q.queryAccuracy).toBeCloseTo(400 / 1_500);
    const late = measureQoS([ev("start", 0), ev("crash", 1_000)], { monitor: "m", target: "b", end: 5_000 });
    expect(late.undetectedCrashes).toBe(1);
    expect(late.queryAccuracy).toBe(1);
  });
});

function watched(seed: number, timeout: number, net: { latency: number | ReturnType<typeof latency.normal>; loss: number }, until: number) {
  const sim = new Simulation({ seed, network: net });
  sim.add("b", () => new HeartbeatSender({ to: ["m"], interval: 100 }));
  sim.add("m", () => new Monitor({ watch: ["b"], detector: () => new FixedTimeoutDetector({ timeout }), checkEvery: 5 }));
  return sim;
}

describe("Monitor with a heartbeat sender", () => {
  it("marks suspect after a crash within timeout + delay, and trust again after a restart", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const sim = watched(seed, 250, { latency: 20, loss: 0 }, 0);
      const crashAt = 3_000 + seed * 37;
      sim.crash("b", { at: crashAt });
      sim.restart("b", { at: 6_000 });
      sim.run({ until: 8_000 });
      const marks = suspicionMarks(sim.trace, { monitor: "m", target: "b" });
      expect(marks.map((m) => m.suspect)).toEqual([true, false]);
      const q = measureQoS(sim.trace, { monitor: "m", target: "b", end: sim.now });
      expect(q.detectionTimes[0]).toBeGreaterThan(250 + 20 - 100);
      expect(q.detectionTimes[0]).toBeLessThanOrEqual(250 + 20);
      expect(marks[1].time).toBe(6_020);
      expect(q.mistakes).toEqual([{ start: 6_000, end: 6_020 }]); // up again, not yet heard from
    }
  });
  it("makes mistakes at the rate the closed form predicts (constant delay, loss p)", () => {
    const theory = heartbeatQoS({ interval: 100, timeout: 150, loss: 0.2, delay: 20 });
    let mistakes = 0;
    let up = 0;
    let trusted = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const sim = watched(seed, 150, { latency: 20, loss: 0.2 }, 0);
      sim.run({ until: 200_000 });
      const q = measureQoS(sim.trace, { monitor: "m", target: "b", end: sim.now, from: 1_000 });
      mistakes += q.mistakes.length;
      up += q.upTime;
      trusted += q.queryAccuracy * q.upTime;
    }
    expect(up / mistakes / theory.mistakeRecurrence).toBeGreaterThan(0.9);
    expect(up / mistakes / theory.mistakeRecurrence).toBeLessThan(1.1);
    expect(Math.abs(trusted / up - theory.queryAccuracy)).toBeLessThan(0.01);
  });
});

describe("heartbeatQoS", () => {
  it("gives P_A = 1 − T_M / T_MR and the no-loss detection bounds", () => {
    const t = heartbeatQoS({ interval: 100, timeout: 250, loss: 0.1, delay: 30 });
    expect(t.mistakeRecurrence).toBeCloseTo(100 / (0.9 * 0.01));
    expect(t.mistakeDuration).toBeCloseTo(100 / 0.9 - 50);
    expect(t.queryAccuracy).toBeCloseTo(1 - t.mistakeDuration / t.mistakeRecurrence);
    expect(t.maxDetectionTime).toBe(280);
    expect(t.meanDetectionTime).toBe(230);
    expect(() => heartbeatQoS({ interval: 100, timeout: 200, loss: 0.1, delay: 0 })).toThrow(/timeout/);
  });
});

function swimGroup(seed: number, n: number, options: ConstructorParameters<typeof SwimMember>[0] = {}) {
  const sim = new Simulation({ seed, network: { latency: latency.normal(10, 2) } });
  for (let i = 0; i < n; i++) sim.add(`n${i}`, () => new SwimMember({ period: 1_000, ...options }));
  return sim;
}

describe("SwimMember", () => {
  it("detects a crash, spreads it to every member by gossip, and suspects no one else", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const sim = swimGroup(seed, 12);
      sim.crash("n3", { at: 2_500 });
      sim.run({ until: 20_000 });
      const marks = suspicionMarks(sim.trace);
      expect(marks.every((m) => m.target === "n3" && m.time > 2_500)).toBe(true);
      expect(new Set(marks.map((m) => m.monitor)).size).toBe(11);
      expect(marks.some((m) => m.data.via === "probe")).toBe(true);
      expect(marks.some((m) => m.data.via === "gossip")).toBe(true);
      for (let i = 0; i < 12; i++) if (i !== 3) expect(sim.node<SwimMember>(`n${i}`).membership()).not.toContain("n3");
    }
  });
  it("does not declare a member failed when only the direct link is cut (indirect probes)", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const sim = swimGroup(seed, 8);
      sim.partition("n0", "n1", { at: 0 });
      sim.run({ until: 30_000 });
      expect(suspicionMarks(sim.trace)).toEqual([]);
      const without = swimGroup(seed, 8, { indirectProbes: 0 });
      without.partition("n0", "n1", { at: 0 });
      without.run({ until: 30_000 });
      expect(suspicionMarks(without.trace).length).toBeGreaterThan(0);
    }
  });
  it("sends O(1) messages per member per period, where all-to-all heartbeats send n − 1", () => {
    for (const n of [8, 32]) {
      const swim = swimGroup(1, n);
      swim.run({ until: 10_500 });
      const perMemberPeriod = swim.stats.sent / n / 10;
      expect(perMemberPeriod).toBeGreaterThan(1.9);
      expect(perMemberPeriod).toBeLessThan(2.1);
      const all = new Simulation({ seed: 1, network: { latency: 10 } });
      for (let i = 0; i < n; i++) all.add(`n${i}`, () => new HeartbeatPeer({ interval: 1_000, detector: () => new FixedTimeoutDetector({ timeout: 3_000 }), checkEvery: 100 }));
      all.run({ until: 9_999 });
      expect(all.stats.sent / n / 10).toBe(n - 1);
    }
  });
  it("has the first-detection time of the SWIM analysis", () => {
    expect(swimFirstDetectionLimit(1_000)).toBeCloseTo((1_000 * Math.E) / (Math.E - 1));
    expect(swimFirstDetection(1_000, 1_000) / swimFirstDetectionLimit(1_000)).toBeCloseTo(1, 3);
    let sum = 0;
    const runs = 120;
    for (let seed = 1; seed <= runs; seed++) {
      const sim = swimGroup(seed, 16);
      sim.crash("n0", { at: 2_999 });
      sim.run({ until: 14_000 });
      sum += suspicionMarks(sim.trace, { target: "n0" })[0].time - 2_999;
    }
    const ratio = sum / runs / swimFirstDetection(16, 1_000);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });
});
