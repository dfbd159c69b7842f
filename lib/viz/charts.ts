/**
 * Charts: the handful of plot builders every chapter uses, in the course style.
 *
 * Each builder returns a plain `Figure` ({data, layout, config}); nothing is shown until you pass
 * it to `plot(fig)` (shows it under the cell) or `show(fig)` (shows it, returns the mime bundle):
 *
 *   plot(lineChart({
 *     title: "Latency vs load",
 *     x: { title: "offered load (req/s)" },
 *     y: { title: "p99 latency (ms)", log: true },
 *     series: [
 *       { name: "1 replica", x: loads, y: p99a },
 *       { name: "3 replicas", x: loads, y: p99b, dash: "dash" },
 *     ],
 *   }));
 *
 *   plot(theoryVsSimulated({
 *     title: "M/M/1 response time", x: { title: "utilisation ρ" }, y: { title: "mean response (ms)" },
 *     theory: { name: "1/(μ−λ)", x: fine, y: fine.map(W), at: W },
 *     simulated: { name: "simulated (10 seeds)", x: rhos, samples: perSeedMeans },  // samples[i]: one value per seed
 *     k: 3,                                    // band theory ± 3 SE; verdict "within 3 SE"
 *   }));
 *
 * With per-seed samples the standard error is itself an estimate, so the band and the verdict use
 * Student's t for that many seeds at the confidence of k normal SEs (lib/stats `tolerance`).
 * theoryVsSimulated shows its verdict on the figure (fig.verdict holds it) and, when theory and
 * simulation disagree, writes one "✗ DISAGREE: ..." line to stderr (lib/stats `announce`), so the
 * notebook tests fail. Several closed forms on one chart: `comparisons: [{ theory, simulated }, ...]`.
 *
 * Builders: lineChart, scatterChart, barChart, histogram, heatmap, theoryVsSimulated.
 * Common options: `title`, `height` (px, default 360), axes `{ title?, log?, range? }`.
 */
import type { Figure, PlotLayout, PlotTrace } from "./figure";
import { COLORS, PALETTE, axis, courseLayout, figure } from "./figure";
import { announce, mean, standardError, tolerance, verdict, type Relation, type Verdict } from "../stats";

export interface AxisSpec {
  title?: string;
  log?: boolean;
  range?: [number, number];
}
export type Dash = "solid" | "dot" | "dash" | "longdash" | "dashdot" | "longdashdot";

export interface SeriesSpec {
  name: string;
  x: ReadonlyArray<number | string>;
  y: ReadonlyArray<number | null>;
  dash?: Dash;
  mode?: "lines" | "markers" | "lines+markers";
  color?: string;
  /** Symmetric error bars (same length as y). */
  error?: ReadonlyArray<number>;
}

export interface ChartSpec {
  title?: string;
  x?: AxisSpec;
  y?: AxisSpec;
  series: SeriesSpec[];
  height?: number;
}

/** A tick label: plain digits, thousands separated, tiny values as 2e-4. */
function tickLabel(v: number): string {
  if (v < 1e-3) return v.toExponential(0);
  return Number(v.toPrecision(3)).toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/**
 * Ticks for a log axis that say what they are: the data's own values when there are at most ten
 * (4, 8, 16, 32, 64), else 1, 2, 5 × 10^k over the data's range. (Plotly's default labels 20 and
 * 30 as "2" and "3" after "10".)
 */
export function logTicks(values: ReadonlyArray<unknown>): { tickvals: number[]; ticktext: string[] } | undefined {
  const pos = Array.from(new Set(values.filter((v): v is number => typeof v === "number" && isFinite(v) && v > 0))).sort((a, b) => a - b);
  if (pos.length < 2) return undefined;
  let ticks = pos;
  if (pos.length > 10) {
    const [lo, hi] = [pos[0], pos[pos.length - 1]];
    ticks = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * Math.pow(10, e);
        if (v >= lo / 1.5 && v <= hi * 1.5) ticks.push(Number(v.toPrecision(3)));
      }
    }
  }
  return { tickvals: ticks, ticktext: ticks.map(tickLabel) };
}

function axisLayout(spec: AxisSpec | undefined, values: ReadonlyArray<unknown> = []): PlotLayout {
  const a = spec ?? {};
  const extra: PlotLayout = {};
  if (a.log) {
    extra.type = "log";
    const ticks = logTicks(values);
    if (ticks) Object.assign(extra, { tickmode: "array" }, ticks);
  }
  if (a.range) extra.range = a.log ? a.range.map((v) => Math.log10(v)) : a.range.slice();
  return axis(a.title, extra);
}

