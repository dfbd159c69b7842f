/**
 * The inside of the grading sandbox: the only program that ever runs a student's code while grading.
 *
 * The referee (tools/grading/sandbox.ts) transpiles this file and starts it as `node -e`, in a
 * process of its own group, with Node's permission model on and no file, child-process or worker
 * permission granted (so it can read no file but its prelude, write none, start nothing), with frozen JS
 * intrinsics, with code generation from strings disabled (no `eval`, no `Function(...)`, no
 * dynamic `import()`), an empty environment and a heap cap. It talks to the referee only over the
 * IPC channel (structured clone):
 *
 *   referee → { type: "load", files, kit, exercise }   every module as JavaScript text, keyed by
 *                                                       its path in the kit ("lib/sim/node.ts")
 *   sandbox → { type: "loaded" } | { type: "loaded", error }
 *   referee → { type: "run", id, scenario, runs: [{ seed, schedule }], limits: { runBytes, totalBytes } }
 *   sandbox → { type: "progress", id, seed }            before each run (names the seed a hang is on)
 *   sandbox → { type: "result", id, runs: [{ seed, bytes, dropped? } | { seed, oversize, atLeast? } | { seed, error }] }
 *
 * A run's data travels as its V8 serialization (`bytes`, which the referee deserializes after
 * checking its size): a run whose bytes pass `runBytes`, or would take the request past
 * `totalBytes`, sends only its size (`oversize`; a walk that stops at `runBytes` catches data too
 * big to serialize first, `atLeast`), so no answer is bigger than the referee allows.
 * Error texts are cut to a few thousand characters.
 *
 * Loading happens in this order, and the order is the defence:
 *   0. before Node freezes the built-ins, tools/grading/sandbox-prelude.cjs removes the realm-wide
 *      memory freezing cannot stop (RegExp's legacy statics such as `RegExp.input` and `$1`,
 *      Buffer's shared allocation pool);
 *   1. the kit modules (`kit`: the course library's index and the scenarios module) load with a
 *      loader that resolves only files of the bundle and Node's built-ins;
 *   2. everything they export is frozen, deeply (classes, their prototypes, constants), so no
 *      later code can patch `Simulation.prototype.crash` or a checker;
 *   3. the global object is cut down to the ECMAScript built-ins plus the few Node globals the
 *      library uses (Buffer, TextEncoder/Decoder, structuredClone, URL): `process`,
 *      `require`, timers, `fetch`, `performance`, `crypto`, `WeakRef` are deleted, `console` goes
 *      nowhere (no stream object behind it), the global object is frozen deeply (Node globals
 *      such as Buffer too); `Math.random`,
 *      `Date.now()` and `new Date()` throw a message saying what to use instead;
 *   4. the student's module loads with a `require` that resolves only into `lib/` (a course
 *      module the kit had not loaded is frozen as soon as it loads) and to a few pure parts of
 *      Node (TextDecoder/TextEncoder and friends from "util", Buffer from "buffer");
 *      every node class it exports builds each node from a fresh instance of the module, so the
 *      nodes of a run share no memory: they can only talk through messages (`isolateNodes`).
 * Then each `run` request calls the scenario's `run(impl, seed, schedule, fresh)` and sends back
 * its plain data within the request's size limits (above); `fresh()` evaluates the student's module again, for a scenario whose parties must not
 * share module memory (an encoder and its decoder). The referee judges the data; nothing here
 * decides a grade.
 */
import vm from "node:vm";
import { posix } from "node:path";

