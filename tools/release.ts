/**
 * npm run release -- DIR: build the student edition of the kit in DIR.
 *
 * The student edition is every file git tracks, minus what would give the answers away or only
 * makes sense beside them:
 *   solutions/                          the reference answers
 *   test/grading.test.ts                proves the graders against solutions/
 *   test/notebooks-solutions.test.ts    runs the notebooks with solutions/ in place
 *   .ci/                                the course's own CI
 * Everything else ships unchanged: notebooks, lib/, the exercise stubs, the graders (students run
 * them with `npm run grade` and the notebooks' check cells), the tools and the other tests, so
 * `npm install && npm start` and `npm test` work in the student edition as they do here.
 *
 * DIR must not exist or be empty. Untracked and ignored files (node_modules, .jupyter, outputs)
 * are never copied. Prints the number of files written.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** Paths (relative to the kit) that the student edition leaves out. */
export const WITHHELD = ["solutions/", "test/grading.test.ts", "test/notebooks-solutions.test.ts", ".ci/"];

export function studentFiles(root: string = ROOT): string[] {
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  return tracked.filter((f) => !WITHHELD.some((w) => (w.endsWith("/") ? f.startsWith(w) : f === w)) && fs.existsSync(path.join(root, f)));
}

export function buildRelease(target: string, root: string = ROOT): number {
  const dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new Error(`${target} is not empty; give a new or empty directory`);
  }
  const files = studentFiles(root);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(dir, f));
  }
  return files.length;
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    console.error("usage: npm run release -- DIR   (DIR: a new or empty directory for the student edition)");
    process.exit(2);
  }
  try {
    const count = buildRelease(target);
    console.log(`student edition: ${count} files in ${path.resolve(target)} (withheld: ${WITHHELD.join(", ")})`);
  } catch (error) {
    console.error(`release: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  }
}
