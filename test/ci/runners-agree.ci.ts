// The three notebook runners fail a notebook for the same reasons. One set of small notebooks (one
// clean, one whose cell throws, one that writes to stderr, one that does not type-check) runs
// through each runner in a temp copy of the kit:
//   - the Node runner (tools/notebook-runner.ts), which npm test uses;
//   - real Jupyter through nbclient (tools/lib/nbclient.ts + tools/nbclient-run.py);
//   - a live Jupyter Notebook page in headless Chromium (tools/check-live-jupyter.ts).
// Each must pass the clean one and fail each other one at the same cell with the same reason: the
// rulebook's words (tools/lib/verdict.ts, tested on its own in test/notebook-rules.test.ts).
// Needs Jupyter Notebook 6, nbclient and Chromium, as .ci/run installs them.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KERNEL } from "../../tools/lib/jupyter";
import { runWithNbclient } from "../../tools/lib/nbclient";
import { copyKit, runNotebook, type KitCopy } from "../../tools/notebook-runner";

const NOTEBOOKS: Record<string, string[]> = {
  clean: ['console.log("fine");', "1 + 1"],
  throws: ['console.log("before");', 'throw new Error("boom");', 'console.log("after");'],
  stderr: ['console.error("theory and simulation disagree");', "1"],
  "type-error": ['const n: number = "text";'],
};

/** "cell 2 failed (execute_reply status "error")" from a rulebook failure, whatever the runner called the notebook. */
function reason(failure: string | undefined): string {
  if (failure === undefined) return "passed";
  const m = /: (cell \d+) \(execution_count [^)]*\) (.*)$/m.exec(failure);
  return m ? `${m[1]} ${m[2]}` : `unrecognised failure: ${failure}`;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

let kit: KitCopy;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "runners-agree-"));
const file = (name: string) => path.join(kit.dir, "notebooks", `_agree-${name}.ipynb`);
const byRunner: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  kit = copyKit("as-is");
  for (const [name, sources] of Object.entries(NOTEBOOKS)) {
    const cells = [
      { cell_type: "markdown", id: "m0", metadata: {}, source: "# runners agree" },
      ...sources.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })),
    ];
    fs.writeFileSync(file(name), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: KERNEL }, cells }, null, 1));
  }
  const tsx = path.join(kit.dir, "node_modules", "tsx", "dist", "cli.mjs");
  const install = await run(process.execPath, [tsx, "tools/kernel-install.ts"], kit.dir);
  if (install.code !== 0) throw new Error(install.output);
  const names = Object.keys(NOTEBOOKS);

  byRunner.node = {};
  for (const name of names) byRunner.node[name] = reason((await runNotebook(file(name), { workdir: kit.dir, timeoutMs: 120_000 })).failure);

  const jupyter = await runWithNbclient(names.map(file), { root: kit.dir, outDir: path.join(scratch, "nbclient") });
  byRunner.nbclient = Object.fromEntries(names.map((name, i) => [name, reason(jupyter[i].failure)]));

  // The live check prints "PASS  notebooks/_agree-clean.ipynb ..." and, per failed notebook, its
  // problems as "  - <rulebook failure>" lines under "notebooks/_agree-x.ipynb:".
  const live = await run(process.execPath, [tsx, "tools/check-live-jupyter.ts", ...names.map(file), "--out", path.join(scratch, "live")], kit.dir);
  byRunner.live = {};
  for (const name of names) {
    const rel = `notebooks/_agree-${name}.ipynb`;
    if (new RegExp(`^PASS  ${rel}`, "m").test(live.output)) byRunner.live[name] = "passed";
    else {
      const block = live.output.split(`\n${rel}:\n`)[1] ?? "";
      const problem = /^ {2}- (.*: cell \d+ .*)$/m.exec(block)?.[1];
      byRunner.live[name] = problem ? reason(problem) : `no rulebook failure found in:\n${live.output}`;
    }
  }
}, 1_200_000);

afterAll(() => {
  kit?.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("every notebook runner judges by the same rulebook", () => {
  test("the Node runner's verdicts are the expected ones", () => {
    expect(byRunner.node).toEqual({
      clean: "passed",
      throws: 'cell 2 failed (execute_reply status "error")',
      stderr: "cell 1 wrote to stderr",
      "type-error": 'cell 1 failed (execute_reply status "error")',
    });
  });

  test("real Jupyter through nbclient fails the same notebooks at the same cells for the same reasons", () => {
    expect(byRunner.nbclient).toEqual(byRunner.node);
  });

  test("a live Jupyter Notebook page fails the same notebooks at the same cells for the same reasons", () => {
    expect(byRunner.live).toEqual(byRunner.node);
  });
});
