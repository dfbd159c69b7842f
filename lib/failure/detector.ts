/**
 * Failure detectors: the interface every detector in the course implements, and the trace
 * convention that lets one QoS measurement (qos.ts) judge any of them.
 *
 * A detector is a local oracle about ONE monitored process. It is fed the arrival times of that
 * process's heartbeats and answers "do I trust it right now?":
 *
 *   const detector: FailureDetector = new FixedTimeoutDetector({ timeout: 300 });
 *   detector.heartbeat(now);        // a heartbeat from the monitored node arrived at `now` (ms)
 *   detector.isAvailable(now);      // true: trusted; false: suspected
 *
 * Times are the monitor's own clock readings in ms (a `Monitor` passes `this.localTime`).
 * Before the first heartbeat a detector trusts the node (as Akka does): a node never heard of is
 * not suspected.
 *
 * Trace convention. Whoever runs a detector inside a simulation marks every change of verdict:
 *
 *   this.mark(SUSPECT, { target: "b" });    // "suspect": this node now suspects b
 *   this.mark(TRUST, { target: "b" });      // "trust":   this node trusts b again
 *
 * Marks name the monitored node in `data.target` (extra fields are allowed, e.g. SWIM adds `via`).
 * Only changes are marked, so the suspicion of b by m at time t is the last mark before t. The
 * truth (when b really crashed) comes from the trace's own crash and restart events, so
 * `measureQoS(trace, { monitor, target, end })` can score any detector without knowing its kind.
 */
import type { MarkEvent, TraceEvent } from "../sim/trace";

export interface FailureDetector {
  /** A heartbeat from the monitored node arrived at local time `now` (ms). */
  heartbeat(now: number): void;
  /** Trust (true) or suspect (false) the monitored node at local time `now` (ms). */
  isAvailable(now: number): boolean;
}

/** Mark name: the marking node starts suspecting `data.target`. */
export const SUSPECT = "suspect";
/** Mark name: the marking node trusts `data.target` again. */
export const TRUST = "trust";

/** The data of a SUSPECT or TRUST mark. */
export interface SuspicionData {
  target: string;
  [extra: string]: unknown;
}

/** A SUSPECT or TRUST mark, with its target, as read back from a trace. */
export interface SuspicionMark {
  time: number;
  /** The node that changed its mind. */
  monitor: string;
  target: string;
  suspect: boolean;
  data: SuspicionData;
}

/**
 * The SUSPECT/TRUST marks of a trace, in order; optionally only those by `monitor` and/or about
 * `target`.
 */
export function suspicionMarks(
  trace: readonly TraceEvent[],
  filter: { monitor?: string; target?: string } = {},
): SuspicionMark[] {
  const out: SuspicionMark[] = [];
  for (const e of trace) {
    if (e.kind !== "mark" || (e.name !== SUSPECT && e.name !== TRUST)) continue;
    const data = (e as MarkEvent).data as SuspicionData | undefined;
    if (!data || typeof data.target !== "string") continue;
    if (filter.monitor !== undefined && e.node !== filter.monitor) continue;
    if (filter.target !== undefined && data.target !== filter.target) continue;
    out.push({ time: e.time, monitor: e.node, target: data.target, suspect: e.name === SUSPECT, data });
  }
  return out;
}
