/**
 * Figures: the plain-data shape every plot in the course is, and the course's look.
 *
 * A `Figure` is exactly what plotly.js takes: `{ data, layout, config }`, plain JSON, nothing
 * else. Builders in `charts.ts` and `spacetime.ts` return one; `show(figure)` (display.ts) puts it
 * under the cell. You may edit a figure before showing it; it is just data:
 *
 *   const fig = lineChart({ ... });       // builds and shows
 *   fig.layout.title = { text: "Better" };
 *   show(fig);                            // show the edited copy again
 *
 * `courseLayout(extra)` is the course template (font, margins, hover, size): start every layout
 * from it so all chapters look alike. `figure(data, layout)` wraps traces into a Figure with the
 * course config (no plotly logo, responsive width) and a short console form, so a cell that ends
 * in a figure prints one line (`Figure "Latency" (2 traces)`) instead of dumping its arrays.
 */
import { inspect } from "util";

/** One plotly trace (scatter, bar, heatmap, ...): plain JSON. */
export interface PlotTrace {
  type: string;
  [attribute: string]: unknown;
}
/** A plotly layout: plain JSON. */
export type PlotLayout = { [attribute: string]: unknown };
/** A plotly config: plain JSON. */
export type PlotConfig = { [attribute: string]: unknown };

export interface Figure {
  data: PlotTrace[];
  layout: PlotLayout;
  config: PlotConfig;
}

/** Default figure height in px (width follows the notebook). */
export const DEFAULT_HEIGHT = 360;

/** Colours used across the course (colour-blind friendly, after Okabe–Ito). */
export const COLORS = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  red: "#D55E00",
  purple: "#CC79A7",
  sky: "#56B4E9",
  yellow: "#F0E442",
  grey: "#7f7f7f",
  black: "#222222",
};
/** The order series get colours in. */
export const PALETTE = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.red, COLORS.purple, COLORS.sky, COLORS.grey, COLORS.black];

/** The course template: pass the figure-specific parts, get a full layout. */
export function courseLayout(extra: PlotLayout = {}): PlotLayout {
  const base: PlotLayout = {
    font: { family: "Inter, 'Helvetica Neue', Arial, sans-serif", size: 12, color: "#222" },
    margin: { l: 60, r: 20, t: 40, b: 80 },
    height: DEFAULT_HEIGHT,
    hovermode: "closest",
    hoverlabel: { font: { family: "Menlo, Consolas, monospace", size: 11 }, align: "left" },
    plot_bgcolor: "#ffffff",
    paper_bgcolor: "#ffffff",
    colorway: PALETTE,
    legend: { orientation: "h", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom" },
  };
  return { ...base, ...extra };
}

/** An axis in the course style. */
export function axis(title?: string, extra: PlotLayout = {}): PlotLayout {
  return {
    title: title === undefined ? undefined : { text: title },
    showgrid: true,
    gridcolor: "#eeeeee",
    zeroline: false,
    linecolor: "#999999",
    showline: true,
    ticks: "outside",
    tickcolor: "#999999",
    automargin: true,
    ...extra,
  };
}

/** The course config: responsive width, no plotly logo. */
function courseConfig(extra: PlotConfig = {}): PlotConfig {
  return { responsive: true, displaylogo: false, ...extra };
}

/** Wrap traces and a layout into a Figure (with the course config and a one-line console form). */
export function figure(data: PlotTrace[], layout: PlotLayout, config: PlotConfig = {}): Figure {
  const fig: Figure = { data, layout, config: courseConfig(config) };
  Object.defineProperty(fig, inspect.custom, {
    value: () => describeFigure(fig),
    enumerable: false,
  });
  return fig;
}

/** The title of a figure, or "" if it has none. */
function figureTitle(fig: Figure): string {
  const t = fig.layout.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return "";
}

/** One line that says what a figure is: `Figure "Title" (3 traces)`. */
export function describeFigure(fig: Figure): string {
  const title = figureTitle(fig).replace(/<[^>]*>/g, "");
  const n = fig.data.length;
  return `Figure${title ? ` "${title}"` : ""} (${n} trace${n === 1 ? "" : "s"})`;
}
