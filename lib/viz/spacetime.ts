/**
 * Space-time (Lamport) diagrams of a simulation trace.
 *
 *   spaceTime(sim.trace);                                   // show it under the cell
 *   spaceTime(sim, { from: 4_000, to: 6_000 });             // a window (nodes in sim.nodeIds order)
 *   spaceTime(sim.trace, { nodes: ["a", "b"], timers: true, title: "Ping-pong" });
 *   spaceTime(sim.trace, { annotate: (e) => lamport.get(e) });  // e.g. "L=4", on hover and as a label
 *   const fig = spaceTimeFigure(sim.trace);                 // build only (tests, saving, editing)
 *
 * How to read it: one horizontal lane per node (top to bottom: `nodes`, else `sim.nodeIds`, else
 * order of first appearance), virtual time in ms left to right.
 *   - a delivered message is an arrow from (sent at, sender) to (delivered at, receiver);
 *   - a dropped message is a dotted line that stops part-way, ending in ✕, coloured by reason
 *     (loss, partition, crashed); a message still in flight when the trace ends is a faint stub;
 *   - a crashed node's lane is shaded red from crash to restart (or to the end), a paused one amber;
 *   - while any link is cut the whole background is shaded purple (the partition band); the ◆ at
 *     the top of each partition/heal says which links changed;
 *   - `mark` events (`this.mark("suspect", ...)`) are labelled diamonds on the lane;
 *   - `timers: true` adds a small circle at each timer firing.
 * Hover over any arrowhead, ✕ or symbol for its details: kind, time, from → to, id, message.
 *
 * Options: `{ nodes?, from?, to?, timers?, title?, height?, annotate?, labels?, glThreshold?, maxMessages? }`.
 * `annotate(e)` returns extra text for an event (Lamport or vector timestamps, say); it is added to
 * the hover and, when `labels` is true (default: true if at most 400 labels), written at the event,
 * on the side of the lane away from the message's arrow; labels at the same spot are joined.
 *
 * Scale: every delivered message goes into ONE scatter trace as null-separated segments
 * (x: [sent, delivered, null, ...]) with an arrow marker at the delivery end (`symbol: "arrow"`,
 * `angleref: "previous"`), so the number of traces does not grow with the trace. Shapes are used
 * only for the few crash, pause and partition intervals. Each message carries ONE hover string (at
 * its arrowhead or ✕). Above `glThreshold` messages (default 20,000) message lines are drawn with
 * WebGL (`scattergl`, round markers instead of arrows).
 *
 * Size: a figure is shown as JSON (twice: plotly mime and offline html), about 250 bytes per message.
 * So that no display grows past a few MB, at most `maxMessages` (default 20,000) messages are drawn:
 * above that the window ends early, at the send of the last message drawn, and the title says
 * which part is shown (pass `from`/`to` for another window, or a larger `maxMessages`).
 */
import type { DropReason, TraceEvent } from "../sim/trace";
import { brief, formatTime } from "../sim/trace";
import type { Figure, PlotLayout, PlotTrace } from "./figure";
import { COLORS, axis, courseLayout, figure } from "./figure";
import { escapeHtml, show } from "./display";

export interface SpaceTimeOptions {
  /** Lanes, top to bottom; events of other nodes are left out. */
  nodes?: ReadonlyArray<string>;
  /** Time window start (ms); default: 0 or the first event, whichever is earlier. */
  from?: number;
  /** Time window end (ms); default: the last event. */
  to?: number;
  /** Draw timer firings (default false). */
  timers?: boolean;
  title?: string;
  /** Height in px (default grows with the number of nodes). */
  height?: number;
  /** Extra text per event, e.g. a Lamport or vector timestamp; shown on hover (and as a label). */
  annotate?: (e: TraceEvent) => string | undefined;
  /** Write the annotate() text at each event (default: true when there are at most 400). */
  labels?: boolean;
  /** Above this many messages, draw them with scattergl (default 20,000). */
  glThreshold?: number;
  /** Draw at most this many messages; the window ends early if there are more (default 20,000). */
  maxMessages?: number;
}

/** Default cap on the messages one diagram draws (see "Size" above). */
export const MAX_MESSAGES = 20_000;