function baseLayout(title: string | undefined, x: AxisSpec | undefined, y: AxisSpec | undefined, height?: number,
  xValues: ReadonlyArray<unknown> = [], yValues: ReadonlyArray<unknown> = []): PlotLayout {
  const extra: PlotLayout = { xaxis: axisLayout(x, xValues), yaxis: axisLayout(y, yValues) };
  if (title) extra.title = { text: title, x: 0.02, xanchor: "left" };
  if (height) extra.height = height;
  return courseLayout(extra);
}

function seriesTrace(s: SeriesSpec, i: number, defaultMode: string): PlotTrace {
  const color = s.color ?? PALETTE[i % PALETTE.length];
  const mode = s.mode ?? defaultMode;
  const t: PlotTrace = {
    type: "scatter",
    name: s.name,
    x: s.x.slice(),
    y: s.y.slice(),
    mode,
    line: { color, width: 2, dash: s.dash ?? "solid" },
    marker: { color, size: 7 },
  };
  if (s.error) t.error_y = { type: "data", array: s.error.slice(), visible: true, color, thickness: 1.2, width: 3 };
  return t;
}

/** Lines (one per series) over a numeric or categorical x. */
export function lineChart(spec: ChartSpec): Figure {
  return figure(spec.series.map((s, i) => seriesTrace(s, i, "lines")), seriesLayout(spec));
}

function seriesLayout(spec: ChartSpec): PlotLayout {
  const xs: unknown[] = [];
  const ys: unknown[] = [];
  for (const s of spec.series) {
    xs.push(...s.x);
    ys.push(...s.y);
  }
  return baseLayout(spec.title, spec.x, spec.y, spec.height, xs, ys);
}

/** Points (one colour per series). */
export function scatterChart(spec: ChartSpec): Figure {
  return figure(spec.series.map((s, i) => seriesTrace(s, i, "markers")), seriesLayout(spec));
}

export interface BarSpec {
  title?: string;
  x?: AxisSpec;
  y?: AxisSpec;
  series: Array<{ name: string; x: ReadonlyArray<string | number>; y: ReadonlyArray<number>; color?: string }>;
  /** Several series side by side ("group", default) or on top of each other ("stack"). */
  barmode?: "group" | "stack";
  height?: number;
}

/** Bars: categories on x, one bar colour per series. */
export function barChart(spec: BarSpec): Figure {
  const data = spec.series.map(
    (s, i): PlotTrace => ({ type: "bar", name: s.name, x: s.x.slice(), y: s.y.slice(), marker: { color: s.color ?? PALETTE[i % PALETTE.length] } }),
  );
  const layout = baseLayout(spec.title, spec.x, spec.y, spec.height, [], spec.series.flatMap((s) => s.y.slice()));
  layout.barmode = spec.barmode ?? "group";
  layout.showlegend = spec.series.length > 1;
  return figure(data, layout);
}

export interface HistogramSpec {
  title?: string;
  x?: AxisSpec;
  y?: AxisSpec;
  series: Array<{ name: string; values: ReadonlyArray<number>; color?: string }>;
  /** Roughly how many bins (plotly picks nice edges). */
  bins?: number;
  /** Bar heights: counts (default), "probability" or "percent". */
  normalize?: "probability" | "percent";
  height?: number;
}

/** A histogram of one or more samples (overlaid, semi-transparent when several). */
export function histogram(spec: HistogramSpec): Figure {
  const several = spec.series.length > 1;
  const data = spec.series.map((s, i): PlotTrace => {
    const t: PlotTrace = {
      type: "histogram",
      name: s.name,
      x: s.values.slice(),
      marker: { color: s.color ?? PALETTE[i % PALETTE.length], line: { color: "#fff", width: 0.5 } },
      opacity: several ? 0.6 : 0.9,
    };
    if (spec.bins) t.nbinsx = spec.bins;
    if (spec.normalize) t.histnorm = spec.normalize;
    return t;
  });
  const y = spec.y ?? { title: spec.normalize ?? "count" };
  const layout = baseLayout(spec.title, spec.x, y, spec.height);
  layout.barmode = "overlay";
  layout.showlegend = several;
  return figure(data, layout);
}

export interface HeatmapSpec {
  title?: string;
  x?: AxisSpec & { values?: ReadonlyArray<number | string> };
  y?: AxisSpec & { values?: ReadonlyArray<number | string> };
  /** z[row][column]: rows go with y, columns with x. */
  z: ReadonlyArray<ReadonlyArray<number | null>>;
  /** Title of the colour bar. */
  zTitle?: string;
  colorscale?: string;
  height?: number;
}

