/**
 * Exercise 01's graded scenarios (a replica-set client), in the one shape every chapter uses
 * (lib/grading/scenario.ts), and the measurements the grader and notebook 01 take.
 *
 *   const s = scenarios.scenarios.crashes;
 *   s.run(impl, 7, s.schedule(7));     // plain data (ReplicaData): what the checks judge
 *   replay("01", "crashes", 7)         // the same run in notebook 01
 *   const run = runReplicas((options) => new MyClient(options), replicaScenario("crashes", 7));
 *   run.successRate        // share of requests answered within the deadline
 *   run.attemptsTo         // requests the client put on the wire, per replica
 *   run.sim                // the simulation, to draw
 *
 * A scenario: n replicas ("r1".."rn", each a QueueServer), one client node "client" built by
 * `makeClient(options)` with options { replicas, timeout, deadline }, and a stream of requests:
 * at Poisson moments the harness calls `client.submit(id)` with ids "q0", "q1", ... The client
 * sends `{ type: "work", id }` to replicas of its choice; a replica answers `{ type: "done", id }`.
 * Faults by name:
 *   "steady"    no faults: 3 to 5 replicas, all up
 *   "crashes"   3 replicas crash and restart independently (each up 80–90% of the time, outages
 *               of ~0.3–0.7 s), and the network loses 0–2% of messages
 *   "one-dies"  3 or 4 replicas; one crashes at 1.5 s and never comes back
 *   "all-down"  3 replicas; all crash at 3 s (a shared power supply) and restart at 5 s
 *
 * A schedule is the ReplicaScenario as plain data, its outages (drawn from the seed for "crashes")
 * listed in `faults` as { kind: "outage", node, from, to } (to: Infinity for good), which a
 * shrinker may drop or shorten.
 *
 * Everything is measured from the trace, not from what the client says: a request succeeds when a
 * "done" for its id is delivered to the client within `deadline` ms of its submit; an attempt is
 * a "work" message the client sent, and it went to a dead replica if that replica was crashed at
 * the moment it was sent.
 */
import { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";
import * as latency from "../sim/latency";
import type { ExerciseScenarios, Schedule } from "../grading/scenario";
import { Random } from "../sim/random";
import { drawOutages, outagesFromTrace, scheduleOutages, type Outage } from "./failures";
import { QueueServer, type WorkMessage } from "./server";

export interface ReplicatedClientOptions {
  /** The replicas' node ids. */
  replicas: string[];
  /** A reply normally comes well within this many ms; silence for longer means trouble. */
  timeout: number;
  /** A request answered later than this many ms after its submit counts as failed. */
  deadline: number;
}

/** What the harness needs from a client node: `submit(id)` starts request `id` now. */
export interface ReplicaClientNode extends Node<WorkMessage> {
  submit(id: string): void;
}

export type ReplicaScenarioName = "steady" | "crashes" | "one-dies" | "all-down";
const REPLICA_SCENARIOS: ReplicaScenarioName[] = ["steady", "crashes", "one-dies", "all-down"];

export interface ReplicaScenario {
  name: ReplicaScenarioName;
  seed: number;
  replicas: string[];
  requests: number;
  /** Requests per second (Poisson). */
  rate: number;
  /** One replica's service rate, requests per second. */
  serviceRate: number;
  loss: number;
  timeout: number;
  deadline: number;
  /** The model the outages of "crashes" were drawn from (ms), if any. */
  failures?: { mttf: number; mttr: number };
  /** Outages per replica (ms), if any: drawn from `failures` or fixed. */
  outages?: Record<string, Outage[]>;
}

export function replicaScenario(name: ReplicaScenarioName, seed: number): ReplicaScenario {
  const pick = new Simulation({ seed, trace: false }).random.stream(`replica-scenario/${name}`);
  const names = (n: number) => Array.from({ length: n }, (_, i) => `r${i + 1}`);
  const base = { name, seed, rate: 40, serviceRate: 200, loss: 0, timeout: 100, deadline: 1_000 };
  switch (name) {
    case "steady":
      return { ...base, replicas: names(pick.int(3, 6)), requests: 300 };
    case "crashes": {
      const a = pick.uniform(0.8, 0.9);
      const mttr = pick.uniform(300, 700);
      const failures = { mttf: (mttr * a) / (1 - a), mttr };
      const replicas = names(3);
      const outages: Record<string, Outage[]> = {};
      for (const r of replicas) outages[r] = drawOutages(new Random(`replica-scenario/${seed}/${r}`), failures, 0, 20_000);
      return { ...base, replicas, requests: 600, loss: pick.uniform(0, 0.02), failures, outages };
    }
    case "one-dies": {
      const replicas = names(pick.int(3, 5));
      return { ...base, replicas, requests: 400, outages: { [pick.pick(replicas)]: [{ from: 1_500, to: Infinity }] } };
    }
    case "all-down": {
      const replicas = names(3);
      const outages: Record<string, Outage[]> = {};
      for (const r of replicas) outages[r] = [{ from: 3_000, to: 5_000 }];
      return { ...base, replicas, requests: 400, outages };
    }
  }
}

export interface ReplicaRun {
  scenario: ReplicaScenario;
  sim: Simulation;
  /** Virtual time at which request i was submitted. */
  submittedAt: number[];
  /** Time from submit to the first "done" delivered for request i (undefined: never). */
  latency: Array<number | undefined>;
  /** Share of requests answered within the deadline. */
  successRate: number;
  /** "work" messages the client sent, per replica. */
  attemptsTo: Record<string, number>;
  /** All "work" messages the client sent. */
  attempts: number;
  /** Of those, how many went to a replica that was crashed when they were sent. */
  attemptsToDead: number;
  /** Each replica's outages, read from the trace. */
  outages: Record<string, Outage[]>;
  /** When the run ended. */
  end: number;
}

export function runReplicas(makeClient: (options: ReplicatedClientOptions) => ReplicaClientNode, scenario: ReplicaScenario): ReplicaRun {
  const sim = new Simulation({ seed: scenario.seed, network: { latency: latency.normal(10, 3), loss: scenario.loss } });
  for (const r of scenario.replicas) sim.add(r, () => new QueueServer({ serviceRate: scenario.serviceRate }));
  const client = sim.add("client", makeClient({ replicas: scenario.replicas.slice(), timeout: scenario.timeout, deadline: scenario.deadline }));
  const arrivals = sim.random.stream("replica-workload");
  const submittedAt: number[] = [];
  let t = 0;
  for (let i = 0; i < scenario.requests; i++) {
    t += arrivals.exponential(1000 / scenario.rate);
    const id = `q${i}`;
    submittedAt.push(t);
    sim.at(t, () => client.submit(id), `submit ${id}`);
  }
  const end = t + scenario.deadline + 100;
  for (const [replica, outages] of Object.entries(scenario.outages ?? {})) {
    scheduleOutages(sim, replica, outages);
  }
  sim.run({ until: end });
  return measure(scenario, sim, submittedAt, end);
}

function measure(scenario: ReplicaScenario, sim: Simulation, submittedAt: number[], end: number): ReplicaRun {
  const outages = outagesFromTrace(sim.trace, scenario.replicas, end);
  const isDown = (replica: string, time: number) => (outages[replica] ?? []).some((o) => o.from <= time && time < o.to);
  const latencies: Array<number | undefined> = submittedAt.map(() => undefined);
  const attemptsTo: Record<string, number> = {};
  for (const r of scenario.replicas) attemptsTo[r] = 0;
  let attempts = 0;
  let attemptsToDead = 0;
  for (const e of sim.trace) {
    if (e.kind === "send" && e.from === "client" && e.duplicateOf === undefined) {
      attempts++;
      if (attemptsTo[e.to] !== undefined) attemptsTo[e.to]++;
      if (isDown(e.to, e.time)) attemptsToDead++;
    } else if (e.kind === "deliver" && e.to === "client") {
      const id = (e.msg as { id?: unknown }).id;
      const i = typeof id === "string" && /^q\d+$/.test(id) ? Number(id.slice(1)) : -1;
      if (i >= 0 && i < latencies.length && latencies[i] === undefined && (e.msg as { type?: unknown }).type === "done") {
        latencies[i] = e.time - submittedAt[i];
      }
    }
  }
  const ok = latencies.filter((l) => l !== undefined && l <= scenario.deadline).length;
  return { scenario, sim, submittedAt, latency: latencies, successRate: ok / submittedAt.length, attemptsTo, attempts, attemptsToDead, outages, end };
}

/** A client with no replication at all: every request to the first replica, never retried. */
export class PrimaryOnlyClient extends Node<WorkMessage> implements ReplicaClientNode {
  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }
  submit(id: string): void {
    this.send(this.options.replicas[0], { type: "work", id });
  }
}

