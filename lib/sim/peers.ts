/**
 * Peer lists without O(N²) memory: a node's `this.peers` is the simulation's one array of node ids
 * without the node itself, read-only.
 *
 *   peerList(ids, 3, last)       ids without ids[3] (a copy: make it again after nodes are added)
 *   peers.length, peers[0], for (const p of peers), peers.filter(...), random.pick(peers)
 *   viewOf(peers)                a peer view's reader (count(), at(i)), or undefined for an array
 *
 * Up to SMALL (1,000) nodes a node gets a frozen copy (at most a million ids in all, a few MB; an
 * array read is several times faster than a Proxy trap, and small simulations read `peers` on
 * every send). Beyond that every node gets a view (`peerView`) of the shared array, a few fields
 * each: a copy per node would be O(N²) in all (10,000 nodes: 100 million strings). Both read like
 * arrays (`Array.isArray` is true, every non-mutating method works) and refuse writes with a
 * TypeError. `ids` must only ever grow.
 *
 * A Proxy trap costs a few hundred ns (the index arrives as a string), so the common reads of a
 * view skip it: `for … of` (and spreading, `Array.from`, `broadcast`) iterates the shared array
 * directly, and `random.pick` reads through `viewOf` (one WeakMap lookup, skipped when the list is the one
 * looked up last: a node picks from its own peers several times in a row). Indexing, `length` and
 * the other methods go through the traps: correct, only slower. Every id a view hands out notes its
 * index in `last` (shared by the simulation's views), so that `send` to that id finds its node
 * without a lookup in a table of every node.
 */

/** The index in `ids` of the id a view handed out last (-1: none yet). */
export interface LastRead {
  index: number;
}

/** Above this many nodes, peers are views rather than copies. */
export const SMALL = 1_000;

/**
 * The peer list of `ids[self]` while there are `count` ids: a copy for small simulations, else a
 * view (which stays current as nodes are added; a copy must be made again).
 */
export function peerList(ids: readonly string[], self: number, last: LastRead): readonly string[] {
  if (ids.length > SMALL) return peerView(ids, self, last);
  const copy: string[] = [];
  for (let i = 0; i < ids.length; i++) if (i !== self) copy.push(ids[i]);
  return Object.freeze(copy);
}

const READ_ONLY = "this.peers is read-only (it is the simulation's list of the other nodes): copy it first with this.peers.slice()";

/** The traps of one view, and its reader: `count()` and `at(i)` read the shared array directly. */
class PeerHandler implements ProxyHandler<string[]> {
  readonly #ids: readonly string[];
  readonly #self: number;
  readonly #last: LastRead;
  #iterate: (() => Iterator<string>) | null = null;

  constructor(ids: readonly string[], self: number, last: LastRead) {
    this.#ids = ids;
    this.#self = self;
    this.#last = last;
  }

  /** How many peers (the view's length). */
  count(): number {
    return this.#ids.length - 1;
  }

  /** Peer i (undefined past the end). */
  at(i: number): string | undefined {
    const j = i < this.#self ? i : i + 1;
    if (j >= this.#ids.length) return undefined;
    this.#last.index = j;
    return this.#ids[j];
  }

  get(target: string[], key: string | symbol, receiver: unknown): unknown {
    if (typeof key === "string") {
      const i = indexOf(key);
      if (i >= 0) return this.at(i);
      if (key === "length") return this.count();
    } else if (key === Symbol.iterator) {
      return (this.#iterate ??= () => this.#values());
    }
    return Reflect.get(target, key, receiver);
  }

  *#values(): Generator<string> {
    const ids = this.#ids;
    for (let j = 0; j < ids.length; j++) {
      if (j === this.#self) continue;
      this.#last.index = j;
      yield ids[j];
    }
  }

  has(target: string[], key: string | symbol): boolean {
    if (typeof key === "string") {
      const i = indexOf(key);
      if (i >= 0) return i < this.count();
    }
    return Reflect.has(target, key);
  }

  ownKeys(): Array<string | symbol> {
    const keys: string[] = [];
    for (let i = 0; i < this.count(); i++) keys.push(String(i));
    keys.push("length");
    return keys;
  }

  getOwnPropertyDescriptor(target: string[], key: string | symbol): PropertyDescriptor | undefined {
    if (key === "length") return { value: this.count(), writable: true, enumerable: false, configurable: false };
    const i = typeof key === "string" ? indexOf(key) : -1;
    if (i >= 0 && i < this.count()) return { value: this.at(i), writable: false, enumerable: true, configurable: true };
    return undefined;
  }

  set(): boolean {
    throw new TypeError(READ_ONLY);
  }
  defineProperty(): boolean {
    throw new TypeError(READ_ONLY);
  }
  deleteProperty(): boolean {
    throw new TypeError(READ_ONLY);
  }
  setPrototypeOf(): boolean {
    throw new TypeError(READ_ONLY);
  }
  preventExtensions(): boolean {
    throw new TypeError(READ_ONLY);
  }
}

/** The array index a property key names, or -1. */
function indexOf(key: string): number {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && key.length > 1)) return -1;
  const i = Number(key);
  return i >>> 0 === i ? i : -1;
}

/** Each view's handler, for `viewOf`. */
const views = new WeakMap<object, PeerHandler>();

/** The ids in `ids` except `ids[self]`, as a live read-only array. */
export function peerView(ids: readonly string[], self: number, last: LastRead): readonly string[] {
  const handler = new PeerHandler(ids, self, last);
  const view = new Proxy<string[]>([], handler);
  views.set(view, handler);
  return view;
}

/** The list `viewOf` looked up last and its answer: a node picks from its own peers again and again. */
let lastList: readonly unknown[] | null = null;
let lastView: PeerHandler | undefined = undefined;

/** The reader of a peer view (reads that skip its Proxy), or undefined for any other array. */
export function viewOf(list: readonly unknown[]): Pick<PeerHandler, "count" | "at"> | undefined {
  if (list !== lastList) {
    lastList = list;
    lastView = views.get(list);
  }
  return lastView;
}
