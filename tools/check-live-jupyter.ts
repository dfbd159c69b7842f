// tools/check-live-jupyter.ts: runs the notebooks where a student sees them, in a live Jupyter
// Notebook (classic, 6.x) driven by headless Chromium, and checks what ends up on the page.
//
// Why it remains beside the Node runner (tools/notebook-runner.ts, for npm test) and the nbclient
// runner (tools/nbclient-run.py, the path nbconvert, VS Code and papermill take): it alone sees the
// page a student sees: plots drawn by plotly in the browser, uncaught page errors, the kernel as
// Jupyter's own UI picks it, a notebook never saved. Its cells are judged by the same rulebook
// (tools/lib/verdict.ts); test/ci/runners-agree.ci.ts runs one set of notebooks through all three.
//
//   npm run kernel:install                               (once: <repo>/.jupyter/kernels/ds-course-ts)
//   npm run check:live                                   every notebooks/*.ipynb
//   npm run check:live -- notebooks/00-tour.ipynb        some notebooks (paths inside the repo)
//   npm run check:live -- --out DIR --timeout 300        screenshots to DIR; seconds per notebook
//
// What it does:
//   1. starts `jupyter notebook --no-browser --port <free port> --NotebookApp.token=<random>
//      --notebook-dir=<repo>` (plus --allow-root as root) with JUPYTER_PATH=<repo>/.jupyter, a
//      throw-away runtime/config/checkpoint dir and an in-memory trust database, so nothing is
//      written to your home directory or the repo (no .ipynb_checkpoints); waits until it answers
//      and checks that the "ds-course-ts" kernelspec is installed. Jupyter is found as every tool finds
//      it (tools/lib/jupyter.ts: $JUPYTER, else PATH, else /usr/bin/jupyter) and must be classic
//      Notebook 6 (this check drives its page API); set JUPYTER to pick another one.
//      Its log is kept in the temp dir while it runs and copied to <out>/jupyter-server.log at the end.
//   2. for each notebook, opens http://127.0.0.1:<port>/notebooks/<path>?token=… in headless
//      Debian Chromium (/usr/bin/chromium or $CHROMIUM_PATH, through playwright-core; no browser is
//      ever downloaded; requests to any other host are blocked, so this also proves the page works
//      offline), waits for the kernel "Distributed Systems (TypeScript)" to be ready, runs all
//      cells (Jupyter.notebook.execute_all_cells()) and waits until every cell has answered and the
//      kernel is idle. The notebook FAILS when
//        - the kernel is not ready, or the run does not finish, within --timeout (default 240 s);
//        - a cell fails the course's rulebook (tools/lib/verdict.ts, the same for every runner):
//          an execute_reply status other than "ok" (tslab's "error", or "abort" just after one),
//          an `error` output, any stderr, or a non-empty code cell that never ran;
//        - a `div.ds-plot` on the page was not rendered by plotly (no `svg.main-svg`, or no trace
//          drawn), or there is no rendered plot at all in a notebook whose code calls plot(...) or
//          spaceTime(...);
//        - the page throws an uncaught error (pageerror);
//        - the page tries to save the notebook (it must not; see below).
//      A full-page screenshot goes to <out>/<notebook name>.png (default out: build/live-screenshots),
//      written after the notebook's kernel has shut down: nothing under the repo changes while a
//      kernel runs, because tslab's TypeScript file watcher can fail a cell with "Unexpected pending
//      rebuildTimer" when files change under it (if that shows up anyway, something else touched the
//      tree during the run; the report says so, and the notebook still FAILS).
//   3. The notebooks are never saved: autosave is switched off right after load, save_notebook and
//      save_checkpoint are replaced by stubs that refuse (a call counts as a failure), any write to
//      /api/contents is blocked, and the page is closed without saving; `git status notebooks/` stays clean. Each notebook's kernel is shut
//      down after its check; at the end (also on failure or Ctrl-C) every kernel is shut down, the
//      server is stopped (/api/shutdown, then SIGTERM/SIGKILL to its process group) and any
//      kernel process still alive that uses this run's runtime dir is killed. A small detached
//      watchdog does the same if this process itself is killed outright.
//
// Prints PASS/FAIL per notebook with its plot count and seconds, then the reasons; exits 1 if any
// notebook failed, 2 on bad usage or missing prerequisites (Chromium, Jupyter, kernelspec).

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, checkPlots, launchChromium, type PlotState } from "./lib/browser";
import { parseCli, positiveNumber, runMain, UsageError } from "./lib/cli";
import { findJupyter, freePort, isRoot, jupyterEnv, KERNEL, listNotebooks, NO_JUPYTER, REPO_ROOT as REPO } from "./lib/jupyter";
import { judgeNotebook, type CellFacts } from "./lib/verdict";

