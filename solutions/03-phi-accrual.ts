/**
 * Exercise 03: the phi accrual failure detector, exactly as Akka defines it
 * (akka.remote.PhiAccrualFailureDetector and its HeartbeatHistory; Hayashibara et al., 2004).
 *
 * Instead of a yes/no verdict, an accrual detector outputs a suspicion level phi that grows the
 * longer a heartbeat is overdue, on a scale set by how regular the heartbeats have been:
 *   phi = -log10(P(a heartbeat comes even later than this)),
 * so phi = 1 means a 10% chance of still being alive-and-late, phi = 3 means 0.1%, and so on. The
 * application picks the threshold (Akka's default is 8, Cassandra's 8 too).
 *
 * What to implement (all durations in milliseconds):
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
 * Graded (npm run grade -- --only 03, or the check cell in notebook 03):
 *   - values of phi(t, mean, std) on both branches (t above and below the mean), against
 *     independently computed values;
 *   - the history: first-heartbeat seeding, the window bound, the minimum standard deviation, the
 *     acceptable pause, and not recording the interval of a heartbeat that ends a suspicion;
 *   - in the simulator, across many seeds: a crashed node is suspected within a bound; a node
 *     whose heartbeats are jittery but on time is never suspected; a pause shorter than the
 *     acceptable pause is tolerated and a longer one is suspected.
 */
import type { FailureDetector } from "../lib";

export interface PhiAccrualOptions {
  /** Suspect when phi reaches this value (Akka's default: 8). */
  threshold: number;
  /** At most this many inter-arrival times are kept (Akka's default: 1000). */
  maxSampleSize: number;
  /** Floor on the standard deviation used in phi, ms (Akka's default: 100). */
  minStdDeviation: number;
  /** Added to the mean inter-arrival time, ms: pauses this long are not alarming (Akka: 3000). */
  acceptableHeartbeatPause: number;
  /** Expected heartbeat interval before any has been measured, ms (Akka: 1000). */
  firstHeartbeatEstimate: number;
}

/** Akka's phi for a heartbeat `timeSinceLastHeartbeat` ms late, given the mean and std (ms). */
export function phi(timeSinceLastHeartbeat: number, mean: number, stdDeviation: number): number {
  const y = (timeSinceLastHeartbeat - mean) / stdDeviation;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  return timeSinceLastHeartbeat > mean ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
}

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

export class PhiAccrualDetector implements FailureDetector {
  private history: HeartbeatHistory;
  private last: number | undefined;

  constructor(readonly options: PhiAccrualOptions) {
    this.history = new HeartbeatHistory(options.maxSampleSize);
  }

  /** A heartbeat arrived at `now` (ms). */
  heartbeat(now: number): void {
    if (this.last === undefined) {
      const estimate = this.options.firstHeartbeatEstimate;
      this.history = new HeartbeatHistory(this.options.maxSampleSize);
      this.history.add(estimate - estimate / 4);
      this.history.add(estimate + estimate / 4);
    } else if (this.isAvailable(now)) {
      this.history.add(now - this.last);
    }
    this.last = now;
  }

  /** The suspicion level at `now` (0 before any heartbeat). */
  phi(now: number): number {
    if (this.last === undefined) return 0;
    const std = Math.max(this.history.stdDeviation, this.options.minStdDeviation);
    return phi(now - this.last, this.history.mean + this.options.acceptableHeartbeatPause, std);
  }

  /** phi(now) < threshold. */
  isAvailable(now: number): boolean {
    return this.phi(now) < this.options.threshold;
  }
}
