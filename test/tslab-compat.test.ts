// Every TypeScript file a notebook can import must compile with the TypeScript that tslab runs
// notebooks with (5.0, non-strict, ES2022, CommonJS, lib es2022 only), not just with our tsc 5.9:
// lib/ (from lib/index.ts) and every .ts file in the kit's other top-level folders of exercise
// code, that is every top-level folder holding .ts files except tools/ and test/ (which only
// Node runs) and node_modules/. The compile takes seconds of CPU, so it runs in a child process
// (spawned asynchronously: the test worker stays free to talk to vitest).
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const NOT_IMPORTED_BY_NOTEBOOKS = new Set(["lib", "tools", "test", "node_modules"]);
const folders = fs.readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith(".") && !NOT_IMPORTED_BY_NOTEBOOKS.has(d.name))
  .map((d) => d.name)
  .filter((dir) => fs.readdirSync(path.join(root, dir)).some((f) => f.endsWith(".ts")))
  .sort();

// Runs in the child: compiles the files given as arguments, prints { version, messages } as JSON.
const COMPILE = `
const path = require("path");
const ts = require("@tslab/typescript-for-tslab");
const root = process.cwd();
const program = ts.createProgram(process.argv.slice(1), {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, lib: ["lib.es2022.d.ts"],
  moduleResolution: ts.ModuleResolutionKind.NodeJs, esModuleInterop: true, types: ["node"], noEmit: true,
});
const messages = ts.getPreEmitDiagnostics(program).map((d) => {
  const where = d.file ? path.relative(root, d.file.fileName) + ":" + (d.file.getLineAndCharacterOfPosition(d.start || 0).line + 1) + ": " : "";
  return where + ts.flattenDiagnosticMessageText(d.messageText, "\\n");
});
process.stdout.write(JSON.stringify({ version: ts.version, messages }));
`;

it(`lib/ and ${folders.map((f) => `${f}/`).join(", ")} compile with tslab's TypeScript 5.0 and its options`, async () => {
  expect(folders).toContain("exercises");
  const files = [path.join(root, "lib/index.ts")];
  for (const dir of folders) {
    for (const f of fs.readdirSync(path.join(root, dir))) if (f.endsWith(".ts")) files.push(path.join(root, dir, f));
  }
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", COMPILE, ...files], { cwd: root, maxBuffer: 16 << 20 });
  const { version, messages } = JSON.parse(stdout);
  expect(version).toMatch(/^5\.0\./);
  expect(messages).toEqual([]);
}, 600_000); // seconds of CPU; minutes on a loaded machine
