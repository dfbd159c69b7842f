// test/mutants/mutant.ts: npm run mutant -- COMMAND ... makes, shows and checks the mutants of the
// exercises, kept as patches of the solutions (test/mutants/NN/<name>.patch; see ./patches.ts).
// An instructor's tool: the student edition leaves test/mutants/ out.
//
//   npm run mutant -- show 08 newer-as-v2 [--out FILE]
//       Writes the mutant as a whole file (default: .mutants/08-newer-as-v2.ts, beside solutions/
//       so its imports resolve) and prints its path and explanation. Edit that copy.
//   npm run mutant -- make 08 newer-as-v2 FILE [--explain TEXT]
//       Writes test/mutants/08/newer-as-v2.patch: the difference from the solution to FILE, headed
//       by the explanation (what is wrong, which property it breaks, what it must score). A new
//       mutant needs --explain; a refreshed one keeps its explanation unless given a new one.
//       A name starting with alt- is an alternative correct answer (it must get full marks);
//       name a central mutant in test/mutants/NN.test.ts.
//   npm run mutant -- solution 08 [--out FILE]
//       Writes the text every patch of exercise 08 applies to (the solution), to FILE or stdout.
//   npm run mutant -- check [NN ...]
//       Applies every patch (of the exercises named, or all) to its solution; names each one that
//       no longer applies, with the hunk. Exits 1 if any does not. Grading them is `npx vitest run test/mutants`.
//
// When a solution changes and a patch no longer applies, `show` cannot build it: write the
// solution out (`solution NN --out /tmp/x.ts`), apply what still fits (`patch /tmp/x.ts
// test/mutants/NN/<name>.patch` leaves the rest in /tmp/x.ts.rej), finish the edit by hand, then
// `make NN <name> /tmp/x.ts`. Every check and test error says so.

import fs from "node:fs";
import path from "node:path";
import { parseCli, runMain, UsageError } from "../../tools/lib/cli";
import { applyMutant, makePatch, materializedFile, mutantsOf, patchFile, patchHeader, readSolution, ROOT } from "./patches";

const USAGE = `usage: npm run mutant -- show NN NAME [--out FILE]
       npm run mutant -- solution NN [--out FILE]
       npm run mutant -- make NN NAME FILE [--explain TEXT]
       npm run mutant -- check [NN ...]`;

function exercises(): string[] {
  return fs.readdirSync(path.join(ROOT, "test", "mutants")).filter((d) => /^\d\d$/.test(d)).sort();
}

function show(nn: string, name: string, out: string | undefined): number {
  if (!fs.existsSync(patchFile(nn, name))) {
    throw new UsageError(`no ${path.relative(ROOT, patchFile(nn, name))}; the patches of ${nn}: ${mutantsOf(nn).map((m) => m.name).join(", ")}`, USAGE);
  }
  const patch = fs.readFileSync(patchFile(nn, name), "utf8");
  const file = path.resolve(out ?? materializedFile(nn, name));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, applyMutant(readSolution(nn), patch, `${nn}/${name}`));
  console.log(`${file}\n\n${patchHeader(patch)}`);
  return 0;
}

function solution(nn: string, out: string | undefined): number {
  if (out === undefined) process.stdout.write(readSolution(nn));
  else fs.writeFileSync(out, readSolution(nn));
  return 0;
}

function make(nn: string, name: string, edited: string, explain: string | undefined): number {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new UsageError(`NAME "${name}": use lowercase words joined by -`, USAGE);
  const target = patchFile(nn, name);
  const old = fs.existsSync(target) ? patchHeader(fs.readFileSync(target, "utf8")) : undefined;
  const explanation = explain ?? old;
  if (explanation === undefined) throw new UsageError(`${nn}/${name} is a new mutant: say what is wrong with it in --explain "..."`, USAGE);
  fs.writeFileSync(target, makePatch(nn, name, readSolution(nn), fs.readFileSync(edited, "utf8"), explanation));
  console.log(`${old === undefined ? "wrote" : "refreshed"} ${path.relative(ROOT, target)}`);
  return 0;
}

function check(only: string[]): number {
  let failed = 0;
  let count = 0;
  for (const nn of only.length ? only : exercises()) {
    for (const m of mutantsOf(nn).filter((m) => m.source.endsWith(".patch"))) {
      count++;
      try {
        applyMutant(readSolution(nn), fs.readFileSync(m.source, "utf8"), `${nn}/${m.name}`);
      } catch (e) {
        failed++;
        console.error(`${(e as Error).message}\n`);
      }
    }
  }
  console.log(`${count - failed} of ${count} patches apply`);
  return failed ? 1 : 0;
}

runMain(async () => {
  const { values, positionals } = parseCli(USAGE, { out: { type: "string" }, explain: { type: "string" } });
  const [command, ...args] = positionals;
  const arity: Record<string, number> = { show: 2, solution: 1, make: 3 };
  if (command in arity && args.length !== arity[command]) throw new UsageError(`${command} takes ${arity[command]} arguments, got ${args.length}`, USAGE);
  if (command === "show") return show(args[0], args[1], values.out);
  if (command === "solution") return solution(args[0], values.out);
  if (command === "make") return make(args[0], args[1], args[2], values.explain);
  if (command === "check") return check(args);
  throw new UsageError(command ? `unknown command "${command}"` : "give a command", USAGE);
});
