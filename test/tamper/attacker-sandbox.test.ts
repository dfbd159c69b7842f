// Attacks on the sandbox by a student who wants points without the work (issue 8, attacker's
// findings). Each submission below is graded through `npm run grade -- --target DIR --only NN`,
// exactly as documented, and must score no more than the untouched stub scores (0 for these
// exercises: test/tamper/tamper.test.ts proves the stub's 0 for 00).
//
// Found holes, each a test that fails while the hole is open:
//   - node-global-telepathy: the sandbox freezes the ECMAScript intrinsics and the global object,
//     but not the Node globals it keeps (Buffer, TextEncoder/TextDecoder, URL, URLSearchParams,
//     structuredClone, atob, btoa) nor the util functions it hands out (inspect, format): each is a
//     mutable object every fresh instance of the student's module reaches, so nodes "share memory"
//     through `Buffer.anything` and know every rumour without sending one message. The util.inspect
//     the sandbox hands out is a wrapper, but a custom inspector ([inspect.custom]) is called with
//     Node's own inspect as its third argument: the same board, one step further.
//   - buffer-pool-telepathy: even frozen, Buffer hands every caller of `Buffer.allocUnsafe(small)`
//     (and `Buffer.from(string)`) a view of one shared 8 KB pool: `allocUnsafe(1).buffer` is memory
//     every node of the run can read and write.
//   - regexp-statics-telepathy: `RegExp.input` (alias `RegExp.$_`) is a legacy accessor that frozen
//     intrinsics leave settable; it is realm-wide, so it is a blackboard for every node.
//   - lazy-module-telepathy: a course module the kit has not loaded (lib/wire/scenarios while
//     grading 00) is loaded by the student's require after the freeze, so its exports object is
//     writable and shared by every node.
//   - mutated-input: 08's scenarios hand decode() the very Uint8Array they keep in the data, and the
//     grader computes the expected answer from those bytes in the referee; a decode that sets
//     bytes[0] = 0 and throws WireFormatError("tag") is "right" on every versions, malformed and
//     fuzz case: 12 of 20 points for no decoding at all.
//     The same through a constructor: 05's compare scenario records the very entries objects it
//     hands to `new VectorClock(x)`; a constructor that empties them makes every pair "equal" (3 of
//     28 for a compare() that returns "equal"). Not fixable in the sandbox without hiding a real
//     mistake (copying constructor arguments makes "the constructor must copy its entries" pass a
//     constructor that keeps the caller's object: measured, 28/28 instead of 26/28): the scenario
//     must record copies, taken before the call, e.g. `{ x: { ...x }, y: { ...y }, got: ... }`.
//   - module-memory-codec: exports that are not node classes (08's encode/decode) share one module
//     instance, so the "receiver" can look up what the "sender" kept: an encode that files the
//     reading under a content hash and a decode that looks it up pass the round trip (2 of 20)
//     without a wire format. The determinism re-check does not see it (the hash is deterministic).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { GradeReport } from "../../tools/grading/report";
import { runGrade } from "./run-grade";