type Files = Record<string, string>;
interface LoadRequest {
  type: "load";
  files: Files;
  /** Kit modules to load (and freeze) before the student's; the last one exports `scenarios`. */
  kit: string[];
  /** The student's module, e.g. "exercises/00-flood.ts". */
  exercise: string;
}
interface RunRequest {
  type: "run";
  id: number;
  scenario: string;
  /** A null schedule is built here from the seed (the scenario's schedule is not plain data). */
  runs: Array<{ seed: number; schedule: unknown }>;
  /** Serialized bytes one run's data, and all of this request's data, may take. */
  limits: { runBytes: number; totalBytes: number };
}
/** `oversize`: the data's size in bytes (more than it when `atLeast`), sent instead of data over the limits. */
type PackedRun = { seed: number; bytes: Uint8Array; dropped?: string[] } | { seed: number; oversize: number; atLeast?: boolean } | { seed: number; error: string };
interface Module {
  exports: unknown;
  /** Frozen deeply (see `harden`); a module loaded only when a student's require asks is frozen then. */
  hardened?: boolean;
}
interface ScenarioLike {
  schedule(seed: number): unknown;
  run(impl: unknown, seed: number, schedule: unknown, fresh: () => unknown): unknown;
}

// Captured before step 3 deletes them from the global object.
const hostRequire = require;
const channel = { send: process.send!.bind(process), on: process.on.bind(process), exit: process.exit.bind(process) };
const builtins = new Set(hostRequire("node:module").builtinModules as string[]);
const serialize = (hostRequire("node:v8") as typeof import("node:v8")).serialize;

const modules = new Map<string, Module>();
/**
 * The Node built-ins a student may import: pure computation, no file, process or network. (An
 * exercise on wire formats decodes UTF-8 with `TextDecoder` from "util".)
 */
const hostUtil = hostRequire("node:util") as typeof import("node:util");
const STUDENT_BUILTINS: Record<string, unknown> = {
  // Wrappers, not Node's own functions: `inspect.defaultOptions` is a setter onto state every
  // module shares, which no freezing stops. Custom inspectors are off: Node calls one with its own
  // `inspect` as third argument, which would hand that state over all the same.
  util: Object.freeze({
    TextDecoder,
    TextEncoder,
    isDeepStrictEqual: (a: unknown, b: unknown) => hostUtil.isDeepStrictEqual(a, b),
    format: (...args: unknown[]) => hostUtil.formatWithOptions({ customInspect: false }, ...args),
    inspect: Object.assign((value: unknown, options?: import("node:util").InspectOptions) => hostUtil.inspect(value, { ...options, customInspect: false }), { custom: hostUtil.inspect.custom }),
  }),
  buffer: Object.freeze({ Buffer }),
};
let scenarios: Record<string, ScenarioLike> = {};
let impl: unknown;
/** Another instance of the student's module, sharing no module state with `impl` (Scenario.run's `fresh`). */
let freshImpl: () => unknown = () => impl;
let unfinishedStub: (error: unknown) => Error | undefined = () => undefined;

/** The bundle path a specifier names, or undefined. */
function resolve(files: Files, from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
    base = posix.normalize(posix.join(posix.dirname(from), specifier));
  } else {
    const pkg = `node_modules/${specifier}`;
    const manifest = files[`${pkg}/package.json`];
    base = manifest ? posix.join(pkg, (JSON.parse(manifest) as { main?: string }).main ?? "index.js") : pkg;
  }
  base = base.replace(/\.js$/, "");
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`]) {
    if (candidate in files && !candidate.endsWith("package.json")) return candidate;
  }
  return undefined;
}

/** The `require` a module at `file` is given: a kit module's reaches the bundle and Node; a student's, lib/ only. */
function requireFor(files: Files, file: string, student: boolean): (specifier: string) => unknown {
  return (specifier) => {
    const target = resolve(files, file, specifier);
    if (student) {
      const builtin = STUDENT_BUILTINS[specifier.replace(/^node:/, "")];
      if (builtin) return builtin;
      if (target === undefined || !target.startsWith("lib/")) {
        const what = builtins.has(specifier.replace(/^node:/, "")) ? `Node's "${specifier}" module is not available while grading` : `"${specifier}" is not part of the course library`;
        throw new Error(`${file} imports "${specifier}": ${what}. An exercise may import only the course library ("../lib" or a module under ../lib/).`);
      }
      const exports = load(files, target);
      hardenLoaded(); // a course module the kit had not loaded: frozen before the student sees it
      return exports;
    }
    if (target !== undefined) return load(files, target);
    if (builtins.has(specifier.replace(/^node:/, ""))) return hostRequire(specifier);
    throw new Error(`${file}: cannot find "${specifier}" in the grading bundle`);
  };
}

