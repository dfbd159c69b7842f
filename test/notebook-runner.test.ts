// test/notebook-runner.test.ts: self-tests of tools/notebook-runner.ts.
//
// Tiny notebooks are written on the fly into a temp workdir copy of the repository (never into
// notebooks/), then run on the real course kernel: a passing notebook passes and captures its
// display_data; a throwing cell fails the run and the cells after it are "not-run"; a cell that
// writes to stderr fails; a cell that outlives its timeout fails and its kernel is killed;
// directory imports ("./lib" style) work through tools/kernel.mjs.
// Each run starts one tslab kernel (a few seconds), hence the generous timeouts.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runNotebook, withSolutionsWorkdir } from "../tools/notebook-runner";

const KERNELSPEC = { name: "ds-course-ts", display_name: "Distributed Systems (TypeScript)", language: "typescript" };

function writeNb(file: string, sources: string[]) {
  const nb = {
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: KERNELSPEC },
    cells: [
      { cell_type: "markdown", id: "m0", metadata: {}, source: "# scratch" },
      ...sources.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })),
    ],
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

function kernelsRunningIn(dir: string): number {
  if (process.platform !== "linux") return 0;
  const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return ps.split("\n").filter((l) => l.includes(path.join(dir, "tools", "kernel.mjs"))).length;
}

let work: { dir: string; cleanup: () => void };
beforeAll(async () => { work = await withSolutionsWorkdir(REPO_ROOT); });
afterAll(() => work?.cleanup());

describe("runNotebook", () => {
  it("passes a clean notebook and records outputs, counts and display_data", async () => {
    const nb = writeNb(path.join(work.dir, "notebooks", "_selftest-ok.ipynb"), [
      "const x: number = 20 + 1;\nconsole.log('x is', x);",
      "",
      'import * as tslab from "tslab";\ntslab.display.html("<b>hello</b>");',
      "x * 2",
    ]);
    const out = path.join(work.dir, "out", "ok.ipynb");
    const run = await runNotebook(nb, { workdir: work.dir, outPath: out });
    expect(run.ok, run.failure).toBe(true);
    expect(run.cells.map((c) => c.status)).toEqual(["ok", "skipped", "ok", "ok"]);
    expect(run.cells.map((c) => c.index)).toEqual([1, 2, 3, 4]);
    expect(run.cells[0].execution_count).toBe(1);
    expect(run.cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "x is 21\n" }]);
    const display = run.cells[2].outputs.find((o) => o.output_type === "display_data");
    expect(display).toMatchObject({ output_type: "display_data", data: { "text/html": "<b>hello</b>" } });
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.cells[3].outputs[0].output_type).toBe("display_data");
    expect(saved.cells[4].execution_count).toBe(3);
    expect(kernelsRunningIn(work.dir)).toBe(0);
  }, 60_000);

  it("imports directory modules (./dir -> dir/index.ts) as notebooks do with ./lib", async () => {
    const mod = path.join(work.dir, "_selftest_mod");
    mkdirSync(path.join(mod, "inner"), { recursive: true });
    writeFileSync(path.join(mod, "index.ts"), 'export * from "./inner";\nexport const outer = "outer";\n');
    writeFileSync(path.join(mod, "inner", "index.ts"), 'export function inner(n: number): number { return n * 2; }\n');
    const nb = writeNb(path.join(work.dir, "notebooks", "_selftest-dirimport.ipynb"), [
      'import { inner, outer } from "./_selftest_mod";\nconsole.log(outer, inner(21));',
    ]);
    const run = await runNotebook(nb, { workdir: work.dir });
    expect(run.ok, run.failure).toBe(true);
    expect(run.cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "outer 42\n" }]);
  }, 60_000);

  it("fails on a cell that throws, and does not report later cells as passed", async () => {
    const nb = writeNb(path.join(work.dir, "notebooks", "_selftest-throw.ipynb"), [
      "console.log('before')",
      "function explode(): never {\n  throw new Error('boom at cell two');\n}\nexplode();",
      "console.log('after')",
    ]);
    const run = await runNotebook(nb, { workdir: work.dir });
    expect(run.ok).toBe(false);
    expect(run.cells.map((c) => c.status)).toEqual(["ok", "error", "not-run"]);
    expect(run.cells[2].outputs).toEqual([]);
    expect(run.failure).toContain("_selftest-throw.ipynb");
    expect(run.failure).toContain("cell 2");
    expect(run.failure).toContain("function explode(): never {");
    expect(run.failure).toContain("boom at cell two");
    expect(kernelsRunningIn(work.dir)).toBe(0);
  }, 60_000);

  it("fails on a cell that writes to stderr", async () => {
    const nb = writeNb(path.join(work.dir, "notebooks", "_selftest-stderr.ipynb"), [
      "console.error('something went sideways')",
      "1 + 1",
    ]);
    const run = await runNotebook(nb, { workdir: work.dir });
    expect(run.ok).toBe(false);
    expect(run.cells.map((c) => c.status)).toEqual(["error", "not-run"]);
    expect(run.cells[0].replyStatus).toBe("ok");
    expect(run.failure).toContain("wrote to stderr");
    expect(run.failure).toContain("something went sideways");
  }, 60_000);

  it("fails a cell that outlives its timeout and kills the kernel", async () => {
    const nb = writeNb(path.join(work.dir, "notebooks", "_selftest-timeout.ipynb"), [
      "await new Promise((r) => setTimeout(r, 30_000));",
      "1",
    ]);
    const run = await runNotebook(nb, { workdir: work.dir, timeoutMs: 1_500 });
    expect(run.ok).toBe(false);
    expect(run.cells.map((c) => c.status)).toEqual(["timeout", "not-run"]);
    expect(run.failure).toContain("did not finish within 1.5 s");
    expect(kernelsRunningIn(work.dir)).toBe(0);
  }, 60_000);
});

describe("withSolutionsWorkdir", () => {
  it("copies solutions/*.ts over exercises/ and links node_modules", async () => {
    const fake = mkdtempSync(path.join(os.tmpdir(), "ds-fake-repo-"));
    try {
      for (const [f, text] of Object.entries({
        "exercises/01-x.ts": "stub", "exercises/02-y.ts": "stub only", "solutions/01-x.ts": "solved",
        "lib/index.ts": "lib", "package.json": "{}", "vitest.config.ts": "cfg", "notes.txt": "not copied",
      })) {
        mkdirSync(path.dirname(path.join(fake, f)), { recursive: true });
        writeFileSync(path.join(fake, f), text);
      }
      mkdirSync(path.join(fake, "node_modules"));
      const { dir, cleanup } = await withSolutionsWorkdir(fake);
      expect(readFileSync(path.join(dir, "exercises/01-x.ts"), "utf8")).toBe("solved");
      expect(readFileSync(path.join(dir, "exercises/02-y.ts"), "utf8")).toBe("stub only");
      expect(readFileSync(path.join(dir, "vitest.config.ts"), "utf8")).toBe("cfg");
      expect(existsSync(path.join(dir, "lib/index.ts"))).toBe(true);
      expect(existsSync(path.join(dir, "notes.txt"))).toBe(false);
      expect(readFileSync(path.join(fake, "exercises/01-x.ts"), "utf8")).toBe("stub");
      cleanup();
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
