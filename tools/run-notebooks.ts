// tools/run-notebooks.ts: executes the course notebooks and judges them (npm run notebooks).
//
//   npm run notebooks                              every notebooks/*.ipynb, exercises as they are
//   npm run notebooks -- notebooks/00-tour.ipynb   just these
//   npm run notebooks -- --solutions               with solutions/*.ts copied over exercises/
//   npm run notebooks -- --out DIR                 keep the executed copies (with outputs) in DIR
//   npm run notebooks -- --timeout 120             per-cell timeout in seconds (default 60; 120 with --jupyter)
//   npm run notebooks -- --jobs 2                  kernels at a time in the same tree (default 1)
//   npm run notebooks -- --jupyter [--html-out DIR]
//       through real Jupyter (jupyter_client + nbclient, tools/nbclient-run.py) instead of the Node
//       runner; needs Jupyter and `npm run kernel:install`; --html-out also exports each executed
//       notebook as HTML (for `npm run check:browser`). This is what CI runs after `npm test`.
//
// Either way a notebook is judged by the one rulebook, tools/lib/verdict.ts (errors, aborts, any
// stderr, error outputs, timeouts, a dead kernel, cells never run). Prints one PASS/FAIL line per
// notebook with its time as each finishes, then the failure details (notebook, cell index, source
// head, stderr). Exits 1 if any notebook failed, 2 on bad usage.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCli, positiveNumber, runMain, UsageError } from "./lib/cli";
import { listNotebooks, REPO_ROOT } from "./lib/jupyter";
import { runWithNbclient } from "./lib/nbclient";
import { copyKit, runNotebooks } from "./notebook-runner";

const USAGE = "usage: npm run notebooks -- [--solutions] [--out DIR] [--timeout SECONDS] [--jobs N] [--jupyter [--html-out DIR]] [notebook.ipynb ...]";

async function main(): Promise<number> {
  const { values: o, positionals } = parseCli(USAGE, {
    solutions: { type: "boolean" }, jupyter: { type: "boolean" }, out: { type: "string" },
    "html-out": { type: "string" }, timeout: { type: "string" }, jobs: { type: "string" },
  });
  if (o["html-out"] && !o.jupyter) throw new UsageError("--html-out needs --jupyter", USAGE);
  if (o.solutions && o.jupyter) throw new UsageError("--solutions runs on the Node runner only; drop --jupyter", USAGE);
  const timeout = positiveNumber(o.timeout, "--timeout", USAGE);
  // One at a time unless asked: kernels sharing a tree trip each other's file watcher when a
  // notebook writes under it (the tests give each notebook its own copy instead).
  const jobs = positiveNumber(o.jobs, "--jobs", USAGE) ?? 1;

  const notebooks = positionals.length ? positionals.map((p) => path.resolve(p)) : listNotebooks(REPO_ROOT);
  if (!notebooks.length) { console.log("no notebooks found in notebooks/; nothing to run"); return 0; }
  const label = (nb: string) => (path.relative(REPO_ROOT, nb).startsWith("..") ? nb : path.relative(REPO_ROOT, nb));
  const report = (run: { path: string; ok: boolean; seconds: number }, note = "") =>
    console.log(`${run.ok ? "PASS" : "FAIL"}  ${label(run.path)}  ${run.seconds.toFixed(1)}s${note}`);

  let failures: string[];
  if (o.jupyter) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "ds-nbclient-"));
    try {
      const runs = await runWithNbclient(notebooks, {
        root: REPO_ROOT, outDir: o.out ? path.resolve(o.out) : scratch, timeoutSeconds: timeout ?? 120,
        htmlDir: o["html-out"] ? path.resolve(o["html-out"]) : undefined, onDone: (run) => report(run, "  (Jupyter)"),
      });
      failures = runs.filter((r) => !r.ok).map((r) => r.failure!);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  } else {
    const work = o.solutions ? copyKit("solutions") : { dir: REPO_ROOT, cleanup: () => {} };
    try {
      // With --solutions, run the copy's version of a repo notebook (same content, its own tree).
      const runs = runNotebooks(notebooks.map((nb) => {
        const rel = path.relative(REPO_ROOT, nb);
        return {
          path: o.solutions && !rel.startsWith("..") ? path.join(work.dir, rel) : nb,
          options: { workdir: work.dir, timeoutMs: (timeout ?? 60) * 1000, outPath: o.out ? path.join(path.resolve(o.out), path.basename(nb)) : undefined },
        };
      }), jobs);
      runs.forEach((p, i) => p.then((run) => report({ ...run, path: notebooks[i] }, o.solutions ? "  (solutions in place)" : "")));
      failures = (await Promise.all(runs)).filter((r) => !r.ok).map((r) => r.failure!.split(work.dir + path.sep).join(""));
    } finally {
      work.cleanup();
    }
  }
  if (failures.length) {
    console.log(`\n${failures.length} of ${notebooks.length} notebook(s) failed:\n`);
    for (const f of failures) console.log(f + "\n");
    return 1;
  }
  console.log(`all ${notebooks.length} notebook(s) passed`);
  return 0;
}

runMain(main);
