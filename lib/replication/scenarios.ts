/**
 * Exercise 09's graded scenarios: a replicated register (five replicas, four clients reading and
 * writing concurrently) run on a seed's fault schedule, returning the clients' history as plain data.
 *
 *   const schedule = scenarios.scenarios.faults.schedule(7);     // plain data: { faults, ... }
 *   const data = scenarios.scenarios.faults.run(abd, 7, schedule);
 *   data.history;     // [{ client, input, output, call, return }]: check it with checkLinearizability
 *   data.messages;    // messages sent in the run; data.operations: operations invoked
 *   data.flow;        // operations whose values did not go through the replicas (value-flow.ts)
 *
 *   const { sim, data } = abdRun(abd, 7, schedule);   // the simulation too (its trace on), to draw it
 *   replay("09", "faults", 7)                                           // a graded run, in notebook 09 (lib/grading)
 *
 * Replicas are spread out: each client–replica link has its own median latency (2–40 ms, drawn
 * from the seed; lognormal around it), so a client hears from near replicas long before far ones.
 * Client c4 is remote (ABD_REMOTE): 2 ms from r1, 150 ms from the others, and only writes; the
 * others write 15% of the time and read otherwise. A remote write reaches r1 long before the rest:
 * the window in which copies disagree and readers nearby must not see time run backwards.
 *
 * Scenarios:
 *   calm     those latencies, 10% of messages reordered; nothing fails.
 *   faults   back-to-back windows, each with one fault touching at most a minority (2 of 5) of the
 *            replicas: crash then restart (durable state kept), a pause, a partition isolating the
 *            minority, a partition cutting each client off from its own minority, or amnesia (two
 *            replicas cut off for half the window, then two of the others crash and restart at
 *            once, so the writes in between survive only in durable state); throughout,
 *            5% loss, 5% duplication, 10% reordering. Every client can always reach a majority.
 *   minority-lost  two replicas crash for good (`to: Infinity`), with the same loss, duplication
 *            and reordering: a majority is still up, so every operation must still complete.
 *
 * A schedule's faults are `{ kind: "crash" | "pause", node, from, to }` and
 * `{ kind: "partition", groups: [a, b], from, to }` (the links between groups a and b are cut).
 * Other fields: `opsPerClient` (which `shrink` halves), `loss`, `duplicate`, `reorder`. The harness records every
 * operation with a HistoryRecorder; an operation still waiting when the run ends (60 s of virtual
 * time) has an unknown outcome. A `done` callback called twice, or for an operation already
 * finished, is recorded in `errors`.
 */
import type * as Exercise from "../../exercises/09-abd-register";
import type { ExerciseScenarios, Fault, Schedule } from "../grading/scenario";
import { latency } from "../sim";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import { HistoryRecorder, type History } from "./history";
import type { RegisterInput } from "./linearizability";
import { registerFlow } from "./value-flow";

type Abd = Pick<typeof Exercise, "AbdReplica" | "AbdClient">;

const ABD_REPLICAS = ["r1", "r2", "r3", "r4", "r5"];
const ABD_CLIENTS = ["c1", "c2", "c3", "c4"];
/** When the run ends, whatever is still pending (virtual ms). */
const ABD_HORIZON = 60_000;
/** The remote client: next to one replica, far from the others. */
const ABD_REMOTE = { client: "c4", near: "r1", ms: 150 };
/** The algorithm's minimum messages per operation: two phases, a request to and a reply from each replica. */
export const abdMinimumMessages = (replicas: number) => 4 * replicas;

export interface AbdRunData {
  replicas: string[];
  clients: string[];
  history: History<RegisterInput<number>, unknown>;
  /** Operations the workload meant to run (clients × opsPerClient); `operations`: those invoked. */
  planned: number;
  operations: number;
  messages: number;
  /**
   * Operations whose values did not go through the replicas (registerFlow, value-flow.ts): a write
   * that returned before a majority had heard of it, a read that returned a value no message had
   * brought it. A register answering from a private replay of the workload shows up here.
   */
  flow: string[];
  errors: string[];
  faults: Fault[];
  end: number;
}

