// tools/check-plots-in-browser.ts: checks that the plots in exported notebooks really render.
//
//   npm run check:browser -- build/html                    every *.html in the directory
//   npm run check:browser -- a.html b.html --out shots/    screenshots elsewhere
//
// Input: HTML exports of executed notebooks (npm run notebooks -- --jupyter --html-out DIR). Each page is
// opened in headless Debian Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through
// playwright-core; no browser is ever downloaded. Network requests other than file: and data:
// are blocked, so the check also proves the figures work offline (no CDN). For every page:
//   - no uncaught page error (pageerror) may occur;
//   - every `div.ds-plot` must have rendered: it contains an `svg.main-svg` and plotly drew at
//     least one trace in it (a `.trace`, heatmap image, or WebGL canvas, with data present);
//   - a full-page screenshot is written to <out>/<name>.png (default: next to the HTML).
// Prints one PASS/FAIL line per page with its plot count, and exits 1 if any page failed.

import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM, checkPlots, launchChromium, type PlotState } from "./lib/browser";
import { parseCli, positiveNumber, runMain, UsageError } from "./lib/cli";

const USAGE = "usage: npm run check:browser -- <export.html | dir> ... [--out DIR] [--timeout SECONDS]";


async function main(): Promise<number> {
  const { values: o, positionals: inputs } = parseCli(USAGE, { out: { type: "string" }, timeout: { type: "string" } });
  const outDir = o.out;
  const timeoutMs = (positiveNumber(o.timeout, "--timeout", USAGE) ?? 30) * 1000;
  if (!inputs.length) throw new UsageError("give exported .html files or a directory of them", USAGE);

  const pages: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new UsageError(`not found: ${input}`, USAGE);
    if (statSync(input).isDirectory()) {
      pages.push(...readdirSync(input).filter((n) => n.endsWith(".html")).sort().map((n) => path.resolve(input, n)));
    } else pages.push(path.resolve(input));
  }
  if (!pages.length) { console.error(`no .html files in ${inputs.join(" ")}`); return 1; }
  if (!existsSync(CHROMIUM)) { console.error(`Chromium not found at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)`); return 2; }

  const browser = await launchChromium();
  const failures: string[] = [];
  try {
    for (const file of pages) {
      const t0 = Date.now();
      const problems: string[] = [];
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      await page.route("**/*", (route) => {
        const url = route.request().url();
        return url.startsWith("file:") || url.startsWith("data:") ? route.continue() : route.abort();
      });
      let plots: PlotState[] = [];
      try {
        await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: timeoutMs });
        const checked = await checkPlots(page, timeoutMs);
        plots = checked.plots;
        problems.push(...checked.problems);
        // Hide MathJax's "Loading ..." banner (the export's MathJax is blocked) and let transitions settle.
        await page.addStyleTag({ content: "#MathJax_Message { display: none !important; }" }).catch(() => {});
        await page.waitForTimeout(200);
      } catch (e) {
        problems.push(`could not load: ${(e as Error).message}`);
      }
      const png = path.join(path.resolve(outDir ?? path.dirname(file)), path.basename(file).replace(/\.html?$/, "") + ".png");
      mkdirSync(path.dirname(png), { recursive: true });
      await page.screenshot({ path: png, fullPage: true }).catch((e) => problems.push(`screenshot failed: ${e.message}`));
      await page.close();
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      console.log(`${problems.length ? "FAIL" : "PASS"}  ${path.basename(file)}  ${plots.length} plot(s)  ${secs}s  -> ${png}`);
      if (problems.length) failures.push(`${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`\n${failures.length} of ${pages.length} page(s) failed:\n\n${failures.join("\n\n")}`);
    return 1;
  }
  console.log(`all ${pages.length} page(s) passed`);
  return 0;
}

runMain(main);
