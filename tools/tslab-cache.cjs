// tools/tslab-cache.cjs: lets the notebook tests' kernels share tslab's compile of the kit.
//
// Why: tslab type-checks and emits every local .ts file a cell imports, in every kernel, and again
// (a fresh type checker) whenever a cell imports a file not seen before. For the course library
// that is ~20 s of CPU per kernel, and `npm test` starts 22 kernels (every notebook, with the stubs
// and with the solutions) on the same files. This preload makes that work happen once per set of
// file contents: the runner (tools/notebook-runner.ts, option compileCache) starts its kernels as
//
//     DS_TSLAB_CACHE=<dir> node --require tools/tslab-cache.cjs tools/kernel.mjs <connection file>
//
// and the first kernel to compile a file records the outcome in <dir>; the others read it.
// Students' kernels (Jupyter runs tools/kernel.mjs) never load this file.
//
// What is shared, per imported kit file F (never the notebook's own cells):
//   - "F has no diagnostics" (syntactic, semantic, declaration), recorded only when it had none;
//     a file with errors is checked again in every kernel, so its errors are always reported.
//   - the JavaScript tslab emits for F, and its conversion to CommonJS (ts.transpileModule, which
//     tslab applies to everything it emits, cells too: keyed by its input and options).
// Both are keyed by everything that can change them: TypeScript's version, the compiler options
// (with the kit's folder written as "."), and the name and text of F, of every file F imports
// transitively, and of every declaration file and global augmentation in the program. A cell that
// could change how kit files type-check (declare global, declare module, a /// reference) turns
// the cache off for that cell. A file that ends in an expression statement is never shared: tslab
// rewrites that statement depending on the cell (its "last expression" transform).
//
// How: tslab's converter reads TypeScript through `require("@tslab/typescript-for-tslab")`; this
// preload answers that one require with the real module plus three wrapped entry points,
// getPreEmitDiagnosticsOfFiles (the type check), createWatchProgram (whose builder's emit is
// wrapped) and transpileModule. Entries are files named by the SHA-256 of their key, written
// atomically, so kernels running at once can share a folder; one that cannot be written is skipped.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const dir = process.env.DS_TSLAB_CACHE;
if (!dir) throw new Error("tools/tslab-cache.cjs: set DS_TSLAB_CACHE to the cache folder (tools/notebook-runner.ts does)");
fs.mkdirSync(dir, { recursive: true });

const TS = "@tslab/typescript-for-tslab";
const CELL_FILES = new Set(["__tslab__.ts", "__tslab__.js", "__prev__.d.ts"]);
const AUGMENTS = /\bdeclare\s+(global|module)\b|\/\/\/\s*<reference\b/;
let wrapped = null;

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const real = load.apply(this, arguments);
  if (request === TS && parent && /[\\/]tslab[\\/]dist[\\/]converter\.js$/.test(parent.filename)) return (wrapped ??= wrap(real));
  return real;
};

function sha(text) { return crypto.createHash("sha256").update(text).digest("hex"); }

function read(key) {
  try { return fs.readFileSync(path.join(dir, key), "utf8"); } catch { return undefined; }
}

function write(key, text) {
  const file = path.join(dir, key);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch {
    // A cache that cannot be written (its folder removed meanwhile, a full disk) only costs time.
  }
}

