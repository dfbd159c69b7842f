// tools/start.ts: `npm start` opens the course in Jupyter Notebook.
//
// `npm start` first runs `npm run kernel:install` (project-local kernel in <repo>/.jupyter),
// then this script:
//   1. checks Node is >= 20.19 (what the course's libraries need);
//   2. finds `jupyter` (tools/lib/jupyter.ts: $JUPYTER, else PATH, else /usr/bin/jupyter); if there
//      is none it prints one message naming the fix and exits 1;
//   3. runs `jupyter notebook` with <repo>/.jupyter first on JUPYTER_PATH (so the "Distributed
//      Systems (TypeScript)" kernel is found), the notebook dir set to the repo root (cells import
//      "./lib"), opening notebooks/. As root (a container, Codespaces) it adds --allow-root, which
//      Jupyter otherwise demands before it starts, and says so.
// Extra arguments pass through to Jupyter, as given:  npm start -- --no-browser --port 8899
// (util.parseArgs, not strict, only looks for --allow-root among them).

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { findJupyter, isRoot, jupyterEnv, KERNEL, NO_JUPYTER, REPO_ROOT } from "./lib/jupyter";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`This course needs Node.js 20.19 or newer; you are running ${process.version}. Install a current Node LTS from https://nodejs.org and try again.`);
  process.exit(1);
}

const jupyter = findJupyter();
if (!jupyter) {
  console.error(NO_JUPYTER);
  process.exit(1);
}

// Open the browser on notebooks/ while the file browser stays rooted at the repo (exercises/ is
// one click away). Notebook 6 calls its app NotebookApp; Notebook 7 calls it JupyterNotebookApp.
const version = spawnSync(jupyter, ["notebook", "--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
const appClass = /^[0-6]\./.test(version) ? "NotebookApp" : "JupyterNotebookApp";
const args = ["notebook", `--notebook-dir=${REPO_ROOT}`];
if (existsSync(path.join(REPO_ROOT, "notebooks"))) args.push(`--${appClass}.default_url=/tree/notebooks`);
const passed = process.argv.slice(2);
const { values } = parseArgs({ args: passed, strict: false, allowPositionals: true, options: { "allow-root": { type: "boolean" } } });
if (isRoot() && !values["allow-root"]) {
  args.push("--allow-root");
  console.log("Running as root (a container?): adding --allow-root, without which Jupyter refuses to start as root.");
}
args.push(...passed);

console.log(`Starting Jupyter (${jupyter}) in ${REPO_ROOT}; kernel "${KERNEL.display_name}". Press Ctrl-C to stop.`);
const child = spawn(jupyter, args, { cwd: REPO_ROOT, stdio: "inherit", env: jupyterEnv(REPO_ROOT) });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("error", (e) => { console.error(`Could not run ${jupyter}: ${e.message}`); process.exit(1); });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
