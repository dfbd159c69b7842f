/**
 * Histories drawn as Porcupine draws them: one row per client, each operation a bar from its call
 * to its return, labelled with what it did ("w 3", "r → 3").
 *
 *   historyTimeline(history, { title: "A stale read" });                    // show under the cell
 *   historyTimeline(history, { result: checkLinearizability(history, registerModel) });
 *   const fig = historyTimelineFigure(history, options);                    // build only
 *
 * With a linearizable result, each operation gets a numbered dot at a moment inside its bar where
 * it can take effect, in the order of the linearization: the reader can check that the order is
 * legal and respects real time. With a failing one, the longest legal prefix is numbered and the
 * operation that no order can place is drawn in red. An operation with an unknown outcome
 * (return Infinity) is a dashed bar that runs to the right edge.
 */
import type { Figure, PlotTrace } from "../viz/figure";
import { COLORS, axis, courseLayout, figure } from "../viz/figure";
import { plot } from "../viz/display";
import type { History } from "./history";
import type { LinearizabilityResult } from "./linearizability";

export interface TimelineOptions {
  title?: string;
  result?: LinearizabilityResult;
  /** A witness order to number instead (e.g. a sequential order from checkSequential). */
  order?: number[];
  height?: number;
}

function label(input: unknown, output: unknown): string {
  const i = input as { op?: string; value?: unknown; key?: string };
  const key = i.key === undefined ? "" : `${i.key} `;
  if (i.op === "write" || i.op === "put") return `w ${key}${JSON.stringify(i.value)}`;
  if (i.op === "read" || i.op === "get") return `r ${key}→ ${output === undefined ? "?" : JSON.stringify(output)}`;
  return JSON.stringify(input);
}

export function historyTimelineFigure(history: History, options: TimelineOptions = {}): Figure {
  const clients = Array.from(new Set(history.map((op) => String(op.client)))).sort();
  const row = (op: { client: unknown }) => clients.indexOf(String(op.client));
  const finite = history.filter((op) => op.return !== Infinity).map((op) => op.return);
  const start = Math.min(0, ...history.map((op) => op.call));
  const end = Math.max(0, ...finite, ...history.map((op) => op.call)) * 1.08 + 1;
  const blocked = options.result?.failure?.blocked ?? -1;
  const order = options.order ?? options.result?.linearization ?? options.result?.failure?.prefix ?? [];
  const data: PlotTrace[] = [];
  const bars = (ids: number[], color: string, dash: string, name: string) => {
    if (ids.length === 0) return;
    const x: Array<number | null> = [];
    const y: Array<number | null> = [];
    for (const i of ids) {
      const op = history[i];
      x.push(op.call, op.return === Infinity ? end : op.return, null);
      y.push(row(op), row(op), null);
    }
    data.push({ type: "scatter", mode: "lines", name, x, y, line: { color, width: 14, dash }, hoverinfo: "skip" });
  };
  const ids = history.map((_, i) => i);
  bars(ids.filter((i) => i !== blocked && history[i].return !== Infinity), COLORS.sky, "solid", "operation (call → return)");
  bars(ids.filter((i) => i !== blocked && history[i].return === Infinity), COLORS.grey, "dot", "unknown outcome");
  bars(blocked >= 0 ? [blocked] : [], COLORS.red, "solid", "no legal order can place this one");
  data.push({
    type: "scatter", mode: "text", showlegend: false, textposition: "top center",
    x: history.map((op) => (op.call + Math.min(op.return, end)) / 2), y: history.map((op) => row(op) + 0.18),
    text: history.map((op) => label(op.input, op.output)),
    hovertext: history.map((op, i) => `#${i} ${String(op.client)}: ${label(op.input, op.output)}<br>call ${op.call.toFixed(1)} ms, return ${op.return === Infinity ? "unknown" : op.return.toFixed(1) + " ms"}`),
    hoverinfo: "text", textfont: { size: 11 },
  });
  if (order.length > 0) {
    let t = -Infinity;
    const px: number[] = [];
    const py: number[] = [];
    for (const i of order) {
      t = Math.max(t, history[i].call);
      px.push(t);
      py.push(row(history[i]));
    }
    data.push({
      type: "scatter", mode: "markers+text", name: blocked >= 0 ? "longest legal order found" : "a legal order (takes effect here)",
      x: px, y: py, text: order.map((_, k) => String(k + 1)), textposition: "bottom center",
      marker: { color: COLORS.black, size: 8 }, textfont: { size: 10 },
    });
  }
  const layout = courseLayout({
    title: options.title ? { text: options.title, x: 0.02, xanchor: "left" } : undefined,
    height: options.height ?? Math.max(220, 90 + 60 * clients.length),
    xaxis: axis("time (ms)", { range: [start - 0.04 * (end - start), end] }),
    yaxis: axis(undefined, { tickvals: clients.map((_, i) => i), ticktext: clients, range: [-0.6, clients.length - 0.4], showgrid: false }),
  });
  return figure(data, layout);
}

export function historyTimeline(history: History, options: TimelineOptions = {}): void {
  plot(historyTimelineFigure(history, options));
}
