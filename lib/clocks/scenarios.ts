/**
 * The graded scenarios of exercise 05 (vector clocks and causal broadcast), in the one shape every
 * chapter uses (lib/grading/scenario.ts), and the referee's verdicts on a causal broadcast run.
 *
 *   scenarios.scenarios.causal.run(impl, 7, scenarios.scenarios.causal.schedule(7))   // plain data
 *   replay("05", "causal", 7)                           // the same run in notebook 05
 *   const run = runCausalWorkload(7, () => new CausalBroadcastNode());   // data + sim + verdicts
 *   run.causalViolations; run.outOfOrder; run.deliveryProblems; run.heldBack; spaceTime(run.sim)
 *
 * Scenarios (each returns plain data; the checks in test/graders/05-vector-clocks.grader.ts judge it):
 *   compare   `compare` on fixed pairs and on random clocks whose key sets differ (a missing entry
 *             counts as zero): { cases: [{ x, y, got }] }.
 *   history   `compare` on the clocks of a random causal history (local events, sends, receives on
 *             3 to 5 nodes), each clock holding only its non-zero entries, as a real node's would.
 *             The truth is happened-before worked out from the history's events, not from clocks:
 *             { cases: [{ x, y, truth, got }] }.
 *   clockOps  `increment`, `merge`, the constructor and `toObject` on random clocks: what each
 *             returned and what its inputs held afterwards.
 *   causal    broadcast nodes on a network that reorders and duplicates (the schedule's `faults`,
 *             which a shrinker may drop), publishing spontaneously and in reaction to deliveries,
 *             which builds causal chains. Causality comes from what each node had delivered (as
 *             reported through `onDeliver`) when it published; receipts come from the trace.
 *
 * Data of `causal` (CausalData): `published` (id "b#2", publisher, time, causal predecessors),
 * `deliveries` (every onDeliver call, in order, with `event`: the step being processed, counting the
 * trace's events other than sends, which a handler appends as it runs),
 * `lists` (each node's `delivered` at the end), `receipts` (the trace's deliveries of causal
 * messages to a node, with the same step count) and `duplicated` (copies the network made). The verdicts below are pure
 * functions of it.
 */
import type { Node } from "../sim/node";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import * as latencies from "../sim/latency";
import { formatTime } from "../sim/trace";
import type { ExerciseScenarios, Fault, Schedule } from "../grading/scenario";
import type * as Exercise05 from "../../exercises/05-vector-clocks";

type Impl = typeof Exercise05;
export type Entries = Record<string, number>;
type Clock = InstanceType<Impl["VectorClock"]>;

/** Node ids random clocks draw from. */
export const CLOCK_NODES = ["a", "b", "c", "d", "e"];

