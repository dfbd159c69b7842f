/**
 * Closed forms notebook 10 draws beside the simulation.
 *
 *   expectedMaxOfNormals(k)                 E[max of k independent standard normals] (0 for k = 1)
 *   primaryBackupWriteLatency(k, mu, sigma) E[T_k] for a write that waits for k backups, one-way
 *                                           delays normal(mu, sigma): 2μ + E[max of k round trips],
 *                                           each round trip normal(2μ, σ√2); 2μ when k = 0
 *
 * E[max of k] = ∫ x · k φ(x) Φ(x)^(k−1) dx = ∫ x d(Φ(x)^k), summed on [−8, 8] with step 0.001
 * (Φ by the trapezoid rule; error about 1e-7). Known values: 1/√π ≈ 0.5642 for k = 2, 3/(2√π) ≈ 0.8463
 * for k = 3.
 */

export function expectedMaxOfNormals(k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`expectedMaxOfNormals(k): k must be an integer ≥ 1, got ${k}`);
  const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const dx = 0.001;
  let cdf = 0; // Φ(x), accumulated by the trapezoid rule
  let sum = 0;
  for (let x = -8; x < 8; x += dx) {
    const next = cdf + ((phi(x) + phi(x + dx)) / 2) * dx;
    sum += (x + dx / 2) * (Math.pow(next, k) - Math.pow(cdf, k)); // ∫ x d(Φ^k)
    cdf = next;
  }
  return sum;
}

export function primaryBackupWriteLatency(k: number, mu: number, sigma: number): number {
  if (k === 0) return 2 * mu;
  return 2 * mu + 2 * mu + sigma * Math.SQRT2 * expectedMaxOfNormals(k);
}
