/**
 * Chapter 09's closed forms. Notebook 09 puts each beside its simulation with lib/stats
 * (`theoryVsSimulated`, `verdict`, `shareStandardError`, `standardError`).
 *
 *   staleReadProbability(5, 2, 2)      // 0.3: a read of 2 replicas misses both that got a write of 2
 *   quorumAvailability(5, 3, 0.9)      // P(at least 3 of 5 up), each up with probability 0.9
 *   kthFastestMean(3, 5, 20)           // E[3rd fastest of 5 exponential replies, mean 20 ms]
 *   asyncStaleProbability(30, 20)      // P(an exponential replication lag of mean 20 ms exceeds 30 ms)
 *   gossipRoundsTheory(1024)           // log2 n + ln n: rounds of push gossip (Pittel 1987), + O(1)
 *   pushGossipExpectedRounds(64)       // the exact expectation for n = 64 (a Markov chain, O(n³))
 */
import { atLeastKOfN, binomialCoefficient } from "../queueing/theory";

/** A write stored on W random replicas of N, a read of R random replicas: P(the read misses all W). */
export function staleReadProbability(n: number, r: number, w: number): number {
  checkQuorum(n, r, w);
  return binomialCoefficient(n - w, r) / binomialCoefficient(n, r);
}

/** Whether every read quorum meets every write quorum: R + W > N. */
export function quorumsIntersect(n: number, r: number, w: number): boolean {
  checkQuorum(n, r, w);
  return r + w > n;
}

/** P(at least q of n replicas up), each up independently with probability `up` (chapter 01's binomial). */
export function quorumAvailability(n: number, q: number, up: number): number {
  if (!(up >= 0 && up <= 1)) throw new Error(`quorumAvailability: up must be a probability in [0, 1], got ${up}`);
  return atLeastKOfN(q, n, up);
}

/** E[k-th smallest of n independent exponential delays of mean `mean`] = mean · Σ_{i<k} 1/(n − i). */
export function kthFastestMean(k: number, n: number, mean: number): number {
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new Error(`kthFastestMean: k must be an integer in 1..n (${n}), got ${k}`);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += 1 / (n - i);
  return mean * sum;
}

/** P(an exponential replication lag of mean `meanLag` is still running `gap` ms after the write). */
export function asyncStaleProbability(gap: number, meanLag: number): number {
  return Math.exp(-gap / meanLag);
}

/** Expected rounds of push gossip to reach all n nodes: log2 n + ln n + O(1) (Pittel 1987). */
export function gossipRoundsTheory(n: number): number {
  return Math.log2(n) + Math.log(n);
}

/**
 * Exact E[rounds] of synchronous push gossip from one informed node of n. From i informed nodes,
 * B ~ Binomial(i, (n − i)/(n − 1)) pushes land on uninformed nodes, uniformly; the number of
 * distinct nodes they inform follows the occupancy distribution (balls into n − i bins). Solving
 * E_i = (1 + Σ_{j>i} P(i→j) E_j) / (1 − P(i→i)) from i = n down gives E_1. Cost O(n³): n ≤ 512.
 */
export function pushGossipExpectedRounds(n: number): number {
  if (!(Number.isInteger(n) && n >= 2 && n <= 512)) throw new Error(`pushGossipExpectedRounds: n must be an integer in 2..512, got ${n}`);
  const expected = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 1; i--) {
    const m = n - i;
    const p = m / (n - 1);
    // newly[k]: P(k new nodes informed) = Σ_b P(B = b) · occupancy(b balls, m bins, k occupied)
    const newly = new Array<number>(Math.min(i, m) + 1).fill(0);
    let occupancy = [1];
    let pmf = Math.pow(1 - p, i);
    for (let b = 0; b <= i; b++) {
      if (b > 0) {
        const next = new Array<number>(Math.min(b, m) + 1).fill(0);
        for (let k = 0; k < occupancy.length; k++) {
          next[k] += occupancy[k] * (k / m);
          if (k + 1 <= m) next[k + 1] += occupancy[k] * ((m - k) / m);
        }
        occupancy = next;
        pmf = p === 1 ? (b === i ? 1 : 0) : pmf * ((i - b + 1) / b) * (p / (1 - p));
      }
      const weight = p === 1 ? (b === i ? 1 : 0) : pmf;
      for (let k = 0; k < occupancy.length; k++) newly[k] += weight * occupancy[k];
    }
    let sum = 1;
    for (let k = 1; k < newly.length; k++) sum += newly[k] * expected[i + k];
    expected[i] = sum / (1 - newly[0]);
  }
  return expected[1];
}

function checkQuorum(n: number, r: number, w: number): void {
  for (const [name, v] of [["r", r], ["w", w]] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= n)) throw new Error(`quorum: ${name} must be an integer in 1..n (n = ${n}), got ${v}`);
  }
}
