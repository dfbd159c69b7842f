/**
 * The graded scenarios of exercise 07 (a batching client for the central manager), in the one
 * shape every chapter uses (lib/grading/scenario.ts), and the contract checks on their data.
 * Notebook 07 replays any seed the grader reports:
 *
 *   replay("07", "reordering", 7)                                        // the graded run
 *   const run = runBatchingScenario("mixed", 7, (workload, maxBatch) => new BatchingClient(workload, maxBatch));
 *   batchingProblems(run);                  // [] when every op was applied once, in order, with its result
 *   run.metrics                             // throughput and latency (lib/coordination/measure.ts)
 *
 * Every scenario: CentralManager(s) with perMessageMs 2, perOpMs 0.2; network latency normal(10, 3);
 * the schedule's one fault, { kind: "reorder", chance, maxDelayMs }, gives that share of messages
 * an extra 0–maxDelayMs (so they overtake later ones; a shrinker may drop it); no loss; clients
 * issue for `durationMs`, then the run drains.
 *   "mixed"       the seed picks 2–8 clients, 1–3 managers (shards), 20–300 ops/s per client and
 *                 maxBatch 4–32; reorder 20% by up to 30 ms; metrics over [500, 3000) ms, 8 s drain
 *   "reordering"  operations in flight across batches: 2–4 clients at 100–200 ops/s, 1–2 managers,
 *                 maxBatch 4 or 8 (so pending operations span several batches), reorder 50% by up
 *                 to 60 ms; 2 s of issuing, 8 s drain
 *   "saturated"   8 clients × 250 ops/s, one manager, maxBatch 16 (naive capacity ≈ 450 ops/s);
 *                 also run with NaiveOpsClient on the same seed, for comparison
 *   "light"       4 clients × 5 ops/s for 10 s, one manager, maxBatch 16 (the manager is mostly
 *                 idle); also run with NaiveOpsClient
 *
 * Data (BatchingData, plain): what each manager applied (id, client, batch, seq, value), each
 * client's issued op ids in issue order and completions, and the metrics. Issue order is the
 * number in the op id ("c3:17" is c3's 17th), which the workload assigns.
 */
import { latency } from "../sim";
import { Random } from "../sim/random";
import type { ExerciseScenarios, Fault, Schedule } from "../grading/scenario";
import { NaiveOpsClient, type OpsClient, type OpsWorkload } from "./op-client";
import { runOpsWorkload, type OpsRun } from "./run-ops";
import type { OpsMetrics } from "./measure";
import type * as Exercise07 from "../../exercises/07-batching";

type Impl = typeof Exercise07;
export type BatchingScenarioKind = "mixed" | "reordering" | "saturated" | "light";

export interface BatchingSchedule extends Schedule {
  faults: Fault[];
  clients: number;
  shards: number;
  ratePerSec: number;
  maxBatch: number;
  durationMs: number;
  warmupMs: number;
  drainMs: number;
}

export interface BatchingData {
  maxBatch: number;
  /** Per manager, every op in apply order. */
  applied: Record<string, Array<{ id: string; key: string; client: string; batch: number; seq: number; value: number; time: number }>>;
  /** Per client, its op ids in issue order. */
  issued: Record<string, string[]>;
  /** Per client, completions in arrival order. */
  completions: Record<string, Array<{ id: string; seq: number; value: number }>>;
  strayResults: Record<string, number>;
  metrics: OpsMetrics;
}

export type BatchingRun = OpsRun & BatchingData & { kind: BatchingScenarioKind };

function batchingSchedule(kind: BatchingScenarioKind, seed: number): BatchingSchedule {
  const base = { faults: [{ kind: "reorder", chance: 0.2, maxDelayMs: 30 }], shards: 1, durationMs: 3_000, warmupMs: 500, drainMs: 8_000 };
  if (kind === "saturated") return { ...base, clients: 8, ratePerSec: 250, maxBatch: 16 };
  if (kind === "light") return { ...base, clients: 4, ratePerSec: 5, maxBatch: 16, durationMs: 10_000 };
  const random = new Random(seed).stream(`batching-${kind}`);
  if (kind === "reordering") {
    return {
      ...base,
      faults: [{ kind: "reorder", chance: 0.5, maxDelayMs: 60 }],
      clients: random.int(2, 5),
      shards: random.int(1, 3),
      ratePerSec: random.pick([100, 150, 200]),
      maxBatch: random.pick([4, 8]),
      durationMs: 2_000,
    };
  }
  return { ...base, clients: random.int(2, 9), shards: random.int(1, 4), ratePerSec: random.pick([20, 60, 150, 300]), maxBatch: random.pick([4, 8, 16, 32]) };
}

