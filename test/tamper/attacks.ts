/**
 * The tamper suite's attackers: exercise-00 submissions written by a student who wants points
 * without the work, or wants to hurt the grading of others. Each is the source of
 * `exercises/00-flood.ts` (it imports the course library as "../lib", as a real submission does).
 *
 * Every attacker keeps going when a trick fails (try/catch), so that what it scores is what the
 * trick earned: the suite (tamper.test.ts) demands no more than the plain stub earns, the kit's
 * files unchanged, the honest classmates' grades unchanged and no process left behind.
 */

/** A FloodNode that does nothing and throws nothing: what tricks below try to turn into points. */
const IDLE_NODE = `
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void {}
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return []; }
}`;

/**
 * A node that knows every rumour spread anywhere in its run, without one message: the nodes of a
 * run share module memory (keyed by their peer list's contents, fresh for every run).
 */
const TELEPATHIC_NODE = `
const minds = new Map<string, string[]>();
const mind = (node: Node) => { const key = [node.id, ...node.peers].sort().join(); if (!minds.has(key)) minds.set(key, []); return minds.get(key)!; };
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  onStart(): void { if (this.id === "n0") minds.clear(); }
  spread(rumour: string): void { mind(this).push(rumour); FORGE }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return mind(this).slice(); }
}`;

const attempt = (code: string) => `try { ${code} } catch (e) {}`;

/** The plain stub, what an untouched exercise 00 is: the baseline no attacker may beat. */
export const PLAIN_STUB = `import { Node, notImplemented } from "../lib";
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void { notImplemented("00", "FloodNode.spread(rumour)"); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void { notImplemented("00", "FloodNode.onMessage(from, msg)"); }
  known(): string[] { return notImplemented("00", "FloodNode.known()"); }
}`;

export interface Attack {
  name: string;
  /** What the attacker tries, in one sentence. */
  tries: string;
  source: string;
  /** The file is a symbolic link to this path (relative to the kit) instead of `source`. */
  symlinkTo?: string;
}

