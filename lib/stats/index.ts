/**
 * lib/stats: the few statistics every chapter needs, and the verdict that puts theory beside
 * simulation on trial. Notebooks, `theoryVsSimulated` and graders all use these; nothing here is
 * written twice elsewhere.
 *
 *   mean(xs), variance(xs), stdDev(xs)        sample statistics (variance divides by n − 1)
 *   standardError(xs)                         sd / √n: how far the mean of these seeds may wander
 *   proportionStandardError(q, n)             √(q(1 − q)/n): the same for a share of n trials
 *   shareStandardError(successes, n)          Agresti–Coull: √(q̃(1 − q̃)/(n + 4)), q̃ = (x + 2)/(n + 4);
 *                                             never 0, so a rare event seen 0 or 1 times is judged fairly
 *   summarize(xs)                             { n, mean, sd, stderr } in one pass over the array
 *   confidenceInterval(xs, level = 0.95)      mean ± z·stderr (normal approximation)
 *   quantile(xs, q), quantiles(xs, qs)        percentiles: q in [0, 1] (0.99 = p99), linear between ranks
 *   erf(x), normalCdf(x, mean = 0, sd = 1)    Φ, Abramowitz–Stegun 7.1.26 (absolute error < 1.5e-7)
 *   normalQuantile(p)                         Φ⁻¹ (Acklam's rational approximation, error < 1.2e-9)
 *   studentCdf(t, dof), studentQuantile(p, dof)   Student's t (incomplete beta; quantile by bisection)
 *
 * Theory against simulation:
 *
 *   const v = verdict({ what: "M/M/1 response time", k: 3, points: [
 *     { x: 0.5, simulated: 19.6, stderr: 0.4, theory: 20 }, ... ] });
 *   v.agree          // true when every point is within k standard errors of its theory value
 *   v.text           // "agrees: all 8 points within 3 SE of theory (largest 1.2 SE at x = 0.9)"
 *   announce(v)      // prints v.text; on a disagreement writes ONE line "✗ DISAGREE: ..." to stderr
 *
 *   claim(a < b, "push-pull needs fewer rounds than push")   // a plain yes/no claim of the prose:
 *                    // "✓ ..." when it holds, else "✗ CLAIM DOES NOT HOLD: ..." on stderr
 *
 * The tolerance is derived from the data: k standard errors of the simulated estimate, with k
 * stated. When a standard error was itself estimated from n seeds (`dof: n − 1`), it is uncertain
 * too, so the allowance is widened to the Student-t quantile with the same confidence as k normal
 * standard errors (k = 3: 99.73%; with 5 seeds that is 6.6 SE, with 10 seeds 4.1, with 200 seeds
 * 3.05). `tolerance(k, dof)` gives that allowance. A point whose standard error is 0 (every seed gave the same value) agrees only with a
 * theory value equal to it (to 1e-9 relative). `relation: "atLeast"` / `"atMost"` checks a
 * bound instead (the simulation may sit anywhere above / below theory − / + k·SE). The notebook
 * runners fail a notebook on any stderr, so a disagreement fails `npm test`.
 */

