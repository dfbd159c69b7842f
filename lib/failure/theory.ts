/**
 * Closed forms to plot beside the simulations of this chapter.
 *
 * heartbeatQoS: the fixed-timeout heartbeat detector (FixedTimeoutDetector) under the simplest
 * model: heartbeats every η ms, each lost independently with probability p, the others all taking
 * the same constant delay. Write the timeout as T = aη + b with a = ⌊T/η⌋, 0 < b < η. The detector
 * wrongly suspects exactly when a received heartbeat is followed by a lost ones in a row; the
 * mistake starts T after that heartbeat and ends when the next heartbeat gets through. Hence
 *   rate of mistakes     1/T_MR = (1 − p)·p^a / η
 *   mistake duration     T_M    = η/(1 − p) − b
 *   query accuracy       P_A    = 1 − T_M/T_MR = 1 − p^a + (1 − p)·p^a·b/η
 *   detection time       T_D ≤ d + T without loss; mean d + T − η/2 for a crash at a random moment
 * With loss p and a monitor that checks every c ms, a crash at a uniformly random moment is
 * detected on average (fixedTimeoutDetectionTime)
 *   E[T_D] = d + T − η/2 − η·p/(1 − p) + c/2
 * (the last heartbeat that got through is, on average, p/(1 − p) extra periods old; the check
 * that notices adds half a check period). Jitter small against η changes it little.
 * (CTA 2002 derive the same quantities for their NFD-S detector; this is that analysis redone
 * for "suspect after T ms of silence".)
 *
 * swimFirstDetection: SWIM (Das, Gupta, Motivala 2002). Every member pings one member chosen
 * uniformly at random per protocol period T'. With n members of which one has crashed, each of the
 * n − 1 others picks it with probability 1/(n − 1), so a period misses it with probability
 * (1 − 1/(n − 1))^(n−1), and the number of periods until someone probes it is geometric:
 *   E[first detection] = T' / (1 − (1 − 1/(n − 1))^(n − 1))      (exact, synchronous periods)
 *                      → T' / (1 − e^(−q_f)) = T'·e/(e − 1) ≈ 1.58·T'  as n grows (q_f → 1)
 * where q_f is the fraction of non-faulty members, as in the paper.
 */
import { ConfigError } from "../sim/errors";

export interface HeartbeatQoSTheory {
  mistakeRecurrence: number;
  mistakeDuration: number;
  queryAccuracy: number;
  /** Mean detection time for a crash at a uniformly random moment, no loss. */
  meanDetectionTime: number;
  /** Worst detection time, no loss. */
  maxDetectionTime: number;
}

export function heartbeatQoS(options: { interval: number; timeout: number; loss: number; delay: number }): HeartbeatQoSTheory {
  const { interval: eta, timeout, loss: p, delay } = options;
  if (!(eta > 0)) throw new ConfigError("heartbeatQoS interval", eta, "a number of ms > 0");
  if (!(p >= 0 && p < 1)) throw new ConfigError("heartbeatQoS loss", p, "a probability in [0, 1)");
  const a = Math.floor(timeout / eta);
  const b = timeout - a * eta;
  if (!(a >= 1 && b > 0)) {
    throw new ConfigError("heartbeatQoS timeout", timeout, `a timeout above the interval and not a multiple of it (interval ${eta} ms)`);
  }
  const rate = ((1 - p) * Math.pow(p, a)) / eta;
  const duration = eta / (1 - p) - b;
  return {
    mistakeRecurrence: rate > 0 ? 1 / rate : Infinity,
    mistakeDuration: duration,
    queryAccuracy: 1 - Math.pow(p, a) + ((1 - p) * Math.pow(p, a) * b) / eta,
    meanDetectionTime: delay + timeout - eta / 2,
    maxDetectionTime: delay + timeout,
  };
}

/** Mean detection time of the fixed-timeout detector for a crash at a uniformly random moment (see above). */
export function fixedTimeoutDetectionTime(options: { interval: number; timeout: number; loss: number; delay: number; checkEvery?: number }): number {
  const { interval: eta, timeout, loss: p, delay } = options;
  if (!(eta > 0)) throw new ConfigError("fixedTimeoutDetectionTime interval", eta, "a number of ms > 0");
  if (!(p >= 0 && p < 1)) throw new ConfigError("fixedTimeoutDetectionTime loss", p, "a probability in [0, 1)");
  return delay + timeout - eta / 2 - (eta * p) / (1 - p) + (options.checkEvery ?? 0) / 2;
}

/** SWIM's expected time to first detection of one crashed member among n (exact, see above). */
export function swimFirstDetection(n: number, period: number): number {
  if (!(Number.isInteger(n) && n >= 3)) throw new ConfigError("swimFirstDetection n", n, "an integer ≥ 3");
  const others = n - 1;
  return period / (1 - Math.pow(1 - 1 / others, others));
}

/** The paper's large-n form T'/(1 − e^(−q_f)), q_f the fraction of non-faulty members. */
export function swimFirstDetectionLimit(period: number, nonFaultyFraction = 1): number {
  return period / (1 - Math.exp(-nonFaultyFraction));
}
