/**
 * Exercise 00's graded scenarios, in the one shape every chapter uses (lib/grading/scenario.ts).
 *
 *   scenarios.scenarios.spread.run(impl, 7, scenarios.scenarios.spread.schedule(7))
 *   // { trace, nodeIds, rumours: [{ text, origin, at }], crashed: [...], known: { n0: [...], ... } }
 *
 * A schedule is plain data: the cluster size, the rumours' count, the network's loss and
 * duplication, and `faults` (crashes of non-origin nodes, `{ kind: "crash", node, at }`), so the
 * referee can shrink a failing one by dropping crashes. `known` is what each node answered to
 * `known()` at the end; every other field is recorded by the simulator.
 */
import type { ExerciseScenarios, Fault, Schedule } from "../grading/scenario";
import { Random, Simulation, latency, type TraceEvent } from "../sim";
import type { Flooder } from "./flood";

type Impl = { FloodNode: new () => Flooder };

export interface FloodData {
  trace: TraceEvent[];
  nodeIds: string[];
  rumours: Array<{ text: string; origin: string; at: number }>;
  crashed: string[];
  known: Record<string, string[]>;
}

interface FloodSchedule extends Schedule {
  nodes: number;
  rumours: number;
  loss: number;
  duplicate: number;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Origins and crash times drawn from the seed: the plan a run follows. */
function plan(seed: number, nodes: number, rumours: number, crashes: number): Fault[] {
  const random = new Random(seed).stream("plan");
  const ids = range(0, nodes - 1).map((i) => `n${i}`);
  const origins = range(1, rumours).map(() => random.pick(ids));
  const candidates = ids.filter((id) => !origins.includes(id));
  const faults: Fault[] = [];
  for (let i = 0; i < crashes && candidates.length > 0; i++) {
    const node = candidates.splice(random.int(0, candidates.length), 1)[0];
    faults.push({ kind: "crash", node, at: Math.round(random.uniform(90, 100 + rumours * 1_000)) });
  }
  return faults;
}

function schedule(nodes: number, rumours: number, options: { loss?: number; duplicate?: number; crashes?: number } = {}) {
  return (seed: number): FloodSchedule => ({ nodes, rumours, loss: options.loss ?? 0, duplicate: options.duplicate ?? 0, faults: plan(seed, nodes, rumours, options.crashes ?? 0) });
}

function run(impl: Impl, seed: number, s: Schedule): FloodData {
  const { nodes, rumours: count, loss, duplicate } = s as FloodSchedule;
  const sim = new Simulation({ seed, network: { latency: latency.uniform(5, 60), loss, duplicate } });
  const ids = range(0, nodes - 1).map((i) => `n${i}`);
  for (const id of ids) sim.add(id, () => new impl.FloodNode());
  const random = new Random(seed).stream("plan");
  const rumours = range(1, count).map((r) => {
    const origin = random.pick(ids);
    return { text: `${["fig", "ash", "elm", "oak", "yew"][(r * 3) % 5]} ${r} from ${origin}`, origin, at: 100 + (r - 1) * 1_000 };
  });
  for (const r of rumours) sim.at(r.at, () => sim.node<Flooder>(r.origin).spread(r.text), `spread "${r.text}"`);
  const crashed = s.faults.map((f) => String(f.node));
  for (const f of s.faults) sim.crash(String(f.node), { at: Number(f.at) });
  sim.run({ until: 1_000 + count * 1_000 });
  const known: Record<string, string[]> = {};
  for (const id of ids) known[id] = Array.from(sim.node<Flooder>(id).known(), String);
  return { trace: sim.trace.slice(), nodeIds: ids, rumours, crashed, known };
}

export const scenarios: ExerciseScenarios<Impl> = {
  exercise: "00-flood",
  scenarios: {
    small: { describe: "3 to 12 nodes, no faults", seeds: range(1, 15), schedule: (seed) => schedule([3, 5, 8, 12][seed % 4], 1)(seed), run, shrink: (s) => [{ ...s, nodes: Math.max(2, (s.nodes as number) - 1) }] },
    duplicates: { describe: "7 nodes, 3 rumours, 30% of messages duplicated", seeds: range(1, 30), schedule: schedule(7, 3, { duplicate: 0.3 }), run },
    faults: { describe: "9 nodes, 15% loss, 2 crashes", seeds: range(1, 40), schedule: schedule(9, 2, { loss: 0.15, crashes: 2 }), run },
    order: { describe: "6 nodes, 4 rumours spread 1 s apart", seeds: range(1, 20), schedule: schedule(6, 4), run },
  },
};
