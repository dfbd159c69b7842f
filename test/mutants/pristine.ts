/**
 * The stub of an exercise as the kit committed it (`git show HEAD:exercises/NN-topic.ts`), never the
 * working file a student may have solved: the grader proofs must see an unfinished stub in every
 * state of the kit. Written to <kit>/.pristine-exercises/ (gitignored), a sibling of exercises/, so
 * its `import ... from "../lib"` resolves as the original's does.
 *
 *   const stubPath = await pristineStub("04-leases-and-fencing");   // an absolute path to import
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

export async function pristineStub(exercise: string): Promise<string> {
  const text = await new Promise<string>((resolve, reject) => {
    const child = spawn("git", ["show", `HEAD:exercises/${exercise}.ts`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`git show HEAD:exercises/${exercise}.ts: ${err.trim()}`))));
  });
  const dir = path.join(ROOT, ".pristine-exercises");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${exercise}.ts`);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
  return file;
}