/** Arithmetic mean; throws on an empty array (a mean of nothing is a bug upstream). */
export function mean(xs: ReadonlyArray<number>): number {
  if (xs.length === 0) throw new RangeError("mean: the array is empty (no samples to average)");
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample variance (divides by n − 1); 0 for a single sample. */
export function variance(xs: ReadonlyArray<number>): number {
  const m = mean(xs);
  if (xs.length < 2) return 0;
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

/** Sample standard deviation. */
export function stdDev(xs: ReadonlyArray<number>): number {
  return Math.sqrt(variance(xs));
}

/** Standard error of the mean, sd/√n. Needs at least two samples to say anything. */
export function standardError(xs: ReadonlyArray<number>): number {
  if (xs.length < 2) throw new RangeError(`standardError: needs at least 2 samples (got ${xs.length}); run more seeds`);
  return stdDev(xs) / Math.sqrt(xs.length);
}

/** Standard error of a share q observed in n independent trials. */
export function proportionStandardError(q: number, n: number): number {
  if (!(n > 0)) throw new RangeError(`proportionStandardError: n must be positive (got ${n})`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`proportionStandardError: q must be in [0, 1] (got ${q})`);
  return Math.sqrt((q * (1 - q)) / n);
}

/**
 * Standard error of a share of successes in n trials, by Agresti and Coull's adjustment (add two
 * successes and two failures). Unlike √(q(1 − q)/n) it is not 0 when every trial went the same way,
 * and it does not call one success in 40 a three-sigma surprise when theory expects 0.2%.
 */
export function shareStandardError(successes: number, n: number): number {
  if (!(n > 0) || !(successes >= 0 && successes <= n)) {
    throw new RangeError(`shareStandardError: need 0 ≤ successes ≤ n and n > 0 (got ${successes} of ${n})`);
  }
  const q = (successes + 2) / (n + 4);
  return Math.sqrt((q * (1 - q)) / (n + 4));
}

export interface Summary {
  n: number;
  mean: number;
  sd: number;
  stderr: number;
}

/** n, mean, sd and standard error of a sample (at least two values). */
export function summarize(xs: ReadonlyArray<number>): Summary {
  const sd = stdDev(xs);
  return { n: xs.length, mean: mean(xs), sd, stderr: standardError(xs) };
}

/** A normal-approximation confidence interval for the mean: mean ± z·stderr. */
export function confidenceInterval(xs: ReadonlyArray<number>, level = 0.95): { mean: number; low: number; high: number; halfWidth: number } {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidenceInterval: level must be in (0, 1) (got ${level})`);
  const s = summarize(xs);
  const halfWidth = normalQuantile((1 + level) / 2) * s.stderr;
  return { mean: s.mean, low: s.mean - halfWidth, high: s.mean + halfWidth, halfWidth };
}

/** The q-quantile (q in [0, 1]; 0.99 is the 99th percentile), interpolating linearly between ranks (numpy's default). */
export function quantile(xs: ReadonlyArray<number>, q: number): number {
  return quantiles(xs, [q])[0];
}

/** Several quantiles of one sample, sorting it once. */
export function quantiles(xs: ReadonlyArray<number>, qs: ReadonlyArray<number>): number[] {
  if (xs.length === 0) throw new RangeError("quantile: the array is empty");
  const sorted = xs.slice().sort((a, b) => a - b);
  return qs.map((q) => {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1] (got ${q}; the 99th percentile is q = 0.99)`);
    const rank = q * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  });
}

/** The error function, Abramowitz–Stegun 7.1.26 (absolute error < 1.5e-7). */
export function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Φ((x − mean)/sd): the probability that a normal variable is at most x. */
export function normalCdf(x: number, mu = 0, sd = 1): number {
  if (!(sd > 0)) throw new RangeError(`normalCdf: sd must be positive (got ${sd})`);
  return (1 + erf((x - mu) / (sd * Math.SQRT2))) / 2;
}

