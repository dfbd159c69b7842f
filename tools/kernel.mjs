#!/usr/bin/env node
// tools/kernel.mjs: the course's Jupyter kernel launcher ("ds-course-ts").
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
// Usage: node tools/kernel.mjs <connection-file.json>
// Installed into Jupyter by tools/kernel-install.mjs (npm run kernel:install).

import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const connectionFile = process.argv[2];

if (!connectionFile) {
  console.error("usage: node tools/kernel.mjs <connection-file.json>   (Jupyter passes {connection_file})");
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
const { startKernel } = require(tslabMain);
startKernel({ configPath, enableFindLocal: false });
