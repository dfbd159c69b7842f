import { describe, expect, it, afterEach, vi } from "vitest";
import * as path from "path";
import type { TraceEvent } from "../lib/sim/trace";
import {
  PLOTLY_MIME, barChart, escapeHtml, figureBundle, heatmap, histogram, lineChart, scatterChart, plot, show, showMarkdown, showTable,
  spaceTimeFigure, theoryVsSimulated, MAX_MESSAGES, logTicks, textTable, scriptSafeJson, type Figure, type PlotTrace, type PlotLayout,
} from "../lib/viz";
import { escapeScriptText, figureHtml, plotlyInlined, resetPlotlyHtml } from "../lib/viz/plotly-html";

const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };

const small = () => lineChart({ title: "Latency", x: { title: "t" }, y: { title: "ms" }, series: [{ name: "a", x: [1, 2], y: [3, 4] }] });

describe("display", () => {
  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
  });

  it("show() outside a kernel returns one bundle with the three mime types", () => {
    const b = show(small())!;
    expect(Object.keys(b).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    const p = JSON.parse(JSON.stringify(b[PLOTLY_MIME])) as Figure;
    expect(p.data).toHaveLength(1);
    expect(p.layout.title).toMatchObject({ text: "Latency" });
    expect(p.config).toMatchObject({ displaylogo: false });
    expect(b["text/plain"]).toBe('Figure "Latency" (1 trace)');
    expect(b["text/html"]).toContain('class="ds-plot"');
  });

  it("inside a kernel sends exactly one display_data with the whole bundle", () => {
    const sent: Array<{ data: Record<string, unknown>; metadata: unknown; transient: unknown }> = [];
    jupyter.lastWriteDisplayData = (m: (typeof sent)[number]) => sent.push(m);
    expect(show(small())).toBeUndefined(); // nothing for tslab to echo after the plot
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0].data).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"]);
    expect(sent[0].metadata).toEqual({});
    showTable(["node", "sent"], [["a", 12], ["bb", 9]], { title: "Messages" });
    expect(sent).toHaveLength(2);
    expect(sent[1].data["text/html"]).toContain("<table");
    showMarkdown("**x**");
    expect(sent[2].data["text/markdown"]).toBe("**x**");
  });

  it("a cell echoing a bundle or a figure prints one line, not megabytes", () => {
    const { inspect } = require("util") as typeof import("util");
    expect(inspect(show(small())!)).toBe("[display_data: application/vnd.plotly.v1+json, text/html, text/plain]");
    expect(inspect(small())).toBe('Figure "Latency" (1 trace)');
    expect(JSON.stringify(small())).not.toContain("display_data");
  });

  it("plot() shows the figure and returns it, which a cell echoes as one line", () => {
    const sent: unknown[] = [];
    jupyter.lastWriteDisplayData = (m: unknown) => sent.push(m);
    const fig = small();
    expect(plot(fig)).toBe(fig);
    expect(sent).toHaveLength(1);
    expect(require("util").inspect(fig)).toBe('Figure "Latency" (1 trace)');
  });

  it("escapeHtml escapes the five html characters, quotes as numeric entities plotly decodes", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  });

  it("text tables are aligned, numbers to the right, html escaped", () => {
    expect(textTable(["node", "sent"], [["a", 12], ["bb", 9]])).toBe("node  sent\n----  ----\na       12\nbb       9");
    const b = showTable(["x<y"], [["<b>"]])!;
    expect(b["text/html"]).toContain("x&lt;y");
    expect(b["text/html"]).not.toContain("<b>");
  });
});