function wrap(ts) {
  const cwd = process.cwd();
  const rel = (fileName) => path.relative(cwd, fileName);
  const isCell = (sf) => path.dirname(sf.fileName) === cwd.split(path.sep).join("/") && CELL_FILES.has(path.basename(sf.fileName));
  const textHashes = new WeakMap();
  const textHash = (sf) => textHashes.get(sf) ?? textHashes.set(sf, sha(sf.text)).get(sf);

  /** The key of file `sf` in `program`, or undefined when a cell may change how kit files check. */
  const keysOf = new WeakMap();
  function keyOf(program, sf) {
    let keys = keysOf.get(program);
    if (!keys) {
      const cells = program.getSourceFiles().filter(isCell);
      const open = cells.some((c) => AUGMENTS.test(c.text));
      const global = program.getSourceFiles().filter((f) => !isCell(f) && (f.isDeclarationFile || AUGMENTS.test(f.text)));
      const base = [ts.version, JSON.stringify(program.getCompilerOptions()).split(JSON.stringify(cwd).slice(1, -1)).join("."),
        ...global.map((f) => `${rel(f.fileName)} ${textHash(f)}`).sort()].join("\n");
      keys = { open, base, memo: new Map() };
      keysOf.set(program, keys);
    }
    if (keys.open || isCell(sf)) return undefined;
    if (!keys.memo.has(sf.fileName)) {
      const seen = new Map();
      const visit = (f) => {
        if (!f || seen.has(f.fileName)) return;
        seen.set(f.fileName, `${rel(f.fileName)} ${textHash(f)}`);
        f.resolvedModules?.forEach((r) => visit(r?.resolvedModule && program.getSourceFile(r.resolvedModule.resolvedFileName)));
        for (const ref of f.referencedFiles) visit(program.getSourceFile(path.resolve(path.dirname(f.fileName), ref.fileName)));
      };
      visit(sf);
      keys.memo.set(sf.fileName, sha(`${keys.base}\n${rel(sf.fileName)}\n${[...seen.values()].sort().join("\n")}`));
    }
    return keys.memo.get(sf.fileName);
  }

  function getPreEmitDiagnosticsOfFiles(program, sourceFiles, cancellationToken) {
    const own = [];
    const checked = [];
    for (const sf of sourceFiles) {
      const key = keyOf(program, sf);
      if (key === undefined) { own.push(sf); continue; }
      if (read(`${key}.clean`) !== undefined) continue;
      const found = [
        ...program.getSyntacticDiagnostics(sf, cancellationToken), ...program.getSemanticDiagnostics(sf, cancellationToken),
        ...(ts.getEmitDeclarations(program.getCompilerOptions()) ? program.getDeclarationDiagnostics(sf, cancellationToken) : []),
      ];
      checked.push({ key, found });
    }
    const all = [...ts.getPreEmitDiagnosticsOfFiles(program, own, cancellationToken), ...checked.flatMap((c) => c.found)];
    if (program.getGlobalDiagnostics(cancellationToken).length === 0) {
      for (const c of checked) if (c.found.length === 0) write(`${c.key}.clean`, "");
    }
    return ts.sortAndDeduplicateDiagnostics(all);
  }

  /** The builder with a shared emit for kit files (tslab emits each imported file once per kernel). */
  const builders = new WeakMap();
  function withSharedEmit(builder) {
    if (builders.has(builder)) return builders.get(builder);
    const shared = Object.create(builder);
    shared.emit = (sf, writeFile, cancellationToken, emitOnlyDts, transformers) => {
      const last = sf && sf.statements.filter((s) => !ts.isExportDeclaration(s)).pop();
      const key = sf && !emitOnlyDts && !(last && ts.isExpressionStatement(last)) ? keyOf(builder.getProgram(), sf) : undefined;
      if (key === undefined) return builder.emit(sf, writeFile, cancellationToken, emitOnlyDts, transformers);
      const hit = read(`${key}.emit.json`);
      if (hit !== undefined) {
        for (const out of JSON.parse(hit)) writeFile(path.join(cwd, out.file), out.data, false);
        return { emitSkipped: false, diagnostics: [] };
      }
      const outs = [];
      const result = builder.emit(sf, (fileName, data, ...rest) => {
        if (fileName.endsWith(".js")) outs.push({ file: rel(fileName), data });
        writeFile(fileName, data, ...rest);
      }, cancellationToken, emitOnlyDts, transformers);
      if (!result.emitSkipped && result.diagnostics.length === 0 && outs.every((o) => !o.data.includes(cwd))) write(`${key}.emit.json`, JSON.stringify(outs));
      return result;
    };
    builders.set(builder, shared);
    return shared;
  }

  /** tslab turns each emitted file into CommonJS with transpileModule, a pure function of its input. */
  function transpileModule(input, options) {
    const key = `${sha(`${ts.version}\n${JSON.stringify(options)}\n${input}`)}.cjs.js`;
    const hit = read(key);
    if (hit !== undefined) return { outputText: hit, diagnostics: [] };
    const result = ts.transpileModule(input, options);
    if (!options.reportDiagnostics && result.sourceMapText === undefined) write(key, result.outputText);
    return result;
  }

  function createWatchProgram(host) {
    const created = host.afterProgramCreate;
    if (created) host.afterProgramCreate = (builder) => created.call(host, withSharedEmit(builder));
    return ts.createWatchProgram(host);
  }

  const api = Object.create(ts);
  Object.defineProperties(api, {
    __esModule: { value: true },
    getPreEmitDiagnosticsOfFiles: { value: getPreEmitDiagnosticsOfFiles },
    createWatchProgram: { value: createWatchProgram },
    transpileModule: { value: transpileModule },
  });
  return api;
}
