// tools/notebook-runner.ts: runs a course notebook on the course kernel, with nothing but Node.
//
// Why this runner exists beside real Jupyter: `npm test` must run every notebook on a machine that
// has Node and nothing else (no Python, no Jupyter), fast, and several at a time. So it speaks the
// Jupyter messaging protocol itself: runNotebook(path, options) starts tools/kernel.mjs (tslab at
// the workdir root) on a fresh connection file (free localhost ports, random HMAC key), talks to it
// over zeromq (shell + control DEALER, iopub SUB, HMAC-SHA256 signed), waits for a
// kernel_info_reply, then executes every code cell in order, one kernel per notebook.
//
// For each cell it records the execute_reply status, the execution_count and the outputs (nbformat
// shape), and judges them with the course's one rulebook, tools/lib/verdict.ts (errors, aborts, any
// stderr, error outputs, timeouts, a dead kernel, cells never run). The run stops at the first
// failing cell; the cells after it stay "not-run". The per-cell timeout (default 60 s) kills the
// kernel; a kernel gets 180 s to start (loaded machines are slow), and is started again on other
// ports (up to 3 times) when one of its ports was taken meanwhile. Empty code cells are skipped.
// The kernel is always shut down (shutdown_request, then SIGKILL if it lingers); kernels still
// alive when this process exits are killed too.
//
// Options: workdir (a directory holding lib/, exercises/, notebooks/, tools/, node_modules/; the
// kernel runs there; default: this repository), timeoutMs, startupTimeoutMs, outPath (write the
// executed notebook, outputs included), onCell (progress callback), compileCache (a folder: kernels
// given the same one compile each kit file once between them, tools/tslab-cache.cjs).
//
// runNotebooks(jobs, concurrency) runs several notebooks, at most `concurrency` kernels at a time
// (each kernel is a process of its own, so this is real parallelism), results in job order; with a
// compileCache, the other kernels start once the first has compiled the kit;
// defaultConcurrency() is 2 (1 on a one-core machine), or $DS_NOTEBOOK_JOBS.
//
// copyKit("as-is" | "solutions") builds a temp copy of the kit, its exercises/ as they are or with
// the reference solutions over them; run notebooks there with { workdir: dir }, then cleanup().
//
// CLI: tools/run-notebooks.ts (npm run notebooks). Tests: test/notebooks.test.ts,
// test/notebook-runner.test.ts.

import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import * as zmq from "zeromq";
import { freePort, KERNEL, REPO_ROOT } from "./lib/jupyter";
import { cellStatus, judgeNotebook, type CellFacts, type CellStatus, type Output } from "./lib/verdict";

// ---------------------------------------------------------------------------------------------
// Types

export interface CellRun extends CellFacts {
  status: CellStatus;
  seconds: number;
}

export interface NotebookRun {
  path: string;
  ok: boolean;
  /** Why the run failed (notebook, cell, source head, stderr); undefined when ok. */
  failure?: string;
  cells: CellRun[];
  seconds: number;
  /** The notebook with outputs and execution counts filled in. */
  notebook: Notebook;
  /** What the kernel process itself printed (diagnostics when the kernel dies). */
  kernelLog: string;
  /** The kernel's process id (gone by the time the run is returned). */
  kernelPid?: number;
}

export interface RunOptions {
  /** Directory with lib/, exercises/, notebooks/, tools/ (and node_modules/). Default: repo root. */
  workdir?: string;
  /** Per-cell timeout in ms (default 60 000). On timeout the kernel is killed. */
  timeoutMs?: number;
  /** Kernel startup timeout in ms (default 180 000: generous, for loaded machines). */
  startupTimeoutMs?: number;
  /** Write the executed notebook (with outputs) here. */
  outPath?: string;
  /** Called after each code cell finishes. */
  onCell?: (cell: CellRun) => void;
  /** A folder where kernels share tslab's compile of the kit's files (tools/tslab-cache.cjs). */
  compileCache?: string;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, any>;
  cells: Array<{ cell_type: string; source: string | string[]; outputs?: Output[]; execution_count?: number | null; [k: string]: unknown }>;
}

