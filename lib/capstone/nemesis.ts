/**
 * The nemesis: a seeded schedule that mixes every fault of the course, as plain data, and the code
 * that plays it on a simulation.
 *
 *   const schedule = nemesisSchedule(7);          // { faults: [...], healAt }
 *   const played = playNemesis(sim, schedule.faults, CAPSTONE_CAST);   // filled in as faults start
 *
 * Fault kinds (each `{ kind, from, to, ... }`, times in virtual ms; `to` ends it):
 *   isolate   { node }            the node and client c1 on one side, the manager, the other
 *                                 servers and clients on the other (both ways)
 *   one-way   { src, dst }        src's messages to dst are lost; dst→src still works
 *   bridge    { node, bridge }    node and client c1 on one side, everyone else on the other;
 *                                 only `bridge` talks to both sides (Jepsen's bridge)
 *   pause     { node }            the node freezes (longer than the lease)
 *   crash     { node }            the node crashes at `from` and restarts at `to` with its disk
 *   upgrade   { node }            a crash-restart that brings the node back at protocol version 2
 *   loss | duplicate | reorder { rate }   every link loses, doubles or delays (0–300 ms extra) messages
 *   drift     { node, ppm }       the node's clock rate is off by ppm (whole run; |ppm| ≤ ρ·10⁶)
 * A node may be named by role: "@primary", "@backup" (the manager's configuration when the fault
 * starts) or "@spare" (a server in neither role). `playNemesis` records what each fault resolved to.
 *
 * The schedule keeps the service's promise checkable: at most one server is crashed, paused or
 * being upgraded at a time, with `GAP_MS` between such faults for a new backup to get the state.
 * A shrinker may drop any fault: what remains is still a valid schedule.
 */
import type { Fault, Schedule } from "../grading/scenario";
import { uniform } from "../sim/latency";
import { Random } from "../sim/random";
import type { Simulation } from "../sim/simulation";
import type { ConfigManager } from "./manager";

/** ρ, the stated bound on every clock's rate error. */
export const DRIFT_BOUND = 0.01;
/** Time between the end of one node fault and the start of the next. */
export const GAP_MS = 1_200;

/** Who plays in a capstone run. */
export interface Cast {
  manager: string;
  servers: string[];
  clients: string[];
}

export const CAPSTONE_CAST: Cast = { manager: "manager", servers: ["s1", "s2", "s3"], clients: ["c1", "c2", "c3"] };

export interface NemesisSchedule extends Schedule {
  /** Every fault has ended by this time. */
  healAt: number;
}

/** A fault as it was played: its role names resolved to node ids (or `skipped` with why). */
export interface PlayedFault {
  kind: string;
  from: number;
  to: number;
  nodes: string[];
  skipped?: string;
}

/**
 * The seeded schedule: network faults throughout, clocks drifting, four episodes in a random order
 * (the primary isolated from the manager, a bridge, a pause past the lease, a crash-restart), then
 * the rolling upgrade. `splitBrain` keeps only what makes an old primary believe it still is one:
 * two isolations, the bridge and the pause, no crash and no upgrade.
 */
export function nemesisSchedule(seed: number, { splitBrain = false, cast = CAPSTONE_CAST }: { splitBrain?: boolean; cast?: Cast } = {}): NemesisSchedule {
  const r = new Random(seed).stream("nemesis");
  const faults: Fault[] = [];
  for (const node of cast.servers) faults.push({ kind: "drift", node, ppm: Math.round(r.uniform(-DRIFT_BOUND, DRIFT_BOUND) * 1e6) });
  const isolation = (at: number): Fault => {
      const len = r.int(1_500, 2_500);
      return r.next() < 0.5
        ? { kind: "isolate", node: "@primary", from: at, to: at + len }
        : { kind: "one-way", src: "@primary", dst: "manager", from: at, to: at + len };
  };
  const episodes: Array<(at: number) => Fault> = [
    isolation,
    (at) => ({ kind: "bridge", node: "@primary", bridge: "@backup", from: at, to: at + r.int(1_500, 2_500) }),
    (at) => ({ kind: "pause", node: r.next() < 0.75 ? "@primary" : "@backup", from: at, to: at + r.int(1_300, 2_200) }),
    splitBrain ? isolation : (at) => ({ kind: "crash", node: ["@primary", "@backup", "@spare"][r.int(0, 2)], from: at, to: at + r.int(400, 2_000) }),
  ];
  for (let i = episodes.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [episodes[i], episodes[j]] = [episodes[j], episodes[i]];
  }
  let t = 800;
  for (const episode of episodes) {
    const fault = episode(t);
    faults.push(fault);
    t = (fault.to as number) + GAP_MS;
  }
  for (const node of splitBrain ? [] : cast.servers) {
    faults.push({ kind: "upgrade", node, from: t, to: t + r.int(200, 600) });
    t += 600 + GAP_MS;
  }
  const healAt = t - GAP_MS;
  faults.push({ kind: "loss", rate: round(r.uniform(0, 0.03)), from: 0, to: healAt });
  faults.push({ kind: "duplicate", rate: round(r.uniform(0, 0.05)), from: 0, to: healAt });
  faults.push({ kind: "reorder", rate: round(r.uniform(0.02, 0.1)), from: 0, to: healAt });
  return { faults, healAt };
}

