/**
 * Runs in the grading sandbox (tools/grading/sandbox.ts starts the child with `-r` on this file)
 * before Node's `--frozen-intrinsics` freezes the built-ins: it removes the realm-wide memory that
 * freezing cannot take away, which every module instance (every node of a run) could otherwise
 * reach, so that nodes could talk without messages.
 *
 *   - RegExp's legacy statics (`RegExp.input`/`$_`, `lastMatch`/`$&`, `lastParen`/`$+`,
 *     `leftContext`, `rightContext`, `$1`…`$9`): accessors onto the realm's last match, and
 *     `input` is even settable; once frozen they can be neither deleted nor stopped. Every own
 *     property of `RegExp` that ECMAScript does not define is deleted here.
 *   - Buffer's shared allocation pool: with it, `Buffer.allocUnsafe(small).buffer` (and
 *     `Buffer.from(string).buffer`) is one ArrayBuffer every caller reads and writes. A pool size
 *     of 0 gives every Buffer memory of its own, from the first module on.
 *
 * Plain CommonJS (no TypeScript) because `node -r` loads it as it is; the child may read this one
 * file and nothing else (`--allow-fs-read`).
 */
"use strict";
for (const key of Reflect.ownKeys(RegExp)) {
  if (key !== "length" && key !== "name" && key !== "prototype" && key !== Symbol.species) delete RegExp[key];
}
Buffer.poolSize = 0;
