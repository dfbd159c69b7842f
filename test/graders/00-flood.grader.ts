// Grader for exercise 00 (flooding): pure checks over the plain data of lib/tour/scenarios.ts.
import type { FloodData } from "../../lib/tour/scenarios";
import type { Grader } from "../../lib/grading/scenario";
import { expectThat } from "./support";

type Send = { kind: string; from: string; to: string; time: number; msg: { text?: string }; duplicateOf?: number };

/** A node can know a rumour only if it started it or the network delivered it (the simulator's record). */
function learnedByMessages(run: FloodData): void {
  const heard = new Set((run.trace as Send[]).filter((e) => e.kind === "deliver").map((e) => `${e.to}|${e.msg.text}`));
  for (const r of run.rumours) heard.add(`${r.origin}|${r.text}`);
  for (const id of run.nodeIds) {
    for (const text of run.known[id]) {
      expectThat(heard.has(`${id}|${text}`), `node ${id} says it knows "${text}", but no message carried it there: nodes learn only through messages`);
    }
  }
}

function everyoneKnows(run: FloodData, upOnly: boolean): void {
  learnedByMessages(run);
  for (const id of run.nodeIds) {
    if (upOnly && run.crashed.includes(id)) continue;
    for (const r of run.rumours) {
      expectThat(run.known[id].includes(r.text), `node ${id} never learned "${r.text}" (it knows ${JSON.stringify(run.known[id])})`);
    }
  }
}

const grader: Grader = {
  exercise: "00-flood",
  scenarios: "lib/tour/scenarios",
  checks: [
    { title: "every node learns a rumour, whoever starts it", points: 2, scenario: "small", verify: (run: FloodData) => everyoneKnows(run, false) },
    {
      title: "the flood ends: one copy per peer, none back to the sender",
      points: 2,
      scenario: "duplicates",
      verify(run: FloodData) {
        everyoneKnows(run, false);
        const trace = run.trace as Send[];
        const heardFrom = new Map<string, string | null>();
        for (const e of trace) {
          if (e.kind !== "deliver" && e.kind !== "send") continue;
          const learner = e.kind === "send" ? e.from : e.to;
          const key = `${learner}|${e.msg.text}`;
          if (!heardFrom.has(key)) heardFrom.set(key, e.kind === "send" ? null : e.from);
        }
        const seen = new Set<string>();
        for (const s of trace.filter((e) => e.kind === "send" && e.duplicateOf === undefined)) {
          const key = `${s.from}|${s.to}|${s.msg.text}`;
          expectThat(!seen.has(key), `${s.from} sent "${s.msg.text}" to ${s.to} more than once (at t=${s.time} ms): forward a rumour only the first time you learn it`);
          seen.add(key);
          expectThat(heardFrom.get(`${s.from}|${s.msg.text}`) !== s.to, `${s.from} sent "${s.msg.text}" back to ${s.to}, the node it heard it from`);
        }
      },
    },
    { title: "flooding survives message loss and crashed nodes", points: 2, scenario: "faults", verify: (run: FloodData) => everyoneKnows(run, true) },
    {
      title: "rumours are known in the order they were spread",
      points: 2,
      scenario: "order",
      verify(run: FloodData) {
        learnedByMessages(run);
        const expected = run.rumours.map((r) => r.text);
        for (const id of run.nodeIds) {
          expectThat(JSON.stringify(run.known[id]) === JSON.stringify(expected), `node ${id} knows ${JSON.stringify(run.known[id])}, expected ${JSON.stringify(expected)} (in the order learned)`);
        }
      },
    },
  ],
};
export default grader;