// Functions passed to page.evaluate run in the page; tsconfig has no DOM lib, hence globalThis.

const USAGE = "usage: npm run check:live -- [notebook.ipynb ...] [--out DIR] [--timeout SECONDS]";
const CALLS_PLOTS = /\b(plot|spaceTime)\s*\(/;
const TSLAB_WATCHER = "Unexpected pending rebuildTimer";

interface Server {
  proc: ChildProcess; port: number; token: string; base: string; runtimeDir: string; tmp: string; logFile: string;
  watchdog?: ChildProcess;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(server: Server, method: string, p: string, timeoutMs = 5_000): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.base}${p}`, {
    method, headers: { Authorization: `token ${server.token}` }, signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: any = text;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body };
}

async function startServer(jupyter: string): Promise<Server> {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ds-live-jupyter-"));
  const logFile = path.join(tmp, "jupyter-server.log");
  const runtimeDir = path.join(tmp, "runtime");
  const configDir = path.join(tmp, "config");
  mkdirSync(runtimeDir); mkdirSync(configDir);
  const args = [
    "notebook", "--no-browser", `--port=${port}`, "--ip=127.0.0.1", "--NotebookApp.port_retries=0",
    `--NotebookApp.token=${token}`, `--notebook-dir=${REPO}`, "--NotebookNotary.db_file=:memory:",
    // Opening a notebook lists its checkpoints, which creates <dir>/.ipynb_checkpoints; keep it out of the repo.
    `--FileCheckpoints.checkpoint_dir=${path.join(tmp, "checkpoints")}`,
  ];
  if (isRoot()) args.push("--allow-root");
  const env = { ...jupyterEnv(REPO), JUPYTER_RUNTIME_DIR: runtimeDir, JUPYTER_CONFIG_DIR: configDir };
  const log = openSync(logFile, "w");
  const proc = spawn(jupyter, args, { cwd: REPO, env, detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  const server: Server = { proc, port, token, base: `http://127.0.0.1:${port}`, runtimeDir, tmp, logFile };
  liveServer = server;
  server.watchdog = startWatchdog(server);
  let exited: string | null = null;
  proc.on("exit", (code, sig) => { exited = `exited with ${code ?? sig}`; });
  proc.on("error", (e) => { exited = `could not start: ${e.message}`; });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`jupyter notebook ${exited}; log:\n${tail(logFile)}`);
    try {
      if ((await api(server, "GET", "/api/status", 2_000)).status === 200) return server;
    } catch { /* not up yet */ }
    await sleep(250);
  }
  throw new Error(`jupyter notebook did not answer on port ${port} within 60 s; log:\n${tail(logFile)}`);
}

function tail(file: string, lines = 30): string {
  try { return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).map((l) => `    ${l}`).join("\n"); }
  catch { return "    (no log)"; }
}

let liveServer: Server | null = null;
let stopping: Promise<void> | null = null;
/** Where the server log is copied when the server stops (<out>/jupyter-server.log). */
let keepLogAt: string | null = null;

