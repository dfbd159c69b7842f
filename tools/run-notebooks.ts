// tools/run-notebooks.ts: executes the course notebooks on the course kernel (Node only).
//
//   npm run notebooks                              all notebooks/*.ipynb, exercises as they are
//   npm run notebooks -- notebooks/00-tour.ipynb   just these
//   npm run notebooks -- --solutions               with solutions/*.ts copied over exercises/
//   npm run notebooks -- --out DIR                 save executed copies (with outputs) in DIR
//   npm run notebooks -- --timeout 120             per-cell timeout in seconds (default 60)
//
// Prints one PASS/FAIL line per notebook with its time, then the failure details (notebook,
// cell index, source head, stderr). Exits 1 if any notebook failed. The failure rules are
// those of tools/notebook-runner.ts (errors, aborts, any stderr, timeouts, cells never run).

import path from "node:path";
import { listNotebooks, REPO_ROOT, runNotebook, withSolutionsWorkdir } from "./notebook-runner";

const USAGE = "usage: tsx tools/run-notebooks.ts [--solutions] [--out DIR] [--timeout SECONDS] [notebook.ipynb ...]";

async function main(argv: string[]): Promise<number> {
  let solutions = false;
  let outDir: string | undefined;
  let timeoutMs = 60_000;
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--solutions") solutions = true;
    else if (a === "--out") outDir = argv[++i];
    else if (a === "--timeout") timeoutMs = Number(argv[++i]) * 1000;
    else if (a === "-h" || a === "--help") { console.log(USAGE); return 0; }
    else if (a.startsWith("-")) { console.error(`unknown option ${a}\n${USAGE}`); return 2; }
    else given.push(path.resolve(a));
  }
  if ((outDir === undefined && argv.includes("--out")) || !(timeoutMs > 0)) { console.error(USAGE); return 2; }

  const notebooks = given.length ? given : listNotebooks(REPO_ROOT);
  if (!notebooks.length) { console.log("no notebooks found in notebooks/; nothing to run"); return 0; }

  let workdir = REPO_ROOT;
  let cleanup = () => {};
  if (solutions) ({ dir: workdir, cleanup } = await withSolutionsWorkdir(REPO_ROOT));
  const failures: string[] = [];
  try {
    for (const nb of notebooks) {
      const rel = path.relative(REPO_ROOT, nb);
      // With --solutions, run the workdir's copy of a repo notebook (same content, its own tree).
      const target = solutions && !rel.startsWith("..") ? path.join(workdir, rel) : nb;
      const outPath = outDir ? path.join(path.resolve(outDir), path.basename(nb)) : undefined;
      const run = await runNotebook(target, { workdir, timeoutMs, outPath });
      const label = rel.startsWith("..") ? nb : rel;
      console.log(`${run.ok ? "PASS" : "FAIL"}  ${label}  ${run.seconds.toFixed(1)}s${solutions ? "  (solutions in place)" : ""}`);
      if (!run.ok) failures.push(run.failure!.split(target).join(label));
    }
  } finally {
    cleanup();
  }
  if (failures.length) {
    console.log(`\n${failures.length} of ${notebooks.length} notebook(s) failed:\n`);
    for (const f of failures) console.log(f + "\n");
    return 1;
  }
  console.log(`all ${notebooks.length} notebook(s) passed`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 1; });
