#!/usr/bin/env node
// tools/kernel-install.mjs: registers the course kernel "ds-course-ts" with Jupyter.
//
//     npm run kernel:install             -> <repo>/.jupyter/kernels/ds-course-ts/kernel.json
//     npm run kernel:install -- --user   -> the user's Jupyter data dir (for VS Code & co.):
//                                           $JUPYTER_DATA_DIR/kernels, else
//                                           ~/Library/Jupyter/kernels (macOS),
//                                           %APPDATA%\jupyter\kernels (Windows),
//                                           ${XDG_DATA_HOME:-~/.local/share}/jupyter/kernels (Linux)
//
// The default install is project-local and gitignored (.jupyter/); `npm start` puts
// <repo>/.jupyter on JUPYTER_PATH so Jupyter finds it. Nothing is written to your home
// directory unless you pass --user.
//
// kernel.json's argv is [<this node binary>, <abs path>/tools/kernel.mjs, "{connection_file}"],
// so the kernel runs with the same Node that ran the install, at this repository's root.
// Re-run it after moving the repository or switching Node versions.

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const KERNEL_NAME = "ds-course-ts";
export const DISPLAY_NAME = "Distributed Systems (TypeScript)";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The user's Jupyter data dir, as jupyter_core computes it (without JUPYTER_PATH). */
export function userJupyterDataDir(env = process.env, platform = process.platform) {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  const home = os.homedir();
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA || path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

export function kernelSpec(root = repoRoot) {
  return {
    argv: [process.execPath || "node", path.join(root, "tools", "kernel.mjs"), "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

/** Writes kernel.json; returns the kernel directory. */
export function installKernel({ user = false, root = repoRoot } = {}) {
  const dataDir = user ? userJupyterDataDir() : path.join(root, ".jupyter");
  const dir = path.join(dataDir, "kernels", KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(root), null, 2) + "\n");
  return dir;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--user");
  if (unknown.length) {
    console.error(`kernel-install: unknown argument(s) ${unknown.join(" ")}; the only option is --user`);
    process.exit(2);
  }
  const dir = installKernel({ user: args.includes("--user") });
  console.log(`Installed Jupyter kernel "${DISPLAY_NAME}" (${KERNEL_NAME}) in ${dir}`);
}
