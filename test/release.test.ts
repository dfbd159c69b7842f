// tools/release.ts: the student edition has no answers, and its graders still run (stubs score 0
// of the full points).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { buildRelease } from "../tools/release";

const ROOT = path.resolve(__dirname, "..");

it("builds a student edition without solutions whose graders work", () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "release-")), "kit");
  try {
    const count = buildRelease(dir);
    expect(count).toBeGreaterThan(20);
    expect(fs.existsSync(path.join(dir, "solutions"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "test/grading.test.ts"))).toBe(false);
    for (const f of ["README.md", "package.json", "package-lock.json", "lib/index.ts", "notebooks/00-tour.ipynb", "exercises/00-flood.ts", "test/graders/00-flood.grader.ts"]) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(() => buildRelease(dir)).toThrow(/not empty/);
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const out = path.join(dir, "grade.json");
    execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tools/grade.ts", "--only", "00", "--json", out, "--quiet"], { cwd: dir });
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(report.points).toBe(0);
    expect(report.max).toBeGreaterThan(0);
  } finally {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}, 120_000);