/** A client that spreads load but never fails over: each request to a random replica, once. */
export class RandomReplicaClient extends Node<WorkMessage> implements ReplicaClientNode {
  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }
  submit(id: string): void {
    this.send(this.random.pick(this.options.replicas), { type: "work", id });
  }
}

/** What a graded run returns: the measurements above as plain data, and the client's sends. */
export interface ReplicaData {
  replicas: string[];
  requests: number;
  deadline: number;
  submittedAt: number[];
  /** null: never answered. */
  latency: Array<number | null>;
  successRate: number;
  attemptsTo: Record<string, number>;
  attempts: number;
  attemptsToDead: number;
  outages: Record<string, Outage[]>;
  /** Every "work" message the client sent: when, to which replica, for which request. */
  sends: Array<{ time: number; to: string; id: string }>;
  /** Every "done" delivered to the client: when, from which replica, for which request. */
  answers: Array<{ time: number; from: string; id: string }>;
  /** The client's `timeout` option, ms. */
  timeout: number;
}

interface ReplicaImplementation {
  ReplicatedClient: new (options: ReplicatedClientOptions) => ReplicaClientNode;
}

function toSchedule(scenario: ReplicaScenario): Schedule {
  const { outages, ...rest } = scenario;
  const faults = Object.entries(outages ?? {}).flatMap(([node, list]) => list.map((o) => ({ kind: "outage", node, from: o.from, to: o.to })));
  return { ...rest, replicas: scenario.replicas.slice(), faults };
}

function fromSchedule(schedule: Schedule): ReplicaScenario {
  const { faults, ...rest } = schedule;
  const outages: Record<string, Outage[]> = {};
  for (const f of faults) (outages[String(f.node)] ??= []).push({ from: Number(f.from), to: Number(f.to) });
  for (const list of Object.values(outages)) list.sort((a, b) => a.from - b.from);
  return { ...(rest as unknown as ReplicaScenario), outages };
}

function runGraded(impl: ReplicaImplementation, seed: number, schedule: Schedule): ReplicaData {
  const r = runReplicas((options) => new impl.ReplicatedClient(options), { ...fromSchedule(schedule), seed });
  const sends: ReplicaData["sends"] = [];
  const answers: ReplicaData["answers"] = [];
  const idOf = (msg: unknown) => String((msg as { id?: unknown }).id);
  for (const e of r.sim.trace) {
    if (e.kind === "send" && e.from === "client" && e.duplicateOf === undefined) sends.push({ time: e.time, to: e.to, id: idOf(e.msg) });
    else if (e.kind === "deliver" && e.to === "client" && (e.msg as { type?: unknown }).type === "done") answers.push({ time: e.time, from: e.from, id: idOf(e.msg) });
  }
  return {
    replicas: r.scenario.replicas.slice(),
    requests: r.scenario.requests,
    deadline: r.scenario.deadline,
    submittedAt: r.submittedAt,
    latency: r.latency.map((l) => (l === undefined ? null : l)),
    successRate: r.successRate,
    attemptsTo: r.attemptsTo,
    attempts: r.attempts,
    attemptsToDead: r.attemptsToDead,
    outages: r.outages,
    sends,
    answers,
    timeout: r.scenario.timeout,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const DESCRIBE: Record<ReplicaScenarioName, string> = {
  steady: "3 to 5 replicas, no faults",
  crashes: "3 replicas crashing and restarting independently, 0-2% loss",
  "one-dies": "3 or 4 replicas; one dies for good at 1.5 s",
  "all-down": "3 replicas, all down from 3 s to 5 s",
};
const SEEDS: Record<ReplicaScenarioName, number[]> = { steady: range(1, 20), crashes: range(1, 30), "one-dies": range(1, 15), "all-down": range(1, 15) };

export const scenarios: ExerciseScenarios<ReplicaImplementation> = {
  exercise: "01-replicas",
  scenarios: Object.fromEntries(
    REPLICA_SCENARIOS.map((name) => [name, { describe: DESCRIBE[name], seeds: SEEDS[name], schedule: (seed: number) => toSchedule(replicaScenario(name, seed)), run: runGraded }]),
  ),
};
