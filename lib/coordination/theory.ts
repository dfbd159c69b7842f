/**
 * Closed forms for a central manager, to draw beside the simulation (times in ms, rates per s).
 *
 *   mm1ResponseMs(λ, S)      M/M/1 time in the manager (wait + service), exponential service of
 *                            mean S: S / (1 − ρ), ρ = λ·S/1000 (Infinity when ρ ≥ 1)
 *   md1ResponseMs(λ, S)      M/D/1, constant service S: S + ρ·S / (2(1 − ρ))   (Pollaczek–Khinchine)
 *   mvaThroughput(n, S, Z)   closed loop: n clients, each with one operation in flight, a manager
 *                            of exponential mean service S and a round trip of mean Z outside it:
 *                            exact mean-value analysis, X(n) in ops/s. Bounded by min(n/(Z+S), 1/S).
 *   contendedLockPerSec(rtt, hold, S)   one lock passed from client to client: 1000 / (rtt + hold + S)
 *
 * An operation's latency seen by a client is the round trip plus the time in the manager.
 */
export function mm1ResponseMs(ratePerSec: number, serviceMs: number): number {
  const rho = (ratePerSec * serviceMs) / 1000;
  return rho >= 1 ? Infinity : serviceMs / (1 - rho);
}

export function md1ResponseMs(ratePerSec: number, serviceMs: number): number {
  const rho = (ratePerSec * serviceMs) / 1000;
  return rho >= 1 ? Infinity : serviceMs + (rho * serviceMs) / (2 * (1 - rho));
}

export function mvaThroughput(clients: number, serviceMs: number, roundTripMs: number): number {
  let queue = 0;
  let throughput = 0;
  for (let n = 1; n <= clients; n++) {
    const response = serviceMs * (1 + queue);
    throughput = n / (response + roundTripMs);
    queue = throughput * response;
  }
  return throughput * 1000;
}

export function contendedLockPerSec(roundTripMs: number, holdMs: number, serviceMs: number): number {
  return 1000 / (roundTripMs + holdMs + serviceMs);
}
