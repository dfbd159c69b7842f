/**
 * Exercise 10's graded scenario: the service under the nemesis, returned as plain data.
 *
 *   const schedule = scenarios.scenarios.nemesis.schedule(3);
 *   const run = runCapstone(impl, 3, schedule);          // what the grader's checks read
 *   const { sim, run } = simulateCapstone(impl, 3, schedule);   // the same, with the simulation (for plots)
 *   replay("10", "nemesis", 3)                                    // a graded run, in notebook 10 (lib/grading)
 *
 * The cast (CAPSTONE_CAST): the kit's ConfigManager "manager"; the exercise's Server on s1, s2, s3
 * (clocks drifting within ρ = 1%); three clients c1–c3 (c1 mostly reads), each the exercise's Client
 * inside the kit's ClientHost; and the kit's Auditor "audit". The network: latency normal(8, 3) ms, plus
 * the nemesis's loss, duplication and reordering. Clients run their workload until
 * `healAt + 4 s`; then the auditor reads every key.
 *
 * What `run` returns comes from the simulator's trace and from kit nodes only (never from a
 * student's object): the clients' histories (hosts), the manager's configurations and lease grants
 * (its marks), the replies and forward acknowledgements servers sent (trace sends, with the
 * simulator's sender id), the audit, the traffic to the manager, and the faults as played.
 */
