// Every TypeScript file a notebook can import must compile with the TypeScript that tslab runs
// notebooks with (5.0, non-strict, ES2022, CommonJS, lib es2022 only), not just with our tsc 5.9:
// lib/ (from lib/index.ts) and every .ts file in the kit's other top-level folders of exercise
// code, that is every top-level folder holding .ts files except tools/ and test/ (which only
// Node runs) and node_modules/.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const NOT_IMPORTED_BY_NOTEBOOKS = new Set(["lib", "tools", "test", "node_modules"]);
const folders = fs.readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith(".") && !NOT_IMPORTED_BY_NOTEBOOKS.has(d.name))
  .map((d) => d.name)
  .filter((dir) => fs.readdirSync(path.join(root, dir)).some((f) => f.endsWith(".ts")))
  .sort();

it(`lib/ and ${folders.map((f) => `${f}/`).join(", ")} compile with tslab's TypeScript 5.0 and its options`, () => {
  const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
  expect(ts.version).toMatch(/^5\.0\./);
  expect(folders).toContain("exercises");
  const files = [path.join(root, "lib/index.ts")];
  for (const dir of folders) {
    for (const f of fs.readdirSync(path.join(root, dir))) if (f.endsWith(".ts")) files.push(path.join(root, dir, f));
  }
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    lib: ["lib.es2022.d.ts"],
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    esModuleInterop: true,
    types: ["node"],
    noEmit: true,
  });
  const messages = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
  expect(messages).toEqual([]);
}, 120_000);