describe("plotly html", () => {
  it("inlines plotly.min.js in the first figure only, with no stray </script", () => {
    resetPlotlyHtml();
    expect(plotlyInlined()).toBe(false);
    const first = figureHtml(small());
    const second = figureHtml(small());
    expect(plotlyInlined()).toBe(true);
    expect(first.length).toBeGreaterThan(3_000_000);
    expect(first).toContain("plotly.js v3.7.0");
    expect(second.length).toBeLessThan(10_000);
    expect(second).not.toContain("plotly.js v3.7.0");
    // exactly one closing tag per script element: <script>bundle</script><div/><script>render</script>
    expect(first.match(/<\/script/gi)).toHaveLength(2);
    expect(second.match(/<\/script/gi)).toHaveLength(1);
    // unique, deterministic ids and the render/fallback logic
    const ids = [first, second].map((h) => /id="(ds-plot-[^"]+)"/.exec(h)![1]);
    expect(ids[0]).toMatch(/^ds-plot-1-[0-9a-f]{8}$/);
    expect(ids[1]).toMatch(/^ds-plot-2-/);
    expect(second).toContain("Plotly.newPlot(div, FIG.data, FIG.layout, FIG.config)");
    expect(second).toContain("files/node_modules/plotly.js-dist-min/plotly.min.js");
    expect(second).toContain("Re-run the first plot cell");
    expect(second).toMatch(/style="height:360px/);
    resetPlotlyHtml();
    expect(figureHtml(small())).toBe(first);
  });

  it("escapes </script and <!-- in everything put inside a script", () => {
    expect(escapeScriptText('a="</script>";b="</SCRIPT "')).toBe('a="<\\/script>";b="<\\/SCRIPT "');
    const evil = { t: "</script><script>alert(1)</script><!-- \u2028" };
    const s = scriptSafeJson(evil);
    expect(s).not.toMatch(/<\/|<!--|[^\x00-\x7e]/);
    expect(JSON.parse(s)).toEqual(evil);
    const fig = lineChart({ title: "</script><b>x</b>", series: [{ name: "</script>", x: [1], y: [1] }] });
    const html = figureHtml(fig);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
  });
});

describe("charts", () => {
  it("lineChart/scatterChart: one trace per series, log axes, dashes", () => {
    const f = lineChart({ title: "T", x: { title: "x" }, y: { title: "y", log: true }, series: [{ name: "a", x: [1, 2], y: [1, 10] }, { name: "b", x: [1, 2], y: [2, 20], dash: "dash" }] });
    expect(f.data).toHaveLength(2);
    expect((f.layout.yaxis as PlotLayout).type).toBe("log");
    expect((f.data[1].line as PlotLayout).dash).toBe("dash");
    expect(f.data[0].mode).toBe("lines");
    expect(scatterChart({ series: [{ name: "a", x: [1], y: [1] }] }).data[0].mode).toBe("markers");
  });

  it("theoryVsSimulated: dashed theory, markers with ±1 SE bars, a ±k SE band, the verdict on the figure", () => {
    const f = theoryVsSimulated({
      title: "M/M/1", x: { title: "rho" },
      theory: { name: "theory", x: [0.1, 0.5], y: [1, 2] },
      simulated: { name: "sim", x: [0.1, 0.5], y: [1.1, 1.9], stderr: [0.1, 0.2] },
      k: 2,
    });
    expect(f.data).toHaveLength(3);
    const [band, theory, sim] = f.data;
    expect(band.fill).toBe("toself");
    expect(band.y).toEqual([1.2, 2.4, 1.6, 0.8]);
    expect(band.name).toBe("theory ± 2 SE");
    expect((theory.line as PlotLayout).dash).toBe("dash");
    expect(sim.mode).toBe("markers");
    expect(sim.error_y).toMatchObject({ array: [0.1, 0.2], visible: true });
    expect(f.verdict.agree).toBe(true);
    expect(String((f.layout.annotations as PlotLayout[])[0].text)).toMatch(/agrees with theory within 2 SE/);
    expect(JSON.stringify(f)).not.toContain("verdict");
  });

  it("theoryVsSimulated: per-seed samples give the mean and standard error; theory.at evaluates off-grid", () => {
    const f = theoryVsSimulated({
      theory: { name: "2x", x: [0, 10], y: [0, 20], at: (x) => 2 * x },
      simulated: { name: "sim", x: [3], samples: [[5.9, 6.1, 6.0]] },
    });
    expect(f.data[2].y).toEqual([6]);
    expect(f.verdict.points[0].theory).toBe(6);
    expect(f.verdict.agree).toBe(true);
  });

  it("theoryVsSimulated: a disagreement is drawn in red and written to stderr once", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const f = theoryVsSimulated({
      title: "planted", theory: { name: "t", x: [1, 2], y: [1, 1] },
      simulated: { name: "s", x: [1, 2], y: [2, 1], stderr: [0.1, 0.1] },
    });
    expect(f.verdict.agree).toBe(false);
    expect(String((f.layout.annotations as PlotLayout[])[0].text)).toMatch(/DISAGREES/);
    expect(err).toHaveBeenCalledTimes(1);
    expect(String(err.mock.calls[0][0])).toMatch(/^✗ DISAGREE: planted: 1 of 2 points/);
    err.mockRestore();
  });

  it("theoryVsSimulated: several comparisons, bounds one-sided, errors that say what to pass", () => {
    const f = theoryVsSimulated({
      comparisons: [
        { theory: { name: "a", x: [1, 2], y: [1, 2] }, simulated: { name: "sa", x: [1, 2], y: [1, 2.1], stderr: [0.1, 0.1] } },
        { theory: { name: "bound", x: [1, 2], y: [1, 1] }, simulated: { name: "sb", x: [1, 2], y: [5, 9], stderr: [0.1, 0.1] }, relation: "atLeast" },
      ],
    });
    expect(f.verdict.agree).toBe(true);
    expect(f.data).toHaveLength(6);
    expect(() => theoryVsSimulated({ theory: { name: "t", x: [1], y: [1] }, simulated: { name: "s", x: [1], y: [1] } })).toThrow(/needs standard errors/);
    expect(() => theoryVsSimulated({ theory: { name: "t", x: [1, 2], y: [1, 1] }, simulated: { name: "s", x: [3], y: [1], stderr: [1] } })).toThrow(/does not cover x = 3/);
  });

  it("bar, histogram, heatmap build plotly traces", () => {
    expect(barChart({ series: [{ name: "a", x: ["p", "q"], y: [1, 2] }] }).data[0].type).toBe("bar");
    const h = histogram({ series: [{ name: "lat", values: [1, 2, 3] }], bins: 10, normalize: "probability" });
    expect(h.data[0]).toMatchObject({ type: "histogram", nbinsx: 10, histnorm: "probability" });
    const m = heatmap({ z: [[1, 2], [3, 4]], x: { values: ["a", "b"] }, y: { values: ["a", "b"] } });
    expect(m.data[0]).toMatchObject({ type: "heatmap", z: [[1, 2], [3, 4]], x: ["a", "b"] });
  });
});

