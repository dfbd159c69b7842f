/**
 * The grading's compiler thread: TypeScript's `transpileModule` on a student's file, off the
 * referee's event loop (tools/grading/bundle.ts, `compileExercise`, starts it and talks to it).
 *
 * A student's text is input the referee does not control, and transpiling it is not linear in
 * its size: 24 levels of nested `async (` arrow functions take TypeScript 5.9 over 30 s, 30 levels
 * longer than anyone waits. Here that costs this thread, which the referee terminates at the
 * compile's time limit, and never the referee's timers: in a class run those decide other
 * students' load and check timeouts.
 *
 *   workerData: { options }         compiler options as in tsconfig.json ("module": "commonjs", …)
 *   posts { ready: true } once TypeScript is loaded (the compile's clock starts after it)
 *   receives { text, file }; posts { js } or { error } (a message with line and column)
 *
 * Plain CommonJS (no TypeScript) because it runs as it is, in a worker thread.
 */
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const ts = require("typescript");

const options = ts.convertCompilerOptionsFromJson(workerData.options, "").options;

parentPort.on("message", ({ text, file }) => {
  try {
    const out = ts.transpileModule(text, { compilerOptions: options, fileName: file, reportDiagnostics: true });
    const d = (out.diagnostics || []).find((x) => x.category === ts.DiagnosticCategory.Error);
    if (!d) return parentPort.postMessage({ js: out.outputText });
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const at = where ? ` (line ${where.line + 1}, column ${where.character + 1})` : "";
    parentPort.postMessage({ error: `your file ${file} does not compile${at}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}` });
  } catch (error) {
    // The parser's own limits (a stack overflow on deeply nested code, say).
    parentPort.postMessage({ error: `your file ${file} could not be compiled: ${error}` });
  }
});
parentPort.postMessage({ ready: true });
