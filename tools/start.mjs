#!/usr/bin/env node
// tools/start.mjs: `npm start` opens the course in Jupyter Notebook.
//
// `npm start` first runs `npm run kernel:install` (project-local kernel in <repo>/.jupyter),
// then this script:
//   1. checks Node is >= 20.19 (what the course's libraries need);
//   2. finds `jupyter` (on PATH, then /usr/bin/jupyter); if there is none it prints one
//      message naming the fix and exits 1;
//   3. runs `jupyter notebook` with JUPYTER_PATH=<repo>/.jupyter prepended (so the
//      "Distributed Systems (TypeScript)" kernel is found), the notebook dir set to the repo
//      root (cells import "./lib"), opening notebooks/.
// Extra arguments pass through to Jupyter:  npm start -- --no-browser --port 8899

import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`This course needs Node.js 20.19 or newer; you are running ${process.version}. Install a current Node LTS from https://nodejs.org and try again.`);
  process.exit(1);
}

function findJupyter() {
  const exe = process.platform === "win32" ? ["jupyter.exe", "jupyter.cmd", "jupyter"] : ["jupyter"];
  for (const dir of (process.env.PATH || "").split(path.delimiter).filter(Boolean)) {
    for (const name of exe) {
      const p = path.join(dir, name);
      try { accessSync(p, constants.X_OK); return p; } catch { /* keep looking */ }
    }
  }
  return existsSync("/usr/bin/jupyter") ? "/usr/bin/jupyter" : null;
}

const jupyter = findJupyter();
if (!jupyter) {
  console.error("Jupyter Notebook was not found. Install it with `pip install notebook` (or on Debian/Ubuntu `sudo apt install jupyter-notebook`), then run `npm start` again.");
  process.exit(1);
}

const jupyterPath = [path.join(repoRoot, ".jupyter"), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
// Open the browser on notebooks/ while the file browser stays rooted at the repo (exercises/ is
// one click away). Notebook 6 calls its app NotebookApp; Notebook 7 calls it JupyterNotebookApp.
const version = spawnSync(jupyter, ["notebook", "--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
const appClass = /^[0-6]\./.test(version) ? "NotebookApp" : "JupyterNotebookApp";
const args = ["notebook", `--notebook-dir=${repoRoot}`];
if (existsSync(path.join(repoRoot, "notebooks"))) args.push(`--${appClass}.default_url=/tree/notebooks`);
args.push(...process.argv.slice(2));

console.log(`Starting Jupyter (${jupyter}) in ${repoRoot}; kernel "Distributed Systems (TypeScript)". Press Ctrl-C to stop.`);
const child = spawn(jupyter, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, JUPYTER_PATH: jupyterPath } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("error", (e) => { console.error(`Could not run ${jupyter}: ${e.message}`); process.exit(1); });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
