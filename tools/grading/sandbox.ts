/**
 * The referee's side of the sandbox: starts the untrusted child (tools/grading/sandbox-child.ts),
 * hands it the modules, asks for runs and gets plain data back. Nothing here loads student code.
 *
 *   const sandbox = await Sandbox.start(bundle, { memoryMb: 512, loadTimeoutMs: 10_000, runDataMb: 8, requestDataMb: 32, cpuSeconds: 600 });
 *   if ("error" in sandbox) ...                 // the student's file failed to load, or hung
 *   const answer = await sandbox.run("safety", [{ seed: 7, schedule }], 30_000);
 *   // { runs: [{ seed, data, size } | { seed, error }] }
 *   // | { failure: "timeout" | "memory" | "crash", seed?, message }   (the child is gone then)
 *   await sandbox.close();
 *
 * The data a sandbox may hand over is bounded: each run's data at most `runDataMb` (serialized),
 * one request's runs together at most `requestDataMb`. A run over either limit comes back as an
 * error saying so ("this run returned 12.3 MB of data, limit 8 MB per run"): the child sends only the size
 * of such data, and this side checks every size again before deserializing anything.
 *
 * The child runs `node -e` in a process group of its own (`detached`), with Node's permission model
 * on and nothing allowed (no file read but its prelude, tools/grading/sandbox-prelude.cjs, which
 * runs first; no file write, no child process, no worker), frozen intrinsics,
 * no code generation from strings, an empty environment, `--max-old-space-size` (`memoryMb`), a
 * cap on its writable memory outside that heap too (`ulimit -d`, twice `memoryMb` plus 512 MB:
 * typed arrays and Buffers live outside V8's heap, and without it one sandbox filled 3 GB with
 * them; past the cap an allocation throws "Array buffer allocation failed" in the student's code),
 * and a cap on its CPU time (`cpuSeconds`, set with `ulimit -t` by /bin/sh before it execs node): the kernel sends
 * SIGXCPU to a child that passes it, and SIGKILL 5 s of CPU later, even when this process is gone
 * (SIGKILLed, or its terminal closed), so a student's infinite loop never outlives the grading as
 * an orphan. A request that does not answer in time, or a child that dies, ends with SIGKILL to the whole group;
 * `whenAllGone()` resolves once every child this process started has exited, which is when grade
 * files may be written.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { deserialize } from "node:v8";
import { transpile } from "./bundle";

export interface Bundle {
  /** JavaScript text of every module, keyed by its path in the kit ("lib/sim/node.ts"). */
  files: Record<string, string>;
  /** Kit modules loaded (and frozen) first; the last exports `scenarios`. */
  kit: string[];
  /** The student's module ("exercises/00-flood.ts"). */
  exercise: string;
}

/** `dropped`: where the sandbox removed functions from data that was not plain (the scenario's bug). */
/** `size`: the data's serialized bytes (what it costs the referee to keep). */
export type RunResult = { seed: number; data: unknown; size: number; dropped?: string[] } | { seed: number; error: string };
type PackedRun = { seed: number; bytes: Uint8Array; dropped?: string[] } | { seed: number; oversize: number; atLeast?: boolean } | { seed: number; error: string };

export interface SandboxOptions {
  memoryMb: number;
  loadTimeoutMs: number;
  /** Serialized data one run may return (MB). */
  runDataMb: number;
  /** Serialized data the runs of one request may return together (MB). */
  requestDataMb: number;
  /** CPU time the child may use over its whole life (s); the kernel kills it past that. */
  cpuSeconds: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);
export type RunAnswer = { runs: RunResult[] } | { failure: "timeout" | "memory" | "crash"; seed?: number; message: string };

const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
/** Runs before the built-ins are frozen (RegExp's legacy statics, Buffer's pool): the one file the child may read. */
const PRELUDE = fs.realpathSync(path.join(__dirname, "sandbox-prelude.cjs"));
const live = new Set<ChildProcess>();

/** The child's writable memory in all (KB, for `ulimit -d`): its heap twice over, plus 512 MB for the rest. */
function dataLimitKb(memoryMb: number): number {
  return (2 * memoryMb + 512) * 1024;
}
let childSource: string | undefined;

function source(): string {
  childSource ??= transpile(fs.readFileSync(path.join(__dirname, "sandbox-child.ts"), "utf8"), "sandbox-child.ts");
  return childSource;
}

/** Resolves when no sandbox started by this process is still running. */
export async function whenAllGone(): Promise<void> {
  await Promise.all([...live].map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)))));
}

