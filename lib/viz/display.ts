/**
 * Display: put a figure, a table, html or markdown under the current notebook cell.
 *
 *   show(fig)                                   // one display_data with three mime types
 *   showTable(["node", "sent"], [["a", 12], ["b", 9]], { title: "Messages" })
 *   showHtml("<b>done</b>", "done")
 *   showMarkdown("**Verdict:** linearizable")
 *
 * `show` sends ONE display_data message whose bundle holds
 *   application/vnd.plotly.v1+json  { data, layout, config }   (VS Code, JupyterLab with plotly)
 *   text/html                       offline plotly div + script  (Notebook 6/7, nbconvert HTML)
 *   text/plain                      one line: `Figure "Title" (3 traces)`
 * and each frontend picks the richest part it can render. It goes through tslab's display writer
 * (`tslab/dist/jupyter`.lastWriteDisplayData), since tslab.display only sends one mime type.
 *
 * Outside a kernel (vitest, plain node) there is no writer: every show* function then shows
 * nothing and returns the bundle it would have sent, so tests can look at it. In a kernel they
 * return undefined, so a cell ending in `show(fig)` prints nothing after the plot (tslab echoes a
 * cell's last value). `figureBundle(fig)` builds the bundle without showing it.
 */
import { inspect } from "util";
import type { Figure } from "./figure";
import { describeFigure } from "./figure";
import { figureHtml } from "./plotly-html";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A Jupyter mime bundle: mime type → content. */
export type MimeBundle = { [mime: string]: unknown };

type Writer = (msg: { data: MimeBundle; metadata: object; transient: object }, update?: boolean) => void;

function writer(): Writer | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: Writer | null };
    return jupyter.lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/** Send a mime bundle as one display_data message; in a kernel return undefined, else the bundle. */
function displayBundle(bundle: MimeBundle): MimeBundle | undefined {
  // A cell ending in show(...) echoes the result: print the mime types, not 5 MB of html.
  Object.defineProperty(bundle, inspect.custom, {
    value: () => `[display_data: ${Object.keys(bundle).join(", ")}]`,
    enumerable: false,
    configurable: true,
  });
  const write = writer();
  if (!write) return bundle;
  write({ data: bundle, metadata: {}, transient: {} });
  return undefined;
}

/** The mime bundle for a figure (inlines plotly.js in the html if first in this process). */
export function figureBundle(fig: Figure): MimeBundle {
  return {
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout, config: fig.config },
    "text/html": figureHtml(fig),
    "text/plain": describeFigure(fig),
  };
}

/** Show a figure under the cell (outside a kernel: just return the bundle it would send). */
export function show(fig: Figure): MimeBundle | undefined {
  return displayBundle(figureBundle(fig));
}

/**
 * Show a figure and return it (so `const fig = plot(lineChart(...))` keeps it for later). A cell
 * ending in `plot(...)` echoes the figure's one line (`Figure "Title" (3 traces)`, see figure.ts).
 */
export function plot(fig: Figure): Figure {
  show(fig);
  return fig;
}

/** Show raw html, with `text` as the plain-text fallback. */
export function showHtml(html: string, text: string): MimeBundle | undefined {
  return displayBundle({ "text/html": html, "text/plain": text });
}

/** Show markdown (the plain-text fallback is the markdown source). */
export function showMarkdown(markdown: string): MimeBundle | undefined {
  return displayBundle({ "text/markdown": markdown, "text/plain": markdown });
}

/**
 * `&`, `<`, `>`, `"` and `'` as html entities, safe in element text and in attribute values. The
 * quotes become numeric entities (`&#34;`, `&#39;`) because plotly's hover and label text, which
 * spaceTime escapes with this too, decodes numeric entities but not `&quot;`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
const ENTITIES: { [c: string]: string } = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

export type Cell = string | number | boolean | null | undefined;

function cellText(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toFixed(4)));
  }
  return String(v);
}

/** An aligned plain-text table (numbers right-aligned). */
export function textTable(columns: string[], rows: Cell[][], title?: string): string {
  const cells = rows.map((r) => columns.map((_, i) => cellText(r[i])));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] == null));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [
    columns.map(pad).join("  ").trimEnd(),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((r) => r.map(pad).join("  ").trimEnd()),
  ];
  return (title ? title + "\n" : "") + lines.join("\n");
}

/** An html table in the course style. */
function htmlTable(columns: string[], rows: Cell[][], title?: string): string {
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] == null));
  const align = (i: number) => (numeric[i] ? "right" : "left");
  const th = columns.map((c, i) => `<th style="text-align:${align(i)};padding:2px 10px">${escapeHtml(c)}</th>`).join("");
  const trs = rows
    .map((r) => "<tr>" + columns.map((_, i) => `<td style="text-align:${align(i)};padding:2px 10px">${escapeHtml(cellText(r[i]))}</td>`).join("") + "</tr>")
    .join("\n");
  const caption = title ? `<caption style="caption-side:top;text-align:left;font-weight:bold">${escapeHtml(title)}</caption>` : "";
  return `<table class="ds-table" style="border-collapse:collapse;font-variant-numeric:tabular-nums">${caption}<thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/** Show a table: html for notebooks, aligned text for plain-text frontends. */
export function showTable(columns: string[], rows: Cell[][], options: { title?: string } = {}): MimeBundle | undefined {
  return displayBundle({
    "text/html": htmlTable(columns, rows, options.title),
    "text/plain": textTable(columns, rows, options.title),
  });
}
