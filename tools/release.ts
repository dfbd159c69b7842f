// tools/release.ts: npm run release -- DIR builds the student edition of the kit in DIR.
//
// The edition is what git HEAD holds, never the working tree: an instructor who tried an exercise
// or has notebooks with outputs ships neither (the files that differ from HEAD are named, as a
// note). Left out are the answers and everything that needs them or git:
//   solutions/                          the exercises' one source: reference answers between markers
//   tools/exercises.ts, tools/lib/exercise-source.ts   make exercises/ from solutions/
//   test/exercises-source.test.ts       checks exercises/ against solutions/
//   test/mutants/                       plausible wrong answers, written from the right ones
//   test/grading.test.ts                proves the graders against solutions/
//   test/notebooks-solutions.test.ts    runs the notebooks with solutions/ in place
//   test/release.test.ts                builds an edition from git, which the edition is not
//   .ci/                                the kit's own CI
// In README.md, the parts between <!-- kit only --> and <!-- /kit only --> (instructors, CI,
// solutions) are cut, so the edition's README speaks to students; package.json loses the npm
// scripts that run a withheld file (`npm run exercises`). Everything else ships unchanged:
// notebooks, lib/, the exercise stubs, the graders (students run them with `npm run grade` and the
// notebooks' check cells), the tools and the other tests, so `npm install && npm start`, `npm test`
// and `npm run grade` work in the edition as they do here.
//
// The release is refused (DIR removed again) if any shipped file has a solution marker, a comment
// line "BEGIN SOLUTION" or "END SOLUTION" as nbgrader and otter write them: an exercise source
// written with its solution between markers must be withheld above. DIR must be new or empty; the kit must
// be a git checkout with a commit. Prints the number of files written.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseCli, runMain, UsageError } from "./lib/cli";
import { changedFiles, exportHead, isCheckout } from "./lib/git";
import { REPO_ROOT } from "./lib/jupyter";

const USAGE = "usage: npm run release -- DIR   (DIR: a new or empty directory for the student edition)";

/** Paths (relative to the kit; a trailing / means a folder) that the student edition leaves out. */
export const WITHHELD = [
  "solutions/", "tools/exercises.ts", "tools/lib/exercise-source.ts", "test/exercises-source.test.ts", "test/mutants/", "test/tamper/", "test/ci/", "test/capstone.test.ts", "test/grading.test.ts", "test/notebooks-solutions.test.ts", "test/release.test.ts", ".ci/",
];
/** A comment line that opens or closes a solution: `// BEGIN SOLUTION`, `# END SOLUTION`, ... */
export const SOLUTION_MARKER = /^[ \t]*(\/\/|#|\/\*+|\*|<!--)[ \t]*(BEGIN|END) SOLUTION\b/m;
const KIT_ONLY = /<!-- kit only -->[\s\S]*?<!-- \/kit only -->\n?/g;

/** package.json without the npm scripts that run a withheld file (`npm run exercises` needs solutions/). */
function withoutWithheldScripts(text: string): string {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  const scripts = manifest.scripts ?? {};
  const dropped = Object.keys(scripts).filter((name) => WITHHELD.some((w) => scripts[name].includes(w)));
  if (dropped.length === 0) return text;
  for (const name of dropped) delete scripts[name];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function filesUnder(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(dir, path.join(rel, d.name)) : [path.join(rel, d.name).split(path.sep).join("/")]);
}

/** Builds the edition in `target`; returns the files written (sorted) and the uncommitted ones left behind. */
export async function buildRelease(target: string, root: string = REPO_ROOT): Promise<{ files: string[]; uncommitted: string[] }> {
  const dir = path.resolve(target);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${target} is not empty; give a new or empty directory`);
  if (!(await isCheckout(root))) throw new Error(`${root} is not a git checkout with a commit; the edition is built from git HEAD`);
  mkdirSync(dir, { recursive: true });
  try {
    await exportHead(root, dir, [".", ...WITHHELD.map((w) => `:(exclude)${w.replace(/\/$/, "")}`)]);
    const readme = path.join(dir, "README.md");
    if (existsSync(readme)) writeFileSync(readme, readFileSync(readme, "utf8").replace(KIT_ONLY, ""));
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) writeFileSync(manifest, withoutWithheldScripts(readFileSync(manifest, "utf8")));
    const files = filesUnder(dir).sort();
    const marked = files.filter((f) => SOLUTION_MARKER.test(readFileSync(path.join(dir, f), "latin1")));
    if (marked.length) {
      throw new Error(`these files carry solution markers (BEGIN/END SOLUTION) and would give answers away; ` +
        `add them to WITHHELD in tools/release.ts:\n  ${marked.join("\n  ")}`);
    }
    return { files, uncommitted: await changedFiles(root) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

if (require.main === module) {
  runMain(async () => {
    const { positionals } = parseCli(USAGE, {});
    if (positionals.length !== 1) throw new UsageError("give exactly one directory", USAGE);
    const { files, uncommitted } = await buildRelease(positionals[0]);
    console.log(`student edition: ${files.length} files from git HEAD in ${path.resolve(positionals[0])} (withheld: ${WITHHELD.join(", ")})`);
    if (uncommitted.length) {
      console.log(`note: not shipped, because they differ from HEAD (commit them first if they belong in the edition):\n  ${uncommitted.join("\n  ")}`);
    }
    return 0;
  });
}