function runSchedule(seed: number, s: BatchingSchedule, makeClient: (workload: OpsWorkload, maxBatch: number) => OpsClient): OpsRun & BatchingData {
  const reorder = s.faults.find((f) => f.kind === "reorder");
  const run = runOpsWorkload({
    seed,
    clients: s.clients,
    shards: s.shards,
    ratePerSec: s.ratePerSec,
    manager: { perMessageMs: 2, perOpMs: 0.2, maxBatch: 32 },
    network: { latency: latency.normal(10, 3), reorder: reorder ? Number(reorder.chance) : 0, reorderDelay: latency.uniform(0, reorder ? Number(reorder.maxDelayMs) : 0) },
    durationMs: s.durationMs,
    warmupMs: s.warmupMs,
    drainMs: s.drainMs,
    trace: false,
    client: (workload) => makeClient(workload, s.maxBatch),
  });
  return { ...run, ...batchingData(run, s.maxBatch) };
}

/** The plain data of any ops run (runOpsWorkload) that the contract checks read. */
export function batchingData(run: OpsRun, maxBatch: number): BatchingData {
  const data: BatchingData = { maxBatch, applied: {}, issued: {}, completions: {}, strayResults: {}, metrics: { ...run.metrics } };
  for (const m of run.managers) data.applied[m.id] = m.applied.map((a) => ({ id: a.id, key: a.key, client: a.client, batch: a.batch, seq: a.seq, value: a.value, time: a.time }));
  for (const c of run.clients) {
    data.issued[c.id] = c.issued.map((i) => String(i.op.id));
    data.completions[c.id] = c.completions.map((x) => ({ id: String(x.id), seq: Number(x.seq), value: Number(x.value) }));
    data.strayResults[c.id] = Number(c.strayResults);
  }
  return data;
}

/** A scenario run with a client of yours, for notebook 07 (the run, its data and its metrics). */
export function runBatchingScenario(kind: BatchingScenarioKind, seed: number, makeClient: (workload: OpsWorkload, maxBatch: number) => OpsClient): BatchingRun {
  return { ...runSchedule(seed, batchingSchedule(kind, seed), makeClient), kind };
}

/** Plain data only: the part of a run the checks read. */
function dataOf(run: OpsRun & BatchingData): BatchingData {
  const { maxBatch, applied, issued, completions, strayResults, metrics } = run;
  return { maxBatch, applied, issued, completions, strayResults, metrics };
}

/** Where each operation was applied: op id → [manager, applied record] for every application. */
function applications(data: BatchingData): Map<string, Array<[string, BatchingData["applied"][string][number]]>> {
  const out = new Map<string, Array<[string, BatchingData["applied"][string][number]]>>();
  for (const manager of Object.keys(data.applied)) {
    for (const a of data.applied[manager]) {
      const list = out.get(a.id) ?? [];
      out.set(a.id, list);
      list.push([manager, a]);
    }
  }
  return out;
}

/** Exactly once, with the manager's result, in batches of at most maxBatch: what goes wrong, in words. */
export function exactlyOnceProblems(data: BatchingData, limit = 5): string[] {
  const problems: string[] = [];
  const applied = applications(data);
  // One message's operations are applied together: a run of the same client, batch and time.
  for (const manager of Object.keys(data.applied)) {
    const list = data.applied[manager];
    for (let i = 0, size = 1; i < list.length; i++, size++) {
      const a = list[i];
      const next = list[i + 1];
      if (next !== undefined && next.client === a.client && next.batch === a.batch && next.time === a.time) continue;
      if (size > data.maxBatch && problems.length < limit) problems.push(`${a.client} sent ${manager} a batch of ${size} operations (batch ${a.batch}, ending with ${a.id}), expected at most maxBatch = ${data.maxBatch}`);
      size = 0;
    }
  }
  for (const client of Object.keys(data.issued)) {
    const done = new Map<string, Array<{ seq: number; value: number }>>();
    for (const c of data.completions[client]) {
      const list = done.get(c.id) ?? [];
      done.set(c.id, list);
      list.push(c);
    }
    for (const id of data.issued[client]) {
      const apps = applied.get(id) ?? [];
      const results = done.get(id) ?? [];
      if (apps.length !== 1) problems.push(`${id} was applied ${apps.length} times, expected once`);
      else if (results.length !== 1) problems.push(`${id} was applied once but completed ${results.length} times at ${client}, expected once`);
      else if (results[0].seq !== apps[0][1].seq || results[0].value !== apps[0][1].value) {
        problems.push(`${id} completed with seq ${results[0].seq}, value ${results[0].value}, expected seq ${apps[0][1].seq}, value ${apps[0][1].value} as ${apps[0][0]} applied it`);
      }
      if (problems.length >= limit) return problems;
    }
    if (data.strayResults[client] > 0) problems.push(`${client} received ${data.strayResults[client]} results for operations it did not have unfinished, expected 0`);
  }
  return problems.slice(0, limit);
}

