/**
 * An adaptive timeout (after Chen, Toueg and Aguilera's estimator): the timeout follows the
 * network instead of being fixed in advance.
 *
 *   const d = new AdaptiveTimeoutDetector({ window: 20, safetyMargin: 100, firstInterval: 1_000 });
 *   d.heartbeat(now);
 *   d.expectedArrival();     // last arrival + mean of the last `window` inter-arrival times
 *   d.isAvailable(now);      // now < expectedArrival() + safetyMargin
 *
 * The next heartbeat is expected one mean inter-arrival time after the last one (the mean over the
 * last `window` gaps; `firstInterval` stands in until two heartbeats have arrived); the node is
 * suspected once that expected arrival plus the safety margin α has passed. When the network slows
 * down the gaps grow, the mean follows, and the detector stops crying wolf; α buys accuracy with
 * detection time, as the fixed timeout did, but on top of what the network actually does.
 * (CTA's full estimator also uses heartbeat sequence numbers to discount lost heartbeats; this
 * simpler form counts a loss as one long gap.)
 */
import { ConfigError } from "../sim/errors";
import type { FailureDetector } from "./detector";

export interface AdaptiveTimeoutOptions {
  /** How many recent inter-arrival times the mean is taken over. Default 20. */
  window?: number;
  /** α, ms added to the expected arrival before suspecting. */
  safetyMargin: number;
  /** Assumed inter-arrival time (ms) until two heartbeats have arrived. */
  firstInterval: number;
}

export class AdaptiveTimeoutDetector implements FailureDetector {
  readonly window: number;
  readonly safetyMargin: number;
  readonly firstInterval: number;
  private readonly gaps: number[] = [];
  private sum = 0;
  private last: number | undefined;

  constructor(options: AdaptiveTimeoutOptions) {
    const window = options.window ?? 20;
    if (!Number.isInteger(window) || window < 1) throw new ConfigError("AdaptiveTimeoutDetector window", window, "an integer ≥ 1");
    if (!(options.safetyMargin >= 0) || !Number.isFinite(options.safetyMargin)) {
      throw new ConfigError("AdaptiveTimeoutDetector safetyMargin", options.safetyMargin, "a finite number of ms ≥ 0");
    }
    if (!(options.firstInterval > 0) || !Number.isFinite(options.firstInterval)) {
      throw new ConfigError("AdaptiveTimeoutDetector firstInterval", options.firstInterval, "a finite number of ms > 0");
    }
    this.window = window;
    this.safetyMargin = options.safetyMargin;
    this.firstInterval = options.firstInterval;
  }

  heartbeat(now: number): void {
    if (this.last !== undefined) {
      const gap = now - this.last;
      this.gaps.push(gap);
      this.sum += gap;
      if (this.gaps.length > this.window) this.sum -= this.gaps.shift()!;
    }
    this.last = now;
  }

  /** The mean inter-arrival time over the window (firstInterval before any gap is known). */
  meanInterval(): number {
    return this.gaps.length === 0 ? this.firstInterval : this.sum / this.gaps.length;
  }

  /** When the next heartbeat is expected (undefined before the first one). */
  expectedArrival(): number | undefined {
    return this.last === undefined ? undefined : this.last + this.meanInterval();
  }

  /** The silence (ms since the last heartbeat) this detector currently tolerates. */
  currentTimeout(): number {
    return this.meanInterval() + this.safetyMargin;
  }

  isAvailable(now: number): boolean {
    return this.last === undefined || now - this.last < this.currentTimeout();
  }
}
