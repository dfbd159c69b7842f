/**
 * The text/html form of a figure: offline, no CDN, for Jupyter Notebook, JupyterLab and exported HTML.
 *
 *   figureHtml(fig)   // '<script>…plotly.min.js…</script><div class="ds-plot" …></div><script>…</script>'
 *
 * How plotly.js gets to the page:
 *   1. The FIRST figure turned into html in a kernel process inlines the whole
 *      node_modules/plotly.js-dist-min/plotly.min.js (~4.8 MB, read from disk once) in a
 *      <script>; it sets `window.Plotly`. Later figures reuse it, so a notebook carries one copy.
 *   2. Every figure is `<div class="ds-plot" id="ds-plot-N-HASH" style="height:…px">` plus a
 *      small script calling `Plotly.newPlot(div, data, layout, config)`.
 *   3. If `window.Plotly` is missing (the page was reloaded and the cell that inlined the bundle is
 *      gone, or only a later cell was re-run) the script loads the bundle from the Jupyter server,
 *      `<base>files/node_modules/plotly.js-dist-min/plotly.min.js` (the server runs at the
 *      repository root; base from the page's config, else "/"); if that fails too, it writes a
 *      message into the div asking to re-run the first plot cell (or restart and run all).
 * VS Code ignores this part and renders the `application/vnd.plotly.v1+json` part of the bundle.
 *
 * Ids are a process-wide counter plus a short hash of the figure (deterministic; the hash keeps
 * a re-run after a kernel restart from colliding with a stale output still on the page). The state
 * lives on `globalThis`, so it survives the kernel re-loading this module. `resetPlotlyHtml()` is
 * for tests. Everything put inside <script> goes through `scriptSafeJson` (`</` → `<\/`, and
 * every non-ASCII character as \\uXXXX, so page charset and U+2028 do not matter) or
 * `escapeScriptText`.
 */
import { createHash } from "crypto";
import { readFileSync } from "fs";
import type { Figure } from "./figure";
import { DEFAULT_HEIGHT } from "./figure";

/** Where the Jupyter server serves the bundle from (relative to its base URL). */
const PLOTLY_SERVER_PATH = "files/node_modules/plotly.js-dist-min/plotly.min.js";

interface HtmlState {
  inlined: boolean;
  counter: number;
  bundle?: string;
}
const STATE_KEY = Symbol.for("ds-course.viz.plotly-html");

function state(): HtmlState {
  const g = globalThis as unknown as { [k: symbol]: HtmlState | undefined };
  let s = g[STATE_KEY];
  if (!s) {
    s = { inlined: false, counter: 0 };
    g[STATE_KEY] = s;
  }
  return s;
}

/** Forget that the bundle was inlined and restart ids at 1 (tests only). */
export function resetPlotlyHtml(): void {
  const s = state();
  s.inlined = false;
  s.counter = 0;
}

/** Has this process already inlined plotly.min.js into some output? */
export function plotlyInlined(): boolean {
  return state().inlined;
}

/** The plotly.js bundle's source, read from disk once per process. */
function plotlyBundleSource(): string {
  const s = state();
  if (s.bundle === undefined) {
    const file = require.resolve("plotly.js-dist-min/plotly.min.js");
    s.bundle = readFileSync(file, "utf8");
  }
  return s.bundle;
}

/** Text made safe to sit inside <script>…</script>: no `</script` (any case) and no `<!--`. */
export function escapeScriptText(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** JSON.stringify, safe inside an inline <script> (`</` and `<!--` broken, non-ASCII as \\uXXXX). */
export function scriptSafeJson(value: unknown): string {
  const json = JSON.stringify(value) ?? "null";
  return json
    .replace(/<\//g, "<\\/")
    .replace(/<!--/g, "<\\u0021--")
    .replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** The px height a figure will be drawn at. */
function figureHeight(fig: Figure): number {
  const h = fig.layout.height;
  return typeof h === "number" && h > 0 ? Math.round(h) : DEFAULT_HEIGHT;
}

/** The html for one figure; inlines plotly.min.js if this is the first one in the process. */
export function figureHtml(fig: Figure): string {
  const s = state();
  const payload = scriptSafeJson({ data: fig.data, layout: fig.layout, config: fig.config });
  s.counter += 1;
  const hash = createHash("sha1").update(payload).digest("hex").slice(0, 8);
  const id = `ds-plot-${s.counter}-${hash}`;
  let head = "";
  if (!s.inlined) {
    head = `<script type="text/javascript">${escapeScriptText(plotlyBundleSource())}\n</script>\n`;
    s.inlined = true;
  }
  return (
    head +
    `<div class="ds-plot" id="${id}" style="height:${figureHeight(fig)}px; width:100%;"></div>\n` +
    `<script type="text/javascript">\n${renderScript(id, payload)}\n</script>`
  );
}

/** The loader/renderer script for one div (plain ES5, runs in any notebook page). */
function renderScript(id: string, payload: string): string {
  return `(function () {
  var ID = ${JSON.stringify(id)};
  var FIG = ${payload};
  var PATH = ${JSON.stringify(PLOTLY_SERVER_PATH)};
  var me = document.currentScript;
  function findDiv() {
    var prev = me && me.previousElementSibling;
    if (prev && prev.id === ID && !prev.getAttribute("data-ds-rendered")) return prev;
    var all = document.querySelectorAll('div[id="' + ID + '"]');
    for (var i = 0; i < all.length; i++) if (!all[i].getAttribute("data-ds-rendered")) return all[i];
    return null;
  }
  function baseUrl() {
    try {
      var b = document.body && document.body.getAttribute("data-base-url");
      if (b) return b;
      var cfg = document.getElementById("jupyter-config-data");
      if (cfg) { var c = JSON.parse(cfg.textContent || "{}"); if (c.baseUrl) return c.baseUrl; }
    } catch (e) {}
    return "/";
  }
  function fail(div, why) {
    div.innerHTML = '<div style="padding:1em;border:1px dashed #c00;color:#900;font:13px sans-serif">' +
      "This plot could not be drawn: plotly.js is not loaded in this page (" + why + "). " +
      "Re-run the first plot cell of the notebook (or Kernel → Restart &amp; Run All), then this cell.</div>";
  }
  function loadPlotly(done, failed) {
    var w = window;
    if (w.Plotly) return done();
    if (!w.__dsPlotlyLoading) {
      w.__dsPlotlyLoading = [];
      var s = document.createElement("script");
      var base = baseUrl(); if (base.charAt(base.length - 1) !== "/") base += "/";
      s.src = base + PATH;
      s.onload = function () { var q = w.__dsPlotlyLoading; w.__dsPlotlyLoading = null; for (var i = 0; i < q.length; i++) q[i][w.Plotly ? 0 : 1](); };
      s.onerror = function () { var q = w.__dsPlotlyLoading; w.__dsPlotlyLoading = null; for (var i = 0; i < q.length; i++) q[i][1](); };
      document.head.appendChild(s);
    }
    w.__dsPlotlyLoading.push([done, failed]);
  }
  var tries = 0;
  function go() {
    var div = findDiv();
    if (!div) { if (++tries < 50) return setTimeout(go, 100); return; }
    div.setAttribute("data-ds-rendered", "1");
    loadPlotly(function () {
      div.innerHTML = "";
      window.Plotly.newPlot(div, FIG.data, FIG.layout, FIG.config);
    }, function () { fail(div, "could not load " + PATH); });
  }
  go();
})();`;
}
