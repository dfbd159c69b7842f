/**
 * Mutant of exercise 03: acceptableHeartbeatPause is ignored.
 */
import type { FailureDetector, NetworkProfile, QoSTarget } from "../../../lib";

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
    return phi(now - this.last, this.history.mean, std);
  }

  /** phi(now) < threshold. */
  isAvailable(now: number): boolean {
    return this.phi(now) < this.options.threshold;
  }
}

/**
 * Part B. A live node looks dead when its heartbeats are lost several in a row, or late: allow a
 * silence of as many lost heartbeats as could happen in a row during the target's mistake
 * recurrence (P(k in a row) · heartbeats in T_MR below 1%), on top of the mean gap; a standard
 * deviation floor of twice the latency's (the spread of a gap between two delays); threshold 8.
 */
export function tuneDetector(network: NetworkProfile, target: QoSTarget): PhiAccrualOptions {
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
}
