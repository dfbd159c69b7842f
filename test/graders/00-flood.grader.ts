// Grader for exercise 00 (flooding). Runs the shared flood scenario (lib/tour/flood.ts)
// with the student's FloodNode across many seeds, sizes and faults.
import { describe } from "vitest";
import { eventsOf, floodScenario, type FloodOptions } from "../../lib";
import * as ex from "@exercise/00-flood";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

const replay = (options: Omit<FloodOptions, "seed">) => (seed: number) =>
  `in notebook 00, run the "Replay a seed" cell with floodScenario(FloodNode, ${JSON.stringify({ seed, ...options })})`;

function everyoneKnows(run: ReturnType<typeof floodScenario>, upOnly: boolean): void {
  for (const id of run.sim.nodeIds) {
    if (upOnly && run.crashed.includes(id)) continue;
    const known = run.known(id);
    for (const r of run.rumours) {
      expectThat(known.includes(r.text), `node ${id} never learned "${r.text}" (it knows ${JSON.stringify(known)})`);
    }
  }
}

describe("exercise 00: flood a rumour", () => {
  graded(2, "every node learns a rumour, whoever starts it", async () => {
    for (const nodes of [3, 5, 8, 12]) {
      await acrossSeeds(seedRange(1, 15), (seed) => everyoneKnows(floodScenario(ex.FloodNode, { seed, nodes }), false), replay({ nodes }));
    }
  });

  graded(2, "the flood ends: one copy per peer, none back to the sender", async () => {
    const options = { nodes: 7, rumours: 3, duplicate: 0.3 };
    await acrossSeeds(seedRange(1, 30), (seed) => {
      const run = floodScenario(ex.FloodNode, { seed, ...options });
      everyoneKnows(run, false);
      const sends = eventsOf(run.sim.trace, "send").filter((s) => s.duplicateOf === undefined);
      // Who each node first heard each rumour from (the origin heard it from no one).
      const heardFrom = new Map<string, string | null>();
      for (const e of run.sim.trace) {
        if (e.kind !== "deliver" && e.kind !== "send") continue;
        const text = (e.msg as { text?: string }).text;
        const learner = e.kind === "send" ? e.from : e.to;
        if (!heardFrom.has(`${learner}|${text}`)) heardFrom.set(`${learner}|${text}`, e.kind === "send" ? null : e.from);
      }
      const seen = new Set<string>();
      for (const s of sends) {
        const text = (s.msg as { text?: string }).text;
        const key = `${s.from}|${s.to}|${text}`;
        expectThat(!seen.has(key), `${s.from} sent "${text}" to ${s.to} more than once (at t=${s.time} ms): forward a rumour only the first time you learn it`);
        seen.add(key);
        expectThat(heardFrom.get(`${s.from}|${text}`) !== s.to, `${s.from} sent "${text}" back to ${s.to}, the node it heard it from`);
      }
      const n = options.nodes;
      const bound = options.rumours * ((n - 1) + (n - 1) * (n - 2));
      expectThat(sends.length <= bound, `${sends.length} rumour messages for ${options.rumours} rumours on ${n} nodes; at most ${bound} are needed`);
    }, replay(options));
  });

  graded(2, "flooding survives message loss and crashed nodes", async () => {
    const options = { nodes: 9, rumours: 2, loss: 0.15, crashes: 2 };
    await acrossSeeds(seedRange(1, 40), (seed) => everyoneKnows(floodScenario(ex.FloodNode, { seed, ...options }), true), replay(options));
  });

  graded(2, "rumours are known in the order they were spread", async () => {
    const options = { nodes: 6, rumours: 4 };
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const run = floodScenario(ex.FloodNode, { seed, ...options });
      const expected = run.rumours.map((r) => r.text);
      for (const id of run.sim.nodeIds) {
        const known = run.known(id);
        expectThat(JSON.stringify(known) === JSON.stringify(expected), `node ${id} knows ${JSON.stringify(known)}, expected ${JSON.stringify(expected)} (in the order learned)`);
      }
    }, replay(options));
  });
});