/** A heatmap of z[row][col] (e.g. messages from row node to column node). */
export function heatmap(spec: HeatmapSpec): Figure {
  const t: PlotTrace = {
    type: "heatmap",
    z: spec.z.map((r) => r.slice()),
    colorscale: spec.colorscale ?? "Viridis",
    colorbar: { title: { text: spec.zTitle ?? "" }, thickness: 14 },
    hoverongaps: false,
  };
  if (spec.x?.values) t.x = spec.x.values.slice();
  if (spec.y?.values) t.y = spec.y.values.slice();
  const layout = baseLayout(spec.title, spec.x, spec.y, spec.height);
  (layout.xaxis as PlotLayout).showgrid = false;
  (layout.yaxis as PlotLayout).showgrid = false;
  return figure([t], layout);
}

/** A closed-form curve: drawn as a dashed line; `at(x)` gives its value at a simulated x. */
export interface TheoryCurve {
  name: string;
  x: ReadonlyArray<number>;
  y: ReadonlyArray<number>;
  /** The closed form itself; without it, the curve's own point at that x (or linear interpolation). */
  at?: (x: number) => number;
}

/**
 * Simulated points with their standard errors: either `samples` (for each x, one value per seed:
 * mean and standard error are computed here) or `y` with `stderr` (say, a share of n trials with
 * `proportionStandardError`). Error bars show ±1 standard error.
 */
export interface SimulatedPoints {
  name: string;
  x: ReadonlyArray<number>;
  y?: ReadonlyArray<number>;
  stderr?: ReadonlyArray<number>;
  samples?: ReadonlyArray<ReadonlyArray<number>>;
}

/** One closed form against one simulated series. */
export interface Comparison {
  theory: TheoryCurve;
  simulated: SimulatedPoints;
  /** "equal" (default): within k SE; "atLeast"/"atMost": theory is a bound the simulation may not cross by more than k SE. */
  relation?: Relation;
  color?: string;
}

export interface TheorySpec {
  title?: string;
  x?: AxisSpec;
  y?: AxisSpec;
  /** One comparison (shorthand) ... */
  theory?: TheoryCurve;
  simulated?: SimulatedPoints;
  relation?: Relation;
  /** ... or several on the same axes, judged together. */
  comparisons?: Comparison[];
  /** The tolerance in standard errors: the band is theory ± k·SE and the verdict uses it. Default 3. */
  k?: number;
  height?: number;
}

/** A figure with the verdict it shows (not part of the plotly JSON). */
export type TheoryFigure = Figure & { verdict: Verdict };

function theoryAt(t: TheoryCurve, x: number): number {
  if (t.at) return t.at(x);
  const i = t.x.indexOf(x);
  if (i >= 0) return t.y[i];
  for (let j = 0; j + 1 < t.x.length; j++) {
    const [x0, x1] = [t.x[j], t.x[j + 1]];
    if ((x0 <= x && x <= x1) || (x1 <= x && x <= x0)) return t.y[j] + ((x - x0) / (x1 - x0)) * (t.y[j + 1] - t.y[j]);
  }
  throw new RangeError(`theoryVsSimulated: the theory curve "${t.name}" does not cover x = ${x}; extend its x or pass theory.at`);
}

function simulatedStats(s: SimulatedPoints): { y: number[]; stderr: number[]; dof: Array<number | undefined> } {
  if (s.samples) {
    if (s.samples.length !== s.x.length) throw new RangeError(`theoryVsSimulated: "${s.name}" has ${s.x.length} x values but ${s.samples.length} sample arrays`);
    return { y: s.samples.map((xs) => mean(xs)), stderr: s.samples.map((xs) => standardError(xs)), dof: s.samples.map((xs) => xs.length - 1) };
  }
  if (!s.y || !s.stderr) {
    throw new RangeError(`theoryVsSimulated: "${s.name}" needs standard errors: pass samples (per x, one value per seed) or y with stderr`);
  }
  if (s.y.length !== s.x.length || s.stderr.length !== s.x.length) throw new RangeError(`theoryVsSimulated: "${s.name}" x, y and stderr differ in length`);
  return { y: s.y.slice(), stderr: s.stderr.slice(), dof: s.y.map(() => undefined) };
}

/**
 * Theory as a dashed line, simulation as markers with ±1 SE bars, a band of theory ± k SE at the
 * simulated points, and the verdict written on the figure. A disagreement also writes one line to
 * stderr (`announce`), which fails the notebook under test.
 */
