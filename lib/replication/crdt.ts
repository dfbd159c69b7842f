/**
 * CRDTs: replicated data types whose copies converge without coordination (Shapiro et al., 2011).
 *
 * Each is a set of pure functions over plain-data states (copy them, send them, compare them):
 *   empty()          the initial state
 *   merge(a, b)      the least upper bound: commutative, associative, idempotent (the three laws
 *                    that make any order and any number of deliveries give the same result)
 *   value(s)         what a reader sees
 * and its own updates, which only ever move a state up:
 *
 *   let a = gCounter.increment(gCounter.empty(), "r1", 2);
 *   let b = gCounter.increment(gCounter.empty(), "r2", 3);
 *   gCounter.value(gCounter.merge(a, b));              // 5, whichever merges first, however often
 *
 *   gCounter     grow-only counter: one count per replica; value = sum; merge = per-replica max
 *   pnCounter    two G-counters (increments, decrements); value = P − N
 *   lwwRegister  (timestamp, replica, value): the newest write wins, ties broken by replica id
 *   orSet        observed-remove set: an add makes a unique tag, a remove deletes the tags it has
 *                seen, so an add concurrent with a remove survives ("add wins")
 *
 * `checkLaws(crdt, states)` tests the three laws on every pair and triple of the given states
 * (with `equal` = same value and same JSON after normalisation); the unit tests feed it random
 * states built from random updates.
 */

export interface Crdt<S, V> {
  name: string;
  empty(): S;
  merge(a: S, b: S): S;
  value(s: S): V;
}

type Counts = Record<string, number>;

