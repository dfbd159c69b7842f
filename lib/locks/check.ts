/**
 * The lock checker: reads a trace (marks as in marks.ts) and reports what went wrong.
 *
 *   const report = checkLocks(sim.trace);
 *   report.ok                 // no overlap and no stale write
 *   report.overlaps           // two clients believed they held the lock at the same time
 *   report.staleWrites        // the storage accepted a token older than one it had accepted
 *   report.describe()         // one line per violation, with times and tokens
 *
 * Two kinds of violation, on purpose kept apart:
 *   - mutual exclusion (overlaps): the belief intervals of two different clients intersect. A
 *     belief runs from the client's "lock-acquired" to its "lock-released", its crash, or the end
 *     of the trace. A paused client still believes: that is the pause problem.
 *   - fencing (staleWrites): a "write-accepted" whose token is smaller than a token the storage
 *     accepted earlier, or equal to it but from another writer. This is the corruption: an old
 *     holder's write lands on top of a newer holder's.
 * A system with fencing can have overlaps and still no stale writes; that is the point of fencing.
 *
 * `lockBeliefs`, `acceptedWrites`, `beliefOverlaps` and `findStaleWrites` give the raw material (plots, graders).
 */
import type { TraceEvent } from "../sim/trace";
import { lockMarks, type LockMark } from "./marks";

export interface Belief {
  holder: string;
  token: number;
  /** Virtual time the client started believing (its "lock-acquired"). */
  from: number;
  /** Virtual time it stopped (its "lock-released" or crash; the trace's end if never). */
  to: number;
  endedBy: string;
}

export interface Overlap {
  first: Belief;
  second: Belief;
  /** The shared interval. */
  from: number;
  to: number;
}

export interface StorageWrite {
  time: number;
  storage: string;
  writer: string;
  token: number;
  value: string;
}

export interface StaleWrite {
  write: StorageWrite;
  /** The earlier accepted write with the newer (or same, other writer's) token. */
  newer: StorageWrite;
}

export interface LockReport {
  ok: boolean;
  beliefs: Belief[];
  writes: StorageWrite[];
  overlaps: Overlap[];
  staleWrites: StaleWrite[];
  describe(): string[];
}

/** Every client's belief intervals, ordered by start. */
export function lockBeliefs(trace: readonly TraceEvent[]): Belief[] {
  const open = new Map<string, { token: number; from: number }>();
  const out: Belief[] = [];
  const close = (holder: string, to: number, endedBy: string) => {
    const b = open.get(holder);
    if (!b) return;
    out.push({ holder, token: b.token, from: b.from, to, endedBy });
    open.delete(holder);
  };
  let end = 0;
  for (const e of trace) {
    end = e.time;
    if (e.kind === "crash") close(e.node, e.time, "crash");
    if (e.kind !== "mark" || e.data === undefined) continue;
    if (e.name === "lock-acquired") {
      const d = (e as LockMark<"lock-acquired">).data;
      close(d.holder, e.time, "acquired again");
      open.set(d.holder, { token: d.token, from: e.time });
    } else if (e.name === "lock-released") {
      const d = (e as LockMark<"lock-released">).data;
      close(d.holder, e.time, d.reason ?? "released");
    }
  }
  for (const holder of Array.from(open.keys())) close(holder, end, "end of trace");
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** Every write a storage node accepted, in order. */
export function acceptedWrites(trace: readonly TraceEvent[]): StorageWrite[] {
  return lockMarks(trace, "write-accepted").map((m) => ({
    time: m.time,
    storage: m.node,
    writer: m.data.writer,
    token: m.data.token,
    value: m.data.value,
  }));
}

/** Pairs of different clients' beliefs that intersect (for longer than `minMs`, default 0). */
export function beliefOverlaps(list: readonly Belief[], minMs = 0): Overlap[] {
  const out: Overlap[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length && list[j].from < list[i].to; j++) {
      const a = list[i];
      const b = list[j];
      if (a.holder === b.holder) continue;
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (to - from > minMs) out.push({ first: a, second: b, from, to });
    }
  }
  return out;
}

/** Accepted writes that carry an older token than one accepted before them (per storage node). */
export function findStaleWrites(writes: readonly StorageWrite[]): StaleWrite[] {
  const newest = new Map<string, StorageWrite>();
  const out: StaleWrite[] = [];
  for (const w of writes) {
    const top = newest.get(w.storage);
    if (top && (w.token < top.token || (w.token === top.token && w.writer !== top.writer))) {
      out.push({ write: w, newer: top });
    } else {
      newest.set(w.storage, w);
    }
  }
  return out;
}

export function checkLocks(trace: readonly TraceEvent[]): LockReport {
  const held = lockBeliefs(trace);
  const writes = acceptedWrites(trace);
  const both = beliefOverlaps(held);
  const stale = findStaleWrites(writes);
  return {
    ok: both.length === 0 && stale.length === 0,
    beliefs: held,
    writes,
    overlaps: both,
    staleWrites: stale,
    describe: () => [
      ...both.map(
        (o) =>
          `mutual exclusion: ${o.first.holder} (token ${o.first.token}) and ${o.second.holder} (token ${o.second.token}) ` +
          `both believed they held the lock from t=${round(o.from)} to t=${round(o.to)} ms`,
      ),
      ...stale.map(
        (s) =>
          `stale write: at t=${round(s.write.time)} ms ${s.write.storage} accepted "${s.write.value}" from ${s.write.writer} ` +
          `with token ${s.write.token}, after "${s.newer.value}" from ${s.newer.writer} with token ${s.newer.token} at t=${round(s.newer.time)} ms`,
      ),
    ],
  };
}

function round(t: number): number {
  return Math.round(t * 10) / 10;
}