/** A simulation (anything with a trace and, optionally, node ids in add order). */
export interface TraceSource {
  trace: ReadonlyArray<TraceEvent>;
  nodeIds?: ReadonlyArray<string>;
}

const DROP_COLORS: Record<DropReason, string> = {
  loss: COLORS.orange,
  partition: COLORS.purple,
  crashed: "#A50026",
};
const MESSAGE_COLOR = COLORS.blue;
const CRASH_FILL = "rgba(200,30,30,0.20)";
const PAUSE_FILL = "rgba(230,159,0,0.25)";
const PARTITION_FILL = "rgba(204,121,167,0.13)";
/** How far along (0..1) a dropped message's line goes before its ✕. */
const DROP_FRACTION = 0.55;
const LANE_HALF = 0.22;


function nodesInOrder(trace: ReadonlyArray<TraceEvent>): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const add = (n: string) => {
    if (!seen.has(n)) {
      seen.add(n);
      order.push(n);
    }
  };
  for (const e of trace) {
    switch (e.kind) {
      case "send":
      case "deliver":
      case "drop":
        add(e.from);
        add(e.to);
        break;
      case "partition":
      case "heal":
        for (const [a, b] of e.links) {
          add(a);
          add(b);
        }
        break;
      default:
        add(e.node);
    }
  }
  return order;
}

/** Times rounded to a microsecond: shorter JSON, no visible difference. */
function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/** A growable set of columns for one trace: x, y, hover text, marker size (and labels). */
class Points {
  x: Array<number | null> = [];
  y: Array<number | null> = [];
  hover: Array<string | null> = [];
  size: number[] = [];
  text: string[] = [];
  count = 0;
  point(x: number, y: number, hover: string, size: number, text = ""): void {
    this.x.push(round(x));
    this.y.push(y);
    this.hover.push(hover);
    this.size.push(size);
    this.text.push(text);
  }
  /** A message: a line from its send to its end, with its one hover string at the end. */
  segment(x0: number, y0: number, x1: number, y1: number, hover: string, endSize: number): void {
    this.x.push(round(x0), round(x1), null);
    this.y.push(y0, y1, null);
    this.hover.push(null, hover, null);
    this.size.push(0, endSize, 0);
    this.count += 1;
  }
}

/** Annotation labels: one per spot (texts at the same spot joined), above or below the lane. */
class Labels {
  private readonly spots = new Map<string, { x: number; y: number; above: boolean; texts: string[] }>();
  add(x: number, y: number, text: string, above: boolean): void {
    const key = `${round(x)}|${y}|${above}`;
    const spot = this.spots.get(key);
    if (spot) {
      if (!spot.texts.includes(text)) spot.texts.push(text);
    } else this.spots.set(key, { x: round(x), y, above, texts: [text] });
  }
  get size(): number {
    return this.spots.size;
  }
  trace(): PlotTrace {
    const spots = Array.from(this.spots.values());
    return {
      type: "scatter", name: "annotations", mode: "text", x: spots.map((p) => p.x), y: spots.map((p) => p.y),
      text: spots.map((p) => p.texts.join(" · ")), textposition: spots.map((p) => (p.above ? "top center" : "bottom center")),
      textfont: { size: 9, color: "#444" }, hoverinfo: "skip", showlegend: false, cliponaxis: false,
    };
  }
}

