/**
 * Drawing cuts on a space-time diagram: a line across the lanes through each node's cut point.
 *
 *   const nodes = ["a", "b", "c"];
 *   const fig = spaceTimeFigure(sim.trace, { nodes, to: 800 });
 *   drawCut(fig, nodes, cutAtTimes(sim.trace, { a: 300, b: 420, c: 350 }), { name: "cut 1" });
 *   drawCut(fig, nodes, badCut, { name: "inconsistent", color: COLORS.red, orphans: check.orphans });
 *   show(fig);
 *
 * `nodes` must be the lanes of the figure, in the same order (lane i is y = i). The cut is one
 * extra scatter trace (a dashed polyline with a marker on each lane); `orphans` (deliveries that
 * make a cut inconsistent) are circled in the cut's colour so the reader sees why.
 */
import type { DeliverEvent } from "../sim/trace";
import type { Figure } from "../viz/figure";
import { COLORS } from "../viz/figure";
import type { GlobalCut } from "./cut";

export interface DrawCutOptions {
  name?: string;
  color?: string;
  /** Deliveries to circle (e.g. a cut's orphans). */
  orphans?: readonly DeliverEvent[];
}

/** Adds the cut (and its orphans) to `fig`, in place; returns the figure. */
export function drawCut(fig: Figure, nodes: readonly string[], cut: GlobalCut, options: DrawCutOptions = {}): Figure {
  const color = options.color ?? COLORS.green;
  const name = options.name ?? "cut";
  const x: number[] = [];
  const y: number[] = [];
  const hover: string[] = [];
  nodes.forEach((node, lane) => {
    const point = cut[node];
    if (point === undefined) return;
    x.push(point.time);
    y.push(lane);
    hover.push(`<b>${name}</b> at ${node}: ${point.time.toFixed(1)} ms`);
  });
  fig.data.push({
    type: "scatter", name, mode: "lines+markers", x, y, hovertext: hover, hoverinfo: "text",
    line: { color, width: 3, dash: "dash" }, marker: { color, size: 12, symbol: "line-ns-open", line: { width: 3, color } },
  });
  const orphans = options.orphans ?? [];
  if (orphans.length > 0) {
    const lane = new Map<string, number>();
    nodes.forEach((n, i) => lane.set(n, i));
    const shown = orphans.filter((e) => lane.has(e.to));
    fig.data.push({
      type: "scatter", name: `${name}: received before the cut, sent after (${shown.length})`, mode: "markers",
      x: shown.map((e) => e.time), y: shown.map((e) => lane.get(e.to)!),
      hovertext: shown.map((e) => `orphan #${e.id} ${e.from} → ${e.to}, sent ${e.sentAt.toFixed(1)} ms, received ${e.time.toFixed(1)} ms`),
      hoverinfo: "text", marker: { color: "rgba(0,0,0,0)", size: 22, symbol: "circle-open", line: { width: 3, color } },
    });
  }
  return fig;
}