interface Msg {
  header: { msg_id: string; msg_type: string; [k: string]: unknown };
  parent_header: { msg_id?: string; [k: string]: unknown };
  metadata: Record<string, unknown>;
  content: any;
}

// ---------------------------------------------------------------------------------------------
// Kernel client

const DELIM = "<IDS|MSG>";
const live = new Set<ChildProcess>();
process.once("exit", () => { for (const p of live) try { p.kill("SIGKILL"); } catch { /* gone */ } });

class Waiter<T> {
  private resolve!: (v: T) => void;
  readonly promise: Promise<T>;
  constructor() { this.promise = new Promise<T>((r) => (this.resolve = r)); }
  done(v: T) { this.resolve(v); }
}

type Listener = (m: Msg) => void;

// Two ways a kernel start fails for good, both more likely when many kernels start at once on a
// busy machine; the kernel then never answers, so it is started again on other ports:
//   - a port freePort() found free is taken by another process before the kernel binds it: the
//     kernel logs EADDRINUSE;
//   - a request arrives while tslab is still binding its sockets: its reply fails with zeromq's
//     EBUSY ("Socket is blocked by a bind or unbind operation"), an unhandled rejection that ends
//     tslab's message loop (seen in a fresh clone's `npm test`, the kernel silent for 180 s).
const START_FAILED = /EADDRINUSE|Address already in use|Socket is blocked by a bind or unbind operation/;
class StartFailed extends Error {}
const START_ATTEMPTS = 3;

/** A minimal Jupyter client for one kernel process. */
export class KernelClient {
  private key = randomBytes(32).toString("hex");
  private session = randomUUID();
  private shell = new zmq.Dealer({ linger: 0 });
  private control = new zmq.Dealer({ linger: 0 });
  private iopub = new zmq.Subscriber({ linger: 0 });
  private shellListeners = new Map<string, Listener>();
  private iopubListeners = new Map<string, Listener>();
  private tmp = mkdtempSync(path.join(os.tmpdir(), "ds-kernel-"));
  private proc: ChildProcess | null = null;
  private exited = false;
  private exitWaiter = new Waiter<void>();
  log = "";

  /** compileCache: a folder shared by kernels compiling the same files (tools/tslab-cache.cjs). */
  constructor(private workdir: string, private compileCache?: string) {}

  get pid() { return this.proc?.pid; }