/** Build the space-time figure of a trace (see the header for what is drawn). */
export function spaceTimeFigure(source: ReadonlyArray<TraceEvent> | TraceSource, options: SpaceTimeOptions = {}): Figure {
  const trace: ReadonlyArray<TraceEvent> = isSource(source) ? source.trace : source;
  const nodes = options.nodes ? options.nodes.slice() : isSource(source) && source.nodeIds ? source.nodeIds.slice() : nodesInOrder(trace);
  const lane = new Map<string, number>();
  nodes.forEach((n, i) => lane.set(n, i));

  // Time window.
  let first = 0;
  let last = 0;
  for (const e of trace) {
    if (e.time < first) first = e.time;
    if (e.time > last) last = e.time;
  }
  const t0 = options.from ?? first;
  let t1 = options.to ?? Math.max(last, t0 + 1);
  // Cap the messages drawn: end the window at the send of the last one that fits.
  const maxMessages = options.maxMessages ?? MAX_MESSAGES;
  const sentInWindow: number[] = [];
  for (const e of trace) {
    if ((e.kind === "deliver" || e.kind === "drop") && e.sentAt <= t1 && e.time >= t0) sentInWindow.push(e.sentAt);
  }
  let capNote = "";
  if (sentInWindow.length > maxMessages) {
    sentInWindow.sort((a, b) => a - b);
    const full = t1;
    t1 = sentInWindow[maxMessages - 1];
    capNote = ` <span style="font-size:11px">(${maxMessages.toLocaleString("en-US")} of ${sentInWindow.length.toLocaleString("en-US")} messages: ${formatTime(t0)} to ${formatTime(t1)} of ${formatTime(full)}; pass from/to for another window)</span>`;
  }
  const inWindow = (t: number) => t >= t0 && t <= t1;
  const annotate = options.annotate;

  // Sends by id, and which ids got a delivery or drop; typical latency for drawing drops.
  const sends = new Map<number, TraceEvent & { kind: "send" }>();
  const finished = new Set<number>();
  const latencies: number[] = [];
  let messageCount = 0;
  for (const e of trace) {
    if (e.kind === "send") sends.set(e.id, e);
    else if (e.kind === "deliver" || e.kind === "drop") {
      finished.add(e.id);
      messageCount += 1;
      if (e.kind === "deliver" && latencies.length < 1000) latencies.push(e.time - e.sentAt);
    }
  }
  latencies.sort((a, b) => a - b);
  const typicalLatency = latencies.length ? Math.max(latencies[latencies.length >> 1], (t1 - t0) / 200) : (t1 - t0) / 40;
  const useGl = messageCount > (options.glThreshold ?? 20_000);

  const delivered = new Points();
  const dropped: Record<DropReason, Points> = { loss: new Points(), partition: new Points(), crashed: new Points() };
  const inFlight = new Points();
  const lifecycle = new Points();
  const lifecycleSymbols: string[] = [];
  const lifecycleColors: string[] = [];
  const markPts = new Points();
  const timerPts = new Points();
  const netPts = new Points();
  const labels = new Labels();
  const shapes: PlotLayout[] = [];
  const legendShown = new Set<string>();

  const ann = (e: TraceEvent | undefined): string | undefined => (annotate && e ? annotate(e) : undefined);
  /** Write an annotation at (x, lane y); `above` puts it on the side away from a message's line. */
  const label = (x: number, y: number, text: string | undefined, above = false) => {
    if (text !== undefined && text !== "" && inWindow(x)) labels.add(x, y, escapeHtml(text), above);
  };
  const withAnn = (lines: string[], a: string | undefined, prefix = "") => {
    if (a !== undefined && a !== "") lines.push(`${prefix}${escapeHtml(a)}`);
    return lines;
  };

  function messageHover(kind: string, e: { id: number; from: string; to: string; msg: unknown; time: number }, sentAt: number, extra: string[]): string {
    const lines = [
      `<b>${kind} #${e.id}</b>  ${escapeHtml(e.from)} → ${escapeHtml(e.to)}`,
      `msg: ${escapeHtml(brief(e.msg, 120))}`,
      `sent: ${formatTime(sentAt)}`,
      ...extra,
    ];
    return lines.join("<br>");
  }

  function band(kind: "crashed" | "paused", node: string, from: number, to: number) {
    const y = lane.get(node);
    if (y === undefined) return;
    const x0 = Math.max(from, t0);
    const x1 = Math.min(to, t1);
    if (x1 < x0) return;
    const first = !legendShown.has(kind);
    legendShown.add(kind);
    shapes.push({
      type: "rect", xref: "x", yref: "y", x0, x1, y0: y - LANE_HALF * 1.6, y1: y + LANE_HALF * 1.6,
      fillcolor: kind === "crashed" ? CRASH_FILL : PAUSE_FILL, line: { width: 0 }, layer: "below",
      name: kind, legendgroup: kind, showlegend: first,
    });
  }

  const crashedAt = new Map<string, number>();
  const pausedAt = new Map<string, number>();
  const cut = new Set<string>();
  let partitionStart: number | undefined;
  const partitionBands: Array<[number, number]> = [];

  for (const e of trace) {
    switch (e.kind) {
      case "deliver": {
        const yf = lane.get(e.from);
        const yt = lane.get(e.to);
        if (yf === undefined || yt === undefined || e.time < t0 || e.sentAt > t1) break;
        const send = sends.get(e.id);
        const aSend = ann(send);
        const aDel = ann(e);
        const extra = [`delivered: ${formatTime(e.time)} (latency ${formatTime(e.time - e.sentAt)})`];
        withAnn(extra, aSend, "at send: ");
        withAnn(extra, aDel, "at delivery: ");
        delivered.segment(e.sentAt, yf, e.time, yt, messageHover("message", e, e.sentAt, extra), useGl ? 5 : 11);
        // Lanes further down have larger y: a line leaving downwards gets its label above the lane.
        label(e.sentAt, yf, aSend, yt > yf);
        label(e.time, yt, aDel, yf > yt);
        break;
      }
      case "drop": {
        const yf = lane.get(e.from);
        const yt = lane.get(e.to);
        if (yf === undefined || yt === undefined || e.time < t0 || e.sentAt > t1) break;
        const span = e.time - e.sentAt > 0 ? e.time - e.sentAt : typicalLatency;
        const xEnd = e.sentAt + DROP_FRACTION * span;
        const yEnd = yf + DROP_FRACTION * (yt - yf);
        const aSend = ann(sends.get(e.id));
        const aDrop = ann(e);
        const extra = [`<b>dropped</b> at ${formatTime(e.time)}: ${e.reason}`];
        withAnn(extra, aSend, "at send: ");
        withAnn(extra, aDrop, "at drop: ");
        const pts = dropped[e.reason] ?? dropped.loss;
        pts.segment(e.sentAt, yf, xEnd, yEnd, messageHover("dropped message", e, e.sentAt, extra), 10);
        label(e.sentAt, yf, aSend, yt > yf);
        break;
      }
      case "send": {
        if (finished.has(e.id)) break;
        const yf = lane.get(e.from);
        const yt = lane.get(e.to);
        if (yf === undefined || yt === undefined || !inWindow(e.time)) break;
        const a = ann(e);
        const extra = [`still in flight when the trace ends (${formatTime(last)})`];
        withAnn(extra, a, "at send: ");
        if (e.duplicateOf !== undefined) extra.push(`duplicate of #${e.duplicateOf}`);
        inFlight.segment(e.time, yf, e.time + 0.4 * typicalLatency, yf + 0.3 * (yt - yf), messageHover("message", e, e.time, extra), 7);
        label(e.time, yf, a, yt > yf);
        break;
      }
      case "crash":
      case "restart":
      case "pause":
      case "resume":
      case "start": {
        const y = lane.get(e.node);
        if (y === undefined) break;
        if (e.kind === "crash") crashedAt.set(e.node, e.time);
        if (e.kind === "restart" || e.kind === "start") {
          const c = crashedAt.get(e.node);
          if (c !== undefined) band("crashed", e.node, c, e.time);
          crashedAt.delete(e.node);
        }
        if (e.kind === "pause") pausedAt.set(e.node, e.time);
        if (e.kind === "resume") {
          const p = pausedAt.get(e.node);
          if (p !== undefined) band("paused", e.node, p, e.time);
          pausedAt.delete(e.node);
        }
        if (e.kind === "start" || !inWindow(e.time)) break;
        const a = ann(e);
        lifecycle.point(e.time, y, withAnn([`<b>${e.kind}</b> ${escapeHtml(e.node)}`, `at ${formatTime(e.time)}`], a).join("<br>"), 11);
        lifecycleSymbols.push({ crash: "x-thin-open", restart: "triangle-up", pause: "line-ns-open", resume: "triangle-right" }[e.kind]);
        lifecycleColors.push(e.kind === "crash" ? "#C81E1E" : e.kind === "restart" ? COLORS.green : COLORS.orange);
        label(e.time, y, a);
        break;
      }
      case "partition":
      case "heal": {
        const wasCut = cut.size > 0;
        if (e.kind === "partition") for (const [a, b] of e.links) cut.add(`${a}→${b}`);
        else if (e.links.length === 0) cut.clear();
        else for (const [a, b] of e.links) cut.delete(`${a}→${b}`);
        if (!wasCut && cut.size > 0) partitionStart = e.time;
        if (wasCut && cut.size === 0 && partitionStart !== undefined) {
          partitionBands.push([partitionStart, e.time]);
          partitionStart = undefined;
        }
        if (!inWindow(e.time)) break;
        const links = e.links.length ? e.links.map(([a, b]) => `${a}→${b}`) : ["all links"];
        const shown = links.length > 12 ? links.slice(0, 12).concat([`… ${links.length - 12} more`]) : links;
        const lines = [`<b>${e.kind}</b> at ${formatTime(e.time)}`, escapeHtml(e.description), `links: ${escapeHtml(shown.join(", "))}`, `cut now: ${cut.size} link(s)`];
        netPts.point(e.time, -0.62, withAnn(lines, ann(e)).join("<br>"), 10);
        break;
      }
      case "mark": {
        const y = lane.get(e.node);
        if (y === undefined || !inWindow(e.time)) break;
        const a = ann(e);
        const lines = [`<b>${escapeHtml(e.name)}</b> (mark) at ${escapeHtml(e.node)}`, `at ${formatTime(e.time)}`];
        if (e.data !== undefined) lines.push(`data: ${escapeHtml(brief(e.data, 120))}`);
        markPts.point(e.time, y, withAnn(lines, a).join("<br>"), 10, escapeHtml(e.name));
        label(e.time, y, a);
        break;
      }
      case "timer": {
        if (!options.timers) break;
        const y = lane.get(e.node);
        if (y === undefined || !inWindow(e.time)) break;
        const a = ann(e);
        timerPts.point(e.time, y, withAnn([`<b>timer</b> ${escapeHtml(e.label)} at ${escapeHtml(e.node)}`, `at ${formatTime(e.time)}`], a).join("<br>"), 6);
        label(e.time, y, a);
        break;
      }
      default:
        break;
    }
  }
  // Intervals still open at the end of the trace run to the end of the window.
  for (const [node, t] of crashedAt) band("crashed", node, t, t1);
  for (const [node, t] of pausedAt) band("paused", node, t, t1);
  if (partitionStart !== undefined) partitionBands.push([partitionStart, t1]);
  partitionBands.forEach(([a, b], i) => {
    const x0 = Math.max(a, t0);
    const x1 = Math.min(b, t1);
    if (x1 < x0) return;
    shapes.push({
      type: "rect", xref: "x", yref: "paper", x0, x1, y0: 0, y1: 1, fillcolor: PARTITION_FILL,
      line: { width: 0 }, layer: "below", name: "partition", legendgroup: "partition", showlegend: i === 0,
    });
  });
  // Lane lines.
  nodes.forEach((_, i) => {
    shapes.push({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: i, y1: i, line: { color: "#b0b0b0", width: 1 }, layer: "below" });
  });

  // Traces (only non-empty ones, so the count depends on what happened, never on how much).
  const data: PlotTrace[] = [];
  const hoverBase = { hoverinfo: "text", hoverlabel: { align: "left" } };
  if (delivered.count) {
    data.push({
      type: useGl ? "scattergl" : "scatter", name: `delivered (${delivered.count})`, mode: "lines+markers",
      x: delivered.x, y: delivered.y, hovertext: delivered.hover, ...hoverBase,
      line: { color: MESSAGE_COLOR, width: useGl ? 0.6 : 1.1 }, opacity: useGl ? 0.6 : 0.85,
      marker: useGl
        ? { color: MESSAGE_COLOR, size: delivered.size, symbol: "circle" }
        : { color: MESSAGE_COLOR, size: delivered.size, symbol: "arrow", angleref: "previous", line: { width: 0 } },
      connectgaps: false,
    });
  }
  for (const reason of ["loss", "partition", "crashed"] as DropReason[]) {
    const pts = dropped[reason];
    if (!pts.count) continue;
    data.push({
      type: useGl ? "scattergl" : "scatter", name: `dropped: ${reason} (${pts.count})`, mode: "lines+markers",
      x: pts.x, y: pts.y, hovertext: pts.hover, ...hoverBase,
      line: { color: DROP_COLORS[reason], width: 1.2, dash: useGl ? "solid" : "dot" },
      marker: { color: DROP_COLORS[reason], size: pts.size, symbol: "x-thin-open", line: { width: 2.5, color: DROP_COLORS[reason] } },
      connectgaps: false,
    });
  }
  if (inFlight.count) {
    data.push({
      type: "scatter", name: `in flight at end (${inFlight.count})`, mode: "lines+markers",
      x: inFlight.x, y: inFlight.y, hovertext: inFlight.hover, ...hoverBase,
      line: { color: COLORS.grey, width: 1, dash: "dot" },
      marker: { color: COLORS.grey, size: inFlight.size, symbol: "circle-open" }, connectgaps: false,
    });
  }
  if (lifecycle.x.length) {
    data.push({
      type: "scatter", name: "crash ✕ restart ▲ pause | resume ▶", mode: "markers", x: lifecycle.x, y: lifecycle.y,
      hovertext: lifecycle.hover, ...hoverBase,
      marker: { size: 13, symbol: lifecycleSymbols, color: lifecycleColors, line: { width: 2.5, color: lifecycleColors } },
    });
  }
  if (netPts.x.length) {
    data.push({
      type: "scatter", name: "partition / heal", mode: "markers", x: netPts.x, y: netPts.y,
      hovertext: netPts.hover, ...hoverBase, cliponaxis: false,
      marker: { size: 11, symbol: "diamond", color: COLORS.purple, line: { width: 1, color: "#fff" } },
      showlegend: false,
    });
  }
  if (markPts.x.length) {
    const showText = markPts.x.length <= 300;
    data.push({
      type: "scatter", name: "marks", mode: showText ? "markers+text" : "markers", x: markPts.x, y: markPts.y,
      text: markPts.text, textposition: "top center", textfont: { size: 10, color: "#6b3a5b" },
      hovertext: markPts.hover, ...hoverBase, cliponaxis: false,
      marker: { size: 10, symbol: "diamond", color: "#8e4585", line: { width: 1, color: "#fff" } },
    });
  }
  if (timerPts.x.length) {
    data.push({
      type: "scatter", name: "timers", mode: "markers", x: timerPts.x, y: timerPts.y,
      hovertext: timerPts.hover, ...hoverBase, marker: { size: 6, symbol: "circle-open", color: COLORS.grey },
    });
  }
  const showLabels = options.labels ?? labels.size <= 400;
  if (showLabels && labels.size) data.push(labels.trace());

  const height = options.height ?? Math.max(300, 190 + 60 * nodes.length);
  const pad = (t1 - t0) * 0.03; // room for a label or mark name at either end
  const layout = courseLayout({
    title: { text: (options.title ?? "Space-time diagram") + capNote, x: 0.02, xanchor: "left" },
    height,
    margin: { l: 70, r: 20, t: 50, b: 100 },
    showlegend: true,
    legend: { orientation: "h", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom", font: { size: 11 } },
    xaxis: axis("virtual time (ms)", { range: [t0 - pad, t1 + pad], zeroline: false }),
    yaxis: axis(undefined, {
      tickvals: nodes.map((_, i) => i),
      ticktext: nodes.map((n) => `<b>${escapeHtml(n)}</b>`),
      range: [nodes.length - 0.5, -0.85],
      showgrid: false,
      zeroline: false,
      ticks: "",
      tickfont: { size: 13 },
      fixedrange: true,
    }),
    shapes,
    hovermode: "closest",
    hoverdistance: 12,
  });
  return figure(data, layout);
}

/** Build the space-time figure and show it under the cell (spaceTimeFigure builds it without showing). */
export function spaceTime(source: ReadonlyArray<TraceEvent> | TraceSource, options: SpaceTimeOptions = {}): void {
  show(spaceTimeFigure(source, options));
}

function isSource(s: ReadonlyArray<TraceEvent> | TraceSource): s is TraceSource {
  return !Array.isArray(s) && typeof s === "object" && s !== null && "trace" in s;
}
