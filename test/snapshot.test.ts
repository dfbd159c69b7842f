// lib/snapshot: the bank conserves money, cuts are judged correctly, the audit replays the trace.
import { describe, expect, it } from "vitest";
import { PhysicalClock, Simulation, latency, spaceTimeFigure, type TraceEvent } from "../lib";
import {
  BankNode, ClockReadingBankNode, ReportingBankNode, auditCut, bankScenario, checkCut, cutAtFirstSend,
  cutAtMarks, describeScenario, cutAtTimes, drawCut, isTransfer, moneyOverTime, runBankScenario,
} from "../lib/snapshot";

function bank(seed: number, n = 4) {
  const sim = new Simulation({ seed, network: { latency: latency.normal(40, 10), fifo: true } });
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  for (const id of ids) sim.add(id, new BankNode({ balance: 100, period: 20 }));
  return { sim, ids };
}

// A hand-made trace: a sends 5 to b (ids 1), b sends 3 to a (id 2).
const hand: TraceEvent[] = [
  { kind: "send", time: 10, id: 1, from: "a", to: "b", msg: { type: "transfer", amount: 5 } },
  { kind: "send", time: 20, id: 2, from: "b", to: "a", msg: { type: "transfer", amount: 3 } },
  { kind: "deliver", time: 30, id: 1, from: "a", to: "b", msg: { type: "transfer", amount: 5 }, sentAt: 10 },
  { kind: "deliver", time: 40, id: 2, from: "b", to: "a", msg: { type: "transfer", amount: 3 }, sentAt: 20 },
];

describe("BankNode and moneyOverTime", () => {
  it("moves money without creating or destroying it, and never goes negative", () => {
    const { sim, ids } = bank(3);
    sim.run({ until: 2_000 });
    const money = moneyOverTime(sim.trace, 100, ids);
    expect(money.time.length).toBeGreaterThan(100);
    expect(new Set(money.total)).toEqual(new Set([400]));
    expect(Math.min(...money.held)).toBeLessThan(400);
    const last = money.held[money.held.length - 1] + money.inFlight[money.inFlight.length - 1];
    let nodes = 0;
    for (const id of ids) {
      expect(sim.node<BankNode>(id).balance).toBeGreaterThanOrEqual(0);
      nodes += sim.node<BankNode>(id).balance;
    }
    expect(nodes).toBe(money.held[money.held.length - 1]);
    expect(last).toBe(400);
  });

  it("is deterministic per seed", () => {
    const a = bank(9);
    const b = bank(9);
    a.sim.run({ until: 1_000 });
    b.sim.run({ until: 1_000 });
    expect(JSON.stringify(a.sim.trace)).toBe(JSON.stringify(b.sim.trace));
  });
});

