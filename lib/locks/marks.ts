/**
 * The trace convention of chapter 04: which `mark`s lock servers, clients and storage nodes
 * write, so one checker (check.ts) can read any run, the demo nodes' and the exercise's alike.
 *
 *   lock server   this.mark("lock-granted",   { holder, token })
 *                 this.mark("lock-freed",     { holder, token, reason })   reason: "released" | "expired" | ...
 *   client        this.mark("lock-requested", { holder })                  it asked for the lock
 *                 this.mark("lock-acquired",  { holder, token })           from now on it BELIEVES it holds the lock
 *                 this.mark("lock-released",  { holder, token, reason })   from now on it no longer believes so
 *   storage       this.mark("write-accepted", { writer, token, value })    the resource now holds `value`
 *                 this.mark("write-rejected", { writer, token, newest })   refused: `newest` was already accepted
 *
 * `holder` and `writer` are node ids. A client's belief ends at its "lock-released" mark, or when
 * it crashes (a crash loses the belief with the rest of memory), or at the end of the trace.
 *
 *   lockMarks(trace, "write-accepted")   // [{ time, node, data: { writer, token, value } }, ...]
 */
import type { MarkEvent, TraceEvent } from "../sim/trace";

export interface LockMarkData {
  "lock-granted": { holder: string; token: number };
  "lock-freed": { holder: string; token: number; reason: string };
  "lock-requested": { holder: string };
  "lock-acquired": { holder: string; token: number };
  "lock-released": { holder: string; token: number; reason: string };
  "write-accepted": { writer: string; token: number; value: string };
  "write-rejected": { writer: string; token: number; newest: number };
}
export type LockMarkName = keyof LockMarkData;

/** A mark of the convention, with its data typed. */
export interface LockMark<N extends LockMarkName> extends MarkEvent {
  name: N;
  data: LockMarkData[N];
}

/** The marks named `name`, in trace order, with typed data. */
export function lockMarks<N extends LockMarkName>(trace: readonly TraceEvent[], name: N): Array<LockMark<N>> {
  return trace.filter((e): e is LockMark<N> => e.kind === "mark" && e.name === name && e.data !== undefined);
}