/** Stops the server and every kernel it started; safe to call more than once. */
function stopServer(): Promise<void> {
  const server = liveServer;
  if (!server) return Promise.resolve();
  if (stopping) return stopping;
  stopping = (async () => {
    const { proc } = server;
    const running = () => proc.exitCode === null && proc.signalCode === null;
    try {
      const kernels = await api(server, "GET", "/api/kernels");
      for (const k of Array.isArray(kernels.body) ? kernels.body : []) {
        await api(server, "DELETE", `/api/kernels/${k.id}`, 10_000).catch(() => {});
      }
      await api(server, "POST", "/api/shutdown").catch(() => {});
    } catch { /* server already gone */ }
    const waitExit = async (ms: number) => { const end = Date.now() + ms; while (running() && Date.now() < end) await sleep(100); };
    await waitExit(10_000);
    if (running()) { try { process.kill(-proc.pid!, "SIGTERM"); } catch { /* gone */ } await waitExit(5_000); }
    if (running()) { try { process.kill(-proc.pid!, "SIGKILL"); } catch { /* gone */ } await waitExit(2_000); }
    if (server.watchdog?.pid) { try { process.kill(server.watchdog.pid, "SIGKILL"); } catch { /* gone */ } }
    killStrayKernels(server.runtimeDir);
    if (keepLogAt) {
      try { mkdirSync(path.dirname(keepLogAt), { recursive: true }); copyFileSync(server.logFile, keepLogAt); } catch { /* no log */ }
    }
    rmSync(server.tmp, { recursive: true, force: true });
    liveServer = null;
  })();
  return stopping;
}

/** A detached sentinel that stops the server if this process dies without cleaning up (SIGKILL, or
 *  tsx killing its child when it does not answer a relayed Ctrl-C within 30 ms): it polls our pid,
 *  then SIGTERMs the server's process group, SIGKILLs it 5 s later, kills stray kernels of this
 *  run and removes the temp dir. stopServer() kills it (by pid) once cleanup is done. */
function startWatchdog(server: Server): ChildProcess | undefined {
  const script = `
    const fs = require("fs");
    const [ppid, pgid, runtimeDir, tmp] = process.argv.slice(1);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };
    const timer = setInterval(() => {
      if (alive(Number(ppid))) return;
      clearInterval(timer);
      try { process.kill(-Number(pgid), "SIGTERM"); } catch {}
      setTimeout(() => {
        try { process.kill(-Number(pgid), "SIGKILL"); } catch {}
        try {
          for (const p of fs.readdirSync("/proc")) {
            if (!/^[0-9]+$/.test(p) || Number(p) === process.pid) continue;
            try { if (fs.readFileSync("/proc/" + p + "/cmdline", "utf8").includes(runtimeDir)) process.kill(Number(p), "SIGKILL"); } catch {}
          }
        } catch {}
        try { fs.rmSync(tmp, { recursive: true, force: true }); } catch {}
      }, 5000);
    }, 500);`;
  try {
    const w = spawn(process.execPath, ["-e", script, String(process.pid), String(server.proc.pid), server.runtimeDir, server.tmp],
      { detached: true, stdio: "ignore" });
    w.unref();
    return w;
  } catch { return undefined; }
}

/** Kernels run in their own session (jupyter_client), so killing the server's group misses them if
 *  the server died hard; find them by this run's unique runtime dir in their command line. */
function killStrayKernels(runtimeDir: string): void {
  if (!existsSync("/proc")) return;
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(runtimeDir) && Number(pid) !== process.pid) process.kill(Number(pid), "SIGKILL");
    } catch { /* gone or not ours */ }
  }
}

/** Sync last resort on exit: the server's whole process group. */
process.on("exit", () => {
  if (liveServer && liveServer.proc.exitCode === null) {
    try { process.kill(-liveServer.proc.pid!, "SIGKILL"); } catch { /* gone */ }
    killStrayKernels(liveServer.runtimeDir);
  }
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (!stopping) console.error(`\n${sig}: stopping Jupyter`);
    stopServer().finally(() => process.exit(130));
  });
}

