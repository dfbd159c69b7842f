// The exercise's time budget (`--exercise-timeout`, Limits.exerciseTimeoutMs in
// tools/grading/referee.ts). A submission that sleeps in every run with Atomics.wait costs no CPU,
// so the sandbox's CPU cap never fires, and it can stay under each check's own limit: without the
// budget its exercise takes checks × --timeout of the class's grading. With it, grading the
// exercise stops when the budget is spent, and every check left says why.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { GradeReport } from "../../tools/grading/report";
import { runGrade } from "./run-grade";

const SLEEPER = `import { Node } from "../lib";
const nap = new Int32Array(new SharedArrayBuffer(4));
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void { Atomics.wait(nap, 0, 0, 1_500); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return []; }
}`;

const BUDGET_S = 4;

describe("the exercise's time budget", () => {
  it("stops grading a submission that sleeps in every run once the exercise's time is spent, and names the budget in every check left", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budget-"));
    fs.writeFileSync(path.join(dir, "00-flood.ts"), SLEEPER);
    const out = path.join(dir, "grade.json");
    const started = Date.now();
    // Each check's own limit (60 s) is far away: only the exercise's budget can stop the sleeper.
    const run = await runGrade(["--target", dir, "--only", "00", "--timeout", "60", "--exercise-timeout", String(BUDGET_S), "--json", out, "--quiet"]);
    const seconds = (Date.now() - started) / 1000;
    expect(run.code, run.output).toBe(0);
    const checks = (JSON.parse(fs.readFileSync(out, "utf8")) as GradeReport).exercises[0].checks;
    expect(checks.length).toBeGreaterThanOrEqual(4);
    for (const check of checks) {
      expect(check.points).toBe(0);
      expect(check.status).toBe("timeout");
      expect(check.message).toMatch(`grading 00-flood took more than its ${BUDGET_S} s in all`);
    }
    // Without the budget the first check alone sleeps 1.5 s in each of its runs (tens of seconds);
    // with it, grading ends at the budget plus the start of a grading process and a sandbox.
    expect(seconds).toBeLessThan(BUDGET_S + 20);
  }, 120_000);
});
