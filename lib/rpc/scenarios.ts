/**
 * Exercise 02's graded scenarios (exactly-once requests), in the one shape every chapter uses
 * (lib/grading/scenario.ts), and the test bench notebook 02 runs them on.
 *
 *   const s = scenarios.scenarios.crash;
 *   s.run(impl, 17, s.schedule(17));   // plain data (ExactlyOnceData): what the checks judge
 *   replay("02", "crash", 17)          // the same run in notebook 02
 *
 *   const scenario = exactlyOnceScenario("crash", 17);          // what the grader ran for seed 17
 *   const run = runExactlyOnce(
 *     (options) => new ExactlyOnceClient(options),
 *     () => new ExactlyOnceServer(),
 *     scenario,
 *   );
 *   run.problems;                 // [] when every request took effect once and every client knows
 *   spaceTime(run.sim);           // look at it
 *
 * Scenarios (each a function of the seed, so a failing seed can be replayed exactly):
 *   "baseline"     no faults: latency 10–50 ms, so a round trip always beats the timeout
 *   "loss"         10–30% of messages lost, each way
 *   "dup-reorder"  5% loss, 30% duplicated, 30% delayed by up to 400 ms (stale replies, late copies)
 *   "crash"        loss, duplicates, reordering, and the server crashes 1–2 times and restarts
 *   "outage"       the server is down for 5–8 s, early in the run (many timeouts in a row); 20% loss
 *   "gone"         the server crashes early and never comes back
 * Every scenario has 3 clients ("c1", "c2", "c3") with 5 ops each ({ add: 1..9 }), one server
 * ("server"), a per-attempt timeout of 150 ms and a give-up time of 6 s after the client starts
 * ("gone") or 30 s (the rest).
 *
 * A client is built with `ExactlyOnceClientOptions` and reports through `results` (below); the
 * server keeps its counter in a `DurableCounter` (counter.ts). The truth is the counter's ledger,
 * which the counter keeps out of every node's reach (`effectLog(sim.durable("server"))`, read
 * from the store the server was given at its start): a node can add effects only by applying
 * them, never forge or erase one.
 *
 * A schedule is the ExactlyOnceScenario as plain data, with the server's crashes in `faults`
 * ({ kind: "crash", node: "server", at, restartAt? }), which a shrinker may drop.
 *
 * A graded run of "crash" or "outage" also returns `crashProbes` (CrashProbe below): the run
 * replayed once per application, with a crash right after the event that applied, so that a
 * server that saves what it applied only before the crashes it foresees is found out.
 */
import type { LinkOptions } from "../sim/network";
import type { Node } from "../sim/node";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import { normal, uniform } from "../sim/latency";
import type { ExerciseScenarios, Schedule } from "../grading/scenario";
import { effectLog, effectCounts, type CounterOp, type Effect } from "./counter";

export interface ExactlyOnceClientOptions {
  /** The server's node id. */
  server: string;
  /** The operations to perform, each to take effect exactly once; results[i] goes with ops[i]. */
  ops: CounterOp[];
  /** Wait this long (ms) for a reply before sending the request again. */
  timeout: number;
  /** Keep trying until at least this long (ms) after the client started; stop by then. */
  giveUpAfter: number;
}

export interface ExactlyOnceResult {
  requestId: string;
  value: number;
}

/** What the bench needs from a client: the options it was built with, and its results. */
export interface ExactlyOnceReporter extends Node {
  /** results[i]: the request id used for ops[i] and the value the server replied; undefined until known. */
  readonly results: ReadonlyArray<ExactlyOnceResult | undefined>;
}

export type ExactlyOnceScenarioName = "baseline" | "loss" | "dup-reorder" | "crash" | "outage" | "gone";
const EXACTLY_ONCE_SCENARIOS: readonly ExactlyOnceScenarioName[] = ["baseline", "loss", "dup-reorder", "crash", "outage", "gone"];

export interface ExactlyOnceScenario {
  name: ExactlyOnceScenarioName;
  seed: number;
  /** The network, as data: latencies as [low, high] (uniform) or { mean, std } (normal). */
  network: PlainNetwork;
  /** Server crashes, each with its restart time (undefined: never restarts). */
  crashes: Array<{ at: number; restartAt?: number }>;
  clients: Record<string, CounterOp[]>;
  timeout: number;
  giveUpAfter: number;
  /** How long the run lasts, ms. */
  until: number;
}

/** A latency as data: uniform in [low, high), or normal(mean, std). */
export type PlainLatency = { uniform: [number, number] } | { normal: [number, number] };

export interface PlainNetwork {
  latency: PlainLatency;
  loss?: number;
  duplicate?: number;
  reorder?: number;
  reorderDelay?: PlainLatency;
}