// A hand-built trace: a, b, c; c crashes 50..80, b pauses 20..30, a<->c partitioned 40..70.
function handTrace(): TraceEvent[] {
  return [
    { kind: "start", time: 0, node: "a" },
    { kind: "start", time: 0, node: "b" },
    { kind: "start", time: 0, node: "c" },
    { kind: "send", time: 10, id: 1, from: "a", to: "b", msg: { type: "ping", n: 1 } },
    { kind: "send", time: 12, id: 2, from: "a", to: "c", msg: { type: "ping", n: 2 } },
    { kind: "drop", time: 12, sentAt: 12, id: 2, from: "a", to: "c", msg: { type: "ping", n: 2 }, reason: "loss" },
    { kind: "deliver", time: 18, sentAt: 10, id: 1, from: "a", to: "b", msg: { type: "ping", n: 1 } },
    { kind: "pause", time: 20, node: "b" },
    { kind: "resume", time: 30, node: "b" },
    { kind: "send", time: 32, id: 3, from: "b", to: "a", msg: { type: "pong" } },
    { kind: "deliver", time: 39, sentAt: 32, id: 3, from: "b", to: "a", msg: { type: "pong" } },
    { kind: "partition", time: 40, links: [["a", "c"], ["c", "a"]], description: "a | c" },
    { kind: "send", time: 45, id: 4, from: "c", to: "a", msg: { type: "hello" } },
    { kind: "drop", time: 45, sentAt: 45, id: 4, from: "c", to: "a", msg: { type: "hello" }, reason: "partition" },
    { kind: "mark", time: 48, node: "a", name: "suspect", data: { who: "c" } },
    { kind: "crash", time: 50, node: "c" },
    { kind: "send", time: 52, id: 5, from: "b", to: "c", msg: { type: "<req>" } },
    { kind: "drop", time: 58, sentAt: 52, id: 5, from: "b", to: "c", msg: { type: "<req>" }, reason: "crashed" },
    { kind: "timer", time: 60, node: "a", label: "heartbeat" },
    { kind: "heal", time: 70, links: [], description: "all healed" },
    { kind: "restart", time: 80, node: "c" },
    { kind: "send", time: 85, id: 6, from: "c", to: "b", msg: { type: "back" } },
    { kind: "deliver", time: 91, sentAt: 85, id: 6, from: "c", to: "b", msg: { type: "back" } },
    { kind: "send", time: 95, id: 7, from: "a", to: "b", msg: { type: "late" } },
    { kind: "crash", time: 96, node: "a" },
    { kind: "log", time: 99, node: "b", text: "bye" },
  ];
}

