/**
 * Exercise 04's graded scenarios (leases and fencing tokens), in the one shape every chapter uses
 * (lib/grading/scenario.ts), and the runs notebook 04 replays.
 *
 *   const s = scenarios.scenarios.safety;
 *   s.run(impl, 7, s.schedule(7));          // plain data (LeaseData): what the checks judge
 *   replay("04", "safety", 7)               // the same run in notebook 04
 *   const run = runLeaseScenario(ex, "safety", 7);    // the same run, with its simulation
 *   checkLocks(run.sim.trace).describe();
 *   spaceTime(run.sim, { from: 2_000, to: 5_000 });
 *
 * `impl` is any module with the exercise's three classes (LeaseLockServer, LeaseLockClient,
 * FencedStorage); it speaks the protocol documented in exercises/04-leases-and-fencing.ts. Nodes:
 * "locks" (server), "storage", clients "a", "b", "c", and in some scenarios the grader's own nodes.
 * Every scenario uses leaseMs 600, latency normal(40, 10) and the client settings in LEASE_SETTINGS.
 *
 *   "storage"    writers "w1".."w3" (the grader's) send writes to "storage" with tokens that grow with time ±2,
 *                over a network that loses 10%, duplicates 10% and reorders 30% of messages
 *   "safety"     a, b, c plus "z", a zombie client (the grader's): it takes the lock first, never
 *                renews, and keeps writing with its old token; holds of 30 writes (1.5 s, more
 *                than two leases), clients paused for 0.8–1.5 s and partitioned from the server
 *                for 1–2 s (so pauses and partitions fall inside holds), loss 5%, duplicates 2%,
 *                client clocks drifting up to ±2% (maxDriftPpm 20,000)
 *   "exclusion"  no pauses; holds of 30 writes; the holder crashes (and restarts 1 s later),
 *                clients partitioned from the server, loss 5%, every clock (server too) drifting
 *                up to ±5% (maxDriftPpm 50,000)
 *   "renewal"    one client, 40 writes per hold (2 s of work, more than three leases), no faults
 *   "liveness"   a, b, c; the lock's holder crashes at a random time between 1.5 and 4 s; loss 2%
 *   "fairness"   a, b, c ask again the moment they release (thinkMs 0); loss 2%
 *
 * A schedule is plain data: `faults` lists { kind: "pause", node, at, for },
 * { kind: "partition", node, at, until } (node cut from "locks") and { kind: "crash-holder", at,
 * restartAfter? } (whoever holds the lock at `at`, or next); a shrinker may drop or shorten them.
 * `drift` gives each node's clock rate error (ppm), `settings` the clients' options.
 *
 * The data (LeaseData): the run's trace with every message reduced to its protocol fields (so it
 * is plain), each node's clock drift, the safe hold the clients were told to respect, and what
 * the storage node holds at the end. The truth the checks use comes from the trace: what the
 * network delivered, when each client sent each request, and the grader's own nodes' marks.
 */