const latencyOf = (l: PlainLatency) => ("uniform" in l ? uniform(l.uniform[0], l.uniform[1]) : normal(l.normal[0], l.normal[1]));

/** The simulator's link options for a network given as data. */
function linkOptions(network: PlainNetwork): LinkOptions {
  const { latency, reorderDelay, ...rest } = network;
  return { ...rest, latency: latencyOf(latency), ...(reorderDelay ? { reorderDelay: latencyOf(reorderDelay) } : {}) };
}

export function exactlyOnceScenario(name: ExactlyOnceScenarioName, seed: number): ExactlyOnceScenario {
  const random = new Random(`exactly-once/${name}/${seed}`);
  const clients: Record<string, CounterOp[]> = {};
  for (const c of ["c1", "c2", "c3"]) clients[c] = [1, 2, 3, 4, 5].map(() => ({ add: random.int(1, 10) }));
  const base = { name, seed, clients, timeout: 150, giveUpAfter: 30_000, until: 40_000, crashes: [] as ExactlyOnceScenario["crashes"] };
  const wan: PlainLatency = { normal: [40, 10] };
  switch (name) {
    case "baseline":
      return { ...base, network: { latency: { uniform: [10, 50] } } };
    case "loss":
      return { ...base, network: { latency: wan, loss: random.uniform(0.1, 0.3) } };
    case "dup-reorder":
      return { ...base, network: { latency: wan, loss: 0.05, duplicate: 0.3, reorder: 0.3, reorderDelay: { uniform: [0, 400] } } };
    case "crash": {
      const crashes: ExactlyOnceScenario["crashes"] = [];
      let t = random.uniform(100, 1_200);
      const n = random.int(1, 3);
      for (let i = 0; i < n; i++) {
        const restartAt = t + random.uniform(50, 1_500);
        crashes.push({ at: t, restartAt });
        t = restartAt + random.uniform(200, 1_500);
      }
      return { ...base, network: { latency: wan, loss: 0.15, duplicate: 0.15, reorder: 0.15, reorderDelay: { uniform: [0, 400] } }, crashes };
    }
    case "outage": {
      const at = random.uniform(50, 300);
      return { ...base, network: { latency: wan, loss: 0.2 }, crashes: [{ at, restartAt: at + random.uniform(5_000, 8_000) }] };
    }
    case "gone":
      return { ...base, network: { latency: wan }, crashes: [{ at: random.uniform(0, 100) }], giveUpAfter: 6_000, until: 12_000 };
  }
}

export interface ExactlyOnceRun {
  scenario: ExactlyOnceScenario;
  sim: Simulation;
  /** results per client id, as the client reported them. */
  results: Record<string, Array<ExactlyOnceResult | null>>;
  effects: Effect[];
  /** Requests sent per client (every copy the client put on the wire to the server). */
  requestsSent: Record<string, number>;
  /** Virtual time of each client's last message to the server (-1 if none). */
  lastSend: Record<string, number>;
  /** Virtual time of the last message from the server delivered to each client (-1 if none). */
  lastReply: Record<string, number>;
  /** What went wrong, in words; empty when every request took effect once with the right result. */
  problems: string[];
}

export function runExactlyOnce(
  makeClient: (options: ExactlyOnceClientOptions) => ExactlyOnceReporter,
  makeServer: () => Node,
  scenario: ExactlyOnceScenario,
): ExactlyOnceRun {
  const sim = new Simulation({ seed: scenario.seed, network: linkOptions(scenario.network) });
  sim.add("server", makeServer);
  // The store the server started with: the counter's ledger is kept against it (counter.ts).
  const serverStore = sim.durable("server");
  const clients: Record<string, ExactlyOnceReporter> = {};
  for (const [id, ops] of Object.entries(scenario.clients)) {
    const options = { server: "server", ops: ops.map((op) => ({ ...op })), timeout: scenario.timeout, giveUpAfter: scenario.giveUpAfter };
    clients[id] = sim.add(id, () => makeClient(options));
  }
  for (const crash of scenario.crashes) {
    sim.crash("server", { at: crash.at });
    if (crash.restartAt !== undefined) sim.restart("server", { at: crash.restartAt });
  }
  sim.run({ until: scenario.until, maxEvents: 500_000 });

  const requestsSent: Record<string, number> = {};
  const lastSend: Record<string, number> = {};
  const lastReply: Record<string, number> = {};
  for (const id of Object.keys(clients)) {
    requestsSent[id] = 0;
    lastSend[id] = -1;
    lastReply[id] = -1;
  }
  for (const e of sim.trace) {
    if (e.kind === "send" && e.to === "server" && e.from in requestsSent && e.duplicateOf === undefined) {
      requestsSent[e.from]++;
      lastSend[e.from] = e.time;
    } else if (e.kind === "deliver" && e.from === "server" && e.to in lastReply) {
      lastReply[e.to] = e.time;
    }
  }
  const results: Record<string, Array<ExactlyOnceResult | null>> = {};
  for (const [id, client] of Object.entries(clients)) results[id] = plainResults(client.results);
  const effects = effectLog(serverStore);
  const run = { scenario, sim, results, effects, requestsSent, lastSend, lastReply, problems: [] as string[] };
  run.problems = exactlyOnceProblems(run);
  return run;
}