function maxCounts(a: Counts, b: Counts): Counts {
  const out: Counts = { ...a };
  for (const k of Object.keys(b)) out[k] = Math.max(out[k] ?? 0, b[k]);
  return sortKeys(out);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

function checkAmount(what: string, by: number): void {
  if (!(Number.isFinite(by) && by >= 0)) throw new Error(`${what}: the amount must be a finite number ≥ 0, got ${by}`);
}

export const gCounter = {
  name: "G-counter",
  empty: (): Counts => ({}),
  increment(s: Counts, replica: string, by = 1): Counts {
    checkAmount("gCounter.increment", by);
    return sortKeys({ ...s, [replica]: (s[replica] ?? 0) + by });
  },
  merge: maxCounts,
  value: (s: Counts): number => Object.keys(s).reduce((sum, k) => sum + s[k], 0),
};

export interface PnState {
  p: Counts;
  n: Counts;
}

export const pnCounter = {
  name: "PN-counter",
  empty: (): PnState => ({ p: {}, n: {} }),
  increment: (s: PnState, replica: string, by = 1): PnState => ({ p: gCounter.increment(s.p, replica, by), n: s.n }),
  decrement: (s: PnState, replica: string, by = 1): PnState => ({ p: s.p, n: gCounter.increment(s.n, replica, by) }),
  merge: (a: PnState, b: PnState): PnState => ({ p: maxCounts(a.p, b.p), n: maxCounts(a.n, b.n) }),
  value: (s: PnState): number => gCounter.value(s.p) - gCounter.value(s.n),
};

export interface LwwState<V> {
  ts: number;
  replica: string;
  value: V | null;
}

export const lwwRegister = {
  name: "LWW-register",
  empty: <V>(): LwwState<V> => ({ ts: 0, replica: "", value: null }),
  /** A write at timestamp `ts` (a clock reading: Lamport or hybrid, chapter 05) by `replica`. */
  set<V>(s: LwwState<V>, ts: number, replica: string, value: V): LwwState<V> {
    return lwwRegister.merge(s, { ts, replica, value });
  },
  merge<V>(a: LwwState<V>, b: LwwState<V>): LwwState<V> {
    return b.ts > a.ts || (b.ts === a.ts && b.replica > a.replica) ? b : a;
  },
  value: <V>(s: LwwState<V>): V | null => s.value,
};

export interface OrSetState<E> {
  /** element (as JSON) → the tags of adds not yet removed */
  adds: Record<string, string[]>;
  /** tags removed */
  removed: string[];
  /** per replica, how many tags it made (so tags stay unique) */
  counters: Counts;
}

const union = (a: readonly string[], b: readonly string[]) => Array.from(new Set([...a, ...b])).sort();

export const orSet = {
  name: "OR-set",
  empty: <E>(): OrSetState<E> => ({ adds: {}, removed: [], counters: {} }),
  add<E>(s: OrSetState<E>, replica: string, element: E): OrSetState<E> {
    const n = (s.counters[replica] ?? 0) + 1;
    const key = JSON.stringify(element);
    return { adds: sortKeys({ ...s.adds, [key]: union(s.adds[key] ?? [], [`${replica}:${n}`]) }), removed: s.removed, counters: sortKeys({ ...s.counters, [replica]: n }) };
  },
  /** Removes the adds of `element` this replica has seen (a concurrent add elsewhere survives). */
  remove<E>(s: OrSetState<E>, element: E): OrSetState<E> {
    const key = JSON.stringify(element);
    return { adds: s.adds, removed: union(s.removed, s.adds[key] ?? []), counters: s.counters };
  },
  merge<E>(a: OrSetState<E>, b: OrSetState<E>): OrSetState<E> {
    const adds: Record<string, string[]> = {};
    for (const k of Object.keys({ ...a.adds, ...b.adds })) adds[k] = union(a.adds[k] ?? [], b.adds[k] ?? []);
    return { adds: sortKeys(adds), removed: union(a.removed, b.removed), counters: maxCounts(a.counters, b.counters) };
  },
  value<E>(s: OrSetState<E>): E[] {
    const gone = new Set(s.removed);
    return Object.keys(s.adds)
      .filter((k) => s.adds[k].some((tag) => !gone.has(tag)))
      .sort()
      .map((k) => JSON.parse(k) as E);
  },
};

export interface LawReport {
  commutative: boolean;
  associative: boolean;
  idempotent: boolean;
  /** The first counterexample, if any. */
  counterexample?: string;
}

/** Tests merge's three laws on all pairs and triples of `states` (compared as JSON). */
export function checkLaws<S, V>(crdt: Crdt<S, V>, states: readonly S[]): LawReport {
  const same = (x: S, y: S) => JSON.stringify(x) === JSON.stringify(y);
  const report: LawReport = { commutative: true, associative: true, idempotent: true };
  const fail = (law: "commutative" | "associative" | "idempotent", text: string) => {
    report[law] = false;
    report.counterexample ??= `${crdt.name} is not ${law}: ${text}`;
  };
  for (const a of states) {
    if (!same(crdt.merge(a, a), a)) fail("idempotent", `merge(a, a) ≠ a for a = ${JSON.stringify(a)}`);
    for (const b of states) {
      if (!same(crdt.merge(a, b), crdt.merge(b, a))) fail("commutative", `merge(a, b) ≠ merge(b, a) for a = ${JSON.stringify(a)}, b = ${JSON.stringify(b)}`);
      for (const c of states) {
        if (!same(crdt.merge(crdt.merge(a, b), c), crdt.merge(a, crdt.merge(b, c)))) fail("associative", `(a ⊔ b) ⊔ c ≠ a ⊔ (b ⊔ c) for a = ${JSON.stringify(a)}, b = ${JSON.stringify(b)}, c = ${JSON.stringify(c)}`);
      }
    }
  }
  return report;
}

export type CrdtKind = "gCounter" | "pnCounter" | "lwwRegister" | "orSet";

/** The four CRDTs by name, each with its merge and value (for `checkLaws` and replicas). */
export const crdts: Record<CrdtKind, Crdt<any, unknown>> = { gCounter, pnCounter, lwwRegister, orSet };

/**
 * `count` states of `kind` reached by random updates on three replicas that sometimes merge one
 * another's states: the kind of states merge meets in practice, for property tests.
 */
export function randomStates(kind: CrdtKind, random: { next(): number; int(low: number, high: number): number }, count: number): unknown[] {
  const replicas = ["r1", "r2", "r3"];
  const crdt = crdts[kind];
  const copies: any[] = replicas.map(() => crdt.empty());
  const out: unknown[] = [];
  for (let step = 0; out.length < count; step++) {
    const i = random.int(0, replicas.length);
    const r = replicas[i];
    const s = copies[i];
    const element = random.int(0, 4);
    if (random.next() < 0.25) copies[i] = crdt.merge(s, copies[random.int(0, replicas.length)]);
    else if (kind === "gCounter") copies[i] = gCounter.increment(s, r, random.int(1, 4));
    else if (kind === "pnCounter") copies[i] = random.next() < 0.5 ? pnCounter.increment(s, r, random.int(1, 4)) : pnCounter.decrement(s, r, random.int(1, 4));
    else if (kind === "lwwRegister") copies[i] = lwwRegister.set(s, random.int(1, 6), r, element);
    else copies[i] = random.next() < 0.6 ? orSet.add(s, r, element) : orSet.remove(s, element);
    out.push(copies[i]);
  }
  return out;
}
