// lib/capstone: the nemesis schedule is plain, seeded data that keeps its promise (one node fault at
// a time); runs are deterministic plain data; the manager never hands the primary role on while the
// old primary's lease runs, and promotes only a backup that holds the state.
import { describe, expect, it } from "vitest";
import {
  GAP_MS, expectedMaxOfNormals, nemesisSchedule, primaryBackupWriteLatency, runCapstone, scenarios,
  type CapstoneRun,
} from "../lib/capstone";
import * as solution from "../solutions/10-primary-backup";

const NODE_FAULTS = ["pause", "crash", "upgrade"];

describe("the nemesis schedule", () => {
  it("is the same for the same seed, plain data, and differs between seeds", () => {
    const a = nemesisSchedule(5);
    expect(structuredClone(a)).toEqual(a);
    expect(nemesisSchedule(5)).toEqual(a);
    expect(nemesisSchedule(6)).not.toEqual(a);
  });

  it("mixes every kind of fault and never has two node faults at once", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { faults, healAt } = nemesisSchedule(seed);
      const kinds = new Set(faults.map((f) => f.kind));
      for (const k of ["bridge", "pause", "crash", "upgrade", "loss", "duplicate", "reorder", "drift"]) expect(kinds, `seed ${seed}`).toContain(k);
      expect(kinds.has("isolate") || kinds.has("one-way")).toBe(true);
      const windows = faults.filter((f) => NODE_FAULTS.includes(f.kind)).map((f) => [f.from as number, f.to as number]).sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < windows.length; i++) expect(windows[i][0] - windows[i - 1][1]).toBeGreaterThanOrEqual(GAP_MS);
      for (const f of faults) if (f.kind === "drift") expect(Math.abs(f.ppm as number)).toBeLessThanOrEqual(10_000);
      expect(Math.max(...faults.filter((f) => typeof f.to === "number").map((f) => f.to as number))).toBe(healAt);
    }
  });

  it("the split-brain variant has no crash and no upgrade", () => {
    const kinds = nemesisSchedule(101, { splitBrain: true }).faults.map((f) => f.kind);
    expect(kinds).not.toContain("crash");
    expect(kinds).not.toContain("upgrade");
  });
});

describe("a run of the service", () => {
  const schedule = scenarios.scenarios.nemesis.schedule(2);
  const run: CapstoneRun = runCapstone(solution, 2, schedule);

  it("is deterministic plain data", () => {
    expect(structuredClone(run)).toEqual(run);
    expect(JSON.stringify(runCapstone(solution, 2, schedule))).toBe(JSON.stringify(run));
    expect(run.history.length).toBeGreaterThan(100);
  });

  it("runs with any fault dropped (a shrinker's smaller schedule)", () => {
    const smaller = { ...schedule, faults: schedule.faults.filter((f) => f.kind !== "bridge" && f.kind !== "loss") };
    const data = runCapstone(solution, 2, smaller);
    expect(data.faults.map((f) => f.kind)).not.toContain("bridge");
    expect(data.audit).not.toBeNull();
  });

  it("hands the primary role on only after the old primary's lease has run out", () => {
    for (let i = 1; i < run.configs.length; i++) {
      const before = run.configs[i - 1];
      const now = run.configs[i];
      if (before.primary === now.primary) continue;
      const leases = run.grants.filter((g) => g.server === before.primary && g.time <= now.time);
      for (const g of leases) expect(g.until, `epoch ${now.epoch} at ${now.time}`).toBeLessThanOrEqual(now.time);
      expect(now.primary, "the new primary was the old backup").toBe(before.backup);
    }
  });

  it("grants leases only to the current primary", () => {
    for (const g of run.grants) {
      const current = run.configs.filter((c) => c.time <= g.time).pop()!;
      expect(g.server).toBe(current.primary);
      expect(g.epoch).toBe(current.epoch);
    }
  });
});

describe("the closed forms", () => {
  it("E[max of k standard normals] matches the known values", () => {
    expect(expectedMaxOfNormals(1)).toBeCloseTo(0, 4);
    expect(expectedMaxOfNormals(2)).toBeCloseTo(1 / Math.sqrt(Math.PI), 4);
    expect(expectedMaxOfNormals(3)).toBeCloseTo(3 / (2 * Math.sqrt(Math.PI)), 4);
    expect(() => expectedMaxOfNormals(0)).toThrow(/k must be an integer/);
  });

  it("a write waits two one-way delays, plus the slowest of k round trips", () => {
    expect(primaryBackupWriteLatency(0, 10, 2)).toBe(20);
    expect(primaryBackupWriteLatency(1, 10, 2)).toBeCloseTo(40, 4);
    expect(primaryBackupWriteLatency(2, 10, 2)).toBeCloseTo(40 + 2 * Math.SQRT2 / Math.sqrt(Math.PI), 4);
  });
});
