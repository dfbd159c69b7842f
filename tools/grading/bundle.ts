/**
 * What the sandbox is given: every module it may load, as JavaScript text, transpiled with
 * TypeScript's `transpileModule` (so the sandbox needs no esbuild, no tsx and no file access at
 * all). Kit modules are transpiled here in the referee; a student's file in a worker thread with
 * a time limit (compile-worker.cjs: its text is not the kit's, and can take TypeScript minutes).
 * Both are cached on disk by content (see `transpile`).
 *
 *   const kit = kitModules(ROOT);                       // lib/**, seedrandom; transpiled once, cached
 *   const student = await compileExercise(text, "exercises/00-flood.ts", 10_000);   // { js } | { error }
 *   const bundle = { files: { ...kit, [file]: student.js }, kit: ["lib/index.ts", "lib/tour/scenarios.ts"], exercise: file };
 *
 * Only the kit's own files go in (read from the kit, never from a submission) plus the one
 * exercise file being graded: graders, solutions/ and other students' files are never in a bundle,
 * so nothing in the sandbox can import them.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type ts from "typescript";

let typescript: typeof ts | undefined;
/** TypeScript, loaded only when something is not in the cache (loading it takes a second). */
function tsc(): typeof ts {
  return (typescript ??= require("typescript") as typeof ts);
}
/** Compiler options as tsconfig.json writes them: the referee's and the compiler thread's. */
const COMPILER_OPTIONS = { module: "commonjs", target: "es2022", esModuleInterop: true, isolatedModules: true };
const options = (): ts.CompilerOptions => tsc().convertCompilerOptionsFromJson(COMPILER_OPTIONS, "").options;
const CACHE = path.resolve(__dirname, "..", "..", "node_modules", ".cache", "course-grading");

/**
 * TypeScript → CommonJS JavaScript (ES2022), cached on disk by content (node_modules/.cache), so a
 * grading run transpiles only what changed. Only the referee reads and writes the cache.
 */
export function transpile(text: string, fileName: string): string {
  return cached(text, fileName) ?? remember(text, fileName, tsc().transpileModule(text, { compilerOptions: options(), fileName }).outputText);
}

function cachePath(text: string, fileName: string): string {
  const version = (require("typescript/package.json") as { version: string }).version;
  return path.join(CACHE, `${createHash("sha256").update(`${version}|${fileName}|${text}`).digest("hex")}.js`);
}

/** The cached transpilation of `text`, if any. */
function cached(text: string, fileName: string): string | undefined {
  const file = cachePath(text, fileName);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** Caches `js` as the transpilation of `text` (written whole, then renamed) and returns it. */
function remember(text: string, fileName: string, js: string): string {
  const file = cachePath(text, fileName);
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, js);
  fs.renameSync(tmp, file);
  return js;
}
/** Packages the course library loads at run time, and the files of each the sandbox needs. */
const PACKAGES: Record<string, RegExp> = { seedrandom: /^(package\.json|index\.js|seedrandom\.js|lib\/[\w.-]+\.js)$/ };

const cache = new Map<string, Record<string, string>>();

function walk(dir: string, prefix: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) walk(path.join(dir, entry.name), `${rel}/`, out);
    else if (entry.isFile()) out.push(rel);
  }
}

/**
 * The course library and the packages it needs, transpiled, keyed by path in the kit: every file
 * under lib/, and any kit module outside lib/ that they import (a grader's reference codec, say),
 * but never a file of exercises/ or solutions/.
 */
export function kitModules(root: string): Record<string, string> {
  const cached = cache.get(root);
  if (cached) return cached;
  const files: Record<string, string> = {};
  const todo: string[] = [];
  walk(path.join(root, "lib"), "lib/", todo);
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (!file.endsWith(".ts") || file.endsWith(".d.ts") || file in files) continue;
    if (/^(exercises|solutions)\//.test(file)) throw new Error(`the course library must not import ${file} (only \`import type\` may name an exercise)`);
    files[file] = transpile(fs.readFileSync(path.join(root, file), "utf8"), file);
    for (const [, specifier] of files[file].matchAll(/require\("(\.{1,2}\/[^"]*)"\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (!target.startsWith("lib/")) todo.push(fs.existsSync(path.join(root, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`);
    }
  }
  for (const [pkg, wanted] of Object.entries(PACKAGES)) {
    const dir = path.join(root, "node_modules", pkg);
    const all: string[] = [];
    walk(dir, "", all);
    for (const f of all) if (wanted.test(f)) files[`node_modules/${pkg}/${f}`] = fs.readFileSync(path.join(dir, f), "utf8");
  }
  cache.set(root, files);
  return files;
}

/**
 * A student's exercise, transpiled in the compiler thread within `timeoutMs` (the thread's start,
 * loading TypeScript, is not counted); syntax errors come back as a message with line and column.
 */
export async function compileExercise(text: string, file: string, timeoutMs: number): Promise<{ js: string } | { error: string }> {
  const js = cached(text, file);
  if (js !== undefined) return { js };
  const answer = await compiler.compile(text, file, timeoutMs);
  return "js" in answer ? { js: remember(text, file, answer.js) } : answer;
}

type Compiled = { js: string } | { error: string };

/**
 * The compiler thread (compile-worker.cjs): one compile at a time, in order; a compile that runs
 * out of time, or out of the thread's memory, ends the thread, and the next compile starts a
 * fresh one. An idle thread does not keep the process alive.
 */
class CompilerThread {
  #worker: Promise<Worker | { error: string }> | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  compile(text: string, file: string, timeoutMs: number): Promise<Compiled> {
    const job = this.#queue.then(() => this.#compile(text, file, timeoutMs));
    this.#queue = job;
    return job;
  }

  async #compile(text: string, file: string, timeoutMs: number): Promise<Compiled> {
    const worker = await (this.#worker ??= this.#start());
    if ("error" in worker) {
      this.#worker = null;
      return worker;
    }
    return new Promise<Compiled>((resolve) => {
      const done = (answer: Compiled, stop: boolean) => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError);
        worker.unref();
        if (stop) {
          this.#worker = null;
          void worker.terminate();
        }
        resolve(answer);
      };
      const onMessage = (m: Compiled) => done(m, false);
      const onError = (error: Error) => done({ error: `your file ${file} could not be compiled: the compiler stopped (${error.message})` }, true);
      const timer = setTimeout(
        () => done({ error: `your file ${file} took more than ${timeoutMs / 1000} s to compile (TypeScript is slow on very deeply nested code; make it flatter)` }, true),
        timeoutMs,
      );
      worker.on("message", onMessage).on("error", onError);
      worker.ref(); // while it compiles, the thread keeps the process alive; idle, it does not
      worker.postMessage({ text, file });
    });
  }

  /** A new thread, once it has loaded TypeScript (or why it could not start). */
  #start(): Promise<Worker | { error: string }> {
    const worker = new Worker(path.join(__dirname, "compile-worker.cjs"), { workerData: { options: COMPILER_OPTIONS }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    return new Promise((resolve) => {
      worker.once("message", () => {
        worker.unref();
        resolve(worker);
      });
      worker.once("error", (error) => resolve({ error: `the grading's compiler thread did not start: ${error.message}` }));
    });
  }
}

const compiler = new CompilerThread();