const byName = (f: Figure, prefix: string): PlotTrace | undefined => f.data.find((t) => String(t.name).startsWith(prefix));
const rects = (f: Figure) => (f.layout.shapes as PlotLayout[]).filter((s) => s.type === "rect");

describe("spaceTimeFigure", () => {
  it("draws deliveries as one null-separated trace with arrowheads and hover details", () => {
    const f = spaceTimeFigure(handTrace());
    const d = byName(f, "delivered")!;
    expect(d.type).toBe("scatter");
    expect(d.name).toBe("delivered (3)");
    expect(d.x).toEqual([10, 18, null, 32, 39, null, 85, 91, null]);
    expect(d.y).toEqual([0, 1, null, 1, 0, null, 2, 1, null]);
    expect((d.marker as PlotLayout).symbol).toBe("arrow");
    expect((d.marker as PlotLayout).angleref).toBe("previous");
    expect((d.marker as PlotLayout).size).toEqual([0, 11, 0, 0, 11, 0, 0, 11, 0]);
    const hover = d.hovertext as string[];
    expect(hover[1]).toContain("#1");
    expect(hover[1]).toContain("a → b");
    expect(hover[1]).toContain("{&#34;type&#34;:&#34;ping&#34;,&#34;n&#34;:1}"); // plotly decodes numeric entities, not &quot;
    expect(hover[1]).toContain("latency 8 ms");
  });

  it("lanes follow first appearance or options.nodes, labelled with node ids", () => {
    const f = spaceTimeFigure(handTrace());
    expect((f.layout.yaxis as PlotLayout).ticktext).toEqual(["<b>a</b>", "<b>b</b>", "<b>c</b>"]);
    const g = spaceTimeFigure(handTrace(), { nodes: ["c", "b", "a"] });
    expect(byName(g, "delivered")!.y).toEqual([2, 1, null, 1, 2, null, 0, 1, null]);
    const h = spaceTimeFigure({ trace: handTrace(), nodeIds: ["b", "a", "c"] });
    expect((h.layout.yaxis as PlotLayout).tickvals).toEqual([0, 1, 2]);
    expect((h.layout.yaxis as PlotLayout).ticktext).toEqual(["<b>b</b>", "<b>a</b>", "<b>c</b>"]);
  });

  it("draws drops part-way with an ✕, one trace per reason, coloured by reason", () => {
    const f = spaceTimeFigure(handTrace());
    const loss = byName(f, "dropped: loss")!;
    const part = byName(f, "dropped: partition")!;
    const crashed = byName(f, "dropped: crashed")!;
    expect([loss, part, crashed].map((t) => (t.x as unknown[]).length)).toEqual([3, 3, 3]);
    // b -> c sent 52 dropped 58: stops 55% of the way, between the lanes
    expect(crashed.x).toEqual([52, 52 + 0.55 * 6, null]);
    expect((crashed.y as number[])[1]).toBeCloseTo(1.55);
    expect((crashed.marker as PlotLayout).size).toEqual([0, 10, 0]);
    expect((crashed.line as PlotLayout).color).not.toBe((loss.line as PlotLayout).color);
    expect((crashed.hovertext as string[])[1]).toContain("crashed");
    expect((crashed.hovertext as string[])[1]).toContain("&lt;req&gt;");
    // a loss at send time still goes somewhere to the right
    expect((loss.x as number[])[1]).toBeGreaterThan(12);
    expect(byName(f, "in flight")!.x).toHaveLength(3);
  });

  it("shades crashes (crash→restart, or to the end), pauses, and the partition band", () => {
    const f = spaceTimeFigure(handTrace());
    const r = rects(f);
    const crash = r.filter((s) => s.name === "crashed");
    expect(crash.map((s) => [s.x0, s.x1])).toEqual([[50, 80], [96, 99]]);
    expect(crash[0].y0 as number).toBeLessThan(2);
    expect(crash[0].y1 as number).toBeGreaterThan(2);
    expect(crash[1].y0 as number).toBeLessThan(0);
    expect(crash.map((s) => s.showlegend)).toEqual([true, false]);
    const pause = r.filter((s) => s.name === "paused");
    expect(pause.map((s) => [s.x0, s.x1, (s.y0 as number) < 1 && (s.y1 as number) > 1])).toEqual([[20, 30, true]]);
    const band = r.filter((s) => s.name === "partition");
    expect(band).toHaveLength(1);
    expect(band[0]).toMatchObject({ x0: 40, x1: 70, yref: "paper", y0: 0, y1: 1, showlegend: true });
    const net = byName(f, "partition / heal")!;
    expect(net.x).toEqual([40, 70]);
    expect((net.hovertext as string[])[0]).toContain("a→c, c→a");
    const life = byName(f, "crash ✕")!;
    expect(life.x).toEqual([20, 30, 50, 80, 96]);
  });

  it("shows marks with labels, timers only on request, and a time window", () => {
    const f = spaceTimeFigure(handTrace());
    const m = byName(f, "marks")!;
    expect(m.text).toEqual(["suspect"]);
    expect((m.hovertext as string[])[0]).toContain("{&#34;who&#34;:&#34;c&#34;}");
    expect(byName(f, "timers")).toBeUndefined();
    expect(byName(spaceTimeFigure(handTrace(), { timers: true }), "timers")!.x).toEqual([60]);
    const w = spaceTimeFigure(handTrace(), { from: 30, to: 60 });
    expect(byName(w, "delivered")!.x).toEqual([32, 39, null]);
    expect(byName(w, "dropped: loss")).toBeUndefined();
    expect(rects(w).filter((s) => s.name === "paused").map((s) => [s.x0, s.x1])).toEqual([[30, 30]]);
    expect(rects(w).filter((s) => s.name === "crashed").map((s) => [s.x0, s.x1])).toEqual([[50, 60]]);
    expect((w.layout.xaxis as PlotLayout).range).toEqual([29.1, 60.9]);
  });

  it("annotate() adds text to hover and as labels", () => {
    let clock = 0;
    const stamp = new Map<TraceEvent, string>();
    for (const e of handTrace()) stamp.set(e, "");
    const trace = handTrace();
    for (const e of trace) if (e.kind === "send" || e.kind === "deliver") stamp.set(e, `L=${++clock}`);
    const f = spaceTimeFigure(trace, { annotate: (e) => stamp.get(e) });
    const hover = byName(f, "delivered")!.hovertext as string[];
    expect(hover[1]).toContain("at send: L=1");
    expect(hover[1]).toContain("at delivery: L=3");
    const labels = f.data.find((t) => t.name === "annotations")!;
    expect(labels.text).toContain("L=1");
    expect(labels.mode).toBe("text");
    expect(spaceTimeFigure(trace, { annotate: (e) => stamp.get(e), labels: false }).data.find((t) => t.name === "annotations")).toBeUndefined();
  });
});

