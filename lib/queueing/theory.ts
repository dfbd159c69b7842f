/**
 * Closed forms for chapter 01, to draw beside the simulation.
 *
 * Queueing (Poisson arrivals at rate λ, exponential service at rate μ per server, FIFO). Rates
 * are in any unit per time (say requests per second); times come back in the inverse unit
 * (seconds), so multiply by 1000 for milliseconds.
 *
 *   utilisation(λ, μ, c = 1)         ρ = λ / (cμ): the share of time each server is busy
 *   mm1ResponseTime(λ, μ)            W = 1 / (μ − λ): mean time from arrival to reply (wait + service)
 *   mmcResponseTime(λ, μ, c)         W = C(c, λ/μ) / (cμ − λ) + 1/μ: c servers sharing ONE queue
 *   erlangC(c, A)                    C(c, A): the probability an arrival has to wait (A = λ/μ)
 *   randomSplitResponseTime(λ, μ, n) n servers, each arrival sent to one at random: each is an
 *                                    M/M/1 with λ/n, so W = 1 / (μ − λ/n) = n / (nμ − λ)
 * Every one is Infinity when the load reaches capacity (λ ≥ cμ): the queue grows without bound.
 *
 * Availability (each node alternates up for an exponential time with mean MTTF and down for one
 * with mean MTTR, independently of the others):
 *
 *   nodeAvailability(mttf, mttr)     a = MTTF / (MTTF + MTTR): the long-run share of time up
 *   atLeastKOfN(k, n, a)             P(at least k of n up) = Σ_{i=k..n} C(n, i) a^i (1 − a)^(n−i)
 *   majority(n)                      ⌊n/2⌋ + 1
 *   binomialCoefficient(n, k)        C(n, k)
 * With a shared cause (a rack or power supply that is up with probability r and takes every node
 * down with it), P(at least k of n up) = r · atLeastKOfN(k, n, a): no number of replicas gets
 * past r.
 */

export function utilisation(lambda: number, mu: number, c = 1): number {
  return lambda / (c * mu);
}

export function mm1ResponseTime(lambda: number, mu: number): number {
  return lambda >= mu ? Infinity : 1 / (mu - lambda);
}

export function randomSplitResponseTime(lambda: number, mu: number, n: number): number {
  return mm1ResponseTime(lambda / n, mu);
}

export function erlangC(c: number, offered: number): number {
  if (offered >= c) return 1;
  // term_k = A^k / k!, built up step by step to stay finite for large c.
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= offered / (k + 1);
  }
  const waiting = (term * c) / (c - offered);
  return waiting / (sum + waiting);
}

export function mmcResponseTime(lambda: number, mu: number, c: number): number {
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

export function nodeAvailability(mttf: number, mttr: number): number {
  return mttf / (mttf + mttr);
}

export function binomialCoefficient(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) result = (result * (n - i + 1)) / i;
  return Math.round(result);
}

export function atLeastKOfN(k: number, n: number, a: number): number {
  let total = 0;
  for (let i = Math.max(k, 0); i <= n; i++) total += binomialCoefficient(n, i) * Math.pow(a, i) * Math.pow(1 - a, n - i);
  return Math.min(1, total);
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}
