/**
 * Exercise 03: the phi accrual failure detector, exactly as Akka defines it
 * (akka.remote.PhiAccrualFailureDetector and its HeartbeatHistory; Hayashibara et al., 2004),
 * and then tuned to a quality-of-service target.
 *
 * Instead of a yes/no verdict, an accrual detector outputs a suspicion level phi that grows the
 * longer a heartbeat is overdue, on a scale set by how regular the heartbeats have been:
 *   phi = -log10(P(a heartbeat comes this late or later | the node is alive)),
 * so phi = 1 means that a live node's heartbeat is this late one time in 10, phi = 3 one time in
 * 1,000. It is not the probability that the node is alive (that would need a prior on crashes).
 * Akka models the gaps between heartbeats as normal (with the logistic approximation below);
 * Cassandra's detector models them as exponential instead (phi = t / mean · log10 e). The
 * application picks the threshold (8 by default in both).
 *
 * PART A: the detector (all durations in milliseconds).
 *
 * 1. `phi(timeSinceLastHeartbeat, mean, stdDeviation)`: a pure function using Akka's logistic
 *    approximation of the normal CDF:
 *      y = (timeDiff - mean) / stdDeviation
 *      e = exp(-y * (1.5976 + 0.070566 * y * y))
 *      phi = timeDiff > mean ? -log10(e / (1 + e)) : -log10(1 - 1 / (1 + e))
 *
 * 2. `class PhiAccrualDetector` (it is a FailureDetector from lib/failure), built from
 *    `{ threshold, maxSampleSize, minStdDeviation, acceptableHeartbeatPause, firstHeartbeatEstimate }`:
 *    - a history of at most `maxSampleSize` inter-arrival times (the oldest is dropped first);
 *      mean = average of the window, variance = mean of the squares − square of the mean,
 *      stdDeviation = sqrt(variance);
 *    - `heartbeat(now)`: the FIRST heartbeat seeds the history with two intervals,
 *      firstHeartbeatEstimate − s and firstHeartbeatEstimate + s where s = firstHeartbeatEstimate / 4
 *      (so the detector has an opinion even if only one heartbeat ever arrives). Every later
 *      heartbeat adds the interval since the previous heartbeat — but only if the node is available
 *      at that moment (a heartbeat that ends a suspicion is not added: a long pause would skew the
 *      statistics). Either way the heartbeat's time becomes the last heartbeat time.
 *    - `phi(now)`: 0 before any heartbeat; otherwise
 *      phi(now − lastHeartbeat, mean + acceptableHeartbeatPause, max(stdDeviation, minStdDeviation)).
 *    - `isAvailable(now)`: phi(now) < threshold (so true before any heartbeat).
 *
 * PART B: tuning. `tuneDetector(network, target)` returns the options of your PhiAccrualDetector
 * for a network (heartbeat interval, latency normal(latencyMean, latencyStd), share of heartbeats
 * lost) so that it meets a QoS target (Chen, Toueg and Aguilera): detection time T_D at most
 * `target.maxDetectionMs` and mistake recurrence T_MR (up time / wrong suspicions) at least
 * `target.minMistakeRecurrenceMs`. The three networks and their targets are QOS_NETWORKS in
 * lib/failure/scenarios.ts (a LAN, a jittery WAN with 1% loss, a link losing 10% of heartbeats).
 * The trade-off is the chapter's: a detector quick enough for the LAN suspects the lossy link's
 * live node all the time; one calm enough for the lossy link is too slow for the LAN. Work out
 * from the network what a live node's silence can look like (how many heartbeats in a row can be
 * lost in five minutes? how late can one be?) and set the options from that. Your tuning is run
 * for 5 × 60 s per network, with a crash at the end of each run.
 *
 * Graded (npm run grade -- --only 03, or the check cell in notebook 03), 29 points. What the
 * detector does in the simulator carries most of them (21):
 *   [8]  phi and the history on their own, against independently computed values: the formula on
 *        both sides of the mean (2), first-heartbeat seeding (1), the window bound (2), the minimum
 *        standard deviation (1), the acceptable pause (1), and not recording the interval of a
 *        heartbeat that ends a suspicion (1);
 *   [15] in the simulator, across seeds: a crashed node is suspected within 500 ms and never before
 *        (3); jittery but punctual heartbeats are never suspected (2); very regular heartbeats with
 *        60 ms hiccups are never suspected (minStdDeviation at work: 2); a pause shorter than the
 *        acceptable pause is tolerated and a longer one suspected (2); a sender that speeds up is
 *        still watched closely (the window must forget: 3); a crash after a long pause is detected
 *        fast (the pause's gap must stay out of the history: 3);
 *   [6]  part B: each network's target met (2 each).
 * Every check in the simulator and in part B first asks that the monitor's verdicts follow from
 * the heartbeats that reached it: at every moment, b is suspected exactly when phi, worked out by
 * the grader from those heartbeats' arrival times with your options and the rules above, has
 * reached the threshold (give or take the monitor's 10 ms between two questions). Suspicions
 * worked out any other way (from the run's seed and the kit's scenarios, say) cost every one of
 * those checks, and so does a detector whose phi is not Akka's.
 * A failing check names the seed and the line to replay it in the notebook: replay("03", "crash", 7).
 */
