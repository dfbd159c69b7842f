/**
 * What the sandbox is given: every module it may load, as JavaScript text, transpiled here in the
 * referee with TypeScript's `transpileModule` (so the sandbox needs no esbuild, no tsx and no file
 * access at all). Kit modules are cached on disk by content (see `transpile`).
 *
 *   const kit = kitModules(ROOT);                       // lib/**, seedrandom; transpiled once, cached
 *   const student = compileExercise(text, "exercises/00-flood.ts");   // { js } | { error }
 *   const bundle = { files: { ...kit, [file]: student.js }, kit: ["lib/index.ts", "lib/tour/scenarios.ts"], exercise: file };
 *
 * Only the kit's own files go in (read from the kit, never from a submission) plus the one
 * exercise file being graded: graders, solutions/ and other students' files are never in a bundle,
 * so nothing in the sandbox can import them.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type ts from "typescript";

let typescript: typeof ts | undefined;
/** TypeScript, loaded only when something is not in the cache (loading it takes a second). */
function tsc(): typeof ts {
  return (typescript ??= require("typescript") as typeof ts);
}
const options = (): ts.CompilerOptions => ({
  module: tsc().ModuleKind.CommonJS,
  target: tsc().ScriptTarget.ES2022,
  esModuleInterop: true,
  isolatedModules: true,
});
const CACHE = path.resolve(__dirname, "..", "..", "node_modules", ".cache", "course-grading");

/**
 * TypeScript → CommonJS JavaScript (ES2022), cached on disk by content (node_modules/.cache), so a
 * grading run transpiles only what changed. Only the referee reads and writes the cache.
 */
export function transpile(text: string, fileName: string, compile = () => tsc().transpileModule(text, { compilerOptions: options(), fileName }).outputText): string {
  const version = (require("typescript/package.json") as { version: string }).version;
  const cached = path.join(CACHE, `${createHash("sha256").update(`${version}|${fileName}|${text}`).digest("hex")}.js`);
  if (fs.existsSync(cached)) return fs.readFileSync(cached, "utf8");
  const js = compile();
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, js);
  fs.renameSync(tmp, cached);
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

/** A student's exercise, transpiled; syntax errors come back as a message with line and column. */
export function compileExercise(text: string, file: string): { js: string } | { error: string } {
  let error: string | undefined;
  const compile = () => transpile(text, file, () => {
    const ts = tsc();
    const out = ts.transpileModule(text, { compilerOptions: options(), fileName: file, reportDiagnostics: true });
    const d = (out.diagnostics ?? []).find((x) => x.category === ts.DiagnosticCategory.Error);
    if (d) {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const at = where ? ` (line ${where.line + 1}, column ${where.character + 1})` : "";
      error = `your file ${file} does not compile${at}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      throw new Error(error);
    }
    return out.outputText;
  });
  try {
    return { js: compile() };
  } catch (e) {
    return { error: error ?? String(e) };
  }
}
