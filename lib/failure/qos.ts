/**
 * Quality of service of a failure detector, measured from a trace (Chen, Toueg and Aguilera,
 * "On the Quality of Service of Failure Detectors", 2002).
 *
 *   const q = measureQoS(sim.trace, { monitor: "m", target: "b", end: sim.now, from: 1_000 });
 *   X
 *   q.mistakes             // the intervals in which m suspected b while b was up
 *   q.mistakeRecurrence    // T_MR: mean time between mistakes (ms): up time / number of mistakes
 *   q.mistakeDuration      // T_M:  mean length of a mistake (ms)
 *   q.queryAccuracy        // P_A:  probability that m trusts b at a random moment while b is up
 *
 * It works for any detector that follows the trace convention of detector.ts (`suspect` and
 * `trust` marks naming `data.target`): the verdict of `monitor` about `target` at time t is its
 * last mark before t (trust before any mark). The truth comes from the trace: `target` is up from
 * its start or restart to its crash. A pause is NOT a crash: a paused node is correct but slow,
 * so suspecting it is a mistake.
 *
 * Only [from, end) is observed (`from` skips a warm-up; `end` is usually `sim.now`). A suspicion
 * that starts while the target is up and lasts past its crash stops being a mistake at the crash;
 * that crash then counts as detected at once (T_D = 0). A crash not suspected before the target
 * restarts or the observation ends is counted in `undetectedCrashes`.
 */
import type { TraceEvent } from "../sim/trace";
import { suspicionMarks } from "./detector";

export interface QoSOptions {
  /** The node running the detector. */
  monitor: string;
  /** The node being watched. */
  target: string;
  /** End of the observation (ms), usually `sim.now`. */
  end: number;
  /** Start of the observation (ms). Default 0. */
  from?: number;
}

export interface QoS {
  /** T_D of every crash of the target inside the window that was detected, in order (ms). */
  detectionTimes: number[];
  undetectedCrashes: number;
  /** Wrong suspicions: [start, end) while the target was up, clipped to the window. */
  mistakes: Array<{ start: number; end: number }>;
  /** Time (ms) the target was up inside the window. */
  upTime: number;
  /** P_A: fraction of up time during which the monitor trusted the target (1 if never up). */
  queryAccuracy: number;
  /** Mistakes per second of up time. */
  mistakeRate: number;
  /** T_MR (ms): up time / mistakes; Infinity without mistakes. */
  mistakeRecurrence: number;
  /** T_M (ms): mean mistake length; 0 without mistakes. */
  mistakeDuration: number;
  /** Mean of detectionTimes (NaN when there are none). */
  meanDetectionTime: number;
  /** Largest of detectionTimes (NaN when there are none). */
  maxDetectionTime: number;
}

interface Change {
  time: number;
  /** 0: target up/down change; 1: verdict change. Up/down first at equal times. */
  order: number;
  up?: boolean;
  suspect?: boolean;
}

export function measureQoS(trace: readonly TraceEvent[], options: QoSOptions): QoS {
  const { monitor, target, end } = options;
  const from = options.from ?? 0;
  const changes: Change[] = [];
  for (const e of trace) {
    if ((e.kind === "start" || e.kind === "restart" || e.kind === "crash") && e.node === target) {
      changes.push({ time: e.time, order: 0, up: e.kind !== "crash" });
    }
  }
  for (const m of suspicionMarks(trace, { monitor, target })) changes.push({ time: m.time, order: 1, suspect: m.suspect });
  changes.sort((a, b) => a.time - b.time || a.order - b.order);

  let up = false;
  let suspect = false;
  let t = from;
  let upTime = 0;
  let trustedUpTime = 0;
  let mistakeStart: number | undefined;
  let pendingCrash: number | undefined;
  const detectionTimes: number[] = [];
  const mistakes: Array<{ start: number; end: number }> = [];
  let undetected = 0;

  const advance = (to: number) => {
    const a = Math.max(t, from);
    const b = Math.min(to, end);
    if (b > a && up) {
      upTime += b - a;
      if (!suspect) trustedUpTime += b - a;
    }
    t = Math.max(t, to);
  };
  const closeMistake = (at: number) => {
    if (mistakeStart === undefined) return;
    const s = Math.max(mistakeStart, from);
    const e = Math.min(at, end);
    if (e > s) mistakes.push({ start: s, end: e });
    mistakeStart = undefined;
  };

  for (const c of changes) {
    if (c.time >= end) break;
    advance(c.time);
    if (c.up !== undefined) {
      if (!c.up && up) {
        closeMistake(c.time);
        if (c.time >= from) {
          if (suspect) detectionTimes.push(0);
          else pendingCrash = c.time;
        }
      } else if (c.up && !up) {
        if (pendingCrash !== undefined) undetected++;
        pendingCrash = undefined;
        if (suspect) mistakeStart = c.time;
      }
      up = c.up;
    } else {
      const wasSuspect = suspect;
      suspect = c.suspect!;
      if (suspect && !wasSuspect) {
        if (up) mistakeStart = c.time;
        else if (pendingCrash !== undefined) {
          detectionTimes.push(c.time - pendingCrash);
          pendingCrash = undefined;
        }
      } else if (!suspect && wasSuspect && up) closeMistake(c.time);
    }
  }
  advance(end);
  closeMistake(end);
  if (pendingCrash !== undefined) undetected++;

  const n = mistakes.length;
  const total = mistakes.reduce((s, m) => s + (m.end - m.start), 0);
  return {
    detectionTimes,
    undetectedCrashes: undetected,
    mistakes,
    upTime,
    queryAccuracy: upTime > 0 ? trustedUpTime / upTime : 1,
    mistakeRate: upTime > 0 ? (n / upTime) * 1000 : 0,
    mistakeRecurrence: n > 0 ? upTime / n : Infinity,
    mistakeDuration: n > 0 ? total / n : 0,
    meanDetectionTime: detectionTimes.length ? detectionTimes.reduce((s, x) => s + x, 0) / detectionTimes.length : NaN,
    maxDetectionTime: detectionTimes.length ? Math.max(...detectionTimes) : NaN,
  };
}