function round(x: number): number {
  return Math.round(x * 1_000) / 1_000;
}

/** The end of the last fault in `faults` (0 when none has an end). */
export function healTime(faults: readonly Fault[]): number {
  return faults.reduce((t, f) => Math.max(t, typeof f.to === "number" ? f.to : 0), 0);
}

/** The clock drift (ppm) `faults` give each node. */
export function driftOf(faults: readonly Fault[]): Record<string, number> {
  const drift: Record<string, number> = {};
  for (const f of faults) if (f.kind === "drift") drift[String(f.node)] = Number(f.ppm);
  return drift;
}

interface Cut {
  a: string[];
  b: string[];
  oneWay: boolean;
}

/**
 * Schedules every fault of `faults` on `sim` (drift is applied by whoever adds the nodes: see
 * `driftOf`). `upgrade(node)` is called when an upgrade crashes a node, before it restarts.
 * Returns the list of played faults, filled in as they start.
 */
export function playNemesis(sim: Simulation, faults: readonly Fault[], cast: Cast, upgrade: (node: string) => void): PlayedFault[] {
  const played: PlayedFault[] = [];
  const cuts = new Set<Cut>();
  const rates: Record<string, Set<Fault>> = { loss: new Set(), duplicate: new Set(), reorder: new Set() };
  const everyone = [cast.manager, ...cast.servers, ...cast.clients];
  const resolve = (name: unknown): string | null => {
    const config = sim.node<ConfigManager>(cast.manager).config;
    if (name === "@primary") return config.primary ?? cast.servers[0];
    if (name === "@backup") return config.backup;
    if (name === "@spare") return cast.servers.find((s) => s !== config.primary && s !== config.backup) ?? null;
    return typeof name === "string" && everyone.includes(name) ? name : null;
  };
  const recut = () => {
    sim.network.heal();
    for (const c of cuts) c.oneWay ? sim.network.partitionOneWay(c.a, c.b) : sim.network.partition(c.a, c.b);
  };
  const relink = () => {
    const max = (kind: string) => Array.from(rates[kind]).reduce((m, f) => Math.max(m, Number(f.rate)), 0);
    sim.network.configure({ loss: max("loss"), duplicate: max("duplicate"), reorder: max("reorder"), reorderDelay: uniform(0, 300) });
  };
  const down = new Set<string>();
  for (const f of faults) {
    if (f.kind === "drift") continue;
    const from = Number(f.from);
    const to = Number(f.to);
    if (!(from >= 0 && to >= from)) throw new Error(`nemesis: fault ${JSON.stringify(f)} needs 0 ≤ from ≤ to`);
    const record = (nodes: string[], skipped?: string) => played.push(skipped ? { kind: f.kind, from, to, nodes, skipped } : { kind: f.kind, from, to, nodes });
    if (f.kind in rates) {
      sim.at(from, () => {
        rates[f.kind].add(f);
        relink();
        record([]);
      }, `${f.kind} on`);
      sim.at(to, () => {
        rates[f.kind].delete(f);
        relink();
      }, `${f.kind} off`);
      continue;
    }
    if (f.kind === "isolate" || f.kind === "one-way" || f.kind === "bridge") {
      let cut: Cut | null = null;
      sim.at(from, () => {
        const node = resolve(f.kind === "one-way" ? f.src : f.node);
        const other = f.kind === "one-way" ? resolve(f.dst) : f.kind === "bridge" ? resolve(f.bridge) : cast.manager;
        if (node === cast.manager && f.kind !== "one-way") return record([], "the manager cannot be the isolated node");
        if (node === null || other === null || node === other) return record([], "no such node in this configuration");
        const side = [node, cast.clients[0]];
        if (f.kind === "one-way") cut = { a: [node], b: [other], oneWay: true };
        else cut = { a: side, b: everyone.filter((x) => !side.includes(x) && (f.kind !== "bridge" || x !== other)), oneWay: false };
        cuts.add(cut);
        recut();
        record([node, other]);
      }, `${f.kind} on`);
      sim.at(to, () => {
        if (cut !== null) cuts.delete(cut);
        recut();
      }, `${f.kind} off`);
      continue;
    }
    if (f.kind === "pause" || f.kind === "crash" || f.kind === "upgrade") {
      let target: string | null = null;
      sim.at(from, () => {
        const node = resolve(f.node);
        if (node === null || down.has(node) || !sim.isAlive(node)) return record([], "no such node up at that time");
        target = node;
        down.add(node);
        if (f.kind === "pause") sim.pause(node);
        else {
          sim.crash(node);
          if (f.kind === "upgrade") upgrade(node);
        }
        record([node]);
      }, `${f.kind} start`);
      sim.at(to, () => {
        if (target === null) return;
        down.delete(target);
        if (f.kind === "pause") sim.resume(target);
        else sim.restart(target);
      }, `${f.kind} end`);
      continue;
    }
    throw new Error(`nemesis: unknown fault kind "${f.kind}" in ${JSON.stringify(f)} (kinds: isolate, one-way, bridge, pause, crash, upgrade, loss, duplicate, reorder, drift)`);
  }
  return played;
}