function compile(files: Files, file: string): Function {
  const body = file.endsWith(".json") ? `module.exports = ${files[file]};` : files[file];
  return vm.compileFunction(body, ["exports", "require", "module", "__filename", "__dirname"], { filename: file });
}

/** A kit module, loaded once. */
function load(files: Files, file: string): unknown {
  const cached = modules.get(file);
  if (cached) return cached.exports;
  const module: Module = { exports: {} };
  modules.set(file, module);
  compile(files, file).call(module.exports, module.exports, requireFor(files, file, false), module, file, posix.dirname(file));
  return module.exports;
}

/** The student's module, compiled once: each call evaluates a fresh instance of it. */
function studentModule(files: Files, file: string): () => Record<string, unknown> {
  const fn = compile(files, file);
  return () => {
    const module: Module = { exports: {} };
    fn.call(module.exports, module.exports, requireFor(files, file, true), module, file, posix.dirname(file));
    return module.exports as Record<string, unknown>;
  };
}

/**
 * The student's exports as the scenarios see them, except that every exported subclass of the
 * library's `Node` builds each object from a fresh instance of the student's module: the nodes of
 * a run share no memory (no module-level variable two nodes can both reach, as no two machines
 * share one), they talk through messages only, and a crash loses module state too. An exported
 * function is called with copies of its plain-data arguments (`copyIfPlain`).
 */
function isolateNodes(first: Record<string, unknown>, fresh: () => Record<string, unknown>): Record<string, unknown> {
  const NodeClass = (modules.get("lib/index.ts")?.exports as { Node?: Function } | undefined)?.Node;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(first)) {
    if (NodeClass && typeof value === "function" && value.prototype instanceof NodeClass) {
      const own: ProxyHandler<Function> = {
        construct(_target, args, newTarget) {
          const Fresh = fresh()[name] as new (...a: unknown[]) => object;
          return Reflect.construct(Fresh, args, newTarget === proxy ? Fresh : newTarget);
        },
      };
      const proxy = new Proxy(value, own);
      out[name] = proxy;
    } else if (typeof value === "function") {
      // An exported function gets copies of the plain data it is called with: the scenario keeps
      // its own (the bytes a decode was handed are what the referee judges the decode by).
      out[name] = new Proxy(value, { apply: (target, self, args) => Reflect.apply(target, self, args.map(copyIfPlain)) });
    } else out[name] = value;
  }
  return Object.freeze(out);
}

/** A structured clone of plain data (a plain object, an array, a typed array); anything else as it is. */
function copyIfPlain(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (!ArrayBuffer.isView(value) && proto !== Object.prototype && proto !== Array.prototype && proto !== null) return value;
  try {
    return structuredClone(value);
  } catch {
    return value; // holds a function or a class instance: not plain, handed over as it is
  }
}

/** Freezes the exports of every module loaded and not frozen yet. */
function hardenLoaded(): void {
  for (const m of modules.values()) {
    if (m.hardened) continue;
    harden(m.exports);
    m.hardened = true;
  }
}

/** Object.freeze on everything reachable from `root` through own properties and prototypes. */
function harden(root: unknown): void {
  const seen = new Set<unknown>();
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) continue; // typed arrays with elements cannot be frozen
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key)!;
      stack.push(d.value, d.get, d.set);
    }
    stack.push(Object.getPrototypeOf(value));
  }
}

const KEPT_GLOBALS = new Set([
  // ECMAScript
  "globalThis", "Infinity", "NaN", "undefined", "isFinite", "isNaN", "parseFloat", "parseInt", "decodeURI",
  "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "eval", "Object", "Function",
  "Boolean", "Symbol", "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError",
  "TypeError", "URIError", "Number", "BigInt", "Math", "Date", "String", "RegExp", "Array", "Int8Array",
  "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
  "Float64Array", "BigInt64Array", "BigUint64Array", "Map", "Set", "WeakMap", "WeakSet", "ArrayBuffer",
  "SharedArrayBuffer", "DataView", "Atomics", "JSON", "Promise", "Reflect", "Proxy", "Intl", "WebAssembly",
  // Node globals the library and a wire-format exercise use
  "Buffer", "TextEncoder", "TextDecoder", "structuredClone", "URL", "URLSearchParams", "atob", "btoa",
]);

