/**
 * The simplest failure detector: suspect a node when no heartbeat has arrived for `timeout` ms.
 *
 *   const d = new FixedTimeoutDetector({ timeout: 300 });
 *   d.heartbeat(1_000);
 *   d.isAvailable(1_299);   // true
 *   d.isAvailable(1_300);   // false: 300 ms of silence
 *
 * The whole trade-off of the chapter lives in that one number: a short timeout detects a crash
 * quickly but mistakes every late or lost heartbeat for a crash; a long one is rarely wrong but
 * slow. Before the first heartbeat the node is trusted.
 */
import { ConfigError } from "../sim/errors";
import type { FailureDetector } from "./detector";

export interface FixedTimeoutOptions {
  /** Silence (ms) after which the node is suspected. */
  timeout: number;
}

export class FixedTimeoutDetector implements FailureDetector {
  readonly timeout: number;
  private last: number | undefined;

  constructor(options: FixedTimeoutOptions) {
    if (!options || typeof options.timeout !== "number" || !(options.timeout > 0) || !Number.isFinite(options.timeout)) {
      throw new ConfigError("FixedTimeoutDetector timeout", options?.timeout, "a finite number of ms > 0");
    }
    this.timeout = options.timeout;
  }

  heartbeat(now: number): void {
    this.last = now;
  }

  isAvailable(now: number): boolean {
    return this.last === undefined || now - this.last < this.timeout;
  }
}