function bigTrace(n: number, nodes = 5): TraceEvent[] {
  const trace: TraceEvent[] = [];
  for (let i = 0; i < n; i++) {
    const from = `n${i % nodes}`;
    const to = `n${(i * 7 + 1) % nodes === i % nodes ? (i + 1) % nodes : (i * 7 + 1) % nodes}`;
    const t = i * 3;
    trace.push({ kind: "send", time: t, id: i, from, to, msg: { type: "req", i } });
    if (i % 10 === 9) trace.push({ kind: "drop", time: t, sentAt: t, id: i, from, to, msg: { type: "req", i }, reason: "loss" });
    else trace.push({ kind: "deliver", time: t + 20 + (i % 13), sentAt: t, id: i, from, to, msg: { type: "req", i } });
  }
  trace.push({ kind: "crash", time: n, node: "n1" }, { kind: "restart", time: 2 * n, node: "n1" });
  trace.sort((a, b) => a.time - b.time);
  return trace;
}

describe("spaceTimeFigure at scale", () => {
  it("10,000 messages: constant number of traces, builds fast", () => {
    const smallFig = spaceTimeFigure(bigTrace(100));
    const t0 = performance.now();
    const f = spaceTimeFigure(bigTrace(10_000));
    const ms = performance.now() - t0;
    console.log(`[viz bench] spaceTimeFigure 10,000 messages: ${ms.toFixed(0)} ms, ${f.data.length} traces, JSON ${(JSON.stringify(f).length / 1e6).toFixed(1)} MB`);
    expect(f.data.length).toBe(smallFig.data.length);
    expect((f.layout.shapes as unknown[]).length).toBe((smallFig.layout.shapes as unknown[]).length);
    expect(byName(f, "delivered")!.type).toBe("scatter");
    expect((byName(f, "delivered")!.x as unknown[]).length).toBe(9_000 * 3);
    expect(ms).toBeLessThan(2_000);
  });

  it("100,000 messages: drawn with scattergl when asked for all, a constant number of traces", () => {
    const trace = bigTrace(100_000);
    const t0 = performance.now();
    const f = spaceTimeFigure(trace, { maxMessages: Infinity });
    const ms = performance.now() - t0;
    const t1 = performance.now();
    const json = JSON.stringify(f);
    const jsonMs = performance.now() - t1;
    console.log(`[viz bench] spaceTimeFigure 100,000 messages: ${ms.toFixed(0)} ms build, ${jsonMs.toFixed(0)} ms JSON.stringify (${(json.length / 1e6).toFixed(1)} MB), ${f.data.length} traces`);
    expect(f.data.length).toBe(spaceTimeFigure(bigTrace(100)).data.length);
    expect(byName(f, "delivered")!.type).toBe("scattergl");
    expect(ms).toBeLessThan(20_000);
  }, 60_000);

  it("one hover string per message, not one per point", () => {
    const f = spaceTimeFigure(bigTrace(1_000));
    for (const t of f.data.filter((d) => /^(delivered|dropped)/.test(String(d.name)))) {
      const hovers = (t.hovertext as Array<string | null>).filter((h) => h !== null);
      expect(hovers.length).toBe((t.x as unknown[]).length / 3);
    }
  });

  it("by default at most 20,000 messages: the window ends early, the title says so, the display stays small", () => {
    const f = spaceTimeFigure(bigTrace(100_000));
    const drawn = f.data.filter((d) => /^(delivered|dropped)/.test(String(d.name))).reduce((s, d) => s + (d.x as unknown[]).length / 3, 0);
    expect(drawn).toBeLessThanOrEqual(MAX_MESSAGES);
    expect(drawn).toBeGreaterThan(MAX_MESSAGES - 10);
    expect(String((f.layout.title as { text: string }).text)).toContain("20,000 of 100,000 messages");
    const bundleBytes = JSON.stringify(figureBundle(f)).length;
    console.log(`[viz bench] spaceTime of 100,000 messages, default cap: display bundle ${(bundleBytes / 1e6).toFixed(1)} MB`);
    expect(bundleBytes).toBeLessThan(10e6);
    const w = spaceTimeFigure(bigTrace(100_000), { from: 150_000, to: 160_000 });
    expect(String((w.layout.title as { text: string }).text)).not.toContain("messages:");
  }, 60_000);

  it("labels sit on the side away from the message, and labels at one spot are joined", () => {
    const trace: TraceEvent[] = [
      { kind: "send", time: 0, id: 1, from: "a", to: "b", msg: {} },
      { kind: "send", time: 0, id: 2, from: "a", to: "b", msg: {} },
      { kind: "deliver", time: 10, sentAt: 0, id: 1, from: "a", to: "b", msg: {} },
      { kind: "deliver", time: 12, sentAt: 0, id: 2, from: "a", to: "b", msg: {} },
    ];
    const f = spaceTimeFigure(trace, { nodes: ["a", "b"], annotate: (e) => (e.kind === "send" ? `s${e.id}` : e.kind === "deliver" ? `d${e.id}` : undefined) });
    const labels = f.data.find((t) => t.name === "annotations")!;
    expect(labels.text).toEqual(["s1 · s2", "d1", "d2"]);
    // a is above b: a send's label goes above a's lane, a delivery's below b's.
    expect(labels.textposition).toEqual(["top center", "bottom center", "bottom center"]);
  });
});

describe("log axes", () => {
  it("label the data's own values when there are few, else 1-2-5 steps, never '2 3' after '10'", () => {
    expect(logTicks([4, 8, 16, 32, 64])).toEqual({ tickvals: [4, 8, 16, 32, 64], ticktext: ["4", "8", "16", "32", "64"] });
    const many = Array.from({ length: 30 }, (_, i) => 3 + i * 10);
    expect(logTicks(many)!.ticktext).toEqual(["2", "5", "10", "20", "50", "100", "200"]);
    expect(logTicks([1e-4, 2e-4])!.ticktext).toEqual(["1e-4", "2e-4"]);
    expect(logTicks([5])).toBeUndefined();
    const f = lineChart({ x: { title: "n", log: true }, series: [{ name: "a", x: [4, 8, 16, 32, 64], y: [1, 2, 3, 4, 5] }] });
    expect(f.layout.xaxis).toMatchObject({ type: "log", tickmode: "array", tickvals: [4, 8, 16, 32, 64] });
    expect((f.layout.yaxis as PlotLayout).tickmode).toBeUndefined();
  });
});