function wallClock(what: string): Error {
  return new Error(`${what} reads the wall clock, so your grade would change from run to run: use virtual time instead (this.now in a node, sim.now in a scenario)`);
}

/** Step 3: the global object a student's module sees. */
function lockGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  for (const key of Reflect.ownKeys(g)) {
    if (typeof key === "symbol" ? key !== Symbol.toStringTag : !KEPT_GLOBALS.has(key)) delete (g as Record<PropertyKey, unknown>)[key];
  }
  // Nobody reads a sandbox's output: a console that goes nowhere, with no stream behind it.
  const quiet = () => {};
  g.console = Object.freeze({ log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet, table: quiet, dir: quiet, time: quiet, timeEnd: quiet, assert: quiet, count: quiet, group: quiet, groupEnd: quiet });
  const math = Object.create(null) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(Math)) math[key] = (Math as unknown as Record<string, unknown>)[key];
  math.random = () => {
    throw new Error("Math.random() is not seeded, so your grade would change from run to run: use the node's seeded stream instead (this.random.next(), this.random.int(a, b), this.random.pick(xs))");
  };
  Object.defineProperty(math, Symbol.toStringTag, { value: "Math" });
  const RealDate = Date;
  function SandboxDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) throw wallClock("Date()");
    if (args.length === 0) throw wallClock("new Date()");
    return Reflect.construct(RealDate, args, new.target);
  }
  SandboxDate.prototype = RealDate.prototype;
  SandboxDate.parse = RealDate.parse;
  SandboxDate.UTC = RealDate.UTC;
  SandboxDate.now = () => {
    throw wallClock("Date.now()");
  };
  g.Math = Object.freeze(math);
  g.Date = Object.freeze(SandboxDate);
  // No shared blackboard either: the global object is frozen deeply (its lazy getters resolved
  // first), Node's globals with it (--frozen-intrinsics covers only ECMAScript's: Buffer,
  // TextDecoder.prototype, URL... would be writable by every module). Buffer's allocation pool and
  // RegExp's legacy statics were taken away before anything ran (tools/grading/sandbox-prelude.cjs).
  for (const key of Reflect.ownKeys(g)) void g[key as string];
  harden(g);
  harden(STUDENT_BUILTINS);
}

/** Most characters of an error's description sent to the referee (a message can be any size). */
const MAX_ERROR_CHARS = 4_000;