// BEGIN SOLUTION
// The reference answer: Akka's phi accrual detector, and a tuning rule for part B.
// END SOLUTION
/* STUB
import { notImplemented } from "../lib";
*/
import type { FailureDetector, NetworkProfile, PhiOptions, QoSTarget } from "../lib/failure";

/**
 * The detector's options: threshold, maxSampleSize, minStdDeviation, acceptableHeartbeatPause and
 * firstHeartbeatEstimate, each documented with Akka's default in lib/failure/scenarios.ts (PhiOptions).
 */
export type PhiAccrualOptions = PhiOptions;

/** Akka's phi for a heartbeat `timeSinceLastHeartbeat` ms late, given the mean and std (ms). */
export function phi(timeSinceLastHeartbeat: number, mean: number, stdDeviation: number): number {
  // BEGIN SOLUTION
  const y = (timeSinceLastHeartbeat - mean) / stdDeviation;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  return timeSinceLastHeartbeat > mean ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
  // END SOLUTION
  /* STUB
  notImplemented("03", "phi(timeSinceLastHeartbeat, mean, stdDeviation)");
  */
}
// BEGIN SOLUTION

/** A bounded window of inter-arrival times with running sums (Akka's HeartbeatHistory). */
class HeartbeatHistory {
  private readonly intervals: number[] = [];
  private sum = 0;
  private squares = 0;

  constructor(private readonly maxSampleSize: number) {}

  add(interval: number): void {
    if (this.intervals.length >= this.maxSampleSize) {
      const oldest = this.intervals.shift()!;
      this.sum -= oldest;
      this.squares -= oldest * oldest;
    }
    this.intervals.push(interval);
    this.sum += interval;
    this.squares += interval * interval;
  }

  get mean(): number {
    return this.sum / this.intervals.length;
  }

  get stdDeviation(): number {
    const mean = this.mean;
    return Math.sqrt(Math.max(0, this.squares / this.intervals.length - mean * mean));
  }
}
// END SOLUTION

export class PhiAccrualDetector implements FailureDetector {
  // BEGIN SOLUTION
  private history: HeartbeatHistory;
  private last: number | undefined;

  constructor(readonly options: PhiAccrualOptions) {
    this.history = new HeartbeatHistory(options.maxSampleSize);
  }
  // END SOLUTION
  /* STUB
  constructor(readonly options: PhiAccrualOptions) {}
  */

  /** A heartbeat arrived at `now` (ms). */
  heartbeat(now: number): void {
    // BEGIN SOLUTION
    if (this.last === undefined) {
      const estimate = this.options.firstHeartbeatEstimate;
      this.history = new HeartbeatHistory(this.options.maxSampleSize);
      this.history.add(estimate - estimate / 4);
      this.history.add(estimate + estimate / 4);
    } else if (this.isAvailable(now)) {
      this.history.add(now - this.last);
    }
    this.last = now;
    // END SOLUTION
    /* STUB
    notImplemented("03", "PhiAccrualDetector.heartbeat(now)");
    */
  }

  /** The suspicion level at `now` (0 before any heartbeat). */
  phi(now: number): number {
    // BEGIN SOLUTION
    if (this.last === undefined) return 0;
    const std = Math.max(this.history.stdDeviation, this.options.minStdDeviation);
    return phi(now - this.last, this.history.mean + this.options.acceptableHeartbeatPause, std);
    // END SOLUTION
    /* STUB
    notImplemented("03", "PhiAccrualDetector.phi(now)");
    */
  }

  /** phi(now) < threshold. */
  isAvailable(now: number): boolean {
    // BEGIN SOLUTION
    return this.phi(now) < this.options.threshold;
    // END SOLUTION
    /* STUB
    notImplemented("03", "PhiAccrualDetector.isAvailable(now)");
    */
  }
}

/** Part B: the options for your PhiAccrualDetector on `network`, to meet `target`. */
export function tuneDetector(network: NetworkProfile, target: QoSTarget): PhiAccrualOptions {
  // BEGIN SOLUTION
  // A live node looks dead when its heartbeats are lost several in a row, or late: allow a
  // silence of as many lost heartbeats as could happen in a row during the target's mistake
  // recurrence (P(k in a row) · heartbeats in T_MR below 1%), on top of the mean gap; a standard
  // deviation floor of twice the latency's (the spread of a gap between two delays); threshold 8.
  const beats = target.minMistakeRecurrenceMs / network.interval;
  let lostInARow = 0;
  while (network.loss > 0 && Math.pow(network.loss, lostInARow + 1) * beats >= 0.01) lostInARow++;
  return {
    threshold: 8,
    maxSampleSize: 200,
    minStdDeviation: Math.max(5, 2 * network.latencyStd),
    acceptableHeartbeatPause: lostInARow * network.interval,
    firstHeartbeatEstimate: network.interval,
  };
  // END SOLUTION
  /* STUB
  notImplemented("03", "tuneDetector(network, target)");
  */
}
