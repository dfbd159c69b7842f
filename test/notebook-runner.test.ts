// test/notebook-runner.test.ts: self-tests of tools/notebook-runner.ts, the Node runner.
//
// Tiny notebooks are written on the fly into a temp workdir copy of the repository (never into
// notebooks/), then run on the real course kernel: a passing notebook passes and captures its
// display_data; a throwing cell fails the run and the cells after it are "not-run"; a cell that
// writes to stderr fails; a cell that outlives its timeout fails and its kernel is killed;
// directory imports ("./lib" style) work through tools/kernel.mjs; kernels sharing a compile cache
// (tools/tslab-cache.cjs) give the same outputs, and a kit file with type errors fails every time;
// a kernel whose start failed for good is started again.
// What counts as a failure is the rulebook's, tested in test/notebook-rules.test.ts; here we check
// that the runner feeds it what the kernel really said. Each run starts one tslab kernel (a few
// seconds); the runs are independent processes, so they run concurrently.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KERNEL, REPO_ROOT } from "../tools/lib/jupyter";
import { copyKit, runNotebook, type RunOptions } from "../tools/notebook-runner";

function writeNb(file: string, sources: string[]) {
  const json = {
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: KERNEL },
    cells: [
      { cell_type: "markdown", id: "m0", metadata: {}, source: "# scratch" },
      ...sources.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })),
    ],
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json, null, 1));
}

/** Whether the run's kernel process is still alive (it must not be, once runNotebook returns). */
function alive(pid: number | undefined): boolean {
  expect(pid, "the run reports its kernel's pid").toBeGreaterThan(0);
  try { process.kill(pid!, 0); return true; } catch { return false; }
}

// Five kernels start at once; on a loaded machine (CI, or this one shared) that can take minutes.
const TEST_TIMEOUT = 240_000;