function describeError(error: unknown): string {
  let text: string;
  try {
    const stub = unfinishedStub(error);
    if (stub) text = `not implemented yet: ${stub.message}`;
    else if (error instanceof Error) text = `${error.name}: ${error.message}`;
    else text = `threw ${String(error)}`;
  } catch {
    return "threw a value that cannot be described";
  }
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}... (${text.length - MAX_ERROR_CHARS} more characters)` : text;
}

function onLoad(request: LoadRequest): void {
  try {
    for (const file of request.kit) load(request.files, file);
    const last = modules.get(request.kit[request.kit.length - 1])!.exports as { scenarios?: { scenarios?: Record<string, ScenarioLike> } };
    if (!last.scenarios?.scenarios) throw new Error(`${request.kit[request.kit.length - 1]} does not export "scenarios"`);
    scenarios = last.scenarios.scenarios;
    const exercise = modules.get("lib/grading/exercise.ts")?.exports as { unfinishedStub?: typeof unfinishedStub } | undefined;
    if (exercise?.unfinishedStub) unfinishedStub = exercise.unfinishedStub;
    hardenLoaded();
  } catch (error) {
    channel.send({ type: "loaded", error: `the grading kit itself failed to load: ${describeError(error)}` });
    return;
  }
  lockGlobals();
  try {
    const fresh = studentModule(request.files, request.exercise);
    impl = isolateNodes(fresh(), fresh);
    freshImpl = () => isolateNodes(fresh(), fresh);
  } catch (error) {
    channel.send({ type: "loaded", error: `your file ${request.exercise} failed to load: ${describeError(error)}` });
    return;
  }
  channel.send({ type: "loaded" });
}

/**
 * True when sending `data` would take more than `limit` bytes, found by a walk that stops at the
 * limit (a string is sent once per reference to it, an object once), before serializing it could
 * build a buffer of any size outside the heap. An estimate: `pack`'s exact size is checked after.
 */
function sentBytesOver(data: unknown, limit: number): boolean {
  let size = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  const push = (value: unknown, overhead: number) => {
    size += overhead + (typeof value === "string" ? value.length : 8);
    stack.push(value);
  };
  while (stack.length > 0 && size <= limit) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) size += value.byteLength;
    else if (value instanceof Map) for (const [k, v] of value) push(k, 0), push(v, 0);
    else if (value instanceof Set) for (const v of value) push(v, 0);
    else if (Array.isArray(value)) for (let i = 0; i < value.length && size <= limit; i++) push(value[i], 0);
    else for (const k of Object.keys(value)) push((value as Record<string, unknown>)[k], k.length);
  }
  return size > limit;
}

function onRun(request: RunRequest): void {
  const scenario = scenarios[request.scenario];
  let total = 0;
  const runs = request.runs.map(({ seed, schedule }): PackedRun => {
    channel.send({ type: "progress", id: request.id, seed });
    let data: unknown;
    try {
      data = scenario.run(impl, seed, schedule ?? scenario.schedule(seed), freshImpl);
      if (sentBytesOver(data, request.limits.runBytes)) return { seed, oversize: request.limits.runBytes, atLeast: true };
    } catch (error) {
      return { seed, error: describeError(error) };
    }
    const packed = pack(seed, data);
    if (!("bytes" in packed)) return packed;
    const size = packed.bytes.byteLength;
    if (size > request.limits.runBytes || total + size > request.limits.totalBytes) return { seed, oversize: size };
    total += size;
    return packed;
  });
  channel.send({ type: "result", id: request.id, runs });
}

/**
 * One run's data as bytes for the referee. Data that does not survive serialization (a function
 * inside) is sent without it, and where it was is said, so that the scenario's author can make the
 * data plain.
 */
function pack(seed: number, data: unknown): PackedRun {
  try {
    return { seed, bytes: serialize(data) };
  } catch {
    // something unclonable inside: copied part by part below
  }
  const dropped: string[] = [];
  try {
    return { seed, bytes: serialize(plainCopy(data, "data", dropped, new Set())), dropped: dropped.slice(0, 3) };
  } catch (error) {
    return { seed, error: `the scenario's data cannot be sent to the referee (${describeError(error)}): a scenario must return plain data` };
  }
}

/** `value` without the functions and symbols structured clone refuses; their paths go to `dropped`. */
function plainCopy(value: unknown, at: string, dropped: string[], seen: Set<unknown>): unknown {
  if (typeof value === "function" || typeof value === "symbol") {
    dropped.push(at);
    return undefined;
  }
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) throw new Error(`a cycle at ${at}`);
  try {
    return structuredClone(value);
  } catch {
    // has something unclonable inside: copy it part by part
  }
  seen.add(value);
  const copy: unknown = Array.isArray(value)
    ? value.map((v, i) => plainCopy(v, `${at}[${i}]`, dropped, seen))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainCopy(v, `${at}.${k}`, dropped, seen)]));
  seen.delete(value);
  return copy;
}

// The referee is gone (it exited, or was stopped): nothing left to do here.
channel.on("disconnect", () => channel.exit(0));
channel.on("message", (message: LoadRequest | RunRequest) => {
  if (message.type === "load") onLoad(message);
  else if (message.type === "run") onRun(message);
});