/** Φ⁻¹(p) for p in (0, 1): Acklam's algorithm (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1) (got ${p})`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** ln Γ(x) for x > 0 (Lanczos approximation, relative error < 2e-10). */
function logGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** The regularized incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes 6.4). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  const cf = (x: number, a: number, b: number): number => {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((a + b) * x) / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    let h = d;
    for (let m = 1; m <= 300; m++) {
      const m2 = 2 * m;
      let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
      d = 1 + aa * d; d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
      aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
      d = 1 + aa * d; d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-12) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (front * cf(x, a, b)) / a : 1 - (front * cf(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `dof` degrees of freedom (dof = Infinity: the normal). */
export function studentCdf(t: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`studentCdf: dof must be positive (got ${dof})`);
  if (dof === Infinity) return normalCdf(t);
  const tail = 0.5 * incompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, Student's t with `dof` degrees of freedom (bisection, to 1e-9). */
export function studentQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentQuantile: p must be in (0, 1) (got ${p})`);
  if (dof === Infinity) return normalQuantile(p);
  if (p < 0.5) return -studentQuantile(1 - p, dof);
  let lo = 0;
  let hi = 1;
  while (studentCdf(hi, dof) < p) hi *= 2;
  while (hi - lo > 1e-9 * Math.max(1, hi)) {
    const mid = (lo + hi) / 2;
    if (studentCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * How many standard errors a point may stray: k itself for a known standard error (dof =
 * Infinity), else the Student-t quantile with the confidence of k normal standard errors.
 */
export function tolerance(k: number, dof = Infinity): number {
  if (dof === Infinity) return k;
  if (!(dof >= 1)) throw new RangeError(`tolerance: a standard error from ${dof + 1} sample(s) says nothing; run at least 2 seeds`);
  return studentQuantile(normalCdf(k), dof);
}

// ---------------------------------------------------------------------------------------------
// The verdict: theory against simulation, within k standard errors.

/** How the simulation must relate to theory: equal within k SE, or on the right side of a bound. */
export type Relation = "equal" | "atLeast" | "atMost";

export interface VerdictInput {
  x: number | string;
  simulated: number;
  stderr: number;
  theory: number;
  /** Degrees of freedom of the standard error (seeds − 1) when it was estimated from seeds. */
  dof?: number;
}

export interface VerdictPoint extends VerdictInput {
  /** Distance from theory in standard errors, signed (simulated − theory)/stderr. */
  z: number;
  /** The allowance for this point, in standard errors: tolerance(k, dof). */
  allowed: number;
  ok: boolean;
}

export interface Verdict {
  what: string;
  k: number;
  relation: Relation;
  agree: boolean;
  points: VerdictPoint[];
  /** The point furthest from theory (in standard errors, in the direction that counts). */
  worst: VerdictPoint;
  /** One line for the figure and the log. */
  text: string;
}

export interface VerdictSpec {
  /** What is being compared, for the message ("M/M/1 response time"). */
  what: string;
  /** The tolerance, in standard errors of the simulated values. */
  k: number;
  points: ReadonlyArray<VerdictInput>;
  relation?: Relation;
}

function zOf(p: VerdictInput): number {
  const diff = p.simulated - p.theory;
  if (p.stderr > 0) return diff / p.stderr;
  if (Math.abs(diff) <= 1e-9 * Math.max(1, Math.abs(p.theory))) return 0;
  return diff > 0 ? Infinity : -Infinity;
}

function fmt(v: number): string {
  if (!isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** Judge every point: within k standard errors of theory (or on the allowed side of a bound)? */
export function verdict(spec: VerdictSpec): Verdict {
  const relation = spec.relation ?? "equal";
  if (!(spec.k > 0)) throw new RangeError(`verdict(${spec.what}): k must be a positive number of standard errors (got ${spec.k})`);
  if (spec.points.length === 0) throw new RangeError(`verdict(${spec.what}): no points to judge`);
  const points: VerdictPoint[] = spec.points.map((p) => {
    for (const key of ["simulated", "theory", "stderr"] as const) {
      const bad = typeof p[key] !== "number" || Number.isNaN(p[key]) || (key === "stderr" && p[key] < 0);
      if (bad) {
        throw new RangeError(`verdict(${spec.what}): point x = ${p.x} has ${key} = ${p[key]}; expected a number${key === "stderr" ? " ≥ 0" : ""}`);
      }
    }
    const z = zOf(p);
    const allowed = tolerance(spec.k, p.dof ?? Infinity);
    const ok = relation === "equal" ? Math.abs(z) <= allowed : relation === "atLeast" ? z >= -allowed : z <= allowed;
    return { ...p, z, allowed, ok };
  });
  // Furthest out relative to what it is allowed.
  const badness = (p: VerdictPoint) => (relation === "equal" ? Math.abs(p.z) : relation === "atLeast" ? -p.z : p.z) / p.allowed;
  const worst = points.reduce((w, p) => (badness(p) > badness(w) ? p : w), points[0]);
  const agree = points.every((p) => p.ok);
  const seeds = points.some((p) => p.dof !== undefined) ? " (Student-t for the seeds)" : "";
  const rel = relation === "equal" ? `within ${spec.k} SE${seeds} of` : `no more than ${spec.k} SE${seeds} ${relation === "atLeast" ? "below" : "above"}`;
  const where = `${fmt(Math.abs(worst.z))} SE of ${fmt(worst.allowed)} allowed at x = ${worst.x}: simulated ${fmt(worst.simulated)} ± ${fmt(worst.stderr)}, theory ${fmt(worst.theory)}`;
  const bad = points.filter((p) => !p.ok).length;
  const text = agree
    ? `agrees: all ${points.length} points ${rel} theory (largest ${where})`
    : `${spec.what}: ${bad} of ${points.length} points not ${rel} theory (worst ${where})`;
  return { what: spec.what, k: spec.k, relation, agree, points, worst, text };
}

/** Print a verdict; on a disagreement write one line to stderr, which fails the notebook test. */
export function announce(v: Verdict): Verdict {
  if (v.agree) console.log(`✓ ${v.what}: ${v.text}`);
  else console.error(`✗ DISAGREE: ${v.text}`);
  return v;
}

/**
 * Assert a plain yes/no claim of a notebook's prose (not theory against simulation: use `verdict`
 * for that). Prints "✓ text" when it holds; otherwise writes "✗ CLAIM DOES NOT HOLD: text" to
 * stderr, which fails the notebook under test. Returns whether it holds.
 */
export function claim(holds: boolean, text: string): boolean {
  if (holds) console.log(`✓ ${text}`);
  else console.error(`✗ CLAIM DOES NOT HOLD: ${text}`);
  return holds;
}
