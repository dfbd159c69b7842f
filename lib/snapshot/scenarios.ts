/**
 * The graded scenarios of exercise 06 (the Chandy–Lamport snapshot), in the one shape every
 * chapter uses (lib/grading/scenario.ts): a bank on FIFO channels, and one or more nodes that
 * start a snapshot at some moment. Notebook 06 replays any of them.
 *
 *   const scenario = bankScenario(17);                       // plain data drawn from the seed
 *   const scenario = bankScenario(17, { initiators: 3 });    // three nodes start, close together
 *   const run = runBankScenario(scenario, (options) => new MyNode(options), (node) => node.startSnapshot());
 *   run.sim.trace; run.nodes;                                // the simulation and the node objects
 *   replay("06", "snapshot", 17)                             // the graded run, in notebook 06
 *
 * From the seed (its own stream, so the bank's behaviour is the simulation's business): 3 to 6
 * nodes "n1".., one latency distribution among normal, exponential, uniform and lognormal, a mean
 * transfer period of 10, 30 or 60 ms, a start time in [100, 1000) ms, the initiators (distinct,
 * random) and, for each, an offset in [0, 60) ms after the start. Every node starts with `balance`.
 * The run lasts until `start + 3000` ms, long enough for every marker to arrive. The network is
 * reliable and FIFO, so a schedule has no faults; a shrinker may drop nodes that start nothing.
 *
 * Scenarios (plain data; the checks in test/graders/06-chandy-lamport.grader.ts judge it):
 *   snapshot    one initiator: { scenario, events, recorded }
 *   initiators  two or three initiators within 60 ms: the same data
 *   liveness    one initiator; every node's balance sampled every 7 ms for 400 ms after the start,
 *               and the number of transfers the same bank sends in that window without a snapshot
 * `events` are the trace's sends and deliveries with each message reduced to { type, amount };
 * `recorded` is each node's `recorded`, copied as plain numbers (null when it never recorded).
 */
import * as latencies from "../sim/latency";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import type { TraceEvent } from "../sim/trace";
import type { ExerciseScenarios, Schedule } from "../grading/scenario";
import { BankNode, type BankOptions } from "./bank";
import type * as Exercise06 from "../../exercises/06-chandy-lamport";

type Impl = typeof Exercise06;

/** A latency distribution as plain data. */
export interface LatencySpec {
  kind: "normal" | "exponential" | "uniform" | "lognormal";
  args: number[];
}

export interface BankScenario extends Schedule {
  seed: number;
  nodes: string[];
  latency: LatencySpec;
  period: number;
  balance: number;
  /** When the first initiator starts, ms. */
  start: number;
  /** Who starts a snapshot, and when (ms). */
  starts: Array<{ node: string; at: number }>;
  /** End of the run, ms. */
  until: number;
}

const LATENCIES: LatencySpec[] = [
  { kind: "normal", args: [40, 10] },
  { kind: "exponential", args: [30] },
  { kind: "uniform", args: [5, 80] },
  { kind: "lognormal", args: [30, 0.6] },
];

function latencyOf(spec: LatencySpec): latencies.Latency {
  const [a, b] = spec.args;
  if (spec.kind === "normal") return latencies.normal(a, b);
  if (spec.kind === "exponential") return latencies.exponential(a);
  if (spec.kind === "uniform") return latencies.uniform(a, b);
  return latencies.lognormal(a, b);
}

export function bankScenario(seed: number, { initiators = 1, balance = 100 }: { initiators?: number; balance?: number } = {}): BankScenario {
  const random = new Random(seed).stream("bank-scenario");
  const count = random.int(3, 7);
  const nodes: string[] = [];
  for (let i = 1; i <= count; i++) nodes.push(`n${i}`);
  const latency = random.pick(LATENCIES);
  const period = random.pick([10, 30, 60]);
  const start = Math.round(random.uniform(100, 1000));
  const chosen = random.shuffle(nodes).slice(0, Math.min(initiators, count));
  const starts = chosen.map((node, i) => ({ node, at: i === 0 ? start : start + Math.round(random.uniform(0, 60)) }));
  return { faults: [], seed, nodes, latency, period, balance, start, starts, until: start + 3000 };
}

/** One line describing a scenario, for messages and titles. */
export function describeScenario(s: BankScenario): string {
  const starts = s.starts.map((x) => `${x.node}@${x.at}ms`).join(", ");
  return `seed ${s.seed}: ${s.nodes.length} nodes, latency ${latencyOf(s.latency).description}, transfer every ~${s.period} ms, snapshot started by ${starts}`;
}

export interface BankRun<T extends BankNode> {
  sim: Simulation;
  /** The node objects, by id. */
  nodes: Record<string, T>;
}

function bankSimulation<T extends BankNode>(scenario: BankScenario, makeNode: (options: BankOptions) => T): BankRun<T> {
  const sim = new Simulation({ seed: scenario.seed, network: { latency: latencyOf(scenario.latency), fifo: true } });
  const nodes: Record<string, T> = {};
  for (const id of scenario.nodes) nodes[id] = sim.add(id, makeNode({ balance: scenario.balance, period: scenario.period }));
  return { sim, nodes };
}

