/**
 * Physical clocks of a cluster: how far each node's clock is from true time, and from each other.
 *
 * lib/sim/clock.ts gives one node a `PhysicalClock({ offset, driftPpm, jumps })`. These helpers
 * make a whole cluster of them from a seeded stream and measure them:
 *
 *   const random = new Random(7);
 *   const clocks = randomClocks(random, ["a", "b", "c"], { maxOffset: 50, maxDriftPpm: 200 });
 *   sim.add("a", new Worker(), { clock: clocks.a });
 *   clockError(clocks.a, 10_000);                 // reading − true time at t = 10 s, ms
 *   clusterSkew(Object.values(clocks), 10_000);   // largest reading − smallest reading, ms
 *
 * Drift is in parts per million (ppm): a clock at +100 ppm gains 0.1 ms every second, 8.64 s a day.
 * Ordinary quartz is within ±50 ppm; a cheap or hot one, a few hundred. Skew is the difference
 * between two clocks' readings at the same true instant; it grows with the difference in drift
 * until something (NTP, an operator) steps a clock, possibly backwards.
 */
import { PhysicalClock, type ClockJump, type LocalClock } from "../sim/clock";
import type { Random } from "../sim/random";

export interface RandomClockOptions {
  /** Initial offsets are drawn uniformly from [−maxOffset, +maxOffset] ms. Default 0. */
  maxOffset?: number;
  /** Drifts are drawn uniformly from [−maxDriftPpm, +maxDriftPpm]. Default 0. */
  maxDriftPpm?: number;
  /** Jumps given to particular nodes, by id. */
  jumps?: Record<string, ClockJump[]>;
}

/** One PhysicalClock per id, offsets and drifts drawn from `random` (same seed, same clocks). */
export function randomClocks(random: Random, ids: readonly string[], options: RandomClockOptions = {}): Record<string, PhysicalClock> {
  const maxOffset = options.maxOffset ?? 0;
  const maxDrift = options.maxDriftPpm ?? 0;
  const clocks: Record<string, PhysicalClock> = {};
  for (const id of ids) {
    clocks[id] = new PhysicalClock({
      offset: random.uniform(-maxOffset, maxOffset),
      driftPpm: random.uniform(-maxDrift, maxDrift),
      jumps: options.jumps?.[id] ?? [],
    });
  }
  return clocks;
}

/** Reading minus true time at true time `t`, ms (positive: the clock is ahead). */
export function clockError(clock: LocalClock, t: number): number {
  return clock.read(t) - t;
}

/** Largest minus smallest reading among `clocks` at true time `t`, ms. */
export function clusterSkew(clocks: readonly LocalClock[], t: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (const clock of clocks) {
    const reading = clock.read(t);
    if (reading < low) low = reading;
    if (reading > high) high = reading;
  }
  return clocks.length === 0 ? 0 : high - low;
}
