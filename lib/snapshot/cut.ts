/**
 * Cuts: one point on every node's timeline, and whether the state they describe could have existed.
 *
 * A cut splits each node's history into "before" and "after". It is CONSISTENT when no message is
 * received before the cut that was sent after it (an effect without its cause); the messages
 * sent before the cut and received after it were in flight, so they belong to the channels' state.
 *
 *   const cut = cutAtTimes(sim.trace, { a: 300, b: 310, c: 295 });      // by true time
 *   const cut = cutAtFirstSend(sim.trace, (m) => m.type === "marker");  // where each node sent its first marker
 *   const cut = cutAtMarks(sim.trace, "recorded");                      // at each node's first this.mark("recorded")
 *   const check = checkCut(sim.trace, cut, { messages: isTransfer });
 *   check.consistent;        // no orphan
 *   check.orphans;           // deliveries before the receiver's cut of messages sent after the sender's cut
 *   check.inFlight;          // sends before the sender's cut not received before the receiver's cut
 *   channelContents(check, (m) => m.amount);   // { to: { from: [amounts in send order] } }
 *
 * A cut point is a position in the trace, not only a time, so that two events at the same virtual
 * time are still ordered: the node's events at trace index < `index` are before the cut. `time` is
 * where to draw it. `messages` chooses which messages count (default: all); leave the snapshot's
 * own control messages (markers) out, since they are sent at the cut by definition.
 *
 * Dropped messages are neither orphans nor in flight (they never arrive anywhere). Nodes without
 * a cut point are listed in `missing` and their messages are ignored.
 */
import type { DeliverEvent, SendEvent, TraceEvent } from "../sim/trace";

export interface CutPoint {
  /** The node's events at trace index < index are before the cut. */
  index: number;
  /** Virtual time of the cut, for drawing. */
  time: number;
}

/** One cut point per node id. */
export type GlobalCut = Record<string, CutPoint>;

/** Each node cut at a true virtual time: events at time ≤ t are before the cut. */
export function cutAtTimes(trace: readonly TraceEvent[], times: Readonly<Record<string, number>>): GlobalCut {
  const cut: GlobalCut = {};
  for (const node of Object.keys(times)) {
    const t = times[node];
    let index = trace.length;
    for (let i = 0; i < trace.length; i++) {
      if (trace[i].time > t) {
        index = i;
        break;
      }
    }
    cut[node] = { index, time: t };
  }
  return cut;
}

/** Each node cut at its first send of a message that passes `test` (nodes that never sent one have no point). */
export function cutAtFirstSend(trace: readonly TraceEvent[], test: (msg: any) => boolean): GlobalCut {
  const cut: GlobalCut = {};
  trace.forEach((e, index) => {
    if (e.kind === "send" && cut[e.from] === undefined && test(e.msg)) cut[e.from] = { index, time: e.time };
  });
  return cut;
}

/** Each node cut at its first `this.mark(name)` (nodes that never marked have no point). */
export function cutAtMarks(trace: readonly TraceEvent[], name: string): GlobalCut {
  const cut: GlobalCut = {};
  trace.forEach((e, index) => {
    if (e.kind === "mark" && e.name === name && cut[e.node] === undefined) cut[e.node] = { index, time: e.time };
  });
  return cut;
}

export interface CutCheck {
  /** True when there is no orphan (and every node given has a cut point). */
  consistent: boolean;
  /** Deliveries before the receiver's cut of messages sent after the sender's cut. */
  orphans: DeliverEvent[];
  /** Messages sent before the sender's cut and not received before the receiver's cut, in send order. */
  inFlight: SendEvent[];
  /** Nodes in `nodes` without a cut point. */
  missing: string[];
}

export interface CheckCutOptions {
  /** Which messages count (default: all). */
  messages?: (msg: any) => boolean;
  /** Nodes that must have a cut point (default: the cut's own nodes). */
  nodes?: readonly string[];
}

/** Checks a cut against the trace: its orphans, the messages it leaves in flight, missing nodes. */
export function checkCut(trace: readonly TraceEvent[], cut: GlobalCut, options: CheckCutOptions = {}): CutCheck {
  const counts = options.messages ?? (() => true);
  const nodes = options.nodes ?? Object.keys(cut);
  const missing = nodes.filter((n) => cut[n] === undefined);
  const before = (node: string, index: number) => index < cut[node].index;
  const sentBefore = new Map<number, boolean>();
  const sends: Array<{ event: SendEvent; index: number }> = [];
  const arrived = new Set<number>();
  const orphans: DeliverEvent[] = [];
  trace.forEach((e, index) => {
    if (e.kind !== "send" && e.kind !== "deliver" && e.kind !== "drop") return;
    if (cut[e.from] === undefined || cut[e.to] === undefined || !counts(e.msg)) return;
    if (e.kind === "send") {
      sentBefore.set(e.id, before(e.from, index));
      sends.push({ event: e, index });
    } else if (e.kind === "drop") {
      arrived.add(e.id);
    } else if (before(e.to, index)) {
      arrived.add(e.id);
      if (sentBefore.get(e.id) === false) orphans.push(e);
    }
  });
  const inFlight = sends.filter(({ event, index }) => before(event.from, index) && !arrived.has(event.id)).map((s) => s.event);
  return { consistent: orphans.length === 0 && missing.length === 0, orphans, inFlight, missing };
}

/** The in-flight messages of a checked cut as channel contents: `{ to: { from: [value(msg), ...] } }`, in send order. */
export function channelContents<T>(check: CutCheck, value: (msg: any) => T): Record<string, Record<string, T[]>> {
  const out: Record<string, Record<string, T[]>> = {};
  for (const e of check.inFlight) {
    const row = (out[e.to] ??= {});
    (row[e.from] ??= []).push(value(e.msg));
  }
  return out;
}