/** Builds the scenario's bank from `makeNode` (FIFO network), schedules the starts and runs it. */
export function runBankScenario<T extends BankNode>(
  scenario: BankScenario,
  makeNode: (options: BankOptions) => T,
  startSnapshot: (node: T) => void,
  beforeRun: (run: BankRun<T>) => void = () => {},
): BankRun<T> {
  const run = bankSimulation(scenario, makeNode);
  for (const { node, at } of scenario.starts) run.sim.at(at, () => startSnapshot(run.nodes[node]), `snapshot starts at ${node}`);
  beforeRun(run);
  run.sim.run({ until: scenario.until });
  return run;
}

/** A node's recorded state as plain numbers. */
export interface Recorded {
  balance: number;
  channels: Record<string, number[]>;
  complete: boolean;
}

export interface SnapshotData {
  scenario: BankScenario;
  /** The trace's sends and deliveries, each message reduced to { type, amount }. */
  events: TraceEvent[];
  recorded: Record<string, Recorded | null>;
}

const num = (v: unknown) => (typeof v === "number" ? v : NaN);

function plainMessage(msg: unknown): { type: string; amount?: number } {
  const m = (msg ?? {}) as { type?: unknown; amount?: unknown };
  return m.amount === undefined ? { type: String(m.type) } : { type: String(m.type), amount: num(m.amount) };
}

function plainEvents(trace: readonly TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const e of trace) if (e.kind === "send" || e.kind === "deliver") out.push({ ...e, msg: plainMessage(e.msg) });
  return out;
}

function plainRecorded(r: unknown): Recorded | null {
  if (r === null || typeof r !== "object") return null;
  const x = r as { balance?: unknown; channels?: unknown; complete?: unknown };
  const channels: Record<string, number[]> = {};
  if (x.channels && typeof x.channels === "object") {
    for (const [k, v] of Object.entries(x.channels as object)) channels[k] = Array.isArray(v) ? v.map(num) : (v as never);
  }
  return { balance: num(x.balance), channels, complete: x.complete === true };
}

function snapshotRun(impl: Impl, scenario: BankScenario): SnapshotData {
  const { sim, nodes } = runBankScenario(scenario, (options) => new impl.SnapshotBankNode(options), (node) => node.startSnapshot());
  const recorded: Record<string, Recorded | null> = {};
  for (const id of scenario.nodes) recorded[id] = plainRecorded(nodes[id].recorded);
  return { scenario, events: plainEvents(sim.trace), recorded };
}

export interface LivenessData {
  scenario: BankScenario;
  events: TraceEvent[];
  /** Every node's balance every 7 ms for 400 ms after the start. */
  samples: Array<{ at: number; balances: Record<string, number> }>;
  /** Transfers sent in [start, start + 400) ms with the snapshot, and by the same bank without one. */
  transfers: { withSnapshot: number; without: number };
}

export const LIVENESS_WINDOW_MS = 400;

function transfersIn(trace: readonly TraceEvent[], from: number, to: number): number {
  return trace.filter((e) => e.kind === "send" && (e.msg as { type?: unknown } | null)?.type === "transfer" && e.time >= from && e.time < to).length;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Smaller schedules: without one node that starts nothing (at least three nodes stay). */
function fewerNodes(schedule: Schedule): Schedule[] {
  const s = schedule as BankScenario;
  const starters = new Set(s.starts.map((x) => x.node));
  const spare = s.nodes.filter((n) => !starters.has(n));
  return s.nodes.length > 3 && spare.length > 0 ? [{ ...s, nodes: s.nodes.filter((n) => n !== spare[spare.length - 1]) }] : [];
}

export const scenarios: ExerciseScenarios<Impl> = {
  exercise: "06-chandy-lamport",
  scenarios: {
    snapshot: {
      describe: "a bank of 3 to 6 nodes on FIFO channels; one node starts the snapshot at a random time",
      seeds: range(1, 12),
      schedule: (seed) => bankScenario(seed),
      run: (impl, _seed, schedule) => snapshotRun(impl, schedule as BankScenario),
      shrink: fewerNodes,
    },
    initiators: {
      describe: "the same bank; two or three nodes start the snapshot within 60 ms of each other",
      seeds: range(101, 112),
      schedule: (seed) => bankScenario(seed, { initiators: 2 + (seed % 2) }),
      run: (impl, _seed, schedule) => snapshotRun(impl, schedule as BankScenario),
      shrink: fewerNodes,
    },
    liveness: {
      describe: "the same bank with one initiator; balances sampled every 7 ms for 400 ms after the start",
      seeds: range(201, 206),
      schedule: (seed) => bankScenario(seed),
      run(impl, _seed, schedule) {
        const scenario = schedule as BankScenario;
        const samples: LivenessData["samples"] = [];
        const { sim } = runBankScenario(scenario, (options) => new impl.SnapshotBankNode(options), (node) => node.startSnapshot(), ({ sim, nodes }) => {
          for (let t = scenario.start + 1; t < scenario.start + LIVENESS_WINDOW_MS; t += 7) {
            sim.at(t, () => {
              const balances: Record<string, number> = {};
              for (const id of scenario.nodes) balances[id] = num(nodes[id].balance);
              samples.push({ at: t, balances });
            });
          }
        });
        const plain = bankSimulation(scenario, (options) => new BankNode(options));
        plain.sim.run({ until: scenario.until });
        const window = [scenario.start, scenario.start + LIVENESS_WINDOW_MS] as const;
        const transfers = { withSnapshot: transfersIn(sim.trace, window[0], window[1]), without: transfersIn(plain.sim.trace, window[0], window[1]) };
        return { scenario, events: plainEvents(sim.trace), samples, transfers } satisfies LivenessData;
      },
    },
  },
};