const issueNumber = (id: string) => Number(id.slice(id.lastIndexOf(":") + 1));

/** Program order: at each manager, each client's operations applied in issue order (at most `limit` lines). */
export function programOrderProblems(data: BatchingData, limit = 5): string[] {
  const problems: string[] = [];
  for (const manager of Object.keys(data.applied)) {
    const last = new Map<string, { n: number; id: string; seq: number }>();
    for (const a of data.applied[manager]) {
      const n = issueNumber(a.id);
      const previous = last.get(a.client);
      if (previous !== undefined && n < previous.n) {
        problems.push(`${manager} applied ${a.id} as seq ${a.seq}, after ${previous.id} (seq ${previous.seq}), though ${a.client} issued ${a.id} first: expected issue order`);
        if (problems.length >= limit) return problems;
      }
      if (previous === undefined || n > previous.n) last.set(a.client, { n, id: a.id, seq: a.seq });
    }
  }
  return problems;
}

/** Both contracts together (empty when every op was applied once, in order, with its result). */
export function batchingProblems(data: BatchingData, limit = 5): string[] {
  return exactlyOnceProblems(data, limit).concat(programOrderProblems(data, limit)).slice(0, limit);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const student = (impl: Impl) => (workload: OpsWorkload, maxBatch: number) => new impl.BatchingClient(workload, maxBatch);
const naive = (workload: OpsWorkload) => new NaiveOpsClient(workload);

/** Fewer clients, a lower rate, one shard: smaller schedules worth trying when shrinking. */
function smaller(schedule: Schedule): Schedule[] {
  const s = schedule as BatchingSchedule;
  const out: Schedule[] = [];
  if (s.clients > 1) out.push({ ...s, clients: s.clients - 1 });
  if (s.shards > 1) out.push({ ...s, shards: 1 });
  if (s.durationMs > 500) out.push({ ...s, durationMs: Math.round(s.durationMs / 2), warmupMs: Math.min(s.warmupMs, Math.round(s.durationMs / 4)) });
  return out;
}

export interface ComparedData {
  yours: BatchingData;
  naive: OpsMetrics;
}

export const scenarios: ExerciseScenarios<Impl> = {
  exercise: "07-batching",
  scenarios: {
    mixed: {
      describe: "2–8 clients, 1–3 managers, 20–300 ops/s per client, maxBatch 4–32, 20% of messages reordered",
      seeds: range(1, 8),
      schedule: (seed) => batchingSchedule("mixed", seed),
      run: (impl, seed, schedule) => dataOf(runSchedule(seed, schedule as BatchingSchedule, student(impl))),
      shrink: smaller,
    },
    reordering: {
      describe: "2–4 busy clients (100–200 ops/s), 1–2 managers, maxBatch 4 or 8, half the messages reordered by up to 60 ms",
      seeds: range(1, 8),
      schedule: (seed) => batchingSchedule("reordering", seed),
      run: (impl, seed, schedule) => dataOf(runSchedule(seed, schedule as BatchingSchedule, student(impl))),
      shrink: smaller,
    },
    saturated: {
      describe: "8 clients × 250 ops/s on one manager, maxBatch 16; the same with one message per operation",
      seeds: range(1, 2),
      schedule: (seed) => batchingSchedule("saturated", seed),
      run: (impl, seed, schedule) => ({ yours: dataOf(runSchedule(seed, schedule as BatchingSchedule, student(impl))), naive: runSchedule(seed, schedule as BatchingSchedule, naive).metrics }) satisfies ComparedData,
    },
    light: {
      describe: "4 clients × 5 ops/s for 10 s on one manager, maxBatch 16; the same with one message per operation",
      seeds: range(1, 3),
      schedule: (seed) => batchingSchedule("light", seed),
      run: (impl, seed, schedule) => ({ yours: dataOf(runSchedule(seed, schedule as BatchingSchedule, student(impl))), naive: runSchedule(seed, schedule as BatchingSchedule, naive).metrics }) satisfies ComparedData,
    },
  },
};
