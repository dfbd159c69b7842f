/**
 * Grader for exercise 00 (flood a rumour), as data: every check is a pure function of the plain
 * data a scenario of lib/tour/scenarios.ts returned (what the simulator recorded, and what each
 * node's `known()` answered).
 *
 * Weights (9 points): the flood reaching every node carries the most (2 without faults, 3 with
 * loss and crashes); the flood ending (no copy twice to a peer, none back to the sender) 2; the
 * order in which rumours are known, with 10% loss, 2.
 */
import type { Grader } from "../../lib/grading/scenario";
import type { FloodData } from "../../lib/tour/scenarios";
import { expectThat } from "./support";

/**
 * Every rumour a node says it knows came to it through the network: it spread it, or a message
 * carrying it arrived from a node that knew it by then. A node can work a run's rumours out from
 * its seed (the kit's plan is public) and "know" them without one message; every check asks this
 * first.
 */
function learnedThroughMessages(data: FloodData): void {
  const knows = new Map(data.nodes.map((id) => [id, new Set<string>()]));
  const spreads = data.rumours.slice().sort((a, b) => a.at - b.at);
  let s = 0;
  const spreadUntil = (time: number) => {
    while (s < spreads.length && spreads[s].at <= time) knows.get(spreads[s].origin)!.add(spreads[s++].text);
  };
  for (const m of data.messages) {
    spreadUntil(m.time);
    if (m.kind === "deliver" && knows.get(m.from)?.has(m.text)) knows.get(m.to)!.add(m.text);
  }
  spreadUntil(Infinity);
  for (const id of data.nodes) {
    for (const text of data.known[id] ?? []) {
      expectThat(knows.get(id)!.has(text), `node ${id} says it knows "${text}", but it did not spread it and no message carrying it arrived from a node that knew it; expected known() to hold only what this node spread or received`);
    }
  }
}

/** Every node (that stayed up, when `upOnly`) knows every rumour. */
function everyoneKnows(data: FloodData, upOnly: boolean): void {
  learnedThroughMessages(data);
  for (const id of data.nodes) {
    if (upOnly && data.crashed.includes(id)) continue;
    const known = data.known[id] ?? [];
    for (const r of data.rumours) {
      expectThat(known.includes(r.text), `node ${id} never learned "${r.text}" (spread by ${r.origin} at ${r.at} ms); expected it among known(), which returned ${JSON.stringify(known)}`);
    }
  }
}

const grader: Grader = {
  exercise: "00-flood",
  scenarios: "lib/tour/scenarios",
  checks: [
    {
      title: "every node learns a rumour, whoever starts it (3 to 12 nodes)",
      points: 2,
      scenario: "sizes",
      verify: (data: FloodData) => everyoneKnows(data, false),
    },
    {
      title: "the flood ends: one copy per peer, none back to the sender, even with duplicates",
      points: 2,
      scenario: "duplicates",
      verify(data: FloodData) {
        everyoneKnows(data, false);
        // Who each node first heard each rumour from (its origin heard it from no one).
        const heardFrom = new Map<string, string | null>();
        for (const m of data.messages) {
          const learner = m.kind === "send" ? m.from : m.to;
          const key = `${learner}|${m.text}`;
          if (!heardFrom.has(key)) heardFrom.set(key, m.kind === "send" ? null : m.from);
        }
        const sends = data.messages.filter((m) => m.kind === "send" && !m.duplicate);
        const seen = new Set<string>();
        for (const s of sends) {
          const key = `${s.from}|${s.to}|${s.text}`;
          expectThat(!seen.has(key), `${s.from} sent "${s.text}" to ${s.to} a second time (at t=${s.time.toFixed(1)} ms); expected one copy per peer: forward a rumour only the first time you learn it`);
          seen.add(key);
          expectThat(heardFrom.get(`${s.from}|${s.text}`) !== s.to, `${s.from} sent "${s.text}" back to ${s.to} at t=${s.time.toFixed(1)} ms, the node it heard it from; expected no copy back to the sender`);
        }
        const n = data.nodes.length;
        const bound = data.rumours.length * ((n - 1) + (n - 1) * (n - 2));
        expectThat(sends.length <= bound, `${sends.length} rumour messages for ${data.rumours.length} rumours on ${n} nodes; expected at most ${bound}`);
      },
    },
    {
      title: "flooding survives 15% message loss and crashed nodes",
      points: 3,
      scenario: "faults",
      verify: (data: FloodData) => everyoneKnows(data, true),
    },
    {
      title: "rumours are known in the order they were spread, at every node (10% loss)",
      points: 2,
      scenario: "order",
      verify(data: FloodData) {
        learnedThroughMessages(data);
        const expected = data.rumours.map((r) => r.text);
        for (const id of data.nodes) {
          const known = data.known[id] ?? [];
          expectThat(JSON.stringify(known) === JSON.stringify(expected), `node ${id}: known() returned ${JSON.stringify(known)}; expected ${JSON.stringify(expected)} (the order it learned them in)`);
        }
      },
    },
  ],
};

export default grader;
