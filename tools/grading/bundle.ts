/**
 * What the sandbox is given: every module it may load, as JavaScript text, transpiled here in the
 * referee with TypeScript's `transpileModule` (so the sandbox needs no esbuild, no tsx and no file
 * access at all).
 *
 *   const kit = kitModules(ROOT);                       // lib/**, seedrandom; transpiled once, cached
 *   const student = compileExercise(text, "exercises/00-flood.ts");   // { js } | { error }
 *   const bundle = { files: { ...kit, [file]: student.js }, kit: ["lib/index.ts", "lib/tour/scenarios.ts"], exercise: file };
 *
 * Only the kit's own files go in (read from the kit, never from a submission) plus the one
 * exercise file being graded: graders, solutions/ and other students' files are never in a bundle,
 * so nothing in the sandbox can import them.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  isolatedModules: true,
};
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

/** The course library and the packages it needs, transpiled, keyed by path in the kit. */
export function kitModules(root: string): Record<string, string> {
  const cached = cache.get(root);
  if (cached) return cached;
  const files: Record<string, string> = {};
  const lib: string[] = [];
  walk(path.join(root, "lib"), "lib/", lib);
  for (const file of lib) {
    if (!file.endsWith(".ts") || file.endsWith(".d.ts")) continue;
    files[file] = ts.transpileModule(fs.readFileSync(path.join(root, file), "utf8"), { compilerOptions: OPTIONS, fileName: file }).outputText;
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
  const out = ts.transpileModule(text, { compilerOptions: OPTIONS, fileName: file, reportDiagnostics: true });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const d = errors[0];
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const at = where ? ` (line ${where.line + 1}, column ${where.character + 1})` : "";
    return { error: `your file ${file} does not compile${at}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}` };
  }
  return { js: out.outputText };
}