export const ATTACKS: Attack[] = [
  {
    name: "redefine-grader-helpers",
    tries: "loads test/graders/support.ts and replaces expectThat with a function that never fails",
    source: `import { Node } from "../lib";
${attempt(`const support = require("../test/graders/support"); support.expectThat = () => {}; support.GradeFailure = class {};`)}
${attempt(`const support = require("../../test/graders/support"); support.expectThat = () => {};`)}
${IDLE_NODE}`,
  },
  {
    name: "patch-library",
    tries: "patches the simulator and a trace helper the checks use (Simulation.prototype.crash, eventsOf)",
    source: `import * as lib from "../lib";
import { Node } from "../lib";
${attempt(`(lib.Simulation.prototype as any).crash = function () {};`)}
${attempt(`(lib as any).eventsOf = () => [];`)}
${attempt(`Object.defineProperty(lib.Simulation.prototype, "run", { value: function () {} });`)}
${IDLE_NODE}`,
  },
  {
    name: "patch-globals",
    tries: "patches JSON.stringify, Array.prototype.includes and Object.prototype at import so every comparison passes",
    source: `import { Node } from "../lib";
${attempt(`JSON.stringify = (() => '"same"') as any;`)}
${attempt(`Array.prototype.includes = () => true;`)}
${attempt(`Object.defineProperty(Object.prototype, "passed", { value: true });`)}
${attempt(`(globalThis as any).JSON = { stringify: () => '"same"', parse: JSON.parse };`)}
${IDLE_NODE}`,
  },
  {
    name: "telepathy",
    tries: "nodes share module memory and claim every rumour without sending a message",
    source: `import { Node } from "../lib";
${TELEPATHIC_NODE.replace("FORGE", "")}`,
  },
  {
    name: "forge-ground-truth",
    tries: "reaches the simulator through the node's runtime (lib/sim/node's runtimeOf, which the sandbox lets it load) and writes fake deliveries into the trace the checks read",
    source: `import { Node } from "../lib";
${TELEPATHIC_NODE.replace(
  "FORGE",
  `try {
      const sim = (require("../lib/sim/node").runtimeOf(this) as any).sim;
      for (const to of sim.nodeIds) sim.trace.push({ kind: "deliver", time: sim.now, id: -1, from: this.id, to, msg: { type: "rumour", text: rumour }, sentAt: sim.now });
    } catch (e) {}`,
)}`,
  },
  {
    name: "import-solutions",
    tries: "imports the reference answer: relative, through process.cwd(), and by dynamic import()",
    source: `import { Node } from "../lib";
let Solved: any;
${attempt(`Solved = require("../solutions/00-flood").FloodNode;`)}
${attempt(`Solved ??= require(process.cwd() + "/solutions/00-flood").FloodNode;`)}
${attempt(`Solved ??= require(__dirname + "/../../solutions/00-flood").FloodNode;`)}
${attempt(`import("../solutions/00-flood").then((m) => (Solved ??= m.FloodNode), () => {});`)}
${IDLE_NODE.replace("export class FloodNode", "class Idle")}
export const FloodNode = Solved ?? Idle;`,
  },
  {
    name: "symlink-to-solution",
    tries: "submits exercises/00-flood.ts as a symbolic link to solutions/00-flood.ts",
    source: "",
    symlinkTo: "solutions/00-flood.ts",
  },
  {
    name: "rewrite-kit-files",
    tries: "rewrites test/graders/support.ts and the grader on disk so every later student passes too",
    source: `import { Node } from "../lib";
const payload = "export const expectThat = () => {}; export class GradeFailure extends Error {}\\n";
${attempt(`require("fs").writeFileSync(process.cwd() + "/test/graders/support.ts", payload);`)}
${attempt(`(globalThis as any).process.mainModule.require("fs").writeFileSync("test/graders/support.ts", payload);`)}
${attempt(`(globalThis as any).process.binding("fs");`)}
${attempt(`const fs = (Node as any).constructor.constructor("return process")().mainModule.require("fs"); fs.writeFileSync("test/graders/support.ts", payload);`)}
${IDLE_NODE}`,
  },
  {
    name: "detached-rewriter",
    tries: "starts a detached process that waits for grading to end and rewrites the grade files",
    source: `import { Node } from "../lib";
const script = "setTimeout(() => { for (const f of require('fs').readdirSync('.')) if (/grades/.test(f)) require('fs').writeFileSync(f, 'forged'); }, 3000)";
${attempt(`require("child_process").spawn(process.execPath, ["-e", script], { detached: true, stdio: "ignore" }).unref();`)}
${attempt(`(globalThis as any).process.mainModule.require("child_process").spawn("sh", ["-c", "sleep 3; echo forged > grades.csv"], { detached: true }).unref();`)}
${attempt(`new (require("worker_threads").Worker)(script, { eval: true });`)}
${IDLE_NODE}`,
  },
  {
    name: "kill-the-referee",
    tries: "kills its parent (the grading process) at import, so that no grade file is written",
    source: `import { Node } from "../lib";
${attempt(`process.kill(process.ppid, "SIGKILL");`)}
${attempt(`(globalThis as any).process.kill((globalThis as any).process.ppid, "SIGKILL");`)}
${attempt(`(this as any).constructor.constructor("return process")().kill(0, "SIGKILL");`)}
${IDLE_NODE}`,
  },
  {
    name: "escape-to-host",
    tries: "reaches the host through Function, eval, a stack trace's call sites and the module wrapper",
    source: `import { Node } from "../lib";
${attempt(`Function("return process")().exit(0);`)}
${attempt(`eval("process").exit(0);`)}
${attempt(`(Error as any).prepareStackTrace = (_: unknown, frames: any[]) => frames.map((f) => f.getThis());`)}
${attempt(`(require as any).main.require("fs");`)}
${attempt(`(module as any).constructor._load("fs");`)}
${attempt(`(arguments as any).callee.caller.caller;`)}
${IDLE_NODE}`,
  },
  {
    name: "loop-at-import",
    tries: "never finishes loading, hoping the grader gives up and counts nothing against it",
    source: `import { Node } from "../lib";
while (true) {}
${IDLE_NODE}`,
  },
  {
    name: "loop-in-handler",
    tries: "spins forever when a rumour arrives, hoping to hang the grader",
    source: `import { Node } from "../lib";
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void { this.broadcast({ type: "rumour", text: rumour }); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void { for (;;) {} }
  known(): string[] { return []; }
}`,
  },
  {
    name: "loop-in-microtask",
    tries: "queues a promise job that never ends, outside any scenario run",
    source: `import { Node } from "../lib";
Promise.resolve().then(() => { for (;;) {} });
${IDLE_NODE}`,
  },
  {
    name: "typed-array-hoard",
    tries: "holds 4 GB in typed arrays, which live outside the JavaScript heap and its --memory limit",
    source: `import { Node } from "../lib";
const hoard: Uint8Array[] = [];
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void { while (hoard.length < 16) hoard.push(new Uint8Array(256 * 1024 * 1024)); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return []; }
}`,
  },
  {
    name: "unbounded-allocation",
    tries: "allocates without bound, hoping to take the grading process down with it",
    source: `import { Node } from "../lib";
const hoard: number[][] = [];
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void { for (;;) hoard.push(new Array(100_000).fill(hoard.length)); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return []; }
}`,
  },
  {
    name: "random-and-clock",
    tries: "a telepathic node that only tells the truth on a coin toss or an odd millisecond, to be graded on a lucky run",
    source: `import { Node } from "../lib";
const lucky = () => { try { return Math.random() < 0.5; } catch (e) { try { return Date.now() % 2 === 0; } catch (e2) { return false; } } };
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  private learned: string[] = [];
  spread(rumour: string): void { this.learned.push(rumour); if (lucky()) this.broadcast({ type: "rumour", text: rumour }); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void { if (!this.learned.includes(msg.text)) this.learned.push(msg.text); }
  known(): string[] { return this.learned.slice(); }
}`,
  },
  {
    name: "huge-output",
    tries: "prints megabytes to the console to drown or crash the grader",
    source: `import { Node } from "../lib";
${attempt(`const line = "x".repeat(1_000_000); for (let i = 0; i < 20; i++) console.log(line);`)}
${IDLE_NODE}`,
  },
  {
    name: "poisoned-data",
    tries: "answers known() with a proxy and getters that lie to whoever reads them",
    source: `import { Node } from "../lib";
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  spread(rumour: string): void {}
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] {
    return new Proxy([], { get: (t, k) => (k === "length" ? 4 : k === "includes" ? () => true : (t as any)[k]) }) as string[];
  }
}`,
  },
  {
    name: "slow-to-compile",
    tries: "a file TypeScript's transpiler would take hours on (30 nested \`async (\` calls): to stall the grading process, and with it every classmate's timers",
    source: `import { Node } from "../lib";
export function never(): unknown { return ${"async (".repeat(30)}0${")".repeat(30)}; }
${IDLE_NODE}`,
  },
  {
    name: "does-not-compile",
    tries: "a file with a syntax error (must still count the exercise's full maximum, at 0)",
    source: `import { Node } from "../lib";
export class FloodNode extends Node { spread( {`,
  },
];
