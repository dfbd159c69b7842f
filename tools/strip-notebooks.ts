// tools/strip-notebooks.ts: notebooks are committed without outputs (npm run strip).
//
//   npm run strip                        empties every code cell's outputs and execution count in
//                                        notebooks/*.ipynb, rewriting only the notebooks that had any
//   npm run strip -- notebooks/03-x.ipynb   just these
//   npm run strip -- --check             changes nothing; lists the notebooks that still hold outputs
//                                        and exits 1 if there are any (CI runs this: .ci/run)
//
// Why: a committed notebook's outputs are stale the moment lib/ changes, they bloat diffs, and the
// tests execute the notebooks anyway. A student's notebooks may hold outputs (Jupyter saves them):
// nothing in `npm test` minds; this rule belongs to committing. Run `npm run strip` before you
// commit a notebook. The JSON is written as Jupyter writes it (one-space indent, final newline).

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseCli, runMain } from "./lib/cli";
import { listNotebooks, REPO_ROOT } from "./lib/jupyter";

const USAGE = "usage: npm run strip [-- --check] [notebook.ipynb ...]";

interface Cell { cell_type: string; outputs?: unknown[]; execution_count?: number | null }

/** Strips a notebook's code cells in place; returns how many cells held outputs or a count. */
function strip(nb: { cells: Cell[] }): number {
  let changed = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    if ((cell.outputs?.length ?? 0) > 0 || cell.execution_count != null) changed++;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return changed;
}

runMain(async () => {
  const { values, positionals } = parseCli(USAGE, { check: { type: "boolean" } });
  const files = positionals.length ? positionals.map((f) => path.resolve(f)) : listNotebooks(REPO_ROOT);
  const dirty: string[] = [];
  for (const file of files) {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    const cells = strip(nb);
    if (!cells) continue;
    const rel = path.relative(process.cwd(), file);
    dirty.push(`${rel} (${cells} cell(s) with outputs or an execution count)`);
    if (!values.check) writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
  }
  if (values.check) {
    if (!dirty.length) { console.log(`all ${files.length} notebook(s) are stripped`); return 0; }
    console.log(`notebooks committed with outputs; run \`npm run strip\` and commit again:\n  ${dirty.join("\n  ")}`);
    return 1;
  }
  console.log(dirty.length ? `stripped:\n  ${dirty.join("\n  ")}` : `nothing to strip in ${files.length} notebook(s)`);
  return 0;
});