  async start(timeoutMs: number): Promise<void> {
    const ports = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
    const conn = {
      transport: "tcp", ip: "127.0.0.1", signature_scheme: "hmac-sha256", key: this.key,
      shell_port: ports[0], iopub_port: ports[1], control_port: ports[2], stdin_port: ports[3], hb_port: ports[4],
      kernel_name: KERNEL.name,
    };
    const connFile = path.join(this.tmp, "kernel.json");
    writeFileSync(connFile, JSON.stringify(conn));
    const launcher = path.join(this.workdir, "tools", "kernel.mjs");
    if (!existsSync(launcher)) throw new Error(`no kernel launcher at ${launcher}`);
    const preload = this.compileCache ? ["--require", path.join(REPO_ROOT, "tools", "tslab-cache.cjs")] : [];
    const env = this.compileCache ? { ...process.env, DS_TSLAB_CACHE: this.compileCache } : process.env;
    const proc = spawn(process.execPath, [...preload, launcher, connFile], { cwd: this.workdir, env, stdio: ["ignore", "pipe", "pipe"] });
    this.proc = proc;
    live.add(proc);
    proc.stdout!.on("data", (d) => (this.log += d));
    proc.stderr!.on("data", (d) => (this.log += d));
    proc.on("exit", (code, signal) => {
      this.exited = true;
      live.delete(proc);
      this.log += `\n[kernel exited: code ${code}, signal ${signal}]`;
      this.exitWaiter.done();
    });

    const addr = (p: number) => `tcp://127.0.0.1:${p}`;
    this.shell.connect(addr(conn.shell_port));
    this.control.connect(addr(conn.control_port));
    this.iopub.connect(addr(conn.iopub_port));
    this.iopub.subscribe();
    this.pump(this.shell, this.shellListeners);
    this.pump(this.control, this.shellListeners);
    this.pump(this.iopub, this.iopubListeners);

    // kernel_info handshake. Retry until both the reply and its iopub status arrive: the SUB
    // socket misses whatever the kernel publishes before the subscription has propagated.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`kernel exited during startup:\n${this.log.trim()}`);
      if (START_FAILED.test(this.log)) throw new StartFailed(this.log.trim());
      const id = this.send(this.shell, "kernel_info_request", {});
      const reply = new Waiter<boolean>();
      const status = new Waiter<boolean>();
      this.shellListeners.set(id, (m) => { if (m.header.msg_type === "kernel_info_reply") reply.done(true); });
      this.iopubListeners.set(id, (m) => { if (m.header.msg_type === "status") status.done(true); });
      const got = await Promise.race([
        Promise.all([reply.promise, status.promise]).then(() => true),
        sleep(Math.min(1000, Math.max(0, deadline - Date.now()))).then(() => false),
        this.exitWaiter.promise.then(() => false),
      ]);
      if (got) return; // later duplicate replies to queued requests are ignored (no listener)
    }
    throw new Error(`kernel did not answer kernel_info_request within ${timeoutMs} ms:\n${this.log.trim()}`);
  }

  /** Executes code; resolves when both the execute_reply and the iopub idle status arrived. */
  async execute(code: string, timeoutMs: number, onOutput: (m: Msg) => void):
      Promise<{ reply: Msg | null; timedOut: boolean; died: boolean }> {
    const id = this.send(this.shell, "execute_request", {
      code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true,
    });
    const replyW = new Waiter<Msg>();
    const idleW = new Waiter<void>();
    this.shellListeners.set(id, (m) => { if (m.header.msg_type === "execute_reply") replyW.done(m); });
    this.iopubListeners.set(id, (m) => {
      if (m.header.msg_type === "status") { if (m.content.execution_state === "idle") idleW.done(); }
      else onOutput(m);
    });
    let reply: Msg | null = null;
    const both = Promise.all([replyW.promise.then((r) => (reply = r)), idleW.promise]).then(() => "done" as const);
    const result = await Promise.race([
      both,
      sleep(timeoutMs).then(() => "timeout" as const),
      this.exitWaiter.promise.then(() => sleep(50)).then(() => "died" as const),
    ]);
    this.shellListeners.delete(id);
    this.iopubListeners.delete(id);
    return { reply, timedOut: result === "timeout", died: result === "died" };
  }

  /** shutdown_request on control, wait briefly, then SIGKILL; closes sockets. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.proc && !this.exited) {
      try {
        this.send(this.control, "shutdown_request", { restart: false });
        await Promise.race([this.exitWaiter.promise, sleep(2000)]);
      } catch { /* fall through to kill */ }
      if (!this.exited) {
        this.proc.kill("SIGKILL");
        await Promise.race([this.exitWaiter.promise, sleep(2000)]);
      }
    }
    for (const s of [this.shell, this.control, this.iopub]) try { s.close(); } catch { /* closed */ }
    rmSync(this.tmp, { recursive: true, force: true });
  }

  kill() { if (this.proc && !this.exited) this.proc.kill("SIGKILL"); }

  private sign(parts: string[]): string {
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  private send(sock: zmq.Dealer, msgType: string, content: unknown): string {
    const msgId = randomUUID();
    const header = { msg_id: msgId, msg_type: msgType, session: this.session, username: "runner", date: new Date().toISOString(), version: "5.3" };
    const parts = [JSON.stringify(header), "{}", "{}", JSON.stringify(content)];
    sock.send([DELIM, this.sign(parts), ...parts]).catch(() => { /* socket closed */ });
    return msgId;
  }

  private async pump(sock: zmq.Dealer | zmq.Subscriber, listeners: Map<string, Listener>) {
    try {
      for await (const frames of sock) {
        const strs = frames.map((f) => f.toString("utf8"));
        const i = strs.indexOf(DELIM);
        if (i < 0 || strs.length < i + 6) continue;
        const parts = strs.slice(i + 2, i + 6);
        if (this.sign(parts) !== strs[i + 1]) { this.log += "\n[runner: dropped a message with a bad signature]"; continue; }
        const msg: Msg = { header: JSON.parse(parts[0]), parent_header: JSON.parse(parts[1]), metadata: JSON.parse(parts[2]), content: JSON.parse(parts[3]) };
        const parent = msg.parent_header?.msg_id;
        if (parent) listeners.get(parent)?.(msg);
      }
    } catch { /* socket closed */ }
  }
}

