/**
 * Timestamps for every event of a trace, for space-time diagrams.
 *
 * Replays a trace through a logical-clock rule set and gives each send, delivery and mark its
 * timestamp, as if every node had run the clock itself (the nodes need not know about it):
 *
 *   const lamport = lamportStamps(sim.trace);
 *   spaceTime(sim.trace, { annotate: lamport.label });      // "L=4" at each event
 *   lamport.of(event);                                       // 4
 *
 * Any clock fits, given its rules (`ClockRules`): where a node starts, what a local event (a send
 * or a mark) does, and what a delivery does with the stamp the message carried. With the
 * VectorClock of exercise 05:
 *
 *   const vc = stampTrace(sim.trace, {
 *     start: () => new VectorClock(),
 *     local: (t, node) => t.increment(node),
 *     receive: (t, m, node) => t.merge(m).increment(node),
 *     format: (t) => JSON.stringify(t.toObject()),
 *   });
 *
 * A message duplicated by the network carries the stamp of the original send; a dropped message
 * has no receive. Timers, crashes and other lifecycle events do not count as events here.
 */
import type { TraceEvent } from "../sim/trace";

export interface ClockRules<T> {
  /** A node's clock before its first event. */
  start(node: string): T;
  /** A send or a mark at `node`: the clock after it. */
  local(clock: T, node: string): T;
  /** A delivery at `node` of a message stamped `stamp`: the clock after it. */
  receive(clock: T, stamp: T, node: string): T;
  /** How a stamp reads in a label (default String). */
  format?(stamp: T): string;
}

export interface TraceStamps<T> {
  /** The stamp of a send, deliver or mark event (undefined for other events). */
  of(event: TraceEvent): T | undefined;
  /** The formatted stamp, for `spaceTime(trace, { annotate: stamps.label })`. */
  label: (event: TraceEvent) => string | undefined;
}

export function stampTrace<T>(trace: readonly TraceEvent[], rules: ClockRules<T>): TraceStamps<T> {
  const clocks = new Map<string, T>();
  const byEvent = new Map<TraceEvent, T>();
  const bySend = new Map<number, T>();
  const clockOf = (node: string): T => (clocks.has(node) ? clocks.get(node)! : rules.start(node));
  for (const e of trace) {
    if (e.kind === "send") {
      const original = e.duplicateOf === undefined ? undefined : bySend.get(e.duplicateOf);
      let stamp: T;
      if (original !== undefined) {
        stamp = original;
      } else {
        stamp = rules.local(clockOf(e.from), e.from);
        clocks.set(e.from, stamp);
      }
      bySend.set(e.id, stamp);
      byEvent.set(e, stamp);
    } else if (e.kind === "deliver") {
      const carried = bySend.get(e.id);
      if (carried === undefined) continue;
      const stamp = rules.receive(clockOf(e.to), carried, e.to);
      clocks.set(e.to, stamp);
      byEvent.set(e, stamp);
    } else if (e.kind === "mark") {
      const stamp = rules.local(clockOf(e.node), e.node);
      clocks.set(e.node, stamp);
      byEvent.set(e, stamp);
    }
  }
  const format = rules.format ?? ((t: T) => String(t));
  const of = (event: TraceEvent) => byEvent.get(event);
  return {
    of,
    label: (event) => {
      const stamp = byEvent.get(event);
      return stamp === undefined ? undefined : format(stamp);
    },
  };
}

/** Lamport timestamps of a trace's events, labelled "L=n". */
export function lamportStamps(trace: readonly TraceEvent[]): TraceStamps<number> {
  return stampTrace<number>(trace, {
    start: () => 0,
    local: (t) => t + 1,
    receive: (t, m) => Math.max(t, m) + 1,
    format: (t) => `L=${t}`,
  });
}
