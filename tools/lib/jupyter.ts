// tools/lib/jupyter.ts: the one place for what every tool needs to know about Jupyter.
//
//   KERNEL                the course kernel's name, display name and language, exactly as a notebook's
//                         metadata.kernelspec holds them and as `npm run kernel:install` registers them
//   REPO_ROOT             the kit's root (the parent of tools/)
//   listNotebooks(root)   <root>/notebooks/*.ipynb, sorted: how every runner and test finds the chapters,
//                         so a new chapter is picked up by dropping its notebook there
//   jupyterEnv(root)      process.env with <root>/.jupyter put first on JUPYTER_PATH, which is where
//                         the project-local kernel lives (plain `jupyter` commands need the same variable)
//   findJupyter()         the `jupyter` executable: $JUPYTER if set, else the first on PATH, else
//                         /usr/bin/jupyter; null when there is none
//   jupyterPython(exe)    the Python that runs that Jupyter (read from its #! line), which therefore has
//                         jupyter_client and nbclient; falls back to python3
//   freePort()            a free TCP port on 127.0.0.1
//   isRoot()              whether we run as root (Jupyter then needs --allow-root)
//   NO_JUPYTER            the message that tells a newcomer how to install Jupyter

import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const KERNEL = {
  name: "ds-course-ts",
  display_name: "Distributed Systems (TypeScript)",
  language: "typescript",
} as const;

// __dirname: tsx runs tools as CommonJS and vitest provides it too (tsconfig is CommonJS).
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export const NO_JUPYTER =
  "Jupyter Notebook was not found. Install it with `pip install notebook` (or on Debian/Ubuntu " +
  "`sudo apt install jupyter-notebook`), or set JUPYTER to the `jupyter` executable, then try again.";

export function listNotebooks(root: string = REPO_ROOT): string[] {
  const dir = path.join(root, "notebooks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith(".ipynb")).sort().map((n) => path.join(dir, n));
}

export function jupyterEnv(root: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const jupyterPath = [path.join(root, ".jupyter"), env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { ...env, JUPYTER_PATH: jupyterPath };
}

function executable(p: string): boolean {
  try { accessSync(p, constants.X_OK); return true; } catch { return false; }
}

export function findJupyter(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.JUPYTER) return env.JUPYTER;
  const names = process.platform === "win32" ? ["jupyter.exe", "jupyter.cmd", "jupyter"] : ["jupyter"];
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of names) if (executable(path.join(dir, name))) return path.join(dir, name);
  }
  return executable("/usr/bin/jupyter") ? "/usr/bin/jupyter" : null;
}

export function jupyterPython(jupyter: string): string {
  try {
    const first = readFileSync(jupyter, "utf8").slice(0, 300).split("\n")[0];
    const m = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first);
    if (m && existsSync(m[1])) return m[1];
  } catch { /* a binary launcher (Windows) or unreadable: fall back */ }
  return process.platform === "win32" ? "python" : "python3";
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const isRoot = (): boolean => process.getuid?.() === 0;