// Every scratch file is written before any kernel starts: tslab's TypeScript watcher can fail a
// running cell when files change under its root ("Unexpected pending rebuildTimer").
let work: { dir: string; cleanup: () => void };
const scratch = mkdtempSync(path.join(os.tmpdir(), "ds-runner-test-"));
const nb = (name: string) => path.join(work.dir, "notebooks", `_selftest-${name}.ipynb`);
beforeAll(() => {
  work = copyKit("as-is", REPO_ROOT);
  writeNb(nb("ok"), [
    "const x: number = 20 + 1;\nconsole.log('x is', x);",
    "",
    'import * as tslab from "tslab";\ntslab.display.html("<b>hello</b>");',
    "x * 2",
  ]);
  const mod = path.join(work.dir, "_selftest_mod");
  mkdirSync(path.join(mod, "inner"), { recursive: true });
  writeFileSync(path.join(mod, "index.ts"), 'export * from "./inner";\nexport const outer = "outer";\n');
  writeFileSync(path.join(mod, "inner", "index.ts"), 'export function inner(n: number): number { return n * 2; }\n');
  const dirimport = 'import { inner, outer } from "./_selftest_mod";\nconsole.log(outer, inner(21));';
  writeNb(nb("dirimport"), [dirimport]);
  const bad = path.join(work.dir, "_selftest_bad");
  mkdirSync(bad, { recursive: true });
  writeFileSync(path.join(bad, "index.ts"), 'export const count: number = "three";\n');
  writeNb(nb("badimport"), ['import { count } from "./_selftest_bad";\nconsole.log(count);']);
  writeNb(nb("throw"), [
    "console.log('before')",
    "function explode(): never {\n  throw new Error('boom at cell two');\n}\nexplode();",
    "console.log('after')",
  ]);
  writeNb(nb("stderr"), ["console.error('something went sideways')", "1 + 1"]);
  writeNb(nb("timeout"), ["await new Promise((r) => setTimeout(r, 30_000));", "1"]);
});
// A test that times out leaves its run going: let every run end (and its kernel stop) first.
const started: Promise<unknown>[] = [];
const tracked = (notebook: string, options: RunOptions) => {
  const p = runNotebook(notebook, options);
  started.push(p);
  return p;
};
afterAll(async () => {
  await Promise.allSettled(started);
  work?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent("runNotebook with a compile cache (tools/tslab-cache.cjs)", () => {
  const cacheOf = (name: string) => { const dir = path.join(scratch, `cache-${name}`); mkdirSync(dir); return dir; };
  const entries = (dir: string) => readdirSync(dir).filter((f) => !f.endsWith(".tmp")).sort();

  it("gives a kernel that reuses another's compile the same outputs, and records each kit file once", async () => {
    const compileCache = cacheOf("shared");
    const first = await tracked(nb("dirimport"), { workdir: work.dir, compileCache });
    const recorded = entries(compileCache);
    expect(recorded.filter((f) => f.endsWith(".clean")), "both module files recorded as clean").toHaveLength(2);
    expect(recorded.filter((f) => f.endsWith(".emit.json")), "both module files' JavaScript recorded").toHaveLength(2);
    const second = await tracked(nb("dirimport"), { workdir: work.dir, compileCache });
    expect([first.ok, second.ok], second.failure).toEqual([true, true]);
    expect(second.cells.map((c) => c.outputs)).toEqual(first.cells.map((c) => c.outputs));
    expect(entries(compileCache), "the second kernel added nothing: it compiled nothing of the kit").toEqual(recorded);
  }, TEST_TIMEOUT);

  it("never shares a kit file with type errors: every kernel reports them", async () => {
    const compileCache = cacheOf("errors");
    for (let i = 0; i < 2; i++) {
      const run = await tracked(nb("badimport"), { workdir: work.dir, compileCache });
      expect(run.ok, `run ${i + 1}`).toBe(false);
      expect(run.failure, `run ${i + 1}`).toMatch(/Type 'string' is not assignable to type 'number'/);
    }
    expect(entries(compileCache).filter((f) => f.endsWith(".clean"))).toEqual([]);
  }, TEST_TIMEOUT);
});

describe.concurrent("runNotebook", () => {
  it("passes a clean notebook and records outputs, counts and display_data", async () => {
    const out = path.join(scratch, "ok.ipynb");
    const run = await tracked(nb("ok"), { workdir: work.dir, outPath: out });
    expect(run.ok, run.failure).toBe(true);
    expect(run.cells.map((c) => c.status)).toEqual(["ok", "skipped", "ok", "ok"]);
    expect(run.cells.map((c) => c.index)).toEqual([1, 2, 3, 4]);
    expect(run.cells[0].executionCount).toBe(1);
    expect(run.cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "x is 21\n" }]);
    const display = run.cells[2].outputs.find((o) => o.output_type === "display_data");
    expect(display).toMatchObject({ output_type: "display_data", data: { "text/html": "<b>hello</b>" } });
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.cells[3].outputs[0].output_type).toBe("display_data");
    expect(saved.cells[4].execution_count).toBe(3);
    expect(alive(run.kernelPid)).toBe(false);
  }, TEST_TIMEOUT);

  // lib's chapter namespaces (`import { locks } from "./lib"`, values and types) are what every
  // notebook imports: test/notebooks.test.ts runs them all in real kernels.
  it("imports directory modules (./dir -> dir/index.ts) as notebooks do with ./lib", async () => {
    const run = await tracked(nb("dirimport"), { workdir: work.dir });
    expect(run.ok, run.failure).toBe(true);
    expect(run.cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "outer 42\n" }]);
  }, TEST_TIMEOUT);

  it("fails on a cell that throws, and does not report later cells as passed", async () => {
    const run = await tracked(nb("throw"), { workdir: work.dir });
    expect(run.ok).toBe(false);
    expect(run.cells.map((c) => c.status)).toEqual(["ok", "error", "not-run"]);
    expect(run.cells[2].outputs).toEqual([]);
    expect(run.failure).toContain("_selftest-throw.ipynb");
    expect(run.failure).toContain("cell 2");
    expect(run.failure).toContain("function explode(): never {");
    expect(run.failure).toContain("boom at cell two");
    expect(alive(run.kernelPid)).toBe(false);
  }, TEST_TIMEOUT);

  it("fails on a cell that writes to stderr", async () => {
    const run = await tracked(nb("stderr"), { workdir: work.dir });
    expect(run.ok).toBe(false);
    expect(run.cells.map((c) => c.status)).toEqual(["error", "not-run"]);
    expect(run.cells[0].reply).toBe("ok");
    expect(run.failure).toContain("wrote to stderr");
    expect(run.failure).toContain("something went sideways");
  }, TEST_TIMEOUT);

  it("fails a cell that outlives its timeout and kills the kernel", async () => {
    const run = await tracked(nb("timeout"), { workdir: work.dir, timeoutMs: 1_500 });
    expect(run.ok).toBe(false);
    expect(run.cells.map((c) => c.status)).toEqual(["timeout", "not-run"]);
    expect(run.failure).toContain("did not finish within 1.5 s");
    expect(alive(run.kernelPid)).toBe(false);
  }, TEST_TIMEOUT);
});

describe("runNotebook when a kernel's first start fails for good", () => {
  // tslab's message loop dies when a request arrives while it is still binding its sockets (an
  // unhandled zeromq EBUSY): that kernel never answers. A launcher that fails so once, then is the
  // real one, proves the runner starts the kernel again instead of waiting out the startup timeout.
  it("starts the kernel again on other ports after zeromq's EBUSY, and runs the notebook", async () => {
    const kit = copyKit("as-is", REPO_ROOT);
    try {
      const tools = path.join(kit.dir, "tools");
      renameSync(path.join(tools, "kernel.mjs"), path.join(tools, "kernel-real.mjs"));
      writeFileSync(
        path.join(tools, "kernel.mjs"),
        `import { existsSync, writeFileSync } from "node:fs";
const marker = new URL("./.failed-once", import.meta.url);
if (!existsSync(marker)) {
  writeFileSync(marker, "");
  console.error("UnhandledPromiseRejection: Error: Socket is blocked by a bind or unbind operation");
  setInterval(() => {}, 1_000);
} else await import("./kernel-real.mjs");
`,
      );
      const file = path.join(kit.dir, "notebooks", "_selftest-restart.ipynb");
      writeNb(file, ["console.log('started again')"]);
      const run = await tracked(file, { workdir: kit.dir, startupTimeoutMs: 120_000 });
      expect(run.ok, run.failure).toBe(true);
      expect(existsSync(path.join(tools, ".failed-once"))).toBe(true);
      expect(run.cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "started again\n" }]);
    } finally {
      kit.cleanup();
    }
  }, TEST_TIMEOUT);
});
