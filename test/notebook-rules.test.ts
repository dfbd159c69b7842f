// test/notebook-rules.test.ts: the rulebook that fails a notebook (tools/lib/verdict.ts), tested
// once, on made-up cell facts; and the nbclient runner's reading of an executed notebook
// (tools/lib/nbclient.ts), which must hand the rulebook the same facts the Node runner does.
// (test/notebook-runner.test.ts checks the Node runner against a real kernel.)
import { describe, expect, it } from "vitest";
import { factsFromExecuted } from "../tools/lib/nbclient";
import { cellStatus, judgeNotebook, type CellFacts } from "../tools/lib/verdict";

const cell = (over: Partial<CellFacts> = {}): CellFacts =>
  ({ index: 1, source: "run()", reply: "ok", executionCount: 1, outputs: [], ...over });
const stderr = (text: string) => ({ output_type: "stream" as const, name: "stderr" as const, text });

describe("a cell", () => {
  it("passes with reply ok, a count, and stdout or display outputs only", () => {
    expect(cellStatus(cell({ outputs: [{ output_type: "stream", name: "stdout", text: "hi\n" }] }))).toEqual({ status: "ok" });
  });
  it("is skipped when empty, whatever else is recorded", () => {
    expect(cellStatus(cell({ source: "  \n", reply: null, executionCount: null }))).toEqual({ status: "skipped" });
  });
  it.each<[string, Partial<CellFacts>, string, RegExp]>([
    ["reply error (tslab: the cell threw)", { reply: "error" }, "error", /execute_reply status "error"/],
    ["reply abort (tslab, ~200 ms after an error)", { reply: "abort" }, "abort", /aborted by the kernel/],
    ["an error output", { outputs: [{ output_type: "error", ename: "TypeError", evalue: "x", traceback: [] }] }, "error", /error output/],
    ["any stderr, even with reply ok", { outputs: [stderr("theory and simulation disagree\n")] }, "error", /wrote to stderr/],
    ["a timeout", { timedOutAfter: 60, reply: null }, "timeout", /did not finish within 60 s/],
    ["a dead kernel", { kernelDied: "Segmentation fault", reply: null }, "error", /kernel died[\s\S]*Segmentation fault/],
    ["no reply and no count: never ran", { reply: null, executionCount: null }, "not-run", /never ran/],
    ["no reply but a count", { reply: null }, "error", /no execute_reply/],
    ["reply ok without a count", { executionCount: null }, "error", /no execution count/],
  ])("fails on %s", (_what, over, status, why) => {
    const got = cellStatus(cell(over));
    expect(got.status).toBe(status);
    expect(got.why).toMatch(why);
  });
});

describe("a notebook", () => {
  it("passes when every cell passes or is skipped", () => {
    expect(judgeNotebook("nb.ipynb", [cell(), cell({ index: 2, source: "" })])).toEqual({ ok: true, failure: undefined, statuses: ["ok", "skipped"] });
  });
  it("fails at its first failing cell, naming notebook, cell, source head and stderr", () => {
    const v = judgeNotebook("notebooks/05-x.ipynb", [
      cell({ index: 1 }),
      cell({ index: 3, source: "a\nb\nc\nd\ne", outputs: [stderr("M/M/1 says 9.5 ms, simulation 14 ms\n")] }),
      cell({ index: 4, reply: "abort" }),
      cell({ index: 5, reply: null, executionCount: null }),
    ]);
    expect(v.ok).toBe(false);
    expect(v.statuses).toEqual(["ok", "error", "abort", "not-run"]);
    expect(v.failure).toMatch(/^notebooks\/05-x\.ipynb: cell 3 \(execution_count 1\) wrote to stderr\n {4}\| a\n/);
    expect(v.failure).toContain("    | ...");
    expect(v.failure).toContain("  stderr:\n    M/M/1 says 9.5 ms, simulation 14 ms");
  });
  it("reports the runner's own error before cells that never ran because of it", () => {
    const v = judgeNotebook("nb.ipynb", [cell({ reply: null, executionCount: null })], "kernel did not start");
    expect(v.failure).toBe("nb.ipynb: could not run: kernel did not start");
  });
  it("fails when a cell never ran, even without a runner error", () => {
    expect(judgeNotebook("nb.ipynb", [cell(), cell({ index: 2, reply: null, executionCount: null })]).failure).toMatch(/cell 2 .*never ran/);
  });
});

describe("the nbclient runner's facts", () => {
  const code = (source: string | string[], ds_run?: { reply: string | null; execution_count: number | null }, outputs: Array<Record<string, unknown>> = []) =>
    ({ cell_type: "code", source, metadata: { ds_run }, outputs, execution_count: null });
  it("come from each cell's recorded reply, with multi-line text joined", () => {
    const { cells, runError } = factsFromExecuted({
      metadata: {},
      cells: [
        { cell_type: "markdown", source: "# t" },
        code(["let a = 1;\n", "a"], { reply: "ok", execution_count: 1 }, [{ output_type: "stream", name: "stderr", text: ["one\n", "two\n"] }]),
        code("b", { reply: "abort", execution_count: null }),
      ],
    }, 120);
    expect(runError).toBeUndefined();
    expect(cells).toEqual([
      { index: 1, source: "let a = 1;\na", reply: "ok", executionCount: 1, outputs: [{ output_type: "stream", name: "stderr", text: "one\ntwo\n" }] },
      { index: 2, source: "b", reply: "abort", executionCount: null, outputs: [] },
    ]);
    expect(judgeNotebook("nb", cells).statuses).toEqual(["error", "abort"]);
  });
  it("mark the cell where the run broke off as timed out or its kernel dead", () => {
    const timedOut = factsFromExecuted({ metadata: { ds_run: { error: "CellTimeoutError", cell: 0, timeout: true } }, cells: [code("slow()")] }, 120);
    expect(cellStatus(timedOut.cells[0])).toMatchObject({ status: "timeout", why: expect.stringContaining("120 s") });
    const died = factsFromExecuted({ metadata: { ds_run: { error: "DeadKernelError: Kernel died", cell: 0, timeout: false } }, cells: [code("boom()")] }, 120);
    expect(cellStatus(died.cells[0])).toMatchObject({ status: "error", why: expect.stringContaining("DeadKernelError") });
  });
  it("turn an error at no cell (no kernel) into the run's error", () => {
    const r = factsFromExecuted({ metadata: { ds_run: { error: "NoSuchKernel: ds-course-ts", cell: null, timeout: false } }, cells: [code("a")] }, 120);
    expect(judgeNotebook("nb", r.cells, r.runError).failure).toBe("nb: could not run: NoSuchKernel: ds-course-ts");
  });
});