function sleep(ms: number) { return new Promise<void>((r) => setTimeout(r, ms).unref?.()); }

// ---------------------------------------------------------------------------------------------
// Notebook execution

const sourceOf = (cell: { source: string | string[] }) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source ?? "");

/** Appends an iopub message to a cell's outputs in nbformat shape. */
function addOutput(outputs: Output[], m: Msg, displayIds: Map<string, Output[]>) {
  const c = m.content;
  switch (m.header.msg_type) {
    case "stream": {
      const last = outputs[outputs.length - 1];
      if (last && last.output_type === "stream" && last.name === c.name) last.text += c.text;
      else outputs.push({ output_type: "stream", name: c.name, text: c.text });
      break;
    }
    case "display_data": {
      const o: Output = { output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} };
      outputs.push(o);
      const did = c.transient?.display_id;
      if (did) (displayIds.get(did) ?? displayIds.set(did, []).get(did)!).push(o);
      break;
    }
    case "update_display_data": {
      for (const o of displayIds.get(c.transient?.display_id) ?? []) {
        if (o.output_type === "display_data") { o.data = c.data ?? {}; o.metadata = c.metadata ?? {}; }
      }
      break;
    }
    case "execute_result":
      outputs.push({ output_type: "execute_result", data: c.data ?? {}, metadata: c.metadata ?? {}, execution_count: c.execution_count ?? null });
      break;
    case "error":
      outputs.push({ output_type: "error", ename: c.ename ?? "Error", evalue: c.evalue ?? "", traceback: c.traceback ?? [] });
      break;
    case "clear_output":
      outputs.length = 0;
      break;
  }
}

function readNotebook(nbPath: string): Notebook {
  return JSON.parse(readFileSync(nbPath, "utf8"));
}

function writeNotebook(nbPath: string, nb: Notebook) {
  mkdirSync(path.dirname(path.resolve(nbPath)), { recursive: true });
  writeFileSync(nbPath, JSON.stringify(nb, null, 1) + "\n");
}

export async function runNotebook(nbPath: string, options: RunOptions = {}): Promise<NotebookRun> {
  const t0 = Date.now();
  const workdir = path.resolve(options.workdir ?? REPO_ROOT);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const executed: Notebook = readNotebook(nbPath);
  const cells: CellRun[] = [];
  executed.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    cell.outputs = [];
    cell.execution_count = null;
    cells.push({ index, source: sourceOf(cell), reply: null, executionCount: null, outputs: cell.outputs, status: "not-run", seconds: 0 });
  });

  let kernel = new KernelClient(workdir, options.compileCache);
  let runError: string | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await kernel.start(options.startupTimeoutMs ?? 180_000);
        break;
      } catch (e) {
        if (!(e instanceof StartFailed) || attempt === START_ATTEMPTS) throw e;
        await kernel.shutdown(); // and start again on other ports
        kernel = new KernelClient(workdir, options.compileCache);
      }
    }
    for (const cell of cells) {
      if (cellStatus(cell).status === "skipped") { cell.status = "skipped"; continue; }
      const tc = Date.now();
      const displayIds = new Map<string, Output[]>();
      const { reply, timedOut, died } = await kernel.execute(cell.source, timeoutMs, (m) => addOutput(cell.outputs, m, displayIds));
      cell.seconds = (Date.now() - tc) / 1000;
      if (reply) {
        cell.reply = reply.content.status ?? null;
        cell.executionCount = reply.content.execution_count ?? null;
        executed.cells[cell.index].execution_count = cell.executionCount;
      }
      if (timedOut) { cell.timedOutAfter = timeoutMs / 1000; kernel.kill(); }
      else if (died || !reply) cell.kernelDied = kernel.log;
      cell.status = cellStatus(cell).status;
      options.onCell?.(cell);
      if (cell.status !== "ok") break;
    }
  } catch (e) {
    runError = (e as Error).message;
  } finally {
    await kernel.shutdown();
  }

  const verdict = judgeNotebook(nbPath, cells, runError);
  verdict.statuses.forEach((s, i) => (cells[i].status = s));
  if (options.outPath) writeNotebook(options.outPath, executed);
  return { path: nbPath, ok: verdict.ok, failure: verdict.failure, cells, seconds: (Date.now() - t0) / 1000, notebook: executed, kernelLog: kernel.log, kernelPid: kernel.pid };
}

