// The library, the stubs and the solutions must compile with the TypeScript that tslab runs
// notebooks with (5.0, non-strict, ES2022, CommonJS, lib es2022 only), not just with our tsc 5.9.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

it("lib/, exercises/ and solutions/ compile with tslab's TypeScript 5.0 and its options", () => {
  const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
  expect(ts.version).toMatch(/^5\.0\./);
  const root = path.resolve(__dirname, "..");
  const files = [path.join(root, "lib/index.ts")];
  for (const dir of ["exercises", "solutions"]) {
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
