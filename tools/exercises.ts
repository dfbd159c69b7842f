// tools/exercises.ts: npm run exercises writes exercises/ (the stubs students edit) from solutions/.
//
// Each exercise is written once, in solutions/NN-topic.ts: docstring, interface and answer, the
// answer between `// BEGIN SOLUTION` and `// END SOLUTION` lines and the stub's code in a
// `/* STUB ... */` block after it (tools/lib/exercise-source.ts has the rules). This tool writes
// exercises/NN-topic.ts = the source's exercise view, for every source:
//
//   npm run exercises               write every stub that is out of sync; names what it wrote
//   npm run exercises -- --check    write nothing; name every stub out of sync (its file and first
//                                   differing line) and exit 1 if there is one
//   npm run exercises -- --force    overwrite stubs that hold someone's work (see below)
//
// A stub on disk that differs both from what git HEAD holds and from what would be written is
// someone's work (a student's, or an instructor's trial): the tool refuses to overwrite it, names
// the files, writes nothing and exits 1, unless --force is given. An exercise file without a
// source in solutions/ is reported and left alone. A source that breaks the marker rules stops
// the run with its file and line. test/exercises-source.test.ts checks that the committed stubs
// are the committed sources' exercise views.
//
// An instructor tool: the student edition has neither this file nor solutions/ (tools/release.ts).

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseCli, runMain } from "./lib/cli";
import { exerciseView, firstDifference } from "./lib/exercise-source";
import { headFiles, isCheckout } from "./lib/git";
import { REPO_ROOT } from "./lib/jupyter";

const USAGE = "usage: npm run exercises [-- --check | --force]   (writes exercises/ from solutions/)";
const SOURCES = "solutions";
const STUBS = "exercises";
const isExercise = (f: string) => /^\d\d-.*\.ts$/.test(f);

export interface StubState {
  /** The stub's path relative to the kit, e.g. "exercises/00-flood.ts". */
  file: string;
  /** What the source makes of it; undefined for an exercise file without a source. */
  wanted?: string;
  /** What is on disk (undefined: no file). */
  onDisk?: string;
}

/** Every exercise stub: the one each source in solutions/ makes, and any exercise file without a source. */
export function stubStates(root: string): StubState[] {
  const list = (dir: string) => (existsSync(path.join(root, dir)) ? readdirSync(path.join(root, dir)).filter(isExercise) : []);
  const names = [...new Set([...list(SOURCES), ...list(STUBS)])].sort();
  return names.map((name) => {
    const source = path.join(root, SOURCES, name);
    const stub = path.join(root, STUBS, name);
    return {
      file: `${STUBS}/${name}`,
      wanted: existsSync(source) ? exerciseView(readFileSync(source, "utf8"), `${SOURCES}/${name}`) : undefined,
      onDisk: existsSync(stub) ? readFileSync(stub, "utf8") : undefined,
    };
  });
}

/** Why a stub is out of sync, in one line; undefined when it is in sync. */
export function outOfSync(s: StubState): string | undefined {
  if (s.wanted === undefined) return `${s.file}: no source ${SOURCES}/${path.basename(s.file)} to make it from`;
  if (s.onDisk === undefined) return `${s.file}: missing`;
  const d = firstDifference(s.wanted, s.onDisk);
  if (d === undefined) return undefined;
  const show = (line: string | undefined) => (line === undefined ? "(end of file)" : JSON.stringify(line));
  return `${s.file}:${d.line}: the source makes ${show(d.expected)}, the file has ${show(d.actual)}`;
}

/**
 * Writes every stub that a source makes differently from the file on disk; returns the files
 * written. Throws, writing nothing, when one of them holds someone's work (it differs from git
 * HEAD too) and `force` is not set, or when root is not a git checkout that could tell.
 */
export async function writeStubs(root: string, force = false, states = stubStates(root)): Promise<string[]> {
  const toWrite = states.filter((s) => s.wanted !== undefined && s.wanted !== s.onDisk);
  if (!force && toWrite.some((s) => s.onDisk !== undefined)) {
    if (!(await isCheckout(root))) throw new Error(`${root} is not a git checkout with a commit: cannot tell edited stubs from stale ones; give --force to overwrite them`);
    const head = await headFiles(root, STUBS);
    const edited = toWrite.filter((s) => s.onDisk !== undefined && s.onDisk !== head.get(s.file));
    if (edited.length) {
      throw new Error(`these stubs differ from git HEAD and hold someone's work; commit or move them, or give --force to overwrite them (nothing was written):\n  ${edited.map((s) => s.file).join("\n  ")}`);
    }
  }
  if (toWrite.length) mkdirSync(path.join(root, STUBS), { recursive: true });
  for (const s of toWrite) writeFileSync(path.join(root, s.file), s.wanted!);
  return toWrite.map((s) => s.file);
}

async function main(): Promise<number> {
  const { values } = parseCli(USAGE, { check: { type: "boolean" }, force: { type: "boolean" } });
  const states = stubStates(REPO_ROOT);
  const stale = states.filter((s) => outOfSync(s) !== undefined);
  if (values.check) {
    for (const s of stale) console.log(outOfSync(s));
    console.log(stale.length ? `${stale.length} of ${states.length} exercises out of sync: run npm run exercises` : `${states.length} exercises in sync with ${SOURCES}/`);
    return stale.length ? 1 : 0;
  }
  const orphans = stale.filter((s) => s.wanted === undefined);
  for (const s of orphans) console.log(`left alone: ${outOfSync(s)}`);
  const written = await writeStubs(REPO_ROOT, values.force, states);
  for (const file of written) console.log(`wrote ${file}`);
  console.log(`${written.length} written, ${states.length - stale.length} already in sync`);
  return orphans.length ? 1 : 0;
}

if (require.main === module) runMain(main);