/** Checks a run against the contract; each problem is one sentence for a student. */
export function exactlyOnceProblems(run: Pick<ExactlyOnceRun, "scenario" | "results" | "effects">): string[] {
  const problems: string[] = [];
  const counts = effectCounts(run.effects);
  const byId = new Map<string, Effect>();
  for (const e of run.effects) if (!byId.has(e.requestId)) byId.set(e.requestId, e);
  const reported = new Set<string>();
  for (const [client, ops] of Object.entries(run.scenario.clients)) {
    const results = run.results[client] ?? [];
    ops.forEach((op, i) => {
      const r = results[i];
      const what = `${client}'s op #${i} ({ add: ${op.add} })`;
      if (r === undefined || r === null) return void problems.push(`${what} has no result: the client never learned it (results[${i}] is undefined)`);
      if (reported.has(r.requestId)) return void problems.push(`${what} reports request id "${r.requestId}", which another op also uses: ids must be unique`);
      reported.add(r.requestId);
      const n = counts.get(r.requestId) ?? 0;
      if (n !== 1) return void problems.push(`${what}, request "${r.requestId}", took effect ${n} times on the server (exactly once was wanted)`);
      const effect = byId.get(r.requestId)!;
      if (effect.op.add !== op.add) return void problems.push(`${what}: request "${r.requestId}" applied { add: ${effect.op.add} }, not the op it was given`);
      if (r.value !== effect.value) return void problems.push(`${what}: the client reports ${r.value}, but the server's counter read ${effect.value} after applying it`);
    });
  }
  for (const [id, n] of counts) {
    if (!reported.has(id)) problems.push(`the server applied request "${id}" ${n} time(s), but no client reports a result under that id (a new id per retry?)`);
  }
  return problems;
}

/** A client's `results` copied to plain data (null where unknown); anything malformed stays visible as such. */
function plainResults(results: unknown): Array<ExactlyOnceResult | null> {
  if (!Array.isArray(results)) return [];
  return Array.from(results, (r) => {
    if (r === undefined || r === null || typeof r !== "object") return null;
    const { requestId, value } = r as { requestId?: unknown; value?: unknown };
    return { requestId: String(requestId), value: typeof value === "number" ? value : NaN };
  });
}

/**
 * A crash at a moment no schedule names: the run replayed up to the event in which the server
 * applied one request, the server crashed right after that event and restarted 1 ms later, and
 * the message that made it apply delivered to it again 1 ms after that, from the same sender;
 * then the run goes on to its end. `appliedAgain` counts the applications of that request id from
 * the crash on; `problems` are the probe run's exactly-once problems at its end (exactlyOnceProblems:
 * every op applied once, every client knowing its value). A server that keeps what it has applied
 * on disk in the same event applies nothing again and still serves every client.
 */
export interface CrashProbe {
  requestId: string;
  /** When the server applied it (and crashed right after). */
  at: number;
  /** Who sent the message that made it apply. */
  from: string;
  appliedAgain: number;
  /** The probe run's exactly-once problems (the first three). */
  problems: string[];
}

