/**
 * The flooding scenario of notebook 00 and its grader, shared so that a seed the grader names
 * replays exactly in the notebook.
 *
 *   const run = floodScenario(FloodNode, { seed: 7, nodes: 8, loss: 0.15, crashes: 2 });
 *   run.sim          // the finished simulation (trace, stats)
 *   run.rumours      // [{ text, origin, at }] in the order they were spread
 *   run.crashed      // ids of nodes crashed during the run
 *   run.known(id)    // what node `id` knows at the end, by asking the student's node
 *
 * The node class is a parameter (the student's, or the reference answer in solutions/): nothing
 * here knows how to flood. Nodes are named n0, n1, ...; every rumour is spread with
 * `node.spread(text)` at its origin, 1 s apart, so each flood has time to finish before the next.
 */
import { Node, Simulation, latency } from "../sim";

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

export interface FloodRun {
  sim: Simulation;
  rumours: Array<{ text: string; origin: string; at: number }>;
  crashed: string[];
  known(id: string): string[];
}

export function floodScenario(NodeClass: new () => Flooder, options: FloodOptions): FloodRun {
  const { seed, nodes = 6, rumours: rumourCount = 1, loss = 0, duplicate = 0, crashes = 0 } = options;
  const sim = new Simulation({ seed, network: { latency: latency.uniform(5, 60), loss, duplicate } });
  const ids: string[] = [];
  for (let i = 0; i < nodes; i++) {
    ids.push(`n${i}`);
    sim.add(`n${i}`, () => new NodeClass());
  }
  const plan = sim.random.stream("scenario");
  const rumours: FloodRun["rumours"] = [];
  for (let r = 0; r < rumourCount; r++) {
    const origin = plan.pick(ids);
    const at = 100 + r * 1_000;
    const text = `rumour ${r + 1} from ${origin}`;
    rumours.push({ text, origin, at });
    sim.at(at, () => sim.node<Flooder>(origin).spread(text), `spread "${text}"`);
  }
  const origins = new Set(rumours.map((r) => r.origin));
  const crashed = plan.shuffle(ids.filter((id) => !origins.has(id))).slice(0, crashes);
  for (const id of crashed) sim.crash(id, { at: plan.uniform(90, 100 + rumourCount * 1_000) });
  sim.run({ until: 1_000 + rumourCount * 1_000 });
  return { sim, rumours, crashed, known: (id) => sim.node<Flooder>(id).known() };
}