import { PhysicalClock } from "../sim/clock";
import * as latency from "../sim/latency";
import { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";
import type { ExerciseScenarios, Fault, Schedule } from "../grading/scenario";
import type { TraceEvent } from "../sim/trace";
import { lockBeliefs } from "./check";
import type { LeaseMessage } from "./protocol";

/** What the scenarios pass to a client's constructor. */
export interface LeaseClientSettings {
  server: string;
  storage: string;
  leaseMs: number;
  renewEveryMs: number;
  retryMs: number;
  maxDriftPpm: number;
  writeEveryMs: number;
  writesPerHold: number;
  thinkMs: number;
  startAfterMs: number;
}

export interface LeaseImplementation {
  LeaseLockServer: new (options: { leaseMs: number }) => Node;
  LeaseLockClient: new (options: LeaseClientSettings) => Node;
  FencedStorage: new () => Node;
}

export type LeaseScenarioKind = "storage" | "safety" | "exclusion" | "renewal" | "liveness" | "fairness";

export interface LeaseScenarioRun {
  sim: Simulation;
  kind: LeaseScenarioKind;
  seed: number;
  crashed?: { node: string; at: number };
}

const LEASE_MS = 600;

const LEASE_SETTINGS: LeaseClientSettings = {
  server: "locks",
  storage: "storage",
  leaseMs: LEASE_MS,
  renewEveryMs: 200,
  retryMs: 150,
  maxDriftPpm: 0,
  writeEveryMs: 50,
  writesPerHold: 4,
  thinkMs: 300,
  startAfterMs: 0,
};

const CLIENTS = ["a", "b", "c"];

/** A grader's node that writes `count` times at random moments; tokens grow with time, ±2. */
class ScriptedWriter extends Node<LeaseMessage> {
  constructor(readonly count: number) {
    super();
  }
  onStart(): void {
    for (let k = 1; k <= this.count; k++) {
      const at = this.random.uniform(0, 3_000);
      const token = Math.max(1, Math.floor(at / 250) + this.random.int(-2, 3));
      this.setTimer(at, () => this.send("storage", { type: "write", token, value: `${this.id}:${k}` }), "write");
    }
  }
}

/** A grader's client that takes the lock, never renews, and writes with its token forever. */
class ZombieClient extends Node<LeaseMessage> {
  token: number | null = null;
  private askTimer = 0;
  private writes = 0;
  onStart(): void {
    let req = 0;
    this.send("locks", { type: "acquire", req: ++req });
    this.askTimer = this.every(150, () => this.send("locks", { type: "acquire", req: ++req }), "retry acquire");
  }
  onMessage(_from: string, msg: LeaseMessage): void {
    if (msg.type !== "granted" || this.token !== null) return;
    this.token = msg.token;
    this.cancelTimer(this.askTimer);
    this.mark("lock-acquired", { holder: this.id, token: msg.token });
    this.every(40, () => this.send("storage", { type: "write", token: this.token!, value: `${this.id}#${this.token}.${++this.writes}` }), "zombie write");
  }
}

/** Crashes whichever client believes it holds the lock at `at` (or the next moment one does). */
function crashHolder(sim: Simulation, at: number, run: LeaseScenarioRun, restartAfter?: number): void {
  sim.at(at, () => {
    const open = lockBeliefs(sim.trace).filter((b) => b.endedBy === "end of trace" && CLIENTS.includes(b.holder) && sim.isAlive(b.holder));
    if (open.length === 0) return crashHolder(sim, sim.now + 25, run, restartAfter);
    const node = open[0].holder;
    run.crashed = { node, at: sim.now };
    sim.crash(node);
    if (restartAfter !== undefined) sim.restart(node, { at: sim.now + restartAfter });
  }, "crash the holder");
}

interface LeaseSchedule extends Schedule {
  kind: LeaseScenarioKind;
  /** Each node's clock drift, ppm (nodes not named run on a perfect clock). */
  drift: Record<string, number>;
  /** The clients' options (as given to every client, startAfterMs aside). */
  settings: LeaseClientSettings;
  network: { loss: number; duplicate: number; reorder: number };
  until: number;
}

/** The fault schedule of `kind` for `seed`: plain data. */
function leaseSchedule(kind: LeaseScenarioKind, seed: number): LeaseSchedule {
  const r = new Simulation({ seed }).random.stream(`lease-scenario/${kind}`);
  const faults: Fault[] = [];
  const drift: Record<string, number> = {};
  const partitions = (n: number) => {
    for (let k = 0; k < n; k++) {
      const at = r.uniform(500, 9_000);
      faults.push({ kind: "partition", node: r.pick(CLIENTS), at, until: at + r.uniform(1_000, 2_000) });
    }
  };
  const base = { kind, drift, faults, settings: LEASE_SETTINGS, network: { loss: 0.02, duplicate: 0, reorder: 0 }, until: 12_000 };
  switch (kind) {
    case "storage":
      return { ...base, network: { loss: 0.1, duplicate: 0.1, reorder: 0.3 }, until: 5_000 };
    case "safety": {
      for (const id of CLIENTS) drift[id] = r.uniform(-20_000, 20_000);
      faults.push({ kind: "pause", node: "z", at: r.uniform(300, 1_500), for: r.uniform(500, 2_000) });
      for (let k = 0; k < 3; k++) faults.push({ kind: "pause", node: r.pick(CLIENTS), at: r.uniform(500, 10_000), for: r.uniform(800, 1_500) });
      partitions(3);
      return { ...base, settings: { ...LEASE_SETTINGS, maxDriftPpm: 20_000, writesPerHold: 30 }, network: { loss: 0.05, duplicate: 0.02, reorder: 0 } };
    }
    case "exclusion": {
      for (const id of ["locks", ...CLIENTS]) drift[id] = r.uniform(-50_000, 50_000);
      faults.push({ kind: "crash-holder", at: r.uniform(1_000, 8_000), restartAfter: 1_000 });
      partitions(4);
      return { ...base, settings: { ...LEASE_SETTINGS, maxDriftPpm: 50_000, writesPerHold: 30 }, network: { loss: 0.05, duplicate: 0, reorder: 0 } };
    }
    case "renewal":
      return { ...base, settings: { ...LEASE_SETTINGS, writesPerHold: 40, thinkMs: 100_000 }, network: { loss: 0, duplicate: 0, reorder: 0 }, until: 4_000 };
    case "liveness":
      faults.push({ kind: "crash-holder", at: r.uniform(1_500, 4_000) });
      return { ...base, settings: { ...LEASE_SETTINGS, thinkMs: 50, writesPerHold: 20 }, until: 9_000 };
    case "fairness":
      return { ...base, settings: { ...LEASE_SETTINGS, thinkMs: 0, writesPerHold: 3 } };
  }
}

/** Runs `impl` on a schedule of leaseSchedule (what the grader and the notebook both run). */
function runLeaseSchedule(impl: LeaseImplementation, seed: number, schedule: Schedule): LeaseScenarioRun {
  const s = schedule as LeaseSchedule;
  const sim = new Simulation({ seed, network: { latency: latency.normal(40, 10), ...s.network } });
  const run: LeaseScenarioRun = { sim, kind: s.kind, seed };
  const clock = (id: string) => (s.drift[id] === undefined ? {} : { clock: new PhysicalClock({ driftPpm: s.drift[id] }) });
  if (s.kind === "storage") {
    sim.add("storage", () => new impl.FencedStorage());
    for (const id of ["w1", "w2", "w3"]) sim.add(id, () => new ScriptedWriter(25));
  } else {
    sim.add("locks", () => new impl.LeaseLockServer({ leaseMs: LEASE_MS }), clock("locks"));
    sim.add("storage", () => new impl.FencedStorage());
    if (s.kind === "safety") sim.add("z", () => new ZombieClient());
    const clients = s.kind === "renewal" ? ["a"] : CLIENTS;
    clients.forEach((id, i) => {
      const options = { ...s.settings, startAfterMs: s.kind === "renewal" ? 0 : 100 + 37 * i };
      sim.add(id, () => new impl.LeaseLockClient(options), clock(id));
    });
  }
  for (const f of s.faults) {
    if (f.kind === "pause") sim.pause(String(f.node), { at: Number(f.at), for: Number(f.for) });
    else if (f.kind === "partition") sim.partition([String(f.node)], ["locks"], { at: Number(f.at), until: Number(f.until) });
    else if (f.kind === "crash-holder") crashHolder(sim, Number(f.at), run, f.restartAfter === undefined ? undefined : Number(f.restartAfter));
  }
  sim.run({ until: s.until });
  return run;
}

/** The run the grader saw for `kind` and `seed`. */
export function runLeaseScenario(impl: LeaseImplementation, kind: LeaseScenarioKind, seed: number): LeaseScenarioRun {
  return runLeaseSchedule(impl, seed, leaseSchedule(kind, seed));
}

/** What a graded run returns. */
export interface LeaseData {
  kind: LeaseScenarioKind;
  /** The trace, every message's `msg` reduced to its protocol fields. */
  trace: TraceEvent[];
  drift: Record<string, number>;
  settings: LeaseClientSettings;
  leaseMs: number;
  /** The holder crashed by a "crash-holder" fault, if any. */
  crashed?: { node: string; at: number };
  /** What the storage node holds at the end (its `value` and `token` fields). */
  storage: { value: string | null; token: number };
}

const MESSAGE_FIELDS = ["type", "token", "req", "value", "newest"];
const MARK_FIELDS = ["holder", "token", "reason", "writer", "value", "newest"];

/** The protocol's fields of a message or of a mark's data, as plain numbers and strings. */
function pick(value: unknown, fields: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (value === null || typeof value !== "object") return out;
  for (const f of fields) {
    const v = (value as Record<string, unknown>)[f];
    if (typeof v === "number" || typeof v === "string") out[f] = v;
    else if (v !== undefined) out[f] = String(v);
  }
  return out;
}

function plainEvent(e: TraceEvent): TraceEvent | null {
  switch (e.kind) {
    case "send":
    case "deliver":
    case "drop":
      return { ...e, msg: pick(e.msg, MESSAGE_FIELDS) };
    case "mark":
      return { kind: "mark", time: e.time, node: e.node, name: e.name, data: e.data === undefined ? undefined : pick(e.data, MARK_FIELDS) };
    case "crash":
    case "restart":
    case "pause":
    case "resume":
    case "start":
      return { kind: e.kind, time: e.time, node: e.node };
    default:
      return null;
  }
}

function runGraded(impl: LeaseImplementation, seed: number, schedule: Schedule): LeaseData {
  const run = runLeaseSchedule(impl, seed, schedule);
  const s = schedule as LeaseSchedule;
  const storage = run.sim.node("storage") as unknown as { value?: unknown; token?: unknown };
  const trace: TraceEvent[] = [];
  for (const e of run.sim.trace) {
    const p = plainEvent(e);
    if (p) trace.push(p);
  }
  return {
    kind: s.kind,
    trace,
    drift: { ...s.drift },
    settings: { ...s.settings },
    leaseMs: LEASE_MS,
    ...(run.crashed ? { crashed: { ...run.crashed } } : {}),
    storage: { value: typeof storage.value === "string" ? storage.value : storage.value === null ? null : String(storage.value), token: Number(storage.token) },
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const KINDS: Record<LeaseScenarioKind, { describe: string; seeds: number[] }> = {
  storage: { describe: "the grader's writers send writes with growing tokens over a lossy, duplicating, reordering network", seeds: range(1, 20) },
  safety: { describe: "a zombie client, long holds, pauses and partitions during holds, ±2% clock drift", seeds: range(1, 20) },
  exclusion: { describe: "long holds, the holder crashes, partitions, ±5% clock drift on every node", seeds: range(1, 20) },
  renewal: { describe: "one client holding for 40 writes, more than three leases", seeds: range(1, 5) },
  liveness: { describe: "the holder crashes between 1.5 and 4 s", seeds: range(1, 15) },
  fairness: { describe: "three clients ask again the moment they release", seeds: range(1, 10) },
};

export const scenarios: ExerciseScenarios<LeaseImplementation> = {
  exercise: "04-leases-and-fencing",
  scenarios: Object.fromEntries(
    (Object.keys(KINDS) as LeaseScenarioKind[]).map((kind) => [kind, { ...KINDS[kind], schedule: (seed: number) => leaseSchedule(kind, seed), run: runGraded }]),
  ),
};
