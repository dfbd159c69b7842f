/**
 * Latency distributions: how long a message spends on the wire, in virtual milliseconds.
 *
 *   latency.constant(20)              // always 20 ms
 *   latency.uniform(10, 30)           // anywhere in [10, 30)
 *   latency.normal(40, 10)            // mean 40, standard deviation 10, cut off at 0
 *   latency.exponential(25)           // mean 25 (memoryless: many short, a few long)
 *   latency.lognormal(30, 0.5)        // median 30, log-space sigma 0.5: the long tail of real networks
 *   latency.shifted(5, latency.exponential(20))   // at least 5 ms, then a random extra
 *
 * Each is a `Latency`: `sample(random)` draws one value (never negative), `mean` is the expected
 * value (used by notebooks to draw theory beside simulation) and `description` reads well in a
 * plot legend. Parameters are checked when the distribution is made; a bad one throws a
 * ConfigError naming the parameter and what is allowed.
 */
import { ConfigError } from "./errors";
import type { Random } from "./random";

export interface Latency {
  sample(random: Random): number;
  readonly mean: number;
  readonly description: string;
}

function nonNegative(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(field, value, "a finite number of milliseconds ≥ 0");
  }
  return value;
}

function positive(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(field, value, "a finite number > 0");
  }
  return value;
}

export function constant(ms: number): Latency {
  nonNegative("latency.constant(ms)", ms);
  return { sample: () => ms, mean: ms, description: `${ms} ms` };
}

export function uniform(min: number, max: number): Latency {
  nonNegative("latency.uniform(min)", min);
  nonNegative("latency.uniform(max)", max);
  if (max < min) throw new ConfigError("latency.uniform(max)", max, `a value ≥ min (${min})`);
  return {
    sample: (random) => random.uniform(min, max),
    mean: (min + max) / 2,
    description: `uniform ${min}–${max} ms`,
  };
}

/** Gaussian cut off at zero (a draw below zero becomes 0). */
export function normal(mean: number, stdDev: number): Latency {
  nonNegative("latency.normal(mean)", mean);
  nonNegative("latency.normal(stdDev)", stdDev);
  return {
    sample: (random) => Math.max(0, random.normal(mean, stdDev)),
    mean,
    description: `normal ${mean}±${stdDev} ms`,
  };
}

export function exponential(mean: number): Latency {
  positive("latency.exponential(mean)", mean);
  return {
    sample: (random) => random.exponential(mean),
    mean,
    description: `exponential, mean ${mean} ms`,
  };
}

/** Log-normal with the given median (ms) and log-space standard deviation. */
export function lognormal(median: number, sigma: number): Latency {
  positive("latency.lognormal(median)", median);
  nonNegative("latency.lognormal(sigma)", sigma);
  const mu = Math.log(median);
  return {
    sample: (random) => Math.exp(random.normal(mu, sigma)),
    mean: Math.exp(mu + (sigma * sigma) / 2),
    description: `lognormal, median ${median} ms, σ ${sigma}`,
  };
}

/** `base` ms plus a draw from `extra`. */
export function shifted(base: number, extra: Latency): Latency {
  nonNegative("latency.shifted(base)", base);
  return {
    sample: (random) => base + extra.sample(random),
    mean: base + extra.mean,
    description: `${base} ms + ${extra.description}`,
  };
}

/** Checks that a value is a Latency; `field` names it in the error. */
export function checkLatency(field: string, value: unknown): Latency {
  if (typeof value === "number") return constant(nonNegative(field, value));
  const candidate = value as Latency | null;
  if (candidate && typeof candidate.sample === "function" && typeof candidate.mean === "number") {
    return candidate;
  }
  throw new ConfigError(field, value, "a number of ms or a distribution such as latency.normal(40, 10)");
}
