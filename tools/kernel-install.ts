// tools/kernel-install.ts: registers the course kernel (KERNEL in tools/lib/jupyter.ts) with Jupyter.
//
//     npm run kernel:install             -> <repo>/.jupyter/kernels/ds-course-ts/kernel.json
//     npm run kernel:install -- --user   -> the user's Jupyter data dir (for VS Code & co.):
//                                           $JUPYTER_DATA_DIR/kernels, else
//                                           ~/Library/Jupyter/kernels (macOS),
//                                           %APPDATA%\jupyter\kernels (Windows),
//                                           ${XDG_DATA_HOME:-~/.local/share}/jupyter/kernels (Linux)
//
// The default install is project-local and gitignored (.jupyter/); Jupyter finds it only when
// <repo>/.jupyter is on JUPYTER_PATH, which `npm start` and the tools set for you (for plain
// `jupyter` commands, see the README). Nothing is written to your home directory unless you pass --user.
//
// kernel.json's argv is [<this node binary>, <abs path>/tools/kernel.mjs, "{connection_file}"],
// so the kernel runs with the same Node that ran the install, at this repository's root.
// Re-run it after moving the repository or switching Node versions.

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCli, runMain, UsageError } from "./lib/cli";
import { KERNEL, REPO_ROOT } from "./lib/jupyter";

const USAGE = "usage: npm run kernel:install [-- --user]";

/** The user's Jupyter data dir, as jupyter_core computes it (without JUPYTER_PATH). */
function userJupyterDataDir(env = process.env, platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  const home = os.homedir();
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA || path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

runMain(async () => {
  const { values, positionals } = parseCli(USAGE, { user: { type: "boolean" } });
  if (positionals.length) throw new UsageError(`unexpected argument(s) ${positionals.join(" ")}`, USAGE);
  const dir = path.join(values.user ? userJupyterDataDir() : path.join(REPO_ROOT, ".jupyter"), "kernels", KERNEL.name);
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, path.join(REPO_ROOT, "tools", "kernel.mjs"), "{connection_file}"],
    display_name: KERNEL.display_name,
    language: KERNEL.language,
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
  writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  console.log(`Installed Jupyter kernel "${KERNEL.display_name}" (${KERNEL.name}) in ${dir}`);
  return 0;
});
