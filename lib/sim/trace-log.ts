/**
 * The trace log: how the simulation records its trace cheaply and hands it out read-only.
 *
 *   const log = new TraceLog(ids);                 // ids: node ids by index (the simulation's array)
 *   log.send(time, id, from, to, msg, NaN);       // one record, no object
 *   log.arrival(DELIVER, time, id, from, to, sentAt);
 *   log.view                                      // the `sim.trace` everyone reads
 *
 * Each event is one record: three numbers (time, message id, sentAt) in a Float64Array and three
 * integers (kind, and node ids and labels as small indices) in an Int32Array, 36 bytes, in chunks
 * of 8,192 events that are added and never copied; plain arrays, chunked the same way, hold each
 * message's payload once, for its send. A delivery costs six typed-array writes and no garbage
 * (against about 280 bytes for two event objects). The `TraceEvent` objects of trace.ts are built
 * from the records the first time anyone reads the trace, frozen (payloads deep-frozen), and
 * kept; later reads build only what is new.
 *
 * `view` is a read-only array: indexing, `length`, iteration, `filter`, `map`, `slice`,
 * `JSON.stringify` and `Array.isArray` work as on any array, but adding, removing or replacing an
 * event throws a TypeError, and so does editing a frozen event. The records and the built events
 * live in private fields: nothing outside the simulation can change what was recorded.
 * (`structuredClone(sim.trace)` refuses a view, as it refuses every Proxy: clone
 * `sim.trace.slice()`.)
 */
import { type Cut, type CutRecord, linkDifference } from "./network";
import type { DropReason, TraceEvent } from "./trace";
import { deepFreeze } from "./values";

// Event kinds as numbers (the first integer of an event's record).
export const SEND = 0;
export const DELIVER = 1;
export const DROP_LOSS = 2;
export const DROP_PARTITION = 3;
export const DROP_CRASHED = 4;
export const TIMER = 5;
export const START = 6;
export const CRASH = 7;
export const RESTART = 8;
export const PAUSE = 9;
export const RESUME = 10;
export const PARTITION = 11;
export const HEAL = 12;
export const MARK = 13;
export const LOG = 14;

const LIFECYCLE = ["start", "crash", "restart", "pause", "resume"] as const;
const DROP_REASONS: DropReason[] = ["loss", "partition", "crashed"];

const READ_ONLY =
  "sim.trace is read-only: it is the simulator's record of what happened. " +
  "Make your own copy to edit (const events = sim.trace.slice()).";

/** Events per chunk: chunks are added, never copied. */
const SHIFT = 13;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

/**
 * CHUNK events as records of three numbers and three integers (one event is one place in each of
 * two arrays, written together, rather than six columns): at 3k, nums hold the time, the message
 * id (send, deliver, drop) or an index in #objects (mark data, partition records; -1: none), and
 * sentAt (deliver, drop) or duplicateOf (send; NaN when absent); ints hold the kind, from (or the
 * node of a node event) as an index in `names`, and to (an index in `names`) or a timer label,
 * mark name or log text (an index in #strings; -1: none).
 */
class Chunk {
  readonly nums = new Float64Array(3 * CHUNK);
  readonly ints = new Int32Array(3 * CHUNK);
}

export class TraceLog {
  #length = 0;
  readonly #chunks: Chunk[] = [];
  /** The chunk being written, and how many events still fit in it. */
  #chunk: Chunk | null = null;
  #room = 0;
  /**
   * The payload of message id i at i - 1 (every id has exactly one send), in arrays of CHUNK that
   * are added, never copied (one growing array was a copy of every payload so far at each growth).
   */
  readonly #payloads: unknown[][] = [];
  /** Mark data and partition records. */
  readonly #objects: unknown[] = [];
  readonly #strings: string[] = [];
  readonly #stringIndex = new Map<string, number>();
  /** Node ids by index (the simulation's own array; it only grows). */
  readonly #names: readonly string[];
  /** Events built so far (the view's target). */
  readonly #built: TraceEvent[] = [];
  readonly view: readonly TraceEvent[];