/** What the student's clock says: `get` for every node of CLOCK_NODES, and `toObject()`. */
export interface ClockView {
  get: Entries;
  object: Entries;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const noFaults = (): Schedule => ({ faults: [] });

function plainEntries(value: unknown): Entries {
  const out: Entries = {};
  if (value === null || typeof value !== "object") return out;
  for (const [k, v] of Object.entries(value as object)) out[k] = typeof v === "number" ? v : NaN;
  return out;
}

function view(clock: Clock): ClockView {
  const get: Entries = {};
  for (const n of CLOCK_NODES) {
    const v = clock.get(n);
    get[n] = typeof v === "number" ? v : NaN;
  }
  return { get, object: plainEntries(clock.toObject()) };
}

/** A random clock: some entries missing, some explicit zeros. */
function randomEntries(random: Random): Entries {
  const out: Entries = {};
  for (const n of CLOCK_NODES) {
    const r = random.next();
    if (r < 0.35) continue;
    out[n] = r < 0.45 ? 0 : random.int(0, 3);
  }
  return out;
}

const FIXED_PAIRS: Array<[Entries, Entries]> = [
  [{}, {}],
  [{ a: 0 }, {}],
  [{ a: 1 }, { a: 1, b: 0 }],
  [{}, { a: 1 }],
  [{ a: 1 }, {}],
  [{ a: 1 }, { b: 1 }],
  [{ a: 1 }, { a: 1, b: 1 }],
  [{ a: 2, b: 1 }, { a: 2, b: 3 }],
  [{ a: 3, b: 1 }, { a: 2, b: 3 }],
];

/** The ordering of two clocks by definition (missing entries are zero). */
export function orderOf(x: Entries, y: Entries): Exercise05.Ordering {
  let less = false;
  let greater = false;
  for (const n of new Set(Object.keys(x).concat(Object.keys(y)))) {
    if ((x[n] ?? 0) < (y[n] ?? 0)) less = true;
    if ((x[n] ?? 0) > (y[n] ?? 0)) greater = true;
  }
  return less && greater ? "concurrent" : less ? "before" : greater ? "after" : "equal";
}

/** What the student's compare says of x and y. The constructor gets copies: x and y stay the data the checks judge by. */
function compareWith(impl: Impl, x: Entries, y: Entries): string {
  return String(new impl.VectorClock({ ...x }).compare(new impl.VectorClock({ ...y })));
}

/** A random causal history: each event's sparse vector clock and its happened-before predecessors. */
function causalHistory(seed: number): Array<{ node: string; clock: Entries; before: number[] }> {
  const random = new Random(seed).stream("causal-history");
  const nodes = CLOCK_NODES.slice(0, random.int(3, 6));
  const clocks = new Map<string, Entries>(nodes.map((n) => [n, {}]));
  const last = new Map<string, number>();
  const inbox: Array<{ to: string; send: number; clock: Entries }> = [];
  const events: Array<{ node: string; clock: Entries; before: number[] }> = [];
  const count = random.int(14, 22);
  while (events.length < count) {
    const node = random.pick(nodes);
    const clock = { ...clocks.get(node)! };
    const direct: number[] = last.has(node) ? [last.get(node)!] : [];
    const waiting = inbox.findIndex((m) => m.to === node);
    const r = random.next();
    if (r < 0.4 && waiting >= 0) {
      const [m] = inbox.splice(waiting, 1);
      for (const [k, v] of Object.entries(m.clock)) clock[k] = Math.max(clock[k] ?? 0, v);
      direct.push(m.send);
    }
    clock[node] = (clock[node] ?? 0) + 1;
    const index = events.length;
    if (r >= 0.4 && r < 0.8) inbox.push({ to: random.pick(nodes.filter((n) => n !== node)), send: index, clock: { ...clock } });
    const before = new Set<number>();
    for (const d of direct) {
      before.add(d);
      for (const p of events[d].before) before.add(p);
    }
    events.push({ node, clock, before: Array.from(before).sort((a, b) => a - b) });
    clocks.set(node, clock);
    last.set(node, index);
  }
  return events;
}

// ---- causal broadcast ----

export interface CausalSchedule extends Schedule {
  /** { kind: "reorder", chance, maxDelayMs } and { kind: "duplicate", chance }. */
  faults: Fault[];
  nodes: number;
  messages: number;
  replyChance: number;
}

export interface CausalData {
  nodes: string[];
  published: Array<{ id: string; node: string; time: number; preds: string[] }>;
  deliveries: Array<{ node: string; id: string; time: number; event: number }>;
  lists: Record<string, string[]>;
  receipts: Array<{ node: string; id: string; time: number; event: number }>;
  duplicated: number;
}

/** What a causal broadcast node offers (exercise 05). */
export interface CausalNodeLike {
  publish(payload: { id: string }): void;
  readonly delivered: ReadonlyArray<{ origin: string; payload: unknown }>;
  // `any`: a node typed for its own payload (CausalBroadcastNode<{ id: string }>) must fit here.
  onDeliver: ((delivery: { origin: string; payload: any }) => void) | undefined;
}

function causalSchedule(seed: number): CausalSchedule {
  return {
    faults: [
      { kind: "reorder", chance: 0.3, maxDelayMs: 250 },
      { kind: "duplicate", chance: 0.2 },
    ],
    nodes: 3 + (seed % 3),
    messages: 30,
    replyChance: 0.3,
  };
}

const idOf = (payload: unknown): string => {
  const id = (payload as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : "(a payload without an id)";
};

/** Runs the causal workload on `makeNode`; returns the simulation (for plots) and the plain data. */
function simulateCausal(seed: number, makeNode: () => Node & CausalNodeLike, schedule: CausalSchedule = causalSchedule(seed)): { sim: Simulation; data: CausalData } {
  const fault = (kind: string) => schedule.faults.find((f) => f.kind === kind);
  const reorder = fault("reorder");
  const duplicate = fault("duplicate");
  const sim = new Simulation({
    seed,
    network: {
      latency: latencies.uniform(1, 60),
      reorder: reorder ? Number(reorder.chance) : 0,
      reorderDelay: latencies.uniform(0, reorder ? Number(reorder.maxDelayMs) : 0),
      duplicate: duplicate ? Number(duplicate.chance) : 0,
    },
  });
  const random = sim.random.stream("workload");
  const ids = Array.from({ length: schedule.nodes }, (_, i) => String.fromCharCode(97 + i));
  const nodes = new Map<string, Node & CausalNodeLike>();
  for (const id of ids) nodes.set(id, sim.add(id, makeNode));

  const data: CausalData = { nodes: ids, published: [], deliveries: [], lists: {}, receipts: [], duplicated: 0 };
  // The step being processed: the index among the trace's events that are not sends (the sends a
  // handler makes are appended while it runs, so they do not start a step of their own).
  let step = -1;
  let scanned = 0;
  const currentStep = () => {
    for (; scanned < sim.trace.length; scanned++) if (sim.trace[scanned].kind !== "send") step++;
    return step;
  };
  const deliveredAt = new Map<string, string[]>(ids.map((id) => [id, []]));
  const predecessors = new Map<string, string[]>();
  const perNode = new Map<string, number>();
  const publish = (node: string) => {
    if (data.published.length >= schedule.messages) return;
    const k = (perNode.get(node) ?? 0) + 1;
    perNode.set(node, k);
    const id = `${node}#${k}`;
    const preds = new Set<string>();
    for (const d of deliveredAt.get(node)!) {
      preds.add(d);
      for (const p of predecessors.get(d) ?? []) preds.add(p);
    }
    predecessors.set(id, Array.from(preds));
    data.published.push({ id, node, time: sim.now, preds: Array.from(preds) });
    nodes.get(node)!.publish({ id });
  };
  for (const id of ids) {
    nodes.get(id)!.onDeliver = (d) => {
      const m = idOf(d?.payload);
      deliveredAt.get(id)!.push(m);
      data.deliveries.push({ node: id, id: m, time: sim.now, event: currentStep() });
      if (d?.origin !== id && random.chance(schedule.replyChance)) publish(id);
    };
  }
  for (let i = 0; i < Math.ceil(schedule.messages / 2); i++) {
    const node = random.pick(ids);
    sim.at(random.uniform(0, 1_500), () => publish(node), `publish at ${node}`);
  }
  sim.run({ maxEvents: 200_000 });

  let event = -1;
  for (const e of sim.trace) {
    if (e.kind !== "send") event++;
    if (e.kind === "deliver" && (e.msg as { type?: unknown } | null)?.type === "causal") {
      data.receipts.push({ node: e.to, id: idOf((e.msg as { payload?: unknown }).payload), time: e.time, event });
    }
  }
  for (const id of ids) data.lists[id] = Array.from(nodes.get(id)!.delivered, (d) => idOf(d?.payload));
  data.duplicated = sim.stats.duplicated;
  return { sim, data };
}

/** Deliveries made before one of their causal predecessors (the first `limit`, in words) and how many in all. */
export function causalViolations(data: CausalData, limit = 5): { count: number; first: string[] } {
  const preds = new Map(data.published.map((p) => [p.id, p.preds]));
  const done = new Map<string, Set<string>>(data.nodes.map((n) => [n, new Set<string>()]));
  const first: string[] = [];
  let count = 0;
  for (const d of data.deliveries) {
    const seen = done.get(d.node)!;
    const missing = (preds.get(d.id) ?? []).filter((p) => !seen.has(p));
    if (missing.length > 0) {
      count++;
      if (first.length < limit) first.push(`node ${d.node} delivered ${d.id} at t=${formatTime(d.time)} before ${missing.join(", ")}, which causally precede${missing.length > 1 ? "" : "s"} it (expected: ${missing.join(", ")} first)`);
    }
    seen.add(d.id);
  }
  return { count, first };
}

/** Messages delivered twice, never, before they arrived, or not in the node's `delivered` list. */
export function deliveryProblems(data: CausalData, limit = 5): string[] {
  const problems: string[] = [];
  const published = new Map(data.published.map((p) => [p.id, p]));
  for (const node of data.nodes) {
    const order = data.deliveries.filter((d) => d.node === node);
    const ids = order.map((d) => d.id);
    const counts = new Map<string, number>();
    for (const m of ids) counts.set(m, (counts.get(m) ?? 0) + 1);
    for (const [m, n] of counts) if (n > 1) problems.push(`node ${node} delivered ${m} ${n} times, expected once`);
    const absent = data.published.filter((p) => !counts.has(p.id)).map((p) => p.id);
    if (absent.length > 0) problems.push(`node ${node} never delivered ${absent.slice(0, 5).join(", ")}${absent.length > 5 ? ` (and ${absent.length - 5} more)` : ""} (${ids.length} of ${data.published.length} messages delivered)`);
    const firstReceipt = new Map<string, number>();
    for (const r of data.receipts) if (r.node === node && !firstReceipt.has(r.id)) firstReceipt.set(r.id, r.event);
    for (const d of order) {
      const p = published.get(d.id);
      if (p === undefined) problems.push(`node ${node} delivered ${d.id}, which nobody published`);
      else if (p.node !== node && !(firstReceipt.get(d.id)! <= d.event)) problems.push(`node ${node} delivered ${d.id} at t=${formatTime(d.time)}, but the trace shows no message carrying it had reached ${node} by then`);
    }
    const list = data.lists[node] ?? [];
    if (list.join(",") !== ids.join(",")) problems.push(`node ${node}: its delivered list is [${list.slice(0, 8).join(", ")}${list.length > 8 ? ", ..." : ""}] but onDeliver was called for [${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", ..." : ""}]: push to delivered and call onDeliver for every delivery`);
  }
  return problems.slice(0, limit);
}

/**
 * Messages held back after they could be delivered: received (per the trace) and every causal
 * predecessor delivered at that node, yet not delivered while that event was processed.
 */
export function heldBack(data: CausalData, limit = 5): string[] {
  const out: string[] = [];
  const preds = new Map(data.published.map((p) => [p.id, p]));
  for (const node of data.nodes) {
    const deliveredEvent = new Map<string, number>();
    for (const d of data.deliveries) if (d.node === node && !deliveredEvent.has(d.id)) deliveredEvent.set(d.id, d.event);
    const firstReceipt = new Map<string, { event: number; time: number }>();
    for (const r of data.receipts) if (r.node === node && !firstReceipt.has(r.id)) firstReceipt.set(r.id, r);
    for (const [m, receipt] of firstReceipt) {
      const p = preds.get(m);
      if (p === undefined || p.node === node) continue;
      let ready = receipt.event;
      for (const q of p.preds) ready = Math.max(ready, deliveredEvent.get(q) ?? Infinity);
      if (!Number.isFinite(ready)) continue;
      const at = deliveredEvent.get(m) ?? Infinity;
      if (at > ready && out.length < limit) {
        const readyTime = ready === receipt.event ? receipt.time : data.deliveries.find((d) => d.node === node && d.event === ready)?.time ?? receipt.time;
        out.push(`node ${node} could deliver ${m} at t=${formatTime(readyTime)} (it had arrived and everything before it was delivered) but ${Number.isFinite(at) ? `delivered it only at t=${formatTime(data.deliveries.find((d) => d.node === node && d.id === m)!.time)}` : "never delivered it"}`);
      }
    }
  }
  return out;
}

/** The causal workload with verdicts and the simulation, for notebook 05's plots and replays. */
export function runCausalWorkload(seed: number, makeNode: () => Node & CausalNodeLike, schedule: CausalSchedule = causalSchedule(seed)) {
  const { sim, data } = simulateCausal(seed, makeNode, schedule);
  const violations = causalViolations(data);
  return { sim, ...data, causalViolations: violations.first, outOfOrder: violations.count, deliveryProblems: deliveryProblems(data), heldBack: heldBack(data) };
}

export const scenarios: ExerciseScenarios<Impl> = {
  exercise: "05-vector-clocks",
  scenarios: {
    compare: {
      describe: "compare() on fixed pairs and on random clocks with different keys (a missing entry is zero)",
      seeds: range(1, 6),
      schedule: noFaults,
      run(impl, seed) {
        const random = new Random(seed).stream("compare");
        const pairs = FIXED_PAIRS.slice();
        for (let i = 0; i < 40; i++) pairs.push([randomEntries(random), randomEntries(random)]);
        return { cases: pairs.map(([x, y]) => ({ x, y, got: compareWith(impl, x, y) })) };
      },
    },
    history: {
      describe: "compare() on the vector clocks of a random causal history (sends and receives on 3 to 5 nodes), judged against happened-before",
      seeds: range(1, 6),
      schedule: noFaults,
      run(impl, seed) {
        const events = causalHistory(seed);
        const random = new Random(seed).stream("history-pairs");
        const cases = [];
        for (let k = 0; k < 40; k++) {
          const i = random.int(0, events.length);
          const j = random.int(0, events.length);
          const truth = i === j ? "equal" : events[j].before.includes(i) ? "before" : events[i].before.includes(j) ? "after" : "concurrent";
          cases.push({ x: events[i].clock, y: events[j].clock, xEvent: `${events[i].node}, event ${i}`, yEvent: `${events[j].node}, event ${j}`, truth, got: compareWith(impl, events[i].clock, events[j].clock) });
        }
        return { cases };
      },
    },
    clockOps: {
      describe: "increment(), merge(), the constructor and toObject() on random clocks: values and immutability",
      seeds: range(1, 6),
      schedule: noFaults,
      run(impl, seed) {
        const V = impl.VectorClock;
        const empty = new V();
        const one = empty.increment("x");
        const source: Entries = { a: 1 };
        const copy = new V(source);
        source.a = 5;
        const afterSource = copy.get("a");
        copy.toObject().a = 9;
        const basics = { incrementFromEmpty: one.get("x"), emptyAfter: empty.get("x"), twice: one.increment("x").increment("y").get("x"), constructorCopies: afterSource, toObjectCopies: copy.get("a") };
        const random = new Random(seed).stream("clock-ops");
        const cases = [];
        for (let i = 0; i < 20; i++) {
          const x = randomEntries(random);
          const y = randomEntries(random);
          const cx = new V({ ...x }); // copies: x and y go in the data as they were drawn
          const cy = new V({ ...y });
          const merged = cx.merge(cy);
          const mergedView = view(merged);
          const xAfterMerge = view(cx);
          const yAfterMerge = view(cy);
          const node = random.pick(CLOCK_NODES);
          const bumped = view(cx.increment(node));
          cases.push({ x, y, node, merged: mergedView, mergedIsInput: merged === cx || merged === cy, xAfterMerge, yAfterMerge, bumped, xAfterBump: view(cx) });
        }
        return { basics, cases };
      },
    },
    causal: {
      describe: "3 to 5 broadcast nodes publish 30 messages (some in reply to deliveries) on a network that reorders and duplicates",
      seeds: range(1, 10),
      schedule: causalSchedule,
      run(impl, seed, schedule) {
        return simulateCausal(seed, () => new impl.CausalBroadcastNode<{ id: string }>(), schedule as CausalSchedule).data;
      },
      shrink(schedule) {
        const s = schedule as CausalSchedule;
        const smaller: Schedule[] = [];
        if (s.messages > 4) smaller.push({ ...s, messages: Math.ceil(s.messages / 2) });
        if (s.nodes > 2) smaller.push({ ...s, nodes: s.nodes - 1 });
        return smaller;
      },
    },
  },
};
