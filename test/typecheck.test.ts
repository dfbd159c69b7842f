// `tsc -p .` (strict, over every file tsconfig.json includes) as one test of `npm test`:
// a type error anywhere fails the run, with tsc's own report. It runs beside the other test files
// (asynchronously, so its worker still answers vitest) instead of alone before them, which left
// the second core idle for its 15 s.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

it("the kit type-checks (tsc -p .)", async () => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
  expect(output.trim(), "tsc -p . reported type errors").toBe("");
  expect(code).toBe(0);
}, 300_000);
