// tools/lib/nbclient.ts: runs notebooks through real Jupyter (tools/nbclient-run.py) and judges them
// with the course's rulebook (tools/lib/verdict.ts), so that runner fails a notebook for exactly the
// reasons the Node runner does.
//
//   runWithNbclient(notebooks, { root, outDir, htmlDir?, timeoutSeconds?, onDone? })
//       starts `<python of your jupyter> tools/nbclient-run.py` once for all the notebooks, with
//       JUPYTER_PATH set to find the project's kernel (run `npm run kernel:install` first), and
//       returns one { path, ok, failure, seconds } per notebook, in order, calling onDone as each
//       finishes. The executed notebooks land in outDir; HTML exports in htmlDir when given.
//   factsFromExecuted(nb)
//       the rulebook's facts from a notebook the script executed: per code cell its recorded
//       execute_reply status and execution count (cell.metadata.ds_run) and outputs; the cell
//       where the run broke off gets "timed out" or "kernel died"; an error at no cell is the
//       run's own error.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { findJupyter, jupyterEnv, jupyterPython, KERNEL, NO_JUPYTER } from "./jupyter";
import { judgeNotebook, type CellFacts, type Output } from "./verdict";

export interface JupyterRun { path: string; ok: boolean; failure?: string; seconds: number }

type Lines = string | string[];
interface ExecutedNotebook {
  metadata: { ds_run?: { error: string; cell: number | null; timeout: boolean } };
  cells: Array<{
    cell_type: string; source: Lines; execution_count?: number | null;
    metadata?: { ds_run?: { reply: string | null; execution_count: number | null } };
    outputs?: Array<Record<string, any>>;
  }>;
}

const text = (t: Lines | undefined) => (Array.isArray(t) ? t.join("") : t ?? "");

export function factsFromExecuted(nb: ExecutedNotebook, timeoutSeconds: number): { cells: CellFacts[]; runError?: string } {
  const broke = nb.metadata.ds_run;
  const cells: CellFacts[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const run = cell.metadata?.ds_run;
    const outputs = (cell.outputs ?? []).map((o) => (o.output_type === "stream" ? { ...o, text: text(o.text) } : o) as Output);
    const facts: CellFacts = {
      index, source: text(cell.source), outputs,
      reply: run?.reply ?? null, executionCount: run?.execution_count ?? cell.execution_count ?? null,
    };
    if (broke && broke.cell === index) {
      if (broke.timeout) facts.timedOutAfter = timeoutSeconds;
      else facts.kernelDied = broke.error;
    }
    cells.push(facts);
  });
  const atNoCell = broke && !cells.some((c) => c.index === broke.cell);
  return { cells, runError: atNoCell ? broke!.error : undefined };
}

export async function runWithNbclient(
  notebooks: string[],
  opts: { root: string; outDir: string; htmlDir?: string; timeoutSeconds?: number; onDone?: (run: JupyterRun) => void },
): Promise<JupyterRun[]> {
  const jupyter = findJupyter();
  if (!jupyter) throw new Error(NO_JUPYTER);
  const spec = path.join(opts.root, ".jupyter", "kernels", KERNEL.name, "kernel.json");
  if (!existsSync(spec)) throw new Error(`kernel spec not found at ${spec}; run \`npm run kernel:install\` first`);
  const timeoutSeconds = opts.timeoutSeconds ?? 120;
  const python = jupyterPython(jupyter);
  const args = [
    path.join(opts.root, "tools", "nbclient-run.py"), "--kernel", KERNEL.name, "--cwd", opts.root,
    "--out-dir", opts.outDir, "--timeout", String(timeoutSeconds),
    ...(opts.htmlDir ? ["--html-dir", opts.htmlDir] : []), ...notebooks,
  ];
  const child = spawn(python, args, { cwd: opts.root, env: jupyterEnv(opts.root), stdio: ["ignore", "pipe", "pipe"] });
  const runs: JupyterRun[] = [];
  let stderr = "";
  let pending = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => {
    pending += d;
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.trim().startsWith("{")) continue;
      const done: { notebook: string; executed: string; seconds: number } = JSON.parse(line);
      const { cells, runError } = factsFromExecuted(JSON.parse(readFileSync(done.executed, "utf8")), timeoutSeconds);
      const verdict = judgeNotebook(done.notebook, cells, runError);
      const run = { path: done.notebook, ok: verdict.ok, failure: verdict.failure, seconds: done.seconds };
      runs.push(run);
      opts.onDone?.(run);
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`could not start ${python}: ${e.message}`)));
    child.on("close", resolve);
  });
  if (code !== 0 || runs.length !== notebooks.length) {
    throw new Error(`${python} tools/nbclient-run.py exited with ${code} after ${runs.length} of ${notebooks.length} notebook(s):\n${stderr.trim()}`);
  }
  return runs;
}