async function checkNotebook(browser: Browser, server: Server, file: string, outDir: string, timeoutMs: number):
  Promise<{ problems: string[]; notes: string[]; plots: number; png: string }> {
  const rel = path.relative(REPO, file).split(path.sep).join("/");
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1_000, deadline - Date.now());
  const problems: string[] = [];
  const notes: string[] = [];
  const blocked = new Set<string>();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // tsx (esbuild, keepNames) wraps named functions in __name(...); page.evaluate ships their source
  // into the page, where __name does not exist. Define a no-op one there.
  await context.addInitScript("globalThis.__name = globalThis.__name || function (f) { return f; };");
  const page: Page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.route("**/*", (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    if (url.host !== `127.0.0.1:${server.port}`) { blocked.add(`${url.origin}${url.pathname}`); return route.abort(); }
    if (url.pathname.startsWith("/api/contents") && req.method() !== "GET") {
      problems.push(`the page tried to write the notebook (${req.method()} ${url.pathname}); blocked`);
      return route.abort();
    }
    return route.continue();
  });
  let plots: PlotState[] = [];
  let sessionId: string | null = null;
  const png = path.join(outDir, path.basename(file).replace(/\.ipynb$/, "") + ".png");
  try {
    const url = `${server.base}/notebooks/${rel.split("/").map(encodeURIComponent).join("/")}?token=${server.token}`;
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: left() });
    await page.waitForFunction(() => { const J = (globalThis as any).Jupyter; return !!(J && J.notebook && J.notebook._fully_loaded); },
      undefined, { timeout: Math.min(60_000, left()) })
      .catch(() => { throw new Error("the notebook did not load (Jupyter.notebook._fully_loaded) within 60 s"); });

    // No saving, ever; record replies and kernel status for the wait below.
    await page.evaluate(() => {
      const g = globalThis as any;
      const nb = g.Jupyter.notebook;
      nb.set_autosave_interval(0);
      const refuse = (what: string) => () => { g.__dsLive.saveAttempts.push(what); return Promise.reject(new Error(`${what} disabled by check-live-jupyter`)); };
      g.__dsLive = { status: "unknown", lastActivity: Date.now(), replies: {}, saveAttempts: [], started: false };
      nb.save_notebook = refuse("save_notebook");
      nb.save_checkpoint = refuse("save_checkpoint");
      const onStatus = (name: string) => () => { g.__dsLive.status = name; g.__dsLive.lastActivity = Date.now(); };
      nb.events.on("kernel_busy.Kernel", onStatus("busy"));
      nb.events.on("kernel_idle.Kernel", onStatus("idle"));
      nb.events.on("kernel_dead.Kernel kernel_dead.Session", onStatus("dead"));
      nb.events.on("kernel_restarting.Kernel", onStatus("restarting"));
      nb.get_cells().forEach((cell: any, i: number) => {
        if (cell.cell_type !== "code") return;
        const orig = cell._handle_execute_reply;
        cell._handle_execute_reply = function (msg: any) {
          g.__dsLive.replies[i] = msg && msg.content ? String(msg.content.status) : "?";
          g.__dsLive.lastActivity = Date.now();
          return orig.apply(this, arguments as any);
        };
      });
    });

    await page.waitForFunction((name) => {
      const nb = (globalThis as any).Jupyter.notebook;
      const k = nb.kernel;
      return !!(k && k.name === name && k.is_connected() && k.info_reply && k.info_reply.protocol_version);
    }, KERNEL.name, { timeout: Math.min(120_000, left()) }).catch(async () => {
      const what = await page.evaluate(() => {
        const nb = (globalThis as any).Jupyter.notebook;
        return `kernel ${nb.kernel ? `"${nb.kernel.name}", connected: ${nb.kernel.is_connected()}` : "not started"}`;
      }).catch(() => "?");
      throw new Error(`the kernel "${KERNEL.display_name}" was not ready in time (${what})`);
    });
    const kinfo = await page.evaluate(() => {
      const J = (globalThis as any).Jupyter;
      const name = J.notebook.kernel.name;
      const spec = J.kernelselector && J.kernelselector.kernelspecs && J.kernelselector.kernelspecs[name];
      return { name, display: spec ? spec.spec.display_name : J.notebook.metadata.kernelspec?.display_name, session: J.notebook.session?.id ?? null };
    });
    sessionId = kinfo.session;
    if (kinfo.display !== KERNEL.display_name) problems.push(`kernel display name is "${kinfo.display}", expected "${KERNEL.display_name}"`);

    await page.evaluate(() => {
      const g = globalThis as any;
      g.__dsLive.started = true; g.__dsLive.lastActivity = Date.now();
      g.Jupyter.notebook.execute_all_cells();
    });
    // Done when every non-empty code cell got its execute_reply and the kernel is idle; or, after a
    // failure (later cells may be aborted and never answer), when nothing has happened for 5 s.
    const finished = await page.waitForFunction(() => {
      const g = globalThis as any;
      const s = g.__dsLive;
      const cells = g.Jupyter.notebook.get_cells()
        .map((c: any, i: number) => ({ c, i }))
        .filter(({ c }: any) => c.cell_type === "code" && c.get_text().trim().length > 0);
      const allReplied = cells.every(({ i }: any) => s.replies[i] !== undefined);
      const running = g.document.querySelectorAll(".cell.code_cell.running").length;
      const quiet = Date.now() - s.lastActivity;
      if (s.status === "dead") return true;
      if (allReplied && running === 0 && s.status === "idle" && quiet > 300) return true;
      const failed = Object.values(s.replies).some((st) => st !== "ok");
      return failed && s.status === "idle" && quiet > 5_000;
    }, undefined, { timeout: left(), polling: 250 }).then(() => true, () => false);
    if (!finished) problems.push(`the run did not finish within ${timeoutMs / 1000} s`);

    const state = await page.evaluate(() => {
      const g = globalThis as any;
      const s = g.__dsLive;
      const cells: CellFacts[] = [];
      g.Jupyter.notebook.get_cells().forEach((c: any, i: number) => {
        if (c.cell_type !== "code") return;
        const prompt = c.input_prompt_number;
        cells.push({
          index: i, source: c.get_text(), reply: s.replies[i] ?? null,
          executionCount: typeof prompt === "number" ? prompt : null,
          outputs: JSON.parse(JSON.stringify((c.output_area && c.output_area.outputs) || [])),
        });
      });
      return { cells, status: s.status, saveAttempts: s.saveAttempts as string[] };
    });
    if (state.status === "dead") problems.push("the kernel died");
    for (const a of state.saveAttempts) problems.push(`the page called ${a}() (blocked)`);
    const verdict = judgeNotebook(rel, state.cells);
    if (verdict.failure) problems.push(verdict.failure);

    // Plots: wait (briefly) until every div.ds-plot holds an svg.main-svg, then inspect each.
    const checked = await checkPlots(page, Math.min(30_000, left()));
    plots = checked.plots;
    problems.push(...checked.problems);
    const rendered = plots.filter((p) => p.rendered && p.traces > 0).length;
    if (CALLS_PLOTS.test(state.cells.map((c) => c.source).join("\n")) && rendered === 0) problems.push("the notebook calls plot()/spaceTime() but no plot was rendered on the page");

    // Screenshot of the whole notebook: classic Notebook scrolls inside #site, so let it grow.
    await page.addStyleTag({ content:
      "html, body { height: auto !important; overflow: visible !important; }" +
      " #site { height: auto !important; overflow: visible !important; }" +
      " #MathJax_Message { display: none !important; }" }).catch(() => {});
    await page.waitForTimeout(300);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (blocked.size) notes.push(`blocked requests to other hosts: ${[...blocked].slice(0, 5).join(", ")}${blocked.size > 5 ? ", …" : ""}`);
  const shot = await page.screenshot({ fullPage: true, timeout: 60_000 })
    .catch((e) => { problems.push(`screenshot failed: ${e.message}`); return null; });
  // Close without saving; then shut this notebook's kernel down.
  await page.evaluate(() => { const J = (globalThis as any).Jupyter; if (J && J.notebook) J.notebook.dirty = false; }).catch(() => {});
  await page.close({ runBeforeUnload: false }).catch(() => {});
  await context.close().catch(() => {});
  if (sessionId) await api(server, "DELETE", `/api/sessions/${sessionId}`, 15_000).catch(() => {});
  // Written only now that the kernel is gone: tslab's TypeScript watcher reacts to files changing
  // under the repo (see TSLAB_WATCHER below), and <out> is usually inside it.
  if (shot) { mkdirSync(outDir, { recursive: true }); writeFileSync(png, shot); }
  if (problems.some((p) => p.includes(TSLAB_WATCHER))) {
    notes.push(`"${TSLAB_WATCHER}" is tslab's TypeScript file watcher tripping over a file that changed in the ` +
      "repository while the kernel ran (an editor, git, another run); not the notebook's fault: re-run when the tree is quiet");
  }
  return { problems, notes, plots: plots.length, png };
}