export function theoryVsSimulated(spec: TheorySpec): TheoryFigure {
  const k = spec.k ?? 3;
  const comparisons: Comparison[] = spec.comparisons ? spec.comparisons.slice() : [];
  if (spec.theory && spec.simulated) comparisons.unshift({ theory: spec.theory, simulated: spec.simulated, relation: spec.relation });
  if (comparisons.length === 0) throw new RangeError("theoryVsSimulated: pass theory and simulated, or comparisons");
  const what = spec.title ? spec.title.replace(/<[^>]*>/g, "") : comparisons.map((c) => c.theory.name).join(", ");
  const data: PlotTrace[] = [];
  const parts: Verdict[] = [];
  const several = comparisons.length > 1;
  comparisons.forEach((c, i) => {
    const color = c.color ?? (several ? PALETTE[i % PALETTE.length] : undefined);
    const relation = c.relation ?? "equal";
    const sim = simulatedStats(c.simulated);
    const th = c.simulated.x.map((x) => theoryAt(c.theory, x));
    parts.push(verdict({
      what: several ? `${what} [${c.simulated.name}]` : what, k, relation,
      points: c.simulated.x.map((x, j) => ({ x, simulated: sim.y[j], stderr: sim.stderr[j], theory: th[j], dof: sim.dof[j] })),
    }));
    const allowed = sim.dof.map((d) => tolerance(k, d));
    const order = c.simulated.x.map((_, j) => j).sort((a, b) => c.simulated.x[a] - c.simulated.x[b]);
    const bx = order.map((j) => c.simulated.x[j]);
    const floor = spec.y?.log ? (v: number, t: number) => Math.max(v, t / 100) : (v: number) => v;
    const upper = order.map((j) => (relation === "atLeast" ? th[j] : th[j] + allowed[j] * sim.stderr[j]));
    const lower = order.map((j) => (relation === "atMost" ? th[j] : floor(th[j] - allowed[j] * sim.stderr[j], th[j])));
    const fill = color ? `${color}22` : "rgba(0,114,178,0.15)";
    data.push({
      type: "scatter", x: bx.concat(bx.slice().reverse()), y: upper.concat(lower.slice().reverse()),
      fill: "toself", fillcolor: fill, line: { width: 0 }, hoverinfo: "skip", mode: "lines",
      name: `${several ? `${c.theory.name}: ` : "theory "}± ${k} SE`, showlegend: !several || i === 0,
    });
    data.push({
      type: "scatter", name: c.theory.name, x: c.theory.x.slice(), y: c.theory.y.slice(),
      mode: "lines", line: { color: color ?? COLORS.blue, width: 2, dash: "dash" },
    });
    data.push({
      type: "scatter", name: c.simulated.name, x: c.simulated.x.slice(), y: sim.y,
      mode: "markers", marker: { color: color ?? COLORS.red, size: 8, symbol: "circle" },
      error_y: { type: "data", array: sim.stderr, visible: true, color: color ?? COLORS.red, thickness: 1.2, width: 4 },
    });
  });
  const v = parts.length === 1 ? parts[0] : combine(what, parts);
  const layout = baseLayout(spec.title, spec.x, spec.y, spec.height,
    comparisons.flatMap((c) => c.simulated.x.slice()), data.filter((t) => t.fill === undefined).flatMap((t) => (t.y as unknown[]).slice()));
  layout.annotations = [{
    xref: "paper", yref: "paper", x: 1, y: 1.0, xanchor: "right", yanchor: "bottom", showarrow: false, align: "right",
    text: `${v.agree ? "✓" : "✗"} ${v.agree ? `agrees with theory within ${k} SE` : "DISAGREES with theory"} (largest ${Math.abs(v.worst.z).toFixed(1)} SE of ${v.worst.allowed.toFixed(1)} allowed)`,
    font: { size: 12, color: v.agree ? COLORS.green : COLORS.red },
  }];
  const fig = figure(data, layout) as TheoryFigure;
  Object.defineProperty(fig, "verdict", { value: v, enumerable: false });
  if (!v.agree) announce(v);
  return fig;
}

/** One verdict for several comparisons on one chart: it agrees when every part does. */
function combine(what: string, parts: Verdict[]): Verdict {
  const bad = parts.filter((p) => !p.agree);
  const worst = (bad.length ? bad : parts).reduce((w, p) => (Math.abs(p.worst.z) > Math.abs(w.worst.z) ? p : w));
  const text = bad.length ? bad.map((p) => p.text).join("; ") : `${worst.text} [${worst.what}]`;
  return { ...worst, what, agree: bad.length === 0, points: parts.flatMap((p) => p.points), text };
}
