// lib/clocks/scenarios.ts: the causal-broadcast referee must catch each kind of wrong causal broadcast.
import { describe, expect, it } from "vitest";
import { Node } from "../lib/sim";
import { runCausalWorkload } from "../lib/clocks";

type Payload = { id: string };
type Msg = { type: "causal"; origin: string; clock: Record<string, number>; payload: Payload };

/** Delivers whatever arrives (optionally twice, optionally never). */
class Careless extends Node<Msg> {
  delivered: Array<{ origin: string; payload: Payload }> = [];
  onDeliver: ((d: { origin: string; payload: Payload }) => void) | undefined = undefined;
  constructor(private readonly mode: "naive" | "twice" | "hoard") {
    super();
  }
  publish(payload: Payload) {
    this.broadcast({ type: "causal", origin: this.id, clock: {}, payload });
    this.take(this.id, payload);
  }
  onMessage(_from: string, msg: Msg) {
    if (this.mode === "hoard") return;
    const seen = this.delivered.some((d) => d.payload.id === msg.payload.id);
    if (!seen || this.mode === "twice") this.take(msg.origin, msg.payload);
  }
  private take(origin: string, payload: Payload) {
    const d = { origin, payload };
    this.delivered.push(d);
    if (this.onDeliver) this.onDeliver(d);
  }
}

describe("runCausalWorkload", () => {
  it("is deterministic and builds causal chains", () => {
    const a = runCausalWorkload(3, () => new Careless("naive"));
    const b = runCausalWorkload(3, () => new Careless("naive"));
    expect(a.published).toEqual(b.published);
    expect(a.published.length).toBe(30);
    expect(a.nodes.length).toBe(3);
    const chained = a.published.filter((m) => m.preds.length > 1);
    expect(chained.length).toBeGreaterThan(5);
  });

  it("catches deliveries out of causal order, counting all of them", () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => runCausalWorkload(seed, () => new Careless("naive")));
    expect(runs.some((r) => r.outOfOrder > 0)).toBe(true);
    for (const r of runs) {
      expect(r.causalViolations.length).toBe(Math.min(5, r.outOfOrder));
      expect(r.deliveryProblems).toEqual([]);
    }
    expect(runs.find((r) => r.outOfOrder > 0)!.causalViolations[0]).toMatch(/delivered \w#\d+ at t=.* before .* causally precede/);
  });

  it("catches duplicate deliveries, missing deliveries and messages held back", () => {
    const twice = runCausalWorkload(2, () => new Careless("twice"));
    expect(twice.duplicated).toBeGreaterThan(0);
    expect(twice.deliveryProblems.join("\n")).toMatch(/delivered \w#\d+ \d+ times, expected once/);
    const hoard = runCausalWorkload(2, () => new Careless("hoard"));
    expect(hoard.deliveryProblems.join("\n")).toMatch(/never delivered/);
    expect(hoard.heldBack[0]).toMatch(/could deliver .* but never delivered it/);
    expect(hoard.outOfOrder).toBe(0);
  });
});
