// The space-time diagram on a real simulator run (the DESIGN.md ping-pong, with faults).
import { describe, expect, it } from "vitest";
import { Node, Simulation, latency } from "../lib/sim";
import { spaceTimeFigure, type PlotLayout } from "../lib/viz";

class Pinger extends Node {
  onStart() {
    this.every(1_000, () => this.send("b", { type: "ping" }));
  }
}
class Ponger extends Node {
  onMessage(from: string, msg: { type: string }) {
    if (msg.type === "ping") this.send(from, { type: "pong" });
  }
}

function run() {
  const sim = new Simulation({ seed: 7, network: { latency: latency.normal(40, 10), loss: 0.05 } });
  sim.add("a", new Pinger());
  sim.add("b", () => new Ponger());
  sim.crash("b", { at: 5_000 });
  sim.restart("b", { at: 7_000 });
  sim.partition(["a"], ["b"], { at: 8_000, until: 9_000 });
  sim.run({ until: 12_000 });
  return sim;
}

describe("spaceTime on a Simulation", () => {
  it("accepts the simulation itself, lanes in add order, every message accounted for", () => {
    const sim = run();
    const f = spaceTimeFigure(sim);
    expect((f.layout.yaxis as PlotLayout).ticktext).toEqual(["<b>a</b>", "<b>b</b>"]);
    const delivers = sim.trace.filter((e) => e.kind === "deliver").length;
    const drops = sim.trace.filter((e) => e.kind === "drop").length;
    const segs = (prefix: string) =>
      f.data.filter((t) => String(t.name).startsWith(prefix)).reduce((n, t) => n + (t.x as unknown[]).length / 3, 0);
    expect(delivers).toBeGreaterThan(5);
    expect(segs("delivered")).toBe(delivers);
    expect(segs("dropped")).toBe(drops);
    const rects = (f.layout.shapes as PlotLayout[]).filter((s) => s.type === "rect");
    expect(rects.filter((s) => s.name === "crashed").map((s) => [s.x0, s.x1])).toEqual([[5_000, 7_000]]);
    expect(rects.filter((s) => s.name === "partition").map((s) => [s.x0, s.x1])).toEqual([[8_000, 9_000]]);
    // same seed, same figure
    expect(JSON.stringify(spaceTimeFigure(run()))).toBe(JSON.stringify(f));
  });
});
