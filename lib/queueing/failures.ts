/**
 * Independent (and not so independent) crash-restart schedules, and availability measured from
 * a trace.
 *
 *   const outages = crashRestartSchedule(sim, ["r1", "r2", "r3"], { mttf: 4_000, mttr: 1_000, until: 600_000 });
 *   sim.run({ until: 600_000 });
 *   const down = outagesFromTrace(sim.trace, ["r1", "r2", "r3"], 600_000);   // what really happened
 *   shareOfTimeUp(down, 2, 600_000);        // share of the run with at least 2 of the 3 up
 *
 * Each node alternates: up for an exponential time with mean `mttf` ms, then down (crashed) for
 * an exponential time with mean `mttr` ms, drawn from its own stream ("failures/<id>"), so the
 * nodes fail independently. With `shared: { mttf, mttr }` there is also one common cause (a rack,
 * a power supply, stream "failures/shared") whose outages take every node down at once; a node is
 * down when either its own fault or the shared one holds it down. The schedule is put on the
 * simulation as `sim.crash` / `sim.restart` actions, and returned (per node, merged, in order).
 *
 * `outagesFromTrace` reads crash and restart events back from the trace, so the measurement does
 * not trust the schedule. `upCounts` gives the number of nodes up over time (a step line).
 */
import type { Random } from "../sim/random";
import type { Simulation } from "../sim/simulation";
import type { TraceEvent } from "../sim/trace";

export interface FailureModel {
  /** Mean time to failure, ms. */
  mttf: number;
  /** Mean time to repair, ms. */
  mttr: number;
}

/** A node is down in [from, to). */
export interface Outage {
  from: number;
  to: number;
}

export interface ScheduleOptions extends FailureModel {
  /** Draw outages up to this time, ms. */
  until: number;
  /** A common cause that takes every node down at once. */
  shared?: FailureModel;
  /** Nobody fails before this time, ms. Default 0. */
  from?: number;
}

/** Alternating up/down periods from `from` to `until` (an outage may run past `until`). */
export function drawOutages(random: Random, model: FailureModel, from: number, until: number): Outage[] {
  const outages: Outage[] = [];
  let t = from + random.exponential(model.mttf);
  while (t < until) {
    const end = t + random.exponential(model.mttr);
    outages.push({ from: t, to: end });
    t = end + random.exponential(model.mttf);
  }
  return outages;
}

/** The union of outage lists, as sorted, non-overlapping outages. */
export function mergeOutages(...lists: Outage[][]): Outage[] {
  const all = ([] as Outage[]).concat(...lists).sort((a, b) => a.from - b.from);
  const merged: Outage[] = [];
  for (const o of all) {
    const last = merged[merged.length - 1];
    if (last !== undefined && o.from <= last.to) last.to = Math.max(last.to, o.to);
    else merged.push({ from: o.from, to: o.to });
  }
  return merged;
}

/** Draws the outages of `ids` and schedules them as crashes and restarts; returns them per node. */
export function crashRestartSchedule(sim: Simulation, ids: readonly string[], options: ScheduleOptions): Record<string, Outage[]> {
  const from = options.from ?? 0;
  const shared = options.shared ? drawOutages(sim.random.stream("failures/shared"), options.shared, from, options.until) : [];
  const byNode: Record<string, Outage[]> = {};
  for (const id of ids) {
    const own = drawOutages(sim.random.stream(`failures/${id}`), options, from, options.until);
    byNode[id] = mergeOutages(own, shared);
    scheduleOutages(sim, id, byNode[id]);
  }
  return byNode;
}

/** Crashes `id` at each outage's start and restarts it at its end (never, if `to` is Infinity). */
export function scheduleOutages(sim: Simulation, id: string, outages: readonly Outage[]): void {
  for (const o of outages) {
    sim.crash(id, { at: o.from });
    if (Number.isFinite(o.to)) sim.restart(id, { at: o.to });
  }
}

/** Each node's outages as the trace shows them, clipped to [0, until). */
export function outagesFromTrace(trace: readonly TraceEvent[], ids: readonly string[], until: number): Record<string, Outage[]> {
  const byNode: Record<string, Outage[]> = {};
  const downSince: Record<string, number> = {};
  for (const id of ids) byNode[id] = [];
  for (const e of trace) {
    if (e.kind !== "crash" && e.kind !== "restart") continue;
    if (byNode[e.node] === undefined || e.time >= until) continue;
    if (e.kind === "crash") downSince[e.node] = e.time;
    else if (downSince[e.node] !== undefined) {
      byNode[e.node].push({ from: downSince[e.node], to: e.time });
      delete downSince[e.node];
    }
  }
  for (const id of Object.keys(downSince)) byNode[id].push({ from: downSince[id], to: until });
  return byNode;
}

/** The number of nodes up over [0, until): a step line as parallel arrays of times and counts. */
export function upCounts(outagesByNode: Record<string, Outage[]>, until: number): { time: number[]; up: number[] } {
  const changes: Array<[number, number]> = [];
  for (const outages of Object.values(outagesByNode)) {
    for (const o of outages) {
      if (o.from >= until) continue;
      changes.push([o.from, -1]);
      if (o.to < until) changes.push([o.to, +1]);
    }
  }
  changes.sort((a, b) => a[0] - b[0]);
  let up = Object.keys(outagesByNode).length;
  const time = [0];
  const counts = [up];
  for (const [t, delta] of changes) {
    up += delta;
    if (time[time.length - 1] === t) counts[counts.length - 1] = up;
    else {
      time.push(t);
      counts.push(up);
    }
  }
  return { time, up: counts };
}

/** The share of [from, until) during which at least `k` of the nodes were up. */
export function shareOfTimeUp(outagesByNode: Record<string, Outage[]>, k: number, until: number, from = 0): number {
  const steps = upCounts(outagesByNode, until);
  let upTime = 0;
  for (let i = 0; i < steps.time.length; i++) {
    const start = Math.max(steps.time[i], from);
    const end = i + 1 < steps.time.length ? steps.time[i + 1] : until;
    if (end > start && steps.up[i] >= k) upTime += end - start;
  }
  return upTime / (until - from);
}