  constructor(names: readonly string[]) {
    this.#names = names;
    const built = this.#built;
    const sync = () => {
      if (built.length < this.#length) this.#build();
    };
    const refuse = (): never => {
      throw new TypeError(READ_ONLY);
    };
    this.view = new Proxy(built, {
      get(target, key) {
        sync();
        return Reflect.get(target, key);
      },
      has(target, key) {
        sync();
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        sync();
        return Reflect.ownKeys(target);
      },
      getOwnPropertyDescriptor(target, key) {
        sync();
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      set: refuse,
      defineProperty: refuse,
      deleteProperty: refuse,
      setPrototypeOf: refuse,
      preventExtensions: refuse,
    });
  }

  get length(): number {
    return this.#length;
  }

  /** A send of message `id` (ids are 1, 2, 3, … in send order) from node index `from` to `to`. */
  send(time: number, id: number, from: number, to: number, msg: unknown, duplicateOf: number): void {
    this.arrival(SEND, time, id, from, to, duplicateOf);
    const k = id - 1;
    const block = this.#payloads[k >>> SHIFT] ?? (this.#payloads[k >>> SHIFT] = new Array(CHUNK));
    block[k & MASK] = msg;
  }

  /** A delivery or drop of message `id`, sent at `sentAt` (for a send: duplicateOf, or NaN). */
  arrival(kind: number, time: number, id: number, from: number, to: number, extra: number): void {
    this.#write(kind, time, id, extra, from, to);
  }

  /** A timer, lifecycle, mark or log event of node index `node` (text: label, name or text). */
  node(kind: number, time: number, node: number, text: string | undefined, data: unknown): void {
    const b = text === undefined ? -1 : this.#intern(text);
    if (data === undefined) return this.#write(kind, time, -1, NaN, node, b);
    this.#write(kind, time, this.#objects.length, NaN, node, b);
    this.#objects.push(data);
  }

  /** A partition or heal. */
  cut(kind: number, time: number, record: CutRecord): void {
    this.#write(kind, time, this.#objects.length, NaN, -1, -1);
    this.#objects.push(record);
  }

  /** Appends one event's record. */
  #write(kind: number, time: number, id: number, extra: number, a: number, b: number): void {
    const c = this.#room > 0 ? this.#chunk! : this.#next();
    this.#room--;
    const k = 3 * (this.#length++ & MASK);
    const nums = c.nums;
    nums[k] = time;
    nums[k + 1] = id;
    nums[k + 2] = extra;
    const ints = c.ints;
    ints[k] = kind;
    ints[k + 1] = a;
    ints[k + 2] = b;
  }

  #payload(id: number): unknown {
    return this.#payloads[(id - 1) >>> SHIFT][(id - 1) & MASK];
  }

  #intern(text: string): number {
    let k = this.#stringIndex.get(text);
    if (k === undefined) {
      k = this.#strings.length;
      this.#strings.push(text);
      this.#stringIndex.set(text, k);
    }
    return k;
  }

  /** Starts a new chunk (the first on the first event: a run with the trace off makes none). */
  #next(): Chunk {
    const chunk = new Chunk();
    this.#chunks.push(chunk);
    this.#chunk = chunk;
    this.#room = CHUNK;
    return chunk;
  }

  #build(): void {
    const built = this.#built;
    for (let i = built.length; i < this.#length; i++) built.push(Object.freeze(this.#event(i)));
  }

  #event(i: number): TraceEvent {
    const c = this.#chunks[i >>> SHIFT];
    const k = 3 * (i & MASK);
    const { nums, ints } = c;
    const kind = ints[k];
    const time = nums[k];
    const id = nums[k + 1];
    const extra = nums[k + 2];
    const names = this.#names;
    const a = names[ints[k + 1]];
    const b = ints[k + 2];
    switch (kind) {
      case SEND: {
        const to = names[b];
        const msg = deepFreeze(this.#payload(id));
        return Number.isNaN(extra) ? { kind: "send", time, id, from: a, to, msg } : { kind: "send", time, id, from: a, to, msg, duplicateOf: extra };
      }
      case DELIVER:
        return { kind: "deliver", time, id, from: a, to: names[b], msg: deepFreeze(this.#payload(id)), sentAt: extra };
      case DROP_LOSS:
      case DROP_PARTITION:
      case DROP_CRASHED: {
        const msg = deepFreeze(this.#payload(id));
        return { kind: "drop", time, id, from: a, to: names[b], msg, sentAt: extra, reason: DROP_REASONS[kind - DROP_LOSS] };
      }
      case TIMER:
        return { kind: "timer", time, node: a, label: this.#strings[b] };
      case MARK: {
        const name = this.#strings[b];
        return id < 0 ? { kind: "mark", time, node: a, name } : { kind: "mark", time, node: a, name, data: deepFreeze(this.#objects[id]) };
      }
      case LOG:
        return { kind: "log", time, node: a, text: this.#strings[b] };
      case PARTITION:
      case HEAL:
        return cutEvent(kind === PARTITION ? "partition" : "heal", time, this.#objects[id] as CutRecord);
      default:
        return { kind: LIFECYCLE[kind - START], time, node: a };
    }
  }
}

/** A partition or heal event, with `links` worked out from its groups when first read. */
function cutEvent(kind: "partition" | "heal", time: number, record: CutRecord): TraceEvent {
  const event: Record<string, unknown> = { kind, time };
  if (record.cut !== undefined) event.cut = record.cut;
  event.a = Object.freeze(record.a.slice());
  event.b = Object.freeze(record.b.slice());
  event.oneWay = record.oneWay;
  event.description = record.description;
  let links: Array<[string, string]> | undefined;
  Object.defineProperty(event, "links", {
    enumerable: false,
    get: () => (links ??= deepFreeze(kind === "partition" ? linksOfNew(record) : linkDifference(record.before, record.after))),
  });
  return event as unknown as TraceEvent;
}

/** The links a partition event cut: all of its own cut's links (like a fresh `partition` call). */
function linksOfNew(record: CutRecord): Array<[string, string]> {
  const mine = record.after.find((c: Cut) => c.id === record.cut);
  return mine ? mine.links() : [];
}
