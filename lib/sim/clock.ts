/**
 * Local clocks: what a node reads when it asks "what time is it?".
 *
 * The simulator keeps one true virtual time (`sim.now`). Each node also has a local clock that
 * maps true time to the time the node reads. The default is perfect (reads true time). A
 * `PhysicalClock` models a real quartz clock:
 *
 *   new PhysicalClock({ offset: 120 })            // 120 ms ahead from the start (skew)
 *   new PhysicalClock({ driftPpm: 200 })          // gains 200 µs every second (0.2 ms/s)
 *   new PhysicalClock({ jumps: [{ at: 5_000, by: -300 }] })   // stepped back 300 ms at t=5 s
 *
 *   sim.add("a", new Worker(), { clock: new PhysicalClock({ driftPpm: -50 }) });
 *   // inside the node: this.localTime is the clock's reading; this.now is true time
 *
 * Timers run on the node's local clock rate (a timer for 1000 local ms on a clock that runs
 * 1% fast fires after about 990 true ms), like a monotonic OS timer: jumps (an NTP step, an
 * operator setting the time) move the reading but not the timers.
 */
import { ConfigError } from "./errors";

export interface LocalClock {
  /** The reading at true time `trueTime`. */
  read(trueTime: number): number;
  /** How many true ms pass while this clock counts `localDelay` ms, starting at `trueTime`. */
  trueDelay(localDelay: number, trueTime: number): number;
}

export const perfectClock: LocalClock = {
  read: (t) => t,
  trueDelay: (d) => d,
};

export interface ClockJump {
  /** True time of the jump, ms. */
  at: number;
  /** How far the reading moves, ms (negative: backwards). */
  by: number;
}

export interface PhysicalClockOptions {
  /** Reading minus true time at t = 0, ms. Default 0. */
  offset?: number;
  /** Rate error in parts per million: +100 gains 0.1 ms per second. Default 0. */
  driftPpm?: number;
  jumps?: ClockJump[];
}

export class PhysicalClock implements LocalClock {
  readonly offset: number;
  readonly driftPpm: number;
  readonly jumps: readonly ClockJump[];
  private readonly rate: number;

  constructor(options: PhysicalClockOptions = {}) {
    this.offset = finite("clock.offset", options.offset ?? 0);
    this.driftPpm = finite("clock.driftPpm", options.driftPpm ?? 0);
    if (this.driftPpm <= -1e6) {
      throw new ConfigError("clock.driftPpm", this.driftPpm, "a value > -1,000,000 (the clock must move forward)");
    }
    const jumps = options.jumps ?? [];
    jumps.forEach((j, i) => {
      finite(`clock.jumps[${i}].at`, j.at);
      finite(`clock.jumps[${i}].by`, j.by);
    });
    this.jumps = jumps.slice().sort((a, b) => a.at - b.at);
    this.rate = 1 + this.driftPpm * 1e-6;
  }

  read(trueTime: number): number {
    let reading = this.offset + trueTime * this.rate;
    for (const jump of this.jumps) {
      if (jump.at > trueTime) break;
      reading += jump.by;
    }
    return reading;
  }

  trueDelay(localDelay: number): number {
    return localDelay / this.rate;
  }
}

function finite(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ConfigError(field, value, "a finite number");
  }
  return value;
}