const seeds = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A shrinker's smaller variant: half the operations per client (the faults are shrunk by dropping them). */
const fewerOperations = (schedule: Schedule): Schedule[] => {
  const ops = Number(schedule.opsPerClient);
  return ops > 4 ? [{ ...schedule, opsPerClient: Math.ceil(ops / 2) }] : [];
};

function calmSchedule(seed: number): Schedule {
  return { faults: [], opsPerClient: 30, loss: 0, duplicate: 0, reorder: 0.1 };
}

function faultSchedule(seed: number): Schedule {
  const random = new Random(seed).stream("abd-faults");
  const faults: Fault[] = [];
  const pick = (k: number, from: readonly string[] = ABD_REPLICAS) => {
    const pool = from.slice();
    const chosen: string[] = [];
    for (let i = 0; i < k; i++) chosen.push(pool.splice(random.int(0, pool.length), 1)[0]);
    return chosen.sort();
  };
  const minority = () => pick(random.int(1, 3));
  for (let t = random.uniform(0, 200); t < 3_000; ) {
    const from = Math.round(t);
    const to = from + Math.round(random.uniform(150, 450));
    const kind = random.int(0, 5);
    if (kind === 4) {
      // amnesia: two replicas miss the writes of a while, then two of the other three crash and
      // restart at once: only durable state keeps those writes on a majority
      const cut = pick(2);
      const rest = ABD_REPLICAS.filter((r) => !cut.includes(r));
      const mid = Math.round((from + to) / 2);
      faults.push({ kind: "partition", groups: [cut, [...rest, ...ABD_CLIENTS]], from, to: mid });
      for (const node of pick(2, rest)) faults.push({ kind: "crash", node, from: mid, to: mid + 20 });
    } else if (kind === 0) for (const node of minority()) faults.push({ kind: "crash", node, from, to });
    else if (kind === 1) for (const node of minority()) faults.push({ kind: "pause", node, from, to });
    else if (kind === 2) {
      const cut = minority();
      faults.push({ kind: "partition", groups: [cut, [...ABD_REPLICAS.filter((r) => !cut.includes(r)), ...ABD_CLIENTS]], from, to });
    } else for (const client of ABD_CLIENTS) faults.push({ kind: "partition", groups: [[client], minority()], from, to });
    t = to + random.uniform(20, 150);
  }
  return { faults, opsPerClient: 30, loss: 0.05, duplicate: 0.05, reorder: 0.1 };
}

function lostSchedule(seed: number): Schedule {
  const random = new Random(seed).stream("abd-lost");
  const pool = ABD_REPLICAS.slice();
  const faults: Fault[] = [0, 1].map(() => ({ kind: "crash", node: pool.splice(random.int(0, pool.length), 1)[0], from: Math.round(random.uniform(100, 1_500)), to: Infinity }));
  return { faults, opsPerClient: 30, loss: 0.05, duplicate: 0.05, reorder: 0.1 };
}

