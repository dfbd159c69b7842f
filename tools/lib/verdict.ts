// tools/lib/verdict.ts: the rulebook for what fails a notebook, used by every runner.
//
// A runner (the Node runner, the nbclient runner, the live-Jupyter check) executes a notebook its own
// way and reports, for each code cell, what a Jupyter front end sees: the execute_reply status, the
// execution count and the outputs (nbformat shape), plus whether the cell timed out or the kernel
// died under it. judgeNotebook() turns those facts into a verdict. A code cell FAILS when it
//
//   - did not finish within the cell timeout                      (status "timeout")
//   - never got an execute_reply because the kernel died          (status "error")
//   - got execute_reply status "abort": tslab aborts every request
//     for ~200 ms after an error, so a cell right after a failure
//     is aborted rather than run                                  (status "abort")
//   - got any other execute_reply status than "ok": "error" is
//     tslab's way to say the cell threw                           (status "error")
//   - has an `error` output                                       (status "error")
//   - wrote anything to stderr: tslab prints errors as stderr
//     text, and notebooks report a theory/simulation
//     disagreement on stderr                                      (status "error")
//   - was never run: no reply, no execution count, although it
//     has code (the run stopped or the kernel vanished before)    (status "not-run")
//   - got "ok" but no execution count                             (status "error")
//
// Empty code cells are skipped, as Jupyter does. The notebook fails at its first cell that ran and
// failed; else with the runner's own error (a kernel that would not start, a missing kernelspec);
// else at its first cell that never ran. The failure message names the notebook, the cell (its index in notebook.cells,
// 0-based, counting markdown cells), the first lines of its source, its stderr and error output.
//
// cellStatus() is the per-cell rule, for runners that stop at the first failure.
// Tests: test/notebook-rules.test.ts (the rules, once, on made-up facts).

export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export type CellStatus = "ok" | "error" | "abort" | "timeout" | "not-run" | "skipped";

/** What a runner saw of one code cell. */
export interface CellFacts {
  /** Position in notebook.cells (0-based, counting markdown cells too). */
  index: number;
  source: string;
  /** The execute_reply status as the kernel sent it; null when no reply came. */
  reply: string | null;
  executionCount: number | null;
  outputs: Output[];
  /** Set when the cell outlived the runner's timeout (in seconds). */
  timedOutAfter?: number;
  /** Set when the kernel died while the cell ran: the kernel's last words, if any. */
  kernelDied?: string;
}

export interface Verdict {
  ok: boolean;
  /** Why the notebook failed (notebook, cell, source head, stderr); undefined when ok. */
  failure?: string;
  /** One status per cell of `cells`, same order. */
  statuses: CellStatus[];
}

export const stderrOf = (cell: Pick<CellFacts, "outputs">): string =>
  cell.outputs.map((o) => (o.output_type === "stream" && o.name === "stderr" ? o.text : "")).join("");

/** The rule for one cell: its status, and why it failed (undefined when it passed or was skipped). */
export function cellStatus(cell: CellFacts): { status: CellStatus; why?: string } {
  if (!cell.source.trim()) return { status: "skipped" };
  if (cell.timedOutAfter !== undefined) return { status: "timeout", why: `did not finish within ${cell.timedOutAfter} s (kernel stopped)` };
  if (cell.kernelDied !== undefined) {
    const log = cell.kernelDied.trim() ? `\n  kernel log:\n${indent(lastLines(cell.kernelDied, 15), "    ")}` : "";
    return { status: "error", why: `never finished: the kernel died${log}` };
  }
  if (cell.reply === null) {
    return cell.executionCount === null ? { status: "not-run", why: "never ran" } : { status: "error", why: "got no execute_reply" };
  }
  if (cell.reply === "abort") return { status: "abort", why: `was aborted by the kernel (status "abort", usually right after an error)` };
  if (cell.reply !== "ok") return { status: "error", why: `failed (execute_reply status "${cell.reply}")` };
  if (cell.outputs.some((o) => o.output_type === "error")) return { status: "error", why: "produced an error output" };
  if (stderrOf(cell)) return { status: "error", why: "wrote to stderr" };
  if (cell.executionCount === null) return { status: "error", why: "has no execution count although the kernel answered ok" };
  return { status: "ok" };
}

/** Judges a whole run: the first failing cell, else the runner's own error, fails the notebook. */
export function judgeNotebook(notebook: string, cells: CellFacts[], runError?: string): Verdict {
  const judged = cells.map(cellStatus);
  const ran = judged.findIndex((j) => j.why !== undefined && j.status !== "not-run");
  const notRun = judged.findIndex((j) => j.status === "not-run");
  let failure: string | undefined;
  if (ran >= 0) failure = describe(notebook, cells[ran], judged[ran].why!);
  else if (runError) failure = `${notebook}: could not run: ${runError}`;
  else if (notRun >= 0) failure = describe(notebook, cells[notRun], judged[notRun].why!);
  return { ok: failure === undefined, failure, statuses: judged.map((j) => j.status) };
}

function describe(notebook: string, cell: CellFacts, why: string): string {
  let msg = `${notebook}: cell ${cell.index} (execution_count ${cell.executionCount ?? "none"}) ${why}\n${head(cell.source)}`;
  const stderr = stderrOf(cell).trimEnd();
  if (stderr) {
    const lines = stderr.split("\n");
    msg += `\n  stderr:\n${indent(lines.slice(0, 30).join("\n"), "    ")}`;
    if (lines.length > 30) msg += `\n    ... (${lines.length - 30} more lines)`;
  }
  for (const o of cell.outputs) if (o.output_type === "error") msg += `\n  error output: ${o.ename}: ${o.evalue}`;
  return msg;
}

function head(source: string, lines = 4): string {
  const all = source.split("\n");
  const shown = all.slice(0, lines).map((l) => `    | ${l}`).join("\n");
  return all.length > lines ? `${shown}\n    | ...` : shown;
}

const indent = (text: string, pad: string) => text.split("\n").map((l) => pad + l).join("\n");
const lastLines = (text: string, n: number) => text.trim().split("\n").slice(-n).join("\n");
