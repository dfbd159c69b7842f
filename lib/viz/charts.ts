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
 *     title: "M/M/1 waiting time", x: { title: "utilisation ρ" }, y: { title: "mean wait (ms)" },
 *     theory: { name: "ρ/(μ−λ)", x: rhos, y: rhos.map(r => r / (mu * (1 - r))) },
 *     simulated: { name: "simulated (10 seeds)", x: rhos, y: means, error: stderrs },
 *     tolerance: 0.1,                          // shade ±10% around the theory line
 *   }));
 *
 * Builders: lineChart, scatterChart, barChart, histogram, heatmap, theoryVsSimulated.
 * Common options: `title`, `height` (px, default 360), axes `{ title?, log?, range? }`.
 */
import type { Figure, PlotLayout, PlotTrace } from "./figure";
import { COLORS, PALETTE, axis, courseLayout, figure } from "./figure";

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

function axisLayout(spec: AxisSpec | undefined): PlotLayout {
  const a = spec ?? {};
  const extra: PlotLayout = {};
  if (a.log) extra.type = "log";
  if (a.range) extra.range = a.log ? a.range.map((v) => Math.log10(v)) : a.range.slice();
  return axis(a.title, extra);
}

function baseLayout(title: string | undefined, x: AxisSpec | undefined, y: AxisSpec | undefined, height?: number): PlotLayout {
  const extra: PlotLayout = { xaxis: axisLayout(x), yaxis: axisLayout(y) };
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
  return figure(spec.series.map((s, i) => seriesTrace(s, i, "lines")), baseLayout(spec.title, spec.x, spec.y, spec.height));
}

/** Points (one colour per series). */
export function scatterChart(spec: ChartSpec): Figure {
  return figure(spec.series.map((s, i) => seriesTrace(s, i, "markers")), baseLayout(spec.title, spec.x, spec.y, spec.height));
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
  const layout = baseLayout(spec.title, spec.x, spec.y, spec.height);
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

export interface TheorySpec {
  title?: string;
  x?: AxisSpec;
  y?: AxisSpec;
  theory: { name: string; x: ReadonlyArray<number>; y: ReadonlyArray<number> };
  simulated: { name: string; x: ReadonlyArray<number>; y: ReadonlyArray<number>; error?: ReadonlyArray<number> };
  /** Shade a relative band of ±tolerance around the theory curve (0.1 = ±10%). */
  tolerance?: number;
  height?: number;
}

/** Theory as a dashed line, simulation as markers (with error bars), optional tolerance band. */
export function theoryVsSimulated(spec: TheorySpec): Figure {
  const data: PlotTrace[] = [];
  const tol = spec.tolerance;
  if (tol !== undefined && tol > 0) {
    const xs = spec.theory.x.slice();
    const upper = spec.theory.y.map((v) => v * (1 + tol));
    const lower = spec.theory.y.map((v) => v * (1 - tol));
    data.push({
      type: "scatter", x: xs.concat(xs.slice().reverse()), y: upper.concat(lower.slice().reverse()),
      fill: "toself", fillcolor: "rgba(0,114,178,0.12)", line: { width: 0 }, hoverinfo: "skip",
      name: `theory ±${Math.round(tol * 100)}%`, mode: "lines",
    });
  }
  data.push({
    type: "scatter", name: spec.theory.name, x: spec.theory.x.slice(), y: spec.theory.y.slice(),
    mode: "lines", line: { color: COLORS.blue, width: 2, dash: "dash" },
  });
  const sim: PlotTrace = {
    type: "scatter", name: spec.simulated.name, x: spec.simulated.x.slice(), y: spec.simulated.y.slice(),
    mode: "markers", marker: { color: COLORS.red, size: 8, symbol: "circle" },
  };
  if (spec.simulated.error) sim.error_y = { type: "data", array: spec.simulated.error.slice(), visible: true, color: COLORS.red, thickness: 1.2, width: 4 };
  data.push(sim);
  return figure(data, baseLayout(spec.title, spec.x, spec.y, spec.height));
}
