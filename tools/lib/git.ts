// tools/lib/git.ts: what the tools ask git, asynchronously (no tool or test blocks on a child process).
//
//   isCheckout(root)              whether root is the top of a git work tree with a commit (false in
//                                 the student edition, which is a plain folder, or without git)
//   exportHead(root, dir, paths)  writes the files of HEAD (only under `paths` when given; git
//                                 pathspecs, so ":(exclude)solutions" works) into dir: what is
//                                 committed, never what is merely on disk
//   headFiles(root, dir)          the files under dir (a folder relative to root) as HEAD holds them:
//                                 path relative to root → text; empty when HEAD has none there
//   changedFiles(root)            files that differ from HEAD (modified, staged, deleted or untracked,
//                                 ignored files aside), as `git status` names them

import { spawn } from "node:child_process";
import path from "node:path";

function run(cmd: string, args: string[], cwd: string, pipeTo?: { cmd: string; args: string[] }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = []; // decoded once at the end: a chunk may end inside a UTF-8 character
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    let sink: Promise<void> = Promise.resolve();
    if (pipeTo) {
      const next = spawn(pipeTo.cmd, pipeTo.args, { cwd, stdio: ["pipe", "ignore", "pipe"] });
      next.stderr.on("data", (d) => (err += d));
      child.stdout.pipe(next.stdin);
      sink = new Promise((ok, fail) => {
        next.on("error", fail);
        next.on("close", (code) => (code === 0 ? ok() : fail(new Error(`${pipeTo.cmd} exited with ${code}: ${err.trim()}`))));
      });
    } else child.stdout.on("data", (d: Buffer) => out.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}: ${err.trim()}`));
      sink.then(() => resolve(Buffer.concat(out).toString("utf8")), reject);
    });
  });
}

export async function isCheckout(root: string): Promise<boolean> {
  try {
    const top = (await run("git", ["rev-parse", "--show-toplevel"], root)).trim();
    await run("git", ["rev-parse", "--verify", "--quiet", "HEAD"], root);
    return path.resolve(top) === path.resolve(root);
  } catch {
    return false;
  }
}

export function exportHead(root: string, dir: string, paths: string[] = []): Promise<string> {
  return run("git", ["archive", "--format=tar", "HEAD", "--", ...paths], root, { cmd: "tar", args: ["-x", "-f", "-", "-C", dir] });
}

export async function headFiles(root: string, dir: string): Promise<Map<string, string>> {
  const names = (await run("git", ["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", dir], root)).split("\0").filter(Boolean);
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await run("git", ["show", `HEAD:${name}`], root));
  return files;
}

export async function changedFiles(root: string): Promise<string[]> {
  const out = await run("git", ["status", "--porcelain=v1", "-z", "--untracked-files=all"], root);
  const entries = out.split("\0").filter(Boolean);
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const status = entries[i].slice(0, 2);
    files.push(entries[i].slice(3));
    if (status.includes("R") || status.includes("C")) i++; // a rename is followed by its old path
  }
  return files;
}
