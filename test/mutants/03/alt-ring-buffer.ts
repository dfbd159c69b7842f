/**
 * A correct answer to exercise 03 built differently: the window is a ring buffer whose mean and
 * variance are recomputed from scratch at every question (no running sums), phi is computed with
 * the numerically stable forms written out per branch, and part B tunes the threshold rather than
 * the pause: the threshold is set so that a silence of `lost` heartbeats in a row stays below it.
 * Kept as a whole file, not a patch of the solution: the window, phi and the tuning rule are each
 * computed another way, so a patch would replace nearly every line.
 */
import type { FailureDetector, NetworkProfile, QoSTarget } from "../../../lib/failure";
import type { PhiAccrualOptions } from "../../../solutions/03-phi-accrual";

// The interface, as the exercise declares it.
export type { PhiAccrualOptions };

export function phi(timeSinceLastHeartbeat: number, mean: number, stdDeviation: number): number {
  const y = (timeSinceLastHeartbeat - mean) / stdDeviation;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  if (timeSinceLastHeartbeat > mean) return -Math.log10(e / (1 + e));
  return -Math.log10(1 - 1 / (1 + e));
}

export class PhiAccrualDetector implements FailureDetector {
  private readonly ring: number[] = [];
  private next = 0;
  private lastAt: number | null = null;

  constructor(readonly options: PhiAccrualOptions) {}

  private record(interval: number): void {
    if (this.ring.length < this.options.maxSampleSize) this.ring.push(interval);
    else this.ring[this.next] = interval;
    this.next = (this.next + 1) % this.options.maxSampleSize;
  }

  heartbeat(now: number): void {
    if (this.lastAt === null) {
      const s = this.options.firstHeartbeatEstimate / 4;
      this.record(this.options.firstHeartbeatEstimate - s);
      this.record(this.options.firstHeartbeatEstimate + s);
    } else if (this.isAvailable(now)) {
      this.record(now - this.lastAt);
    }
    this.lastAt = now;
  }

  phi(now: number): number {
    if (this.lastAt === null) return 0;
    const n = this.ring.length;
    const mean = this.ring.reduce((a, b) => a + b, 0) / n;
    const variance = Math.max(0, this.ring.reduce((a, b) => a + b * b, 0) / n - mean * mean);
    const std = Math.max(Math.sqrt(variance), this.options.minStdDeviation);
    return phi(now - this.lastAt, mean + this.options.acceptableHeartbeatPause, std);
  }

  isAvailable(now: number): boolean {
    return this.phi(now) < this.options.threshold;
  }
}

/** Part B: no pause; a threshold high enough that `lost` heartbeats in a row (rare enough over T_MR) are not suspected. */
export function tuneDetector(network: NetworkProfile, target: QoSTarget): PhiAccrualOptions {
  const beats = target.minMistakeRecurrenceMs / network.interval;
  let lost = 0;
  while (network.loss > 0 && Math.pow(network.loss, lost + 1) * beats >= 0.01) lost++;
  const meanGap = network.interval / (1 - network.loss);
  const std = Math.max(5, 2 * network.latencyStd, network.interval * Math.sqrt(network.loss) / (1 - network.loss));
  const silence = (lost + 1) * network.interval + 3 * network.latencyStd;
  return { threshold: Math.max(8, phi(silence, meanGap, std) + 1), maxSampleSize: 100, minStdDeviation: std, acceptableHeartbeatPause: 0, firstHeartbeatEstimate: network.interval };
}