describe("cuts", () => {
  it("a cut before a send and after its delivery is inconsistent (an orphan)", () => {
    const cut = cutAtTimes(hand, { a: 5, b: 35 });
    const check = checkCut(hand, cut);
    expect(check.consistent).toBe(false);
    expect(check.orphans.map((e) => e.id)).toEqual([1]);
  });

  it("a cut after a send and before its delivery leaves it in flight", () => {
    const check = checkCut(hand, cutAtTimes(hand, { a: 15, b: 25 }));
    expect(check.consistent).toBe(true);
    expect(check.inFlight.map((e) => e.id)).toEqual([1, 2]);
    const audit = auditCut(hand, cutAtTimes(hand, { a: 15, b: 25 }), 50);
    expect(audit.balances).toEqual({ a: 45, b: 47 });
    expect(audit.channels).toEqual({ b: { a: [5] }, a: { b: [3] } });
    expect(checkCut(hand, cutAtTimes(hand, { a: 15, b: 15 })).inFlight.map((e) => e.id)).toEqual([1]);
    expect(audit.total).toBe(100);
  });

  it("reports nodes without a cut point", () => {
    expect(checkCut(hand, cutAtTimes(hand, { a: 15 }), { nodes: ["a", "b"] }).missing).toEqual(["b"]);
  });

  it("a cut at one true instant is consistent and its audit finds the true total", () => {
    const { sim, ids } = bank(5);
    sim.run({ until: 1_500 });
    const audit = auditCut(sim.trace, cutAtTimes(sim.trace, Object.fromEntries(ids.map((id) => [id, 777]))), 100);
    expect(audit.consistent).toBe(true);
    expect(audit.inFlightMoney).toBeGreaterThan(0);
    expect(audit.total).toBe(400);
  });

  it("cutAtFirstSend and cutAtMarks find each node's first matching event", () => {
    const trace: TraceEvent[] = [
      { kind: "mark", time: 1, node: "a", name: "read" },
      ...hand,
      { kind: "mark", time: 50, node: "a", name: "read" },
    ];
    expect(cutAtMarks(trace, "read")).toEqual({ a: { index: 0, time: 1 } });
    expect(cutAtFirstSend(trace, isTransfer)).toEqual({ a: { index: 1, time: 10 }, b: { index: 2, time: 20 } });
  });

  it("drawCut adds one trace through every lane, and circles orphans", () => {
    const fig = spaceTimeFigure(hand, { nodes: ["a", "b"] });
    const before = fig.data.length;
    const cut = cutAtTimes(hand, { a: 5, b: 35 });
    drawCut(fig, ["a", "b"], cut, { name: "bad", orphans: checkCut(hand, cut).orphans });
    expect(fig.data.length).toBe(before + 2);
    expect(fig.data[before].x).toEqual([5, 35]);
    expect(fig.data[before].y).toEqual([0, 1]);
    expect(fig.data[before + 1].x).toEqual([30]);
  });
});

describe("naive readings", () => {
  it("reading by skewed clocks takes an inconsistent or lossy cut; the audit agrees with the readings", () => {
    let wrong = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const sim = new Simulation({ seed, network: { latency: latency.normal(40, 10), fifo: true } });
      const ids = ["a", "b", "c", "d"];
      ids.forEach((id, i) => sim.add(id, new ClockReadingBankNode({ readAt: 1_000, period: 20 }), { clock: new PhysicalClock({ offset: (i - 1.5) * 60 }) }));
      sim.run({ until: 1_500 });
      const audit = auditCut(sim.trace, cutAtMarks(sim.trace, "read"), 100);
      let read = 0;
      for (const id of ids) {
        expect(sim.node<ClockReadingBankNode>(id).reading).toBe(audit.balances[id]);
        read += sim.node<ClockReadingBankNode>(id).reading!;
      }
      if (read !== 400) wrong++;
    }
    expect(wrong).toBeGreaterThan(5);
  });

  it("'report your balance' collects one answer per node", () => {
    const sim = new Simulation({ seed: 2, network: { latency: latency.normal(40, 10), fifo: true } });
    for (const id of ["a", "b", "c"]) sim.add(id, new ReportingBankNode({ period: 20 }));
    sim.at(500, () => sim.node<ReportingBankNode>("a").askAll());
    sim.run({ until: 1_000 });
    const a = sim.node<ReportingBankNode>("a");
    expect(Object.keys(a.reports).sort()).toEqual(["a", "b", "c"]);
    expect(a.reportedTotal()).toBe(Object.values(a.reports).reduce((x, y) => x + y, 0));
  });
});

describe("bank scenarios", () => {
  it("are drawn from the seed and run the starts they list", () => {
    expect(describeScenario(bankScenario(4, { initiators: 3 }))).toBe(describeScenario(bankScenario(4, { initiators: 3 })));
    const s = bankScenario(4, { initiators: 2 });
    expect(s.starts.length).toBe(2);
    expect(new Set(s.starts.map((x) => x.node)).size).toBe(2);
    const started: string[] = [];
    const run = runBankScenario(s, (o) => new BankNode(o), (node) => started.push(node.id));
    expect(started.sort()).toEqual(s.starts.map((x) => x.node).sort());
    expect(run.sim.now).toBe(s.until);
  });
});
