/**
 * Mutants as small edits of the reference answer. Each wrong answer (and each alternative correct
 * answer that is a variation of the solution) of exercise NN is a unified diff,
 * test/mutants/NN/<name>.patch, against the solution's text. The lines before its first `---` (which
 * patch tools ignore) explain the mutant: what is wrong, which property it breaks, what it must
 * score. A name starting with `alt-` or `alternative` is a correct answer (full marks); any other
 * is a wrong one. An alternative that is truly a different program stays a whole file,
 * test/mutants/NN/<name>.ts, and its header says why.
 *
 * At test time a patch is applied to the solution and written to .mutants/NN-<name>.ts (gitignored,
 * never shipped), a sibling of solutions/, so the solution's `import ... from "../lib"` resolves
 * as it does in solutions/ and exercises/:
 *
 *   const file = materialize("08", "newer-as-v2");      // an absolute path to import
 *   for (const m of mutantsOf("08")) ...                // { nn, name, correct, source }
 *
 * A patch that no longer applies (the solution changed under it) throws an error that names the
 * mutant and the hunk and says how to regenerate it. Instructors make and refresh patches with
 * `npm run mutant` (test/mutants/mutant.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY, parsePatch, type StructuredPatch } from "diff";
import { solutionView } from "../../tools/lib/exercise-source";

export const ROOT = path.resolve(__dirname, "..", "..");
const MUTANTS = path.join(ROOT, "test", "mutants");
const OUT = path.join(ROOT, ".mutants");

export interface Mutant {
  nn: string;
  name: string;
  /** An alternative correct answer (full marks), not a wrong one. */
  correct: boolean;
  /** test/mutants/NN/<name>.patch, or .ts for an alternative kept as a whole file. */
  source: string;
}

/** The exercise's file name without .ts ("08-wire-format"), found from solutions/NN-*.ts. */
export function exerciseOf(nn: string): string {
  const file = fs.readdirSync(path.join(ROOT, "solutions")).find((f) => f.startsWith(`${nn}-`) && f.endsWith(".ts"));
  if (!file) throw new Error(`no solutions/${nn}-*.ts: "${nn}" is not an exercise number (00, 01, ...)`);
  return file.slice(0, -3);
}

/**
 * The solution text every patch applies to: the solution view of solutions/NN (the exercise's one
 * source without its BEGIN/END SOLUTION marker lines and STUB blocks), so that editing a stub or a
 * marker never breaks a mutant.
 */
export function readSolution(nn: string): string {
  return solutionView(fs.readFileSync(path.join(ROOT, "solutions", `${exerciseOf(nn)}.ts`), "utf8"));
}

/** Every mutant and alternative of exercise NN, sorted by name. */
export function mutantsOf(nn: string): Mutant[] {
  const dir = path.join(MUTANTS, nn);
  if (!fs.existsSync(dir)) throw new Error(`no test/mutants/${nn}/: "${nn}" is not an exercise with mutants`);
  return fs.readdirSync(dir).filter((f) => /\.(patch|ts)$/.test(f)).sort().map((f) => {
    const name = f.replace(/\.(patch|ts)$/, "");
    return { nn, name, correct: /^alt(-|ernative)/.test(name), source: path.join(dir, f) };
  });
}

export const patchFile = (nn: string, name: string) => path.join(MUTANTS, nn, `${name}.patch`);
export const materializedFile = (nn: string, name: string) => path.join(OUT, `${nn}-${name}.ts`);

const HEADER_LINE = /^(--- |\+\+\+ |@@ |diff |Index:|={10})/;

/** The explanation: the lines before the first `---`, blank lines at either end dropped. */
export function patchHeader(patchText: string): string {
  const end = patchText.search(/^--- /m);
  return (end < 0 ? patchText : patchText.slice(0, end)).replace(/^\s*\n/, "").trimEnd();
}

/**
 * The solution with the patch applied. `label` ("08/newer-as-v2") names the mutant in errors.
 * Throws if the patch is not one file's diff or if any hunk does not fit the solution exactly.
 */
export function applyMutant(solutionText: string, patchText: string, label: string): string {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(patchText);
  } catch (e) {
    throw new Error(`mutant ${label}: its patch cannot be read (${(e as Error).message})`);
  }
  if (patches.length !== 1 || patches[0].hunks.length === 0) {
    throw new Error(`mutant ${label}: its patch must be a diff of one file with at least one hunk; it has ${patches.length} file(s)`);
  }
  const patched = applyPatch(solutionText, patches[0]);
  if (patched !== false) return patched;
  const hunks = patches[0].hunks;
  const bad = hunks.findIndex((h) => applyPatch(solutionText, { ...patches[0], hunks: [h] }) === false);
  const hunk = hunks[bad];
  const [nn, name] = label.split("/");
  throw new Error(
    `mutant ${label}: the patch no longer applies to the solution (solutions/${exerciseOf(nn)}.ts): ` +
    (hunk ? `hunk ${bad + 1} of ${hunks.length}, @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@, expects these lines:\n` +
      hunk.lines.filter((l) => !l.startsWith("+")).map((l) => `    ${l.slice(1)}`).join("\n") + "\n"
      : `its hunks fit one by one but not together\n`) +
    `To regenerate: \`npm run mutant -- solution ${nn} --out /tmp/${name}.ts && patch /tmp/${name}.ts test/mutants/${nn}/${name}.patch\` ` +
    `applies what still fits and leaves the rest in /tmp/${name}.ts.rej; make the change by hand, ` +
    `then \`npm run mutant -- make ${nn} ${name} /tmp/${name}.ts\`.`);
}

/** A patch turning the solution into `mutantText`, headed by `explanation`. */
export function makePatch(nn: string, name: string, solutionText: string, mutantText: string, explanation: string): string {
  const header = explanation.trim();
  if (!header) throw new Error(`mutant ${nn}/${name}: give an explanation (what is wrong, which property it breaks, what it must score)`);
  const clash = header.split("\n").find((l) => HEADER_LINE.test(l));
  if (clash) throw new Error(`mutant ${nn}/${name}: an explanation line may not start like a diff line: "${clash}"`);
  if (mutantText === solutionText) throw new Error(`mutant ${nn}/${name}: the edited copy is the solution itself; change something`);
  const diff = createTwoFilesPatch(`solutions/${exerciseOf(nn)}.ts`, `.mutants/${nn}-${name}.ts`, solutionText, mutantText,
    undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
  return `${header}\n\n${diff}`;
}

/**
 * The file to import for mutant `name` of exercise NN: a kept whole file as it is; a patch applied
 * to the solution and written (atomically) to .mutants/NN-<name>.ts.
 */
export function materialize(nn: string, name: string): string {
  const kept = path.join(MUTANTS, nn, `${name}.ts`);
  if (fs.existsSync(kept)) return kept;
  const text = applyMutant(readSolution(nn), fs.readFileSync(patchFile(nn, name), "utf8"), `${nn}/${name}`);
  const file = materializedFile(nn, name);
  fs.mkdirSync(OUT, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
  return file;
}
