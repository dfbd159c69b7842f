/**
 * lib/viz: plots and rich output for the notebooks.
 *
 *   import { spaceTime, lineChart, plot, show, showTable } from "./lib";
 *
 * figure.ts      Figure type, course template (courseLayout, axis, COLORS, PALETTE)
 * display.ts     show / plot / showHtml / showTable / showMarkdown: one display_data, many mime types
 * plotly-html.ts the offline text/html form of a figure (plotly.js inlined once per kernel)
 * charts.ts      lineChart, scatterChart, barChart, histogram, heatmap, theoryVsSimulated
 * spacetime.ts   spaceTime / spaceTimeFigure: Lamport diagrams of a trace
 */
export type { Figure, PlotTrace, PlotLayout, PlotConfig } from "./figure";
export { figure, courseLayout, axis, describeFigure, COLORS, PALETTE, DEFAULT_HEIGHT } from "./figure";
export type { MimeBundle, Cell } from "./display";
export { show, plot, showHtml, showMarkdown, showTable, figureBundle, PLOTLY_MIME, textTable, escapeHtml } from "./display";
export { figureHtml, scriptSafeJson } from "./plotly-html";
export type { AxisSpec, SeriesSpec, ChartSpec, BarSpec, HistogramSpec, HeatmapSpec, TheorySpec, TheoryCurve, SimulatedPoints, Comparison, TheoryFigure, Dash } from "./charts";
export { lineChart, scatterChart, barChart, histogram, heatmap, theoryVsSimulated, logTicks } from "./charts";
export type { SpaceTimeOptions, TraceSource } from "./spacetime";
export { spaceTime, spaceTimeFigure, MAX_MESSAGES } from "./spacetime";