/** Kills every sandbox's process group at once (when the grading process itself is stopped). */
export function killAll(): void {
  for (const child of live) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** The pids of sandboxes still running (for tests that prove none is left behind). */
export function livePids(): number[] {
  return [...live].map((c) => c.pid!).filter(Boolean);
}

export class Sandbox {
  private nextId = 1;
  private stderr = "";
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: SandboxOptions,
  ) {
    live.add(child);
    this.exited = new Promise((resolve) =>
      child.once("exit", () => {
        live.delete(child);
        resolve();
      }),
    );
    const keep = (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-16_384));
    child.stderr!.on("data", keep);
    child.stdout!.on("data", () => {}); // a student's console.log: drained, never shown to the referee
  }

  /** Starts a child and loads the bundle in it: a Sandbox, or why the student's module did not load. */
  static async start(bundle: Bundle, options: SandboxOptions): Promise<Sandbox | { error: string }> {
    const child = spawn(
      "/bin/sh",
      ["-c", 'ulimit -S -t "$1" && ulimit -H -t "$(($1 + 5))" && ulimit -d "$2" && shift 2 && exec "$@"', "sh", String(options.cpuSeconds), String(dataLimitKb(options.memoryMb)), process.execPath, PERMISSION_FLAG, `--allow-fs-read=${PRELUDE}`, "-r", PRELUDE, "--frozen-intrinsics", "--disallow-code-generation-from-strings", `--max-old-space-size=${options.memoryMb}`, "--no-warnings", "-e", source()],
      { detached: true, env: {}, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "advanced", cwd: path.parse(process.cwd()).root },
    );
    const sandbox = new Sandbox(child, options);
    const hung = `did not finish loading within ${options.loadTimeoutMs / 1000} s (an infinite loop at import?)`;
    const answer = await sandbox.request<{ type: string; error?: string }>({ type: "load", ...bundle }, options.loadTimeoutMs, (m) => m.type === "loaded", hung);
    if ("failure" in answer) return { error: `your file ${bundle.exercise} ${answer.message}` };
    if (answer.value.error) {
      await sandbox.close();
      return { error: answer.value.error };
    }
    return sandbox;
  }

  /** Runs `scenario` on each (seed, schedule) in the child, within `timeoutMs` for them all. */
  async run(scenario: string, runs: Array<{ seed: number; schedule: unknown | null }>, timeoutMs: number): Promise<RunAnswer> {
    const id = this.nextId++;
    const limits = { runBytes: this.options.runDataMb * MB, totalBytes: this.options.requestDataMb * MB };
    const answer = await this.request<{ type: string; id: number; runs: PackedRun[] }>({ type: "run", id, scenario, runs, limits }, timeoutMs, (m) => m.type === "result" && m.id === id);
    if ("failure" in answer) return answer;
    let total = 0;
    return {
      runs: answer.value.runs.map((r): RunResult => {
        if ("error" in r) return { seed: r.seed, error: String(r.error) };
        const size = "oversize" in r ? r.oversize : r.bytes.byteLength;
        if (size > limits.runBytes || ("oversize" in r && r.atLeast)) return { seed: r.seed, error: `this run returned ${"oversize" in r && r.atLeast ? "more than " : ""}${mb(size)} MB of data, limit ${this.options.runDataMb} MB per run: does something your nodes keep, send or report grow without bound?` };
        if (total + size > limits.totalBytes || !("bytes" in r)) return { seed: r.seed, error: `the runs of this check returned ${mb(total + size)} MB of data up to this one (${mb(size)} MB), limit ${this.options.requestDataMb} MB for a check's runs together: does something your nodes keep, send or report grow without bound?` };
        total += size;
        return { seed: r.seed, data: deserialize(r.bytes), size, ...(r.dropped ? { dropped: r.dropped } : {}) };
      }),
    };
  }

  /** Kills the child's whole process group and waits for it to exit. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await this.exited;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `message` and waits for the answer `isAnswer` picks; `hung` is what a timeout reports. */
  private request<T>(
    message: object,
    timeoutMs: number,
    isAnswer: (m: T) => boolean,
    hung?: string,
  ): Promise<{ value: T } | { failure: "timeout" | "memory" | "crash"; seed?: number; message: string }> {
    if (!this.alive) return Promise.resolve({ failure: "crash", message: "the sandbox process had already ended" });
    return new Promise((resolve) => {
      let seed: number | undefined;
      let done = false;
      const finish = (outcome: { value: T } | { failure: "timeout" | "memory" | "crash"; seed?: number; message: string }) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
        resolve(outcome);
      };
      const onMessage = (m: T & { type?: string; seed?: number }) => {
        if (m.type === "progress") seed = m.seed;
        else if (isAnswer(m)) finish({ value: m });
      };
      const onExit = (code: number | null, signal: string | null) => {
        const onSeed = seed === undefined ? "" : ` on seed ${seed}`;
        if (/heap out of memory|Reached heap limit|allocation failed/i.test(this.stderr)) {
          finish({ failure: "memory", seed, message: `out of memory (limit ${this.options.memoryMb} MB)${onSeed}: does something grow without bound?` });
        } else if (signal === "SIGXCPU") {
          finish({ failure: "timeout", seed, message: `used up the sandbox's ${this.options.cpuSeconds} s of CPU time${onSeed} (an infinite loop?)` });
        } else {
          finish({ failure: "crash", seed, message: `the sandbox process ended (${signal ?? `exit code ${code}`})${onSeed}: ${this.stderr.trim().split("\n").slice(-3).join(" | ")}` });
        }
      };
      const timer = setTimeout(() => {
        this.child.off("exit", onExit);
        void this.close().then(() =>
          finish({ failure: "timeout", seed, message: hung ?? `timed out after ${timeoutMs / 1000} s${seed === undefined ? "" : ` on seed ${seed}`} (an infinite loop?)` }),
        );
      }, timeoutMs);
      this.child.on("message", onMessage);
      this.child.once("exit", onExit);
      try {
        // A send that fails because the child has just died (EPIPE) is reported by onExit, which
        // knows why it died; without this callback the failure would be an unhandled 'error' event.
        this.child.send(message, () => {});
      } catch (error) {
        finish({ failure: "crash", message: `could not reach the sandbox: ${error instanceof Error ? error.message : error}` });
      }
    });
  }
}
