/**
 * Snapshot scenarios: a bank on FIFO channels, and one or more nodes that start a snapshot at some
 * moment. The grader of exercise 06 runs these for many seeds; notebook 06 replays any of them.
 *
 *   const scenario = bankScenario(17);                       // drawn from the seed: see below
 *   const scenario = bankScenario(17, { initiators: 3 });    // three nodes start, close together
 *   const run = runBankScenario(scenario, (options) => new MyNode(options), (node) => node.startSnapshot());
 *   run.sim.trace; run.nodes;                                // the simulation and the node objects
 *
 * From the seed (its own stream, so the bank's behaviour is the simulation's business): 3 to 6
 * nodes "n1".., one latency distribution among normal, exponential, uniform and lognormal, a mean
 * transfer period of 10, 30 or 60 ms, a start time in [100, 1000) ms, the initiators (distinct,
 * random) and, for each, an offset in [0, 60) ms after the start. Every node starts with `balance`.
 * The run lasts until `start + 3000` ms, long enough for every marker to arrive.
 */
import * as latencies from "../sim/latency";
import type { Latency } from "../sim/latency";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import type { BankNode, BankOptions } from "./bank";

export interface BankScenario {
  seed: number;
  nodes: string[];
  latency: Latency;
  period: number;
  balance: number;
  /** When the first initiator starts, ms. */
  start: number;
  /** Who starts a snapshot, and when (ms). */
  starts: Array<{ node: string; at: number }>;
  /** End of the run, ms. */
  until: number;
}

export function bankScenario(seed: number, { initiators = 1, balance = 100 }: { initiators?: number; balance?: number } = {}): BankScenario {
  const random = new Random(seed).stream("bank-scenario");
  const count = random.int(3, 7);
  const nodes: string[] = [];
  for (let i = 1; i <= count; i++) nodes.push(`n${i}`);
  const latency = random.pick([
    latencies.normal(40, 10),
    latencies.exponential(30),
    latencies.uniform(5, 80),
    latencies.lognormal(30, 0.6),
  ]);
  const period = random.pick([10, 30, 60]);
  const start = Math.round(random.uniform(100, 1000));
  const chosen = random.shuffle(nodes).slice(0, Math.min(initiators, count));
  const starts = chosen.map((node, i) => ({ node, at: i === 0 ? start : start + Math.round(random.uniform(0, 60)) }));
  return { seed, nodes, latency, period, balance, start, starts, until: start + 3000 };
}

/** One line describing a scenario, for messages and titles. */
export function describeScenario(s: BankScenario): string {
  const starts = s.starts.map((x) => `${x.node}@${x.at}ms`).join(", ");
  return `seed ${s.seed}: ${s.nodes.length} nodes, latency ${s.latency.description}, transfer every ~${s.period} ms, snapshot started by ${starts}`;
}

export interface BankRun<T extends BankNode> {
  sim: Simulation;
  /** The node objects, by id. */
  nodes: Record<string, T>;
}

/** Builds the scenario's bank from `makeNode` (FIFO network), schedules the starts and runs it. */
export function runBankScenario<T extends BankNode>(
  scenario: BankScenario,
  makeNode: (options: BankOptions) => T,
  startSnapshot: (node: T) => void,
): BankRun<T> {
  const sim = new Simulation({ seed: scenario.seed, network: { latency: scenario.latency, fifo: true } });
  const nodes: Record<string, T> = {};
  for (const id of scenario.nodes) {
    nodes[id] = sim.add(id, makeNode({ balance: scenario.balance, period: scenario.period }));
  }
  for (const { node, at } of scenario.starts) sim.at(at, () => startSnapshot(nodes[node]), `snapshot starts at ${node}`);
  sim.run({ until: scenario.until });
  return { sim, nodes };
}
