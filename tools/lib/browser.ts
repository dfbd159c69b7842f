// tools/lib/browser.ts: what the two browser checks share (check-plots-in-browser, check-live-jupyter).
//
//   CHROMIUM            $CHROMIUM_PATH, else Debian's /usr/bin/chromium (no browser is ever downloaded)
//   launchChromium(o)   headless Chromium through playwright-core, with extra launch options `o`
//   checkPlots(page, t) waits up to t ms until every div.ds-plot on the page holds plotly's
//                       svg.main-svg, then returns each plot's state and the problems: a plot that
//                       did not render, or rendered without drawing a trace (no .trace, heatmap,
//                       WebGL canvas or pie slice, or no data)
//
// Functions passed to page.evaluate run in the page; tsconfig has no DOM lib, hence globalThis.

import { chromium, type Browser, type LaunchOptions, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export interface PlotState { index: number; id: string; rendered: boolean; traces: number; data: number; text: string }

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    ...options,
  });
}

export async function checkPlots(page: Page, timeoutMs: number): Promise<{ plots: PlotState[]; problems: string[] }> {
  await page.waitForFunction(
    () => Array.from<any>((globalThis as any).document.querySelectorAll("div.ds-plot")).every((d) => d.querySelector("svg.main-svg")),
    undefined, { timeout: timeoutMs },
  ).catch(() => { /* reported below, plot by plot */ });
  const plots: PlotState[] = await page.evaluate(() =>
    Array.from<any>((globalThis as any).document.querySelectorAll("div.ds-plot")).map((div, index) => {
      const gd: any = div.classList.contains("js-plotly-plot") ? div : div.querySelector(".js-plotly-plot");
      const traces = div.querySelectorAll(".trace, .hm, .gl-container canvas, .pielayer .slice").length;
      return {
        index, id: div.id || "", rendered: !!div.querySelector("svg.main-svg"), traces,
        data: Array.isArray(gd?._fullData) ? gd._fullData.length : Array.isArray(gd?.data) ? gd.data.length : 0,
        text: String(div.textContent || "").trim().slice(0, 200),
      };
    }));
  const problems: string[] = [];
  for (const p of plots) {
    const name = `plot ${p.index}${p.id ? ` (#${p.id})` : ""}`;
    if (!p.rendered) problems.push(`${name} did not render (no svg.main-svg in its div.ds-plot)${p.text ? `: "${p.text}"` : ""}`);
    else if (p.data === 0 || p.traces === 0) problems.push(`${name} rendered but drew no trace (data: ${p.data}, drawn: ${p.traces})`);
  }
  return { plots, problems };
}