import type { ExerciseScenarios, Schedule } from "../grading/scenario";
import { PhysicalClock } from "../sim/clock";
import { normal } from "../sim/latency";
import type { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";
import { Auditor, CAPSTONE_KEYS, ClientHost, type ClientIO, type HistoryOp, type ServiceClient } from "./clients";
import { ConfigManager, DEFAULT_LEASE_MS, DEFAULT_PING_MS, managerTruth, type ConfigChange, type LeaseGrant } from "./manager";
import { CAPSTONE_CAST, DRIFT_BOUND, driftOf, healTime, nemesisSchedule, playNemesis, type PlayedFault } from "./nemesis";
import type { OpKind, ServerOptions } from "./protocol";

/** What exercise 10 exports. */
export interface CapstoneImpl {
  Server: new (options: ServerOptions) => Node;
  Client: new (io: ClientIO) => ServiceClient;
}

/** A reply a server sent a client, as the trace saw it. `op` is the request's kind (null if no request had that rid). */
export interface ReplySeen {
  time: number;
  server: string;
  client: string;
  rid: number;
  epoch: number;
  op: OpKind | null;
}

export interface CapstoneRun {
  seed: number;
  faults: PlayedFault[];
  healAt: number;
  /** Clients invoke nothing from this time on. */
  stopAt: number;
  /** Operations called from this time on must complete quickly (see the progress check). */
  settledAt: number;
  end: number;
  history: HistoryOp[];
  configs: ConfigChange[];
  grants: LeaseGrant[];
  replies: ReplySeen[];
  /** `forward-ok` messages: a backup acknowledging a write of `epoch`. */
  forwardAcks: Array<{ time: number; server: string; epoch: number }>;
  /** The final value of every key the auditor read, or null when it could not read them all. */
  audit: Record<string, string> | null;
  /** Messages to and from the manager; `settled…` counts only those sent between `settledAt` and `stopAt`. */
  traffic: { clientToManager: number; managerToClient: number; serverToManager: number; settledClientToManager: number };
  leaseMs: number;
}

export const SETTLE_MS = 2_000;
const CLIENT_TAIL_MS = 4_000;
const AUDIT_KEYS = [...CAPSTONE_KEYS.appends, CAPSTONE_KEYS.put, CAPSTONE_KEYS.lock];

/** Runs `impl` under `schedule` and returns the simulation with the run's data. */
export function simulateCapstone(impl: CapstoneImpl, seed: number, schedule: Schedule): { sim: Simulation; run: CapstoneRun } {
  const cast = CAPSTONE_CAST;
  const healAt = typeof schedule.healAt === "number" ? schedule.healAt : healTime(schedule.faults);
  const stopAt = healAt + CLIENT_TAIL_MS;
  const sim = new Simulation({ seed, network: { latency: normal(8, 3) } });
  const drift = driftOf(schedule.faults);
  const version: Record<string, number> = {};
  sim.add(cast.manager, () => new ConfigManager({ servers: cast.servers }));
  for (const s of cast.servers) {
    version[s] = 1;
    const options = (): ServerOptions => ({ manager: cast.manager, version: version[s], leaseMs: DEFAULT_LEASE_MS, pingMs: DEFAULT_PING_MS, driftBound: DRIFT_BOUND });
    sim.add(s, () => new impl.Server(options()), { clock: new PhysicalClock({ driftPpm: drift[s] ?? 0 }) });
  }
  const hosts = cast.clients.map((c, i) => sim.add(c, () => new ClientHost({ manager: cast.manager, stopAt, reader: i === 0 }, (io) => new impl.Client(io))));
  const auditor = sim.add("audit", () => new Auditor(cast.manager, AUDIT_KEYS, stopAt + 500));
  const faults = playNemesis(sim, schedule.faults, cast, (node) => (version[node] = 2));
  sim.run({ until: stopAt + 500 });
  sim.run({ until: stopAt + 5_000, stopWhen: () => auditor.finished });
  const truth = managerTruth(sim.trace, cast.manager);
  const history = hosts.flatMap((h) => h.history.map((op) => ({ ...op, input: { ...op.input } })));
  return {
    sim,
    run: {
      seed,
      faults,
      healAt,
      stopAt,
      settledAt: healAt + SETTLE_MS,
      end: sim.now,
      history,
      configs: truth.configs,
      grants: truth.grants,
      ...fromTrace(sim, cast, healAt + SETTLE_MS, stopAt),
      audit: auditor.finished ? { ...auditor.values } : null,
      leaseMs: DEFAULT_LEASE_MS,
    },
  };
}

/** `simulateCapstone` without the simulation: plain data only (what a sandbox hands back). */
export function runCapstone(impl: CapstoneImpl, seed: number, schedule: Schedule): CapstoneRun {
  return simulateCapstone(impl, seed, schedule).run;
}

function fromTrace(sim: Simulation, { servers, clients, manager }: typeof CAPSTONE_CAST, settledAt: number, stopAt: number): Pick<CapstoneRun, "replies" | "forwardAcks" | "traffic"> {
  const requests = new Map<string, OpKind>();
  const replies: ReplySeen[] = [];
  const forwardAcks: CapstoneRun["forwardAcks"] = [];
  const traffic = { clientToManager: 0, managerToClient: 0, serverToManager: 0, settledClientToManager: 0 };
  const field = (msg: unknown, name: string): unknown => (msg !== null && typeof msg === "object" ? (msg as Record<string, unknown>)[name] : undefined);
  for (const e of sim.trace) {
    if (e.kind !== "send" || e.duplicateOf !== undefined) continue;
    const type = field(e.msg, "type");
    if (clients.includes(e.from)) {
      if (e.to === manager) traffic.clientToManager++;
      if (e.to === manager && e.time >= settledAt && e.time < stopAt) traffic.settledClientToManager++;
      const op = field(field(e.msg, "op"), "f");
      if (type === "request" && typeof op === "string") requests.set(`${e.from}/${field(e.msg, "rid")}`, op as OpKind);
    } else if (e.from === manager && clients.includes(e.to)) traffic.managerToClient++;
    else if (servers.includes(e.from)) {
      if (e.to === manager) traffic.serverToManager++;
      else if (type === "reply" && clients.includes(e.to)) {
        const rid = Number(field(e.msg, "rid"));
        replies.push({ time: e.time, server: e.from, client: e.to, rid, epoch: Number(field(e.msg, "epoch")), op: requests.get(`${e.to}/${rid}`) ?? null });
      } else if (type === "forward-ok") forwardAcks.push({ time: e.time, server: e.from, epoch: Number(field(e.msg, "epoch")) });
    }
  }
  return { replies, forwardAcks, traffic };
}

export const scenarios: ExerciseScenarios<CapstoneImpl> = {
  exercise: "10-primary-backup",
  scenarios: {
    nemesis: {
      describe:
        "three servers under the configuration manager and three clients, while the nemesis isolates the primary from the manager (both ways or one way), builds a bridge, pauses a server past its lease, crashes and restarts one, upgrades all three in turn, and loses, duplicates and reorders messages throughout, with clocks drifting within 1%",
      seeds: [1, 2, 3, 4, 5, 6, 7, 8],
      schedule: (seed) => nemesisSchedule(seed),
      run: (impl, seed, schedule) => runCapstone(impl, seed, schedule),
    },
    splitBrain: {
      describe:
        "the same service while the nemesis only makes old primaries: the primary (with client c1) cut off from the manager twice, a bridge through the backup, and a pause past the lease, with loss, duplication, reordering and drifting clocks",
      seeds: [101, 102, 103, 104, 105, 106],
      schedule: (seed) => nemesisSchedule(seed, { splitBrain: true }),
      run: (impl, seed, schedule) => runCapstone(impl, seed, schedule),
    },
  },
};
