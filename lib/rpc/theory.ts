/**
 * Closed forms for one request over a lossy network, to draw beside the simulation.
 *
 * Model: every message (request or reply) is lost independently with probability p, nothing
 * else goes wrong, and the timeout is longer than any round trip (so a timeout means a loss, never
 * a slow reply). One attempt gets its reply when both messages survive: s = (1 − p)².
 *
 *   replyProbability(p)             s = (1 − p)²
 *   expectedAttemptsUnbounded(p)    1 / s: retrying until a reply, attempts are geometric
 *   atLeastOnce(p, k)               with at most k attempts and NO deduplication:
 *     .ok                  P(the client gets a reply)   = 1 − (1 − s)^k
 *     .never               P(never applied)             = p^k   (every request lost)
 *     .applications        E[times applied]             = (1 − p) · (1 − (1 − s)^k) / s
 *     .attempts            E[attempts]                  = (1 − (1 − s)^k) / s
 * (Attempt i happens iff the i − 1 before it all failed, probability (1 − s)^(i−1); each attempt
 * is applied iff its request survives, probability 1 − p.)
 */
export function replyProbability(p: number): number {
  return (1 - p) * (1 - p);
}

export function expectedAttemptsUnbounded(p: number): number {
  return 1 / replyProbability(p);
}

export interface AtLeastOnceTheory {
  ok: number;
  never: number;
  applications: number;
  attempts: number;
}

export function atLeastOnce(p: number, k: number): AtLeastOnceTheory {
  const s = replyProbability(p);
  const reached = 1 - Math.pow(1 - s, k);
  return {
    ok: reached,
    never: Math.pow(p, k),
    applications: s === 0 ? k * (1 - p) : ((1 - p) * reached) / s,
    attempts: s === 0 ? k : reached / s,
  };
}
