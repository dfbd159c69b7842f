#!/usr/bin/env node
// tools/kernel.mjs: the course's Jupyter kernel launcher (KERNEL.name in tools/lib/jupyter.ts).
//
// Jupyter starts a kernel by running the argv of its kernel.json; ours is
//
//     node <repo>/tools/kernel.mjs {connection_file}
//
// This script changes directory to the repository root it lives in (the parent of tools/, so
// a copied tree, such as the runner's "solutions in place" workdir, works too) and starts
// tslab's kernel there on the given connection file. Running at the root is what lets cells
// write `import { Simulation } from "./lib"` and `import ... from "./exercises/00-tour"`.
//
// tslab is loaded from the repository's own node_modules (never a global one), with
// enableFindLocal off so exactly that copy runs. Plain JS on purpose: no build step.
//
// Directory imports. tslab 1.0.22 compiles local .ts imports itself and serves them to
// `require` from memory, but it looks them up as `<dir>/<id>.js` only, so `import ... from
// "./lib"` (lib/index.ts) and lib's own `export * from "./sim"` fail at run time with "Cannot
// find module", although they type-check. We patch tslab's path join (tspath.normalizeJoin,
// which its require hook calls as `normalizeJoin(dirname, id)`) so that a relative,
// extensionless id naming a directory with an index.ts/index.js, and no <id>.ts/.js beside it,
// maps to `<id>/index`, which is Node's and TypeScript's rule. Every other call is unchanged.
//
// Usage: node tools/kernel.mjs <connection-file.json>
// Installed into Jupyter by tools/kernel-install.ts (npm run kernel:install).

import { createRequire } from "node:module";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "usage: node tools/kernel.mjs <connection-file.json>   (Jupyter passes {connection_file})";
let connectionFile;
try {
  [connectionFile] = parseArgs({ allowPositionals: true, options: {} }).positionals;
} catch (e) {
  console.error(`kernel.mjs: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (!connectionFile) {
  console.error(USAGE);
  process.exit(2);
}
const configPath = path.resolve(connectionFile); // resolve before chdir
if (!existsSync(configPath)) {
  console.error(`kernel.mjs: connection file not found: ${configPath}`);
  process.exit(2);
}

const tslabMain = path.join(repoRoot, "node_modules", "tslab", "dist", "main.js");
if (!existsSync(tslabMain)) {
  console.error(`kernel.mjs: tslab is not installed in ${repoRoot}/node_modules. Run \`npm install\` (or \`npm ci\`) in ${repoRoot}.`);
  process.exit(1);
}

process.chdir(repoRoot);
const require = createRequire(path.join(repoRoot, "package.json"));

const tspath = require(path.join(repoRoot, "node_modules", "tslab", "dist", "tspath.js"));
const normalizeJoin = tspath.normalizeJoin;
const isFile = (p) => { try { return statSync(p).isFile(); } catch { return false; } };
tspath.normalizeJoin = (...parts) => {
  const joined = normalizeJoin(...parts);
  const id = parts[parts.length - 1];
  if (parts.length === 2 && typeof id === "string" && /^\.\.?(\/|$)/.test(id) && path.extname(id) === ""
      && !isFile(joined + ".ts") && !isFile(joined + ".js")
      && (isFile(path.join(joined, "index.ts")) || isFile(path.join(joined, "index.js")))) {
    return normalizeJoin(joined, "index");
  }
  return joined;
};

// A kernel outlives nothing that started it: when its parent (Jupyter, or a test runner killed
// by a signal, which leaves no chance to clean up) dies, the kernel is re-parented, and exits.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 1000).unref();

const { startKernel } = require(tslabMain);
startKernel({ configPath, enableFindLocal: false });