async function main(): Promise<number> {
  const { values: o, positionals } = parseCli(USAGE, { out: { type: "string" }, timeout: { type: "string" } });
  const outDir = path.resolve(o.out ?? "build/live-screenshots");
  const timeoutMs = (positiveNumber(o.timeout, "--timeout", USAGE) ?? 240) * 1000;
  const files = positionals.length ? positionals.map((f) => path.resolve(f)) : listNotebooks(REPO);
  if (!files.length) { console.log("no notebooks found in notebooks/; nothing to check"); return 0; }
  for (const f of files) {
    if (!f.endsWith(".ipynb") || !existsSync(f)) throw new UsageError(`not a notebook: ${f}`, USAGE);
    const rel = path.relative(REPO, f);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw new UsageError(`${f} is outside the repository ${REPO} (Jupyter serves only the repo)`, USAGE);
  }
  if (!existsSync(CHROMIUM)) { console.error(`Chromium not found at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)`); return 2; }
  const jupyter = findJupyter();
  if (!jupyter) { console.error(NO_JUPYTER); return 2; }
  const version = spawnSync(jupyter, ["notebook", "--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
  if (!/^6\./.test(version)) {
    console.error(`${jupyter} runs Jupyter Notebook "${version || "?"}"; this check drives classic Notebook 6 (Debian's jupyter-notebook). Set JUPYTER to such a jupyter.`);
    return 2;
  }
  if (!existsSync(path.join(REPO, ".jupyter", "kernels", KERNEL.name, "kernel.json"))) {
    console.error(`kernelspec ${KERNEL.name} not found in ${path.join(REPO, ".jupyter", "kernels")}; run \`npm run kernel:install\` first`);
    return 2;
  }

  const logFile = path.join(outDir, "jupyter-server.log");
  keepLogAt = logFile;
  const failures: string[] = [];
  let browser: Browser | null = null;
  try {
    const t0 = Date.now();
    const server = await startServer(jupyter);
    const specs = await api(server, "GET", "/api/kernelspecs");
    const spec = specs.body?.kernelspecs?.[KERNEL.name];
    if (!spec) { console.error(`Jupyter does not see the kernel ${KERNEL.name}; run \`npm run kernel:install\``); return 2; }
    console.log(`Jupyter ${jupyter} on port ${server.port} (${((Date.now() - t0) / 1000).toFixed(1)}s); kernel "${spec.spec.display_name}"`);
    // Our own SIGINT/SIGTERM handler stops Jupyter first; Playwright's would process.exit(130) midway.
    browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    for (const file of files) {
      const t1 = Date.now();
      const r = await checkNotebook(browser, server, file, outDir, timeoutMs);
      const secs = ((Date.now() - t1) / 1000).toFixed(1);
      const rel = path.relative(REPO, file);
      console.log(`${r.problems.length ? "FAIL" : "PASS"}  ${rel}  ${r.plots} plot(s)  ${secs}s  -> ${path.relative(process.cwd(), r.png)}`);
      for (const n of r.notes) console.log(`      note: ${n}`);
      if (r.problems.length) failures.push(`${rel}:\n${r.problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    if (failures.length) {
      console.log(`\n${failures.length} of ${files.length} notebook(s) failed:\n\n${failures.join("\n\n")}\n\n(server log: ${path.relative(process.cwd(), logFile)})`);
      return 1;
    }
    console.log(`all ${files.length} notebook(s) passed`);
    return 0;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopServer();
  }
}

runMain(main);
