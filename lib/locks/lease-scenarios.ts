/**
 * The fault scenarios that exercise 04 is graded on, runnable from the notebook to replay a seed.
 *
 *   import * as ex from "./exercises/04-leases-and-fencing";
 *   const run = runLeaseScenario(ex, "safety", 7);     // the same run the grader saw for seed 7
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
 *                renews, and keeps writing with its old token; clients paused for 0.8–1.5 s,
 *                partitioned from the server for 1–2 s, loss 5%, duplicates 2%, client clocks
 *                drifting up to ±2% (maxDriftPpm 20,000)
 *   "exclusion"  no pauses; a client crashes (and restarts 1 s later), clients partitioned from the
 *                server, loss 5%, every clock (server too) drifting up to ±5% (maxDriftPpm 50,000)
 *   "renewal"    one client, 40 writes per hold (2 s of work, more than three leases), no faults
 *   "liveness"   a, b, c; the lock's holder crashes at a random time between 1.5 and 4 s; loss 2%
 *   "fairness"   a, b, c ask again the moment they release (thinkMs 0); loss 2%
 *
 * The result: `{ sim, kind, seed, crashed? }` (crashed: which client crashed when, "liveness" and
 * "exclusion").
 */
import { PhysicalClock } from "../sim/clock";
import * as latency from "../sim/latency";
import { Node } from "../sim/node";
import type { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import { lockBeliefs } from "./check";

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

export const LEASE_MS = 600;

export const LEASE_SETTINGS: LeaseClientSettings = {
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
class ScriptedWriter extends Node<{ type: string; token?: number; value?: string }> {
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
class ZombieClient extends Node<{ type: string; token?: number; req?: number; value?: string }> {
  token: number | null = null;
  private askTimer = 0;
  private writes = 0;
  onStart(): void {
    let req = 0;
    this.send("locks", { type: "acquire", req: ++req });
    this.askTimer = this.every(150, () => this.send("locks", { type: "acquire", req: ++req }), "retry acquire");
  }
  onMessage(_from: string, msg: { type: string; token?: number }): void {
    if (msg.type !== "granted" || this.token !== null || msg.token === undefined) return;
    this.token = msg.token;
    this.cancelTimer(this.askTimer);
    this.mark("lock-acquired", { holder: this.id, token: msg.token });
    this.every(40, () => this.send("storage", { type: "write", token: this.token!, value: `${this.id}#${this.token}.${++this.writes}` }), "zombie write");
  }
}

function clientsWith(sim: Simulation, impl: LeaseImplementation, settings: Partial<LeaseClientSettings>, clock?: (id: string) => PhysicalClock): void {
  CLIENTS.forEach((id, i) => {
    const options = { ...LEASE_SETTINGS, startAfterMs: 100 + 37 * i, ...settings };
    sim.add(id, () => new impl.LeaseLockClient(options), clock ? { clock: clock(id) } : {});
  });
}

function driftingClock(random: Random, maxPpm: number): PhysicalClock {
  return new PhysicalClock({ driftPpm: random.uniform(-maxPpm, maxPpm) });
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

export function runLeaseScenario(impl: LeaseImplementation, kind: LeaseScenarioKind, seed: number): LeaseScenarioRun {
  const base = { latency: latency.normal(40, 10) };
  const faults = new Simulation({ seed }).random.stream(`lease-scenario/${kind}`);
  let sim: Simulation;
  const run = (): LeaseScenarioRun => ({ sim, kind, seed });
  switch (kind) {
    case "storage": {
      sim = new Simulation({ seed, network: { ...base, loss: 0.1, duplicate: 0.1, reorder: 0.3 } });
      sim.add("storage", () => new impl.FencedStorage());
      for (const id of ["w1", "w2", "w3"]) sim.add(id, () => new ScriptedWriter(25));
      sim.run({ until: 5_000 });
      return run();
    }
    case "safety": {
      sim = new Simulation({ seed, network: { ...base, loss: 0.05, duplicate: 0.02 } });
      sim.add("locks", () => new impl.LeaseLockServer({ leaseMs: LEASE_MS }));
      sim.add("storage", () => new impl.FencedStorage());
      sim.add("z", () => new ZombieClient());
      clientsWith(sim, impl, { maxDriftPpm: 20_000 }, () => driftingClock(faults, 20_000));
      sim.pause("z", { at: faults.uniform(300, 1_500), for: faults.uniform(500, 2_000) });
      for (let k = 0; k < 3; k++) sim.pause(faults.pick(CLIENTS), { at: faults.uniform(500, 10_000), for: faults.uniform(800, 1_500) });
      for (let k = 0; k < 2; k++) {
        const at = faults.uniform(500, 9_000);
        sim.partition([faults.pick(CLIENTS)], ["locks"], { at, until: at + faults.uniform(1_000, 2_000) });
      }
      sim.run({ until: 12_000 });
      return run();
    }
    case "exclusion": {
      sim = new Simulation({ seed, network: { ...base, loss: 0.05 } });
      sim.add("locks", () => new impl.LeaseLockServer({ leaseMs: LEASE_MS }), { clock: driftingClock(faults, 50_000) });
      sim.add("storage", () => new impl.FencedStorage());
      clientsWith(sim, impl, { maxDriftPpm: 50_000 }, () => driftingClock(faults, 50_000));
      const result = run();
      crashHolder(sim, faults.uniform(1_000, 8_000), result, 1_000);
      for (let k = 0; k < 3; k++) {
        const at = faults.uniform(500, 10_000);
        sim.partition([faults.pick(CLIENTS)], ["locks"], { at, until: at + faults.uniform(1_000, 2_000) });
      }
      sim.run({ until: 12_000 });
      return result;
    }
    case "renewal": {
      sim = new Simulation({ seed, network: base });
      sim.add("locks", () => new impl.LeaseLockServer({ leaseMs: LEASE_MS }));
      sim.add("storage", () => new impl.FencedStorage());
      sim.add("a", () => new impl.LeaseLockClient({ ...LEASE_SETTINGS, writesPerHold: 40, thinkMs: 100_000 }));
      sim.run({ until: 4_000 });
      return run();
    }
    case "liveness": {
      sim = new Simulation({ seed, network: { ...base, loss: 0.02 } });
      sim.add("locks", () => new impl.LeaseLockServer({ leaseMs: LEASE_MS }));
      sim.add("storage", () => new impl.FencedStorage());
      clientsWith(sim, impl, { thinkMs: 50, writesPerHold: 20 });
      const result = run();
      crashHolder(sim, faults.uniform(1_500, 4_000), result);
      sim.run({ until: 9_000 });
      return result;
    }
    case "fairness": {
      sim = new Simulation({ seed, network: { ...base, loss: 0.02 } });
      sim.add("locks", () => new impl.LeaseLockServer({ leaseMs: LEASE_MS }));
      sim.add("storage", () => new impl.FencedStorage());
      clientsWith(sim, impl, { thinkMs: 0, writesPerHold: 3 });
      sim.run({ until: 12_000 });
      return run();
    }
  }
}
