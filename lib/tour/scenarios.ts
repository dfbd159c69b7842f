/**
 * Exercise 00's graded scenarios, in the one shape every chapter uses (lib/grading/scenario.ts).
 *
 *   const s = scenarios.scenarios.faults;
 *   s.run(impl, 7, s.schedule(7));      // plain data (FloodData), what the checks judge
 *   replay("00", "faults", 7)           // the same run in notebook 00
 *
 *   sizes        3, 5, 8 or 12 nodes (by seed), one rumour, no faults
 *   duplicates   7 nodes, 3 rumours, 30% of messages duplicated by the network
 *   faults       9 nodes, 2 rumours, 15% loss, 2 nodes (never an origin) crash during the run
 *   order        6 nodes, 4 rumours 1 s apart, named so that their spread order is not sorted; 10% loss
 *
 * A schedule is a FloodPlan (flood.ts) whose crashes are its `faults` ({ kind: "crash", node, at },
 * which a shrinker may drop). The data: `known` is what each node's `known()` returned at the end
 * (copied to plain strings); every other field comes from the simulator: the rumours spread, the
 * nodes that crashed (from the trace), and every rumour message sent or delivered.
 */
import type { ExerciseScenarios, Scenario, Schedule } from "../grading/scenario";
import { floodPlan, runFlood, type FloodOptions, type FloodPlan, type Flooder } from "./flood";

export interface FloodImplementation {
  FloodNode: new () => Flooder;
}

/** One rumour message on the wire: `duplicate` when the network made this copy. */
export interface RumourMessage {
  kind: "send" | "deliver";
  time: number;
  from: string;
  to: string;
  text: string;
  duplicate: boolean;
}

export interface FloodData {
  nodes: string[];
  rumours: FloodPlan["rumours"];
  crashed: string[];
  known: Record<string, string[]>;
  messages: RumourMessage[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function toSchedule(plan: FloodPlan): Schedule {
  const { crashes, ...rest } = plan;
  return { ...rest, faults: crashes.map((c) => ({ kind: "crash", node: c.node, at: c.at })) };
}

function fromSchedule(seed: number, s: Schedule): FloodPlan {
  return {
    seed,
    nodes: Number(s.nodes),
    loss: Number(s.loss),
    duplicate: Number(s.duplicate),
    rumours: (s.rumours as FloodPlan["rumours"]).map((r) => ({ ...r })),
    crashes: s.faults.map((f) => ({ node: String(f.node), at: Number(f.at) })),
  };
}

function run(impl: FloodImplementation, seed: number, schedule: Schedule): FloodData {
  const result = runFlood(impl.FloodNode, fromSchedule(seed, schedule));
  const nodes = result.sim.nodeIds;
  const known: Record<string, string[]> = {};
  for (const id of nodes) known[id] = Array.from(result.known(id) ?? [], (x) => String(x));
  const messages: RumourMessage[] = [];
  const crashed: string[] = [];
  for (const e of result.sim.trace) {
    if (e.kind === "crash") crashed.push(e.node);
    if (e.kind !== "send" && e.kind !== "deliver") continue;
    const text = (e.msg as { text?: unknown } | null)?.text;
    messages.push({ kind: e.kind, time: e.time, from: e.from, to: e.to, text: String(text), duplicate: e.kind === "send" && e.duplicateOf !== undefined });
  }
  return { nodes, rumours: result.rumours.map((r) => ({ ...r })), crashed, known, messages };
}

function scenario(describe: string, seeds: number[], options: (seed: number) => FloodOptions): Scenario<FloodImplementation, FloodData> {
  return { describe, seeds, schedule: (seed) => toSchedule(floodPlan(options(seed))), run };
}

const SIZES = [3, 5, 8, 12];

export const scenarios: ExerciseScenarios<FloodImplementation> = {
  exercise: "00-flood",
  scenarios: {
    sizes: scenario("3, 5, 8 or 12 nodes, one rumour, no faults", range(1, 24), (seed) => ({ seed, nodes: SIZES[(seed - 1) % SIZES.length] })),
    duplicates: scenario("7 nodes, 3 rumours, 30% of messages duplicated", range(1, 20), (seed) => ({ seed, nodes: 7, rumours: 3, duplicate: 0.3 })),
    faults: scenario("9 nodes, 2 rumours, 15% loss, 2 nodes crash", range(1, 30), (seed) => ({ seed, nodes: 9, rumours: 2, loss: 0.15, crashes: 2 })),
    order: scenario("6 nodes, 4 rumours 1 s apart, 10% loss", range(1, 12), (seed) => ({ seed, nodes: 6, rumours: 4, loss: 0.1 })),
  },
};
