/**
 * The kit's own files, fingerprinted: grading proves that no student changed them.
 *
 *   const before = kitFingerprint(ROOT);
 *   ... grade a student ...
 *   const changed = changedFiles(before, kitFingerprint(ROOT));   // [] or the paths that changed
 *
 * Covers everything a grade depends on: lib/, test/, tools/, solutions/, exercises/ and the root
 * configuration files. node_modules and .git are not walked.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const DIRS = ["lib", "test", "tools", "solutions", "exercises"];
const FILES = ["package.json", "package-lock.json", "tsconfig.json", "vitest.config.ts"];

export function kitFingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (rel: string) => {
    const file = path.join(root, rel);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) add(path.join(rel, entry));
    else out.set(rel, stat.isSymbolicLink() ? `link:${fs.readlinkSync(file)}` : createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
  };
  for (const rel of [...DIRS, ...FILES]) add(rel);
  return out;
}

export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
