/**
 * The flooding runs of notebook 00 and of its grader (lib/tour/scenarios.ts): one plan, drawn from
 * a seed as plain data, and one way to run a node class on it.
 *
 *   const run = floodScenario(FloodNode, { seed: 7, nodes: 8, loss: 0.15, crashes: 2 });
 *   run.sim          // the finished simulation (trace, stats)
 *   run.rumours      // [{ text, origin, at }] in the order they were spread
 *   run.crashed      // ids of nodes crashed during the run
 *   run.known(id)    // what node `id` knows at the end, by asking the node
 *
 *   const plan = floodPlan({ seed: 7, nodes: 8 });   // the same plan as data (what a grader shrinks)
 *   runFlood(FloodNode, plan);
 *
 * The node class is a parameter (the student's, or the reference answer in solutions/): nothing
 * here knows how to flood. Nodes are named n0, n1, ...; every rumour is spread with
 * `node.spread(text)` at its origin, 1 s apart, so each flood has time to finish before the next.
 * Rumours are named by words in an order that is never alphabetical ("quartz", "amber", ...), so
 * a node that sorts what it knows cannot pass for one that keeps the order it learned in.
 */
import { Node, Random, Simulation, latency } from "../sim";

export interface Flooder extends Node {
  spread(rumour: string): void;
  known(): string[];
}

export interface FloodOptions {
  seed: number;
  nodes?: number;
  rumours?: number;
  loss?: number;
  duplicate?: number;
  /** How many nodes (never an origin) crash at random times during the run. */
  crashes?: number;
}

/** Everything a flooding run does, as plain data. */
export interface FloodPlan {
  seed: number;
  nodes: number;
  loss: number;
  duplicate: number;
  rumours: Array<{ text: string; origin: string; at: number }>;
  crashes: Array<{ node: string; at: number }>;
}

export interface FloodRun {
  sim: Simulation;
  rumours: FloodPlan["rumours"];
  crashed: string[];
  known(id: string): string[];
}

const WORDS = ["quartz", "amber", "lilac", "cobalt", "walnut", "ember", "saffron", "indigo", "tundra", "juniper", "oasis", "mosaic"];

/** The plan of a run: origins, rumour names and crashes drawn from `seed`. */
export function floodPlan(options: FloodOptions): FloodPlan {
  const { seed, nodes = 6, rumours: count = 1, loss = 0, duplicate = 0, crashes = 0 } = options;
  const random = new Random(`flood/${seed}`);
  const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
  let words = random.shuffle(WORDS).slice(0, count);
  if (count > 1 && words.every((w, i) => i === 0 || words[i - 1] < w)) words = words.reverse();
  const rumours = words.map((word, r) => {
    const origin = random.pick(ids);
    return { text: `${word} from ${origin}`, origin, at: 100 + r * 1_000 };
  });
  const origins = new Set(rumours.map((r) => r.origin));
  const victims = random.shuffle(ids.filter((id) => !origins.has(id))).slice(0, crashes);
  return { seed, nodes, loss, duplicate, rumours, crashes: victims.map((node) => ({ node, at: Math.round(random.uniform(90, 100 + count * 1_000)) })) };
}

/** Runs `NodeClass` on `plan` until every flood has had 1 s to finish. */
export function runFlood(NodeClass: new () => Flooder, plan: FloodPlan): FloodRun {
  const sim = new Simulation({ seed: plan.seed, network: { latency: latency.uniform(5, 60), loss: plan.loss, duplicate: plan.duplicate } });
  for (let i = 0; i < plan.nodes; i++) sim.add(`n${i}`, () => new NodeClass());
  for (const r of plan.rumours) sim.at(r.at, () => sim.node<Flooder>(r.origin).spread(r.text), `spread "${r.text}"`);
  for (const c of plan.crashes) sim.crash(c.node, { at: c.at });
  sim.run({ until: 1_000 + plan.rumours.length * 1_000 });
  return { sim, rumours: plan.rumours, crashed: plan.crashes.map((c) => c.node), known: (id) => sim.node<Flooder>(id).known() };
}

export function floodScenario(NodeClass: new () => Flooder, options: FloodOptions): FloodRun {
  return runFlood(NodeClass, floodPlan(options));
}
