/**
 * Seeded random streams: every random choice in a run comes from here.
 *
 *   const random = new Random(7);
 *   random.next();               // uniform in [0, 1)
 *   random.uniform(10, 20);      // uniform in [10, 20)
 *   random.int(0, 6);            // integer in [0, 6)
 *   random.normal(40, 10);       // Gaussian (Box–Muller)
 *   random.exponential(50);      // mean 50
 *   random.chance(0.1);          // true with probability 0.1
 *   random.pick(["a", "b"]);     // one element
 *   random.stream("network");    // an independent stream derived from the seed and a name
 *
 * Streams are independent by name: the network draws from "network", node "a" from "node/a", so
 * adding a node or a random call in one place does not shift the numbers every other part sees.
 * The generator is seedrandom's Alea (fast, 32-bit, good statistical quality for simulation).
 */
import seedrandom from "seedrandom";
import { ConfigError } from "./errors";

export type Seed = number | string;

export class Random {
  private readonly generate: () => number;

  constructor(readonly seed: Seed) {
    if (typeof seed !== "string" && !Number.isFinite(seed)) {
      throw new ConfigError("seed", seed, "a finite number or a string");
    }
    this.generate = seedrandom.alea(String(seed));
  }

  /** An independent stream, the same for the same seed and name. */
  stream(name: string): Random {
    return new Random(`${this.seed}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.generate();
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.generate();
  }

  /** An integer uniform in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor((high - low) * this.generate());
  }

  /** Gaussian with the given mean and standard deviation. */
  normal(mean: number, stdDev: number): number {
    const u = 1 - this.generate(); // (0, 1]: log(u) is finite
    const v = this.generate();
    return mean + stdDev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.generate());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.generate() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new ConfigError("pick(items)", items, "a non-empty array");
    return items[Math.floor(this.generate() * items.length)];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.generate() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}