/** Grades `source` as exercise `id` (e.g. "00-flood") alone; the report of the run. */
async function gradeOne(id: string, source: string, extra: string[] = []): Promise<{ report: GradeReport; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attacker-"));
  try {
    fs.writeFileSync(path.join(dir, `${id}.ts`), source);
    const out = path.join(dir, "grade.json");
    const run = await runGrade(["--target", dir, "--only", id.slice(0, 2), "--timeout", "10", "--memory", "256", "--json", out, ...extra]);
    if (!fs.existsSync(out)) throw new Error(`no grade file (exit ${run.code}):\n${run.output}`);
    return { report: JSON.parse(fs.readFileSync(out, "utf8")) as GradeReport, output: run.output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A flood node that sends nothing and learns every rumour from a shared board `BOARD`. */
const telepathicFlood = (board: string) => `import { Node } from "../lib";
const board: Map<string, string[]> = ${board};
const mind = (node: Node) => { const key = [node.id, ...node.peers].sort().join(); if (!board.has(key)) board.set(key, []); return board.get(key)!; };
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  onStart(): void { if (this.id === "n0") board.clear(); }
  spread(rumour: string): void { mind(this).push(rumour); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return mind(this).slice(); }
}
`;

describe("node-global-telepathy: the Node globals and util functions the sandbox keeps are not frozen", () => {
  const boards: Record<string, string> = {
    "Buffer": "((Buffer as any).__minds ??= new Map())",
    "a course module loaded after the freeze (lib/wire/scenarios)": '((require("../lib/wire/scenarios") as any).__minds ??= new Map())',
    "Buffer.prototype": "((Buffer.prototype as any).__minds ??= new Map())",
    "TextDecoder.prototype": "((TextDecoder.prototype as any).__minds ??= new Map())",
    'require("util").inspect': '((require("util").inspect as any).__minds ??= new Map())',
    "Node's own util.inspect, handed to a custom inspector as its third argument":
      '(() => { let host: any; require("util").inspect({ [Symbol.for("nodejs.util.inspect.custom")]: (_d: unknown, _o: unknown, real: unknown) => ((host = real), "") }); return (host.__minds ??= new Map()); })()',
    "Node's own util.inspect, through util.format's %o":
      '(() => { let host: any; require("util").format("%o", { [Symbol.for("nodejs.util.inspect.custom")]: (_d: unknown, _o: unknown, real: unknown) => ((host = real), "") }); return (host.__minds ??= new Map()); })()',
  };
  for (const [where, board] of Object.entries(boards)) {
    it(`a flood node that shares memory through ${where} scores nothing on 00`, async () => {
      const { report, output } = await gradeOne("00-flood", telepathicFlood(board));
      expect(report.exercises[0].max, output).toBe(9);
      expect(report.points, JSON.stringify(report.exercises[0].checks.map((c) => [c.title, c.points]))).toBe(0);
    }, 120_000);
  }
});

describe("buffer-pool-telepathy: Buffer.allocUnsafe(1).buffer is one pool shared by every node", () => {
  it("a flood node that keeps its board in the last 2 KB of Buffer's pool scores nothing on 00", async () => {
    const { report, output } = await gradeOne(
      "00-flood",
      `import { Node } from "../lib";
const pool = new Uint8Array(Buffer.allocUnsafe(1).buffer);
const AT = pool.length - 2048;
const read = (): Record<string, string[]> => { const n = pool[AT] | (pool[AT + 1] << 8); try { return n ? JSON.parse(new TextDecoder().decode(pool.subarray(AT + 2, AT + 2 + n))) : {}; } catch { return {}; } };
const write = (b: Record<string, string[]>) => { const bytes = new TextEncoder().encode(JSON.stringify(b)); pool[AT] = bytes.length & 255; pool[AT + 1] = bytes.length >> 8; pool.set(bytes, AT + 2); };
const key = (node: Node) => [node.id, ...node.peers].sort().join();
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  onStart(): void { if (this.id === "n0" && this.incarnation === 0) write({}); }
  spread(rumour: string): void { const b = read(); (b[key(this)] ??= []).push(rumour); write(b); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return (read()[key(this)] ?? []).slice(); }
}
`,
    );
    expect(report.exercises[0].max, output).toBe(9);
    expect(report.points).toBe(0);
  }, 120_000);
});

describe("regexp-statics-telepathy: RegExp.input is settable, realm-wide state", () => {
  it("a flood node that keeps its board in RegExp.input scores nothing on 00", async () => {
    const { report, output } = await gradeOne(
      "00-flood",
      `import { Node } from "../lib";
const read = (): Record<string, string[]> => { try { return JSON.parse((RegExp as any).input) ?? {}; } catch { return {}; } };
const write = (b: Record<string, string[]>) => { (RegExp as any).input = JSON.stringify(b); };
const key = (node: Node) => [node.id, ...node.peers].sort().join();
export class FloodNode extends Node<{ type: "rumour"; text: string }> {
  onStart(): void { if (this.id === "n0" && this.incarnation === 0) write({}); }
  spread(rumour: string): void { const b = read(); (b[key(this)] ??= []).push(rumour); write(b); }
  onMessage(from: string, msg: { type: "rumour"; text: string }): void {}
  known(): string[] { return (read()[key(this)] ?? []).slice(); }
}
`,
    );
    expect(report.exercises[0].max, output).toBe(9);
    expect(report.points).toBe(0);
  }, 120_000);
});

describe("module-memory-codec: encode and decode share module memory", () => {
  it("a decode that looks readings up in encode's memory scores nothing on 08", async () => {
    const { report, output } = await gradeOne(
      "08-wire-format",
      `import { notImplemented } from "../lib";
export interface Reading { version: number; id: bigint; name: string; temperature: number; tags: string[]; }
export type WireFormatReason = "truncated" | "tag" | "version" | "length" | "text" | "value";
export class WireFormatError extends Error {
  constructor(readonly reason: WireFormatReason, detail: string) { super(\`\${reason}: \${detail}\`); this.name = "WireFormatError"; }
}
export const FORMAT_TAG = 0xd5;
// No wire format at all: encode files the reading in module memory under a ticket number and
// sends only the ticket; decode looks the ticket up. Encoder and decoder are one module instance.
const tickets = new Map<number, Reading>();
const ticketOf = (r: Reading) => { let h = 0x811c9dc5; for (const ch of JSON.stringify([r.version, String(r.id), r.name, r.temperature, r.tags])) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0; return h; };
export function encode(reading: Reading): Uint8Array {
  const n = ticketOf(reading);
  tickets.set(n, { ...reading, tags: [...reading.tags] });
  return new Uint8Array([FORMAT_TAG, n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]);
}
export function decode(bytes: Uint8Array): Reading {
  const r = bytes.length === 5 ? tickets.get((bytes[1] | (bytes[2] << 8) | (bytes[3] << 16) | (bytes[4] << 24)) >>> 0) : undefined;
  if (!r) throw new WireFormatError("truncated", "no such ticket");
  return { ...r, tags: [...r.tags] };
}
`,
    );
    expect(report.exercises[0].max, output).toBe(20);
    expect(report.points, JSON.stringify(report.exercises[0].checks.map((c) => [c.title.slice(0, 20), c.points]))).toBe(0);
  }, 120_000);
});

describe("mutated-input: a student's function rewrites the input the referee judges it by", () => {
  it("a decode that corrupts its input bytes and reports exactly that scores nothing on 08", async () => {
    const { report, output } = await gradeOne(
      "08-wire-format",
      `import { notImplemented } from "../lib";
export interface Reading { version: number; id: bigint; name: string; temperature: number; tags: string[]; }
export type WireFormatReason = "truncated" | "tag" | "version" | "length" | "text" | "value";
export class WireFormatError extends Error {
  constructor(readonly reason: WireFormatReason, detail: string) { super(\`\${reason}: \${detail}\`); this.name = "WireFormatError"; }
}
export const FORMAT_TAG = 0xd5;
export function encode(reading: Reading): Uint8Array {
  notImplemented("08", "encode(reading)");
}
// No decoding at all: decode rewrites the bytes it was handed so that they are wrong in the one
// way it reports. The scenario keeps the very same Uint8Array in its data, and the referee
// computes the expected answer from those (now rewritten) bytes.
export function decode(bytes: Uint8Array): Reading {
  if (bytes.length > 0) {
    bytes[0] = 0x00;
    throw new WireFormatError("tag", "not the format's tag");
  }
  throw new WireFormatError("truncated", "no bytes");
}
`,
    );
    expect(report.exercises[0].max, output).toBe(20);
    expect(report.points, JSON.stringify(report.exercises[0].checks.map((c) => [c.title.slice(0, 20), c.points]))).toBe(0);
  }, 120_000);
});

describe("mutated-input through a constructor: new VectorClock(x) empties the x the referee judges by", () => {
  it("a VectorClock whose constructor clears its argument scores nothing on 05", async () => {
    const { report, output } = await gradeOne(
      "05-vector-clocks",
      `/**
 * Exercise 05: vector clocks and causal broadcast.
 *
 * Part 1: VectorClock. A vector clock maps node ids to counters; an entry that is missing counts
 * as zero, so \`{ a: 1 }\` and \`{ a: 1, b: 0 }\` are equal clocks. Clocks are IMMUTABLE values:
 * \`increment\` and \`merge\` return a NEW clock and leave \`this\` (and \`other\`) unchanged.
 *
 *   new VectorClock()                  the empty clock (every entry zero)
 *   new VectorClock({ a: 2, b: 1 })    a clock with these entries (the object is copied)
 *   clock.get("a")                     the entry for "a" (0 if missing)
 *   clock.increment("a")               a new clock with a's entry one higher
 *   clock.merge(other)                 a new clock with the element-wise maximum of both
 *   clock.compare(other)               "equal"      every entry equal
 *                                      "before"     every entry ≤ other's, and the clocks differ
 *                                                   (this clock happened before other)
 *                                      "after"      other.compare(this) is "before"
 *                                      "concurrent" neither ≤ the other
 *   clock.toObject()                   the entries as a plain { id: counter } object (what goes in a
 *                                      message); changing that object must not change the clock
 *
 * Part 2: CausalBroadcastNode, a node that broadcasts to every other node in the simulation and
 * DELIVERS messages in causal order: a message is delivered at a node only after every message
 * that causally precedes it has been delivered there (the messages its sender had delivered, or
 * published, before publishing it; and, transitively, their predecessors).
 *
 *   node.publish(payload)   broadcast \`payload\` to every peer AND deliver it locally at once.
 *                           Send each peer exactly this message (plain data):
 *                             { type: "causal", origin: <publisher id>, clock: <clock.toObject()>, payload }
 *                           where \`clock\` is the publisher's vector clock for this message (entry j
 *                           counts the messages published by j that this message depends on,
 *                           itself included for j = origin).
 *   node.delivered          every delivery at this node, in order: { origin, payload }
 *   node.onDeliver          optional callback, called right after each delivery (own messages
 *                           included) with the same { origin, payload } record; it may publish.
 *
 * The network may reorder, delay and duplicate messages (it does not lose them, and nodes do not
 * crash). A message that arrives before its causal predecessors waits in a buffer; it must be
 * delivered AS SOON AS its last predecessor is delivered (not later, not on a timer). A duplicate
 * of a message already delivered is ignored. Tip: the standard rule delivers a message m from j at
 * a node whose clock is V when m.clock[j] = V[j] + 1 and m.clock[k] ≤ V[k] for every other k.
 *
 * Messages are values: the simulator hands each receiver its own deep copy of what was sent, so
 * no copying by hand is needed when you put a clock's entries in a message.
 *
 * Graded (npm run grade -- --only 05, or the check cell in notebook 05), 28 points. CAUSAL ORDER
 * CARRIES HALF (14): a broadcast that ever delivers a message before one of its causal
 * predecessors loses at least half the exercise.
 *   - compare (3): equal, before, after, concurrent on random clocks whose keys differ (a missing
 *     entry counts as zero);
 *   - compare on real histories (3): on the vector clocks of random causal histories (each clock
 *     holding only its non-zero entries), compare must say exactly what happened-before says;
 *   - increment and merge (2): right values, missing entries, and immutability (new clocks,
 *     inputs unchanged);
 *   - causal broadcast on random schedules with reordering, delay and duplication, across many
 *     seeds:
 *       causal order (14): no delivery before one of its causal predecessors (the grader works
 *       causality out from what each node had delivered, through onDeliver, when it published,
 *       not from your clocks; and a node may only deliver a message the trace shows it received);
 *       exactly once (4): every message delivered once at every node, its publisher included,
 *       even when the network duplicates messages; \`delivered\` lists what onDeliver was told;
 *       nothing held back (2): a message is delivered in the same step in which it has arrived and
 *       its last predecessor is delivered.
 * A failure names the seed and the line to replay it in notebook 05, e.g. replay("05", "causal", 7).
 */
import { Node, notImplemented } from "../lib";

export type Ordering = "before" | "after" | "concurrent" | "equal";

// No vector clock at all: the constructor empties the entries object it was handed. The scenario
// keeps that very object in its data and the referee computes the expected ordering from it, so
// every pair of clocks "is" equal.
export class VectorClock {
  constructor(entries: Record<string, number> = {}) {
    for (const k of Object.keys(entries)) delete entries[k];
  }
  get(node: string): number { return 0; }
  increment(node: string): VectorClock { return new VectorClock(); }
  merge(other: VectorClock): VectorClock { return new VectorClock(); }
  compare(other: VectorClock): Ordering { return "equal"; }
  toObject(): Record<string, number> { return {}; }
}

export interface CausalMessage<P = unknown> {
  type: "causal";
  origin: string;
  clock: Record<string, number>;
  payload: P;
}

export interface Delivery<P = unknown> {
  origin: string;
  payload: P;
}

export class CausalBroadcastNode<P = unknown> extends Node<CausalMessage<P>> {
  readonly delivered: Array<Delivery<P>> = [];
  onDeliver: ((delivery: Delivery<P>) => void) | undefined = undefined;

  publish(payload: P): void {
    notImplemented("05", "CausalBroadcastNode.publish(payload)");
  }

  onMessage(from: string, msg: CausalMessage<P>): void {
    notImplemented("05", "CausalBroadcastNode.onMessage(from, msg)");
  }
}
`,
    );
    expect(report.exercises[0].max, output).toBe(28);
    expect(report.points, JSON.stringify(report.exercises[0].checks.map((c) => [c.title.slice(0, 20), c.points]))).toBe(0);
  }, 120_000);
});