/** Kernels to run at once: $DS_NOTEBOOK_JOBS if set, else 2, or 1 on a one-core machine. */
export function defaultConcurrency(): number {
  const fromEnv = Number(process.env.DS_NOTEBOOK_JOBS);
  return fromEnv >= 1 ? Math.floor(fromEnv) : Math.min(2, os.availableParallelism());
}

/**
 * Runs notebooks with at most `concurrency` kernels at a time: one promise per job, in job order.
 * When the first job has a compileCache, the others wait until its first code cell has run (a
 * notebook's first cell imports the kit), so that they reuse its compile instead of repeating it.
 */
export function runNotebooks(jobs: Array<{ path: string; options?: RunOptions }>, concurrency: number): Promise<NotebookRun>[] {
  let slots = Math.max(1, concurrency);
  const queue: Array<() => void> = [];
  const acquire = () => (slots > 0 ? (slots--, Promise.resolve()) : new Promise<void>((r) => queue.push(r)));
  const release = () => { const next = queue.shift(); if (next) next(); else slots++; };
  const warmed = new Waiter<void>();
  if (!jobs[0]?.options?.compileCache) warmed.done();
  return jobs.map(async (job, i) => {
    const options = i === 0 ? { ...job.options, onCell: (cell: CellRun) => { warmed.done(); job.options?.onCell?.(cell); } } : job.options;
    if (i > 0) await warmed.promise;
    await acquire();
    try { return await runNotebook(job.path, options); } finally { if (i === 0) warmed.done(); release(); }
  });
}

// ---------------------------------------------------------------------------------------------
// Copies of the kit to run notebooks in

/**
 * A temp copy of the kit (lib/, tools/, notebooks/, test/, exercises/, package.json, tsconfig.json,
 * vitest configs; node_modules symlinked) to run notebooks in, so that nothing a student, an editor
 * or another test does to the working tree meanwhile can change a run or trip tslab's file watcher.
 * exercises/ holds the files as they are, or, with "solutions", solutions/*.ts copied over them (a
 * student who finished). Call cleanup() when done.
 */
export interface KitCopy { dir: string; cleanup: () => void }

export function copyKit(exercises: "as-is" | "solutions", repoRoot: string = REPO_ROOT): KitCopy {
  const root = path.resolve(repoRoot);
  const dir = mkdtempSync(path.join(os.tmpdir(), `ds-kit-${exercises}-`));
  const entries = ["lib", "tools", "notebooks", "test", "exercises", "package.json", "tsconfig.json"];
  for (const name of readdirSync(root)) if (/^vitest\.([\w-]+\.)?(config|workspace)\./.test(name)) entries.push(name);
  for (const name of entries) {
    const src = path.join(root, name);
    if (existsSync(src)) cpSync(src, path.join(dir, name), { recursive: true });
  }
  mkdirSync(path.join(dir, "exercises"), { recursive: true });
  const solutions = path.join(root, "solutions");
  if (exercises === "solutions" && existsSync(solutions)) {
    for (const name of readdirSync(solutions)) {
      if (name.endsWith(".ts")) cpSync(path.join(solutions, name), path.join(dir, "exercises", name));
    }
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