/** Runs a crash probe after each application of the graded run (see CrashProbe). */
function crashProbes(makeClient: (options: ExactlyOnceClientOptions) => ExactlyOnceReporter, makeServer: () => Node, scenario: ExactlyOnceScenario, applications: number): CrashProbe[] {
  const probes: CrashProbe[] = [];
  for (let k = 0; k < applications; k++) {
    let server: Node | undefined;
    const sim = new Simulation({ seed: scenario.seed, network: linkOptions(scenario.network) });
    sim.add("server", () => (server = makeServer()));
    const store = sim.durable("server");
    const clients: Record<string, ExactlyOnceReporter> = {};
    for (const [id, ops] of Object.entries(scenario.clients)) {
      const options = { server: "server", ops: ops.map((op) => ({ ...op })), timeout: scenario.timeout, giveUpAfter: scenario.giveUpAfter };
      clients[id] = sim.add(id, () => makeClient(options));
    }
    // The probe's own crash may fall just before a planned crash or restart: every restart here
    // happens only if the server is down then (the same event as sim.restart's when it is).
    const restartIfDown = () => {
      if (!sim.isAlive("server")) sim.restart("server");
    };
    for (const crash of scenario.crashes) {
      sim.crash("server", { at: crash.at });
      if (crash.restartAt !== undefined) sim.at(crash.restartAt, restartIfDown, "restart server");
    }
    while (effectLog(store).length <= k && sim.step() !== null && sim.now <= scenario.until);
    const effects = effectLog(store);
    if (effects.length <= k) break; // the replay did not apply as often (cannot happen with deterministic code)
    const { requestId, time } = effects[k];
    const trace = sim.trace;
    let trigger: { from: string; msg: unknown } | undefined;
    for (let i = trace.length - 1; i >= 0 && trace[i].time === sim.now; i--) {
      const e = trace[i];
      if (e.kind === "deliver" && e.to === "server") {
        trigger = { from: e.from, msg: e.msg };
        break;
      }
    }
    if (trigger === undefined) continue; // applied in a timer or at a start: no message to repeat
    const { from, msg } = trigger;
    const at = sim.now;
    sim.crash("server", { at });
    sim.at(at + 1, restartIfDown, "restart server");
    sim.at(at + 2, () => {
      if (sim.isAlive("server") && server !== undefined) (server as unknown as { onMessage(from: string, msg: unknown): void }).onMessage(from, structuredClone(msg));
    }, "crash probe: the same message again");
    sim.run({ until: scenario.until, maxEvents: 500_000 });
    const after = effectLog(store);
    const appliedAgain = after.filter((e, i) => i > k && e.requestId === requestId).length;
    const results: Record<string, Array<ExactlyOnceResult | null>> = {};
    for (const [id, client] of Object.entries(clients)) results[id] = plainResults(client.results);
    probes.push({ requestId, at: time, from, appliedAgain, problems: exactlyOnceProblems({ scenario, results, effects: after }).slice(0, 3) });
  }
  return probes;
}

/** What a graded run returns: the run without its simulation (the grader works out the problems), and, where the server crashes, the crash probes. */
export type ExactlyOnceData = Omit<ExactlyOnceRun, "sim" | "problems"> & { crashProbes: CrashProbe[] };

interface ExactlyOnceImplementation {
  ExactlyOnceClient: new (options: ExactlyOnceClientOptions) => ExactlyOnceReporter;
  ExactlyOnceServer: new () => Node;
}

function toSchedule(scenario: ExactlyOnceScenario): Schedule {
  const { crashes, ...rest } = scenario;
  return { ...rest, faults: crashes.map((c) => ({ kind: "crash", node: "server", ...c })) };
}

function fromSchedule(seed: number, schedule: Schedule): ExactlyOnceScenario {
  const { faults, ...rest } = schedule;
  const crashes = faults.map((f) => (f.restartAt === undefined ? { at: Number(f.at) } : { at: Number(f.at), restartAt: Number(f.restartAt) }));
  return { ...(rest as unknown as ExactlyOnceScenario), seed, crashes };
}

function runGraded(impl: ExactlyOnceImplementation, seed: number, schedule: Schedule): ExactlyOnceData {
  const makeClient = (options: ExactlyOnceClientOptions) => new impl.ExactlyOnceClient(options);
  const makeServer = () => new impl.ExactlyOnceServer();
  const scenario = fromSchedule(seed, schedule);
  const { sim: _sim, problems: _problems, ...data } = runExactlyOnce(makeClient, makeServer, scenario);
  const probed = scenario.name === "crash" || scenario.name === "outage";
  return { ...data, crashProbes: probed ? crashProbes(makeClient, makeServer, scenario, data.effects.length) : [] };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const DESCRIBE: Record<ExactlyOnceScenarioName, string> = {
  baseline: "no faults",
  loss: "10-30% of messages lost each way",
  "dup-reorder": "5% loss, 30% duplicated, 30% delayed by up to 400 ms",
  crash: "loss, copies and reordering; the server crashes and restarts 1-3 times",
  outage: "the server is down for 5-8 s early in the run; 20% loss",
  gone: "the server crashes early and never comes back",
};
const SEEDS: Record<ExactlyOnceScenarioName, number[]> = { baseline: range(1, 10), loss: range(1, 20), "dup-reorder": range(1, 30), crash: range(1, 40), outage: range(1, 20), gone: range(1, 20) };

export const scenarios: ExerciseScenarios<ExactlyOnceImplementation> = {
  exercise: "02-exactly-once",
  scenarios: Object.fromEntries(
    EXACTLY_ONCE_SCENARIOS.map((name) => [name, { describe: DESCRIBE[name], seeds: SEEDS[name], schedule: (seed: number) => toSchedule(exactlyOnceScenario(name, seed)), run: runGraded }]),
  ),
};