/** Runs the register on `schedule`; returns the simulation (to draw) and the plain data (to check). */
export function abdRun(impl: Abd, seed: number, schedule: Schedule): { sim: Simulation; data: AbdRunData } {
  const sim = new Simulation({
    seed,
    network: {
      latency: latency.lognormal(10, 0.7),
      loss: Number(schedule.loss ?? 0),
      duplicate: Number(schedule.duplicate ?? 0),
      reorder: Number(schedule.reorder ?? 0),
      reorderDelay: latency.uniform(0, 60),
    },
  });
  for (const r of ABD_REPLICAS) sim.add(r, () => new impl.AbdReplica());
  const clients = ABD_CLIENTS.map((id) => {
    const client = new impl.AbdClient({ replicas: ABD_REPLICAS.slice() });
    sim.add(id, client);
    return client;
  });
  const distance = new Random(seed).stream("abd-distances");
  for (const c of ABD_CLIENTS) {
    for (const r of ABD_REPLICAS) {
      const median = c !== ABD_REMOTE.client ? distance.uniform(2, 40) : r === ABD_REMOTE.near ? 2 : ABD_REMOTE.ms;
      sim.network.setLink(c, r, { latency: latency.lognormal(median, 0.5) });
    }
  }
  for (const f of schedule.faults) {
    const from = Number(f.from);
    const to = Number(f.to);
    if (f.kind === "crash") {
      sim.crash(String(f.node), { at: from });
      if (to !== Infinity) sim.restart(String(f.node), { at: to });
    } else if (f.kind === "pause") sim.pause(String(f.node), { at: from, until: to });
    else if (f.kind === "partition") {
      const [a, b] = f.groups as string[][];
      sim.partition(a, b, { at: from, until: to });
    } else throw new Error(`abdRun: unknown fault kind "${f.kind}"; use crash, pause or partition`);
  }
  const recorder = new HistoryRecorder<RegisterInput<number>, unknown>(() => sim.now);
  const errors: string[] = [];
  const workload = new Random(seed).stream("abd-workload");
  const opsPerClient = Number(schedule.opsPerClient ?? 30);
  let finished = 0;
  clients.forEach((client, i) => {
    const id = ABD_CLIENTS[i];
    let n = 0;
    const next = () => {
      if (n === opsPerClient) {
        finished++;
        return;
      }
      n++;
      const write = id === ABD_REMOTE.client || workload.chance(0.15);
      const value = (i + 1) * 1_000 + n;
      const op = recorder.invoke(id, write ? { op: "write", value } : { op: "read" });
      let calls = 0;
      const done = (output: unknown) => {
        if (++calls > 1) {
          errors.push(`${id}: done called ${calls} times for operation ${op} (${write ? `write ${value}` : "read"}, called at ${recorder.history()[op].call} ms); call it exactly once`);
          return;
        }
        recorder.complete(op, output === undefined ? null : output);
        sim.after(workload.exponential(15), next, `${id} next operation`);
      };
      if (write) client.write(value, () => done("ok"));
      else client.read((v) => done(v));
    };
    sim.after(workload.uniform(0, 20), next, `${id} first operation`);
  });
  sim.run({ until: ABD_HORIZON, stopWhen: () => finished === clients.length });
  const history = recorder.history();
  return {
    sim,
    data: {
      replicas: ABD_REPLICAS.slice(),
      clients: ABD_CLIENTS.slice(),
      history,
      planned: opsPerClient * clients.length,
      operations: history.length,
      messages: sim.stats.sent,
      flow: registerFlow(sim.trace, history, ABD_REPLICAS),
      errors,
      faults: schedule.faults,
      end: sim.now,
    },
  };
}

export const scenarios: ExerciseScenarios<Abd> = {
  exercise: "09-abd-register",
  scenarios: {
    calm: {
      describe: "five replicas, four clients reading and writing concurrently; latencies vary and reorder messages; nothing fails",
      seeds: seeds(1, 20),
      schedule: calmSchedule,
      run: (impl, seed, schedule) => abdRun(impl, seed, schedule).data,
      shrink: fewerOperations,
    },
    faults: {
      describe: "the same, while a minority of replicas crashes and restarts, pauses or is cut off, with loss, duplication and reordering",
      seeds: seeds(101, 130),
      schedule: faultSchedule,
      run: (impl, seed, schedule) => abdRun(impl, seed, schedule).data,
      shrink: fewerOperations,
    },
    "minority-lost": {
      describe: "two of the five replicas crash for good, one after the other, with loss, duplication and reordering",
      seeds: seeds(201, 215),
      schedule: lostSchedule,
      run: (impl, seed, schedule) => abdRun(impl, seed, schedule).data,
      shrink: fewerOperations,
    },
  },
};
