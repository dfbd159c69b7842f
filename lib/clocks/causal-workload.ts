/**
 * A workload and a referee for causal broadcast (exercise 05 and its grader).
 *
 * `runCausalWorkload(seed, makeNode)` puts a few broadcast nodes on a network that reorders,
 * delays and duplicates messages, makes them publish (some spontaneously, some in reaction to
 * what they deliver, which builds causal chains), and referees the run without looking at the
 * nodes' clocks:
 *
 *   const run = runCausalWorkload(7, () => new CausalBroadcastNode());
 *   run.causalViolations    // "c delivered b#2 before a#1, which precedes it" (the first 5)
 *   run.outOfOrder          // how many deliveries came before a causal predecessor, in all
 *   run.deliveryProblems    // messages missing or delivered twice at some node
 *   run.heldBack            // a message that had arrived and could be delivered, but waited
 *   run.sim                 // for spaceTime(run.sim)
 *
 * Causality comes from what each node had delivered when it published: message m depends on
 * everything its publisher had delivered (its own earlier messages included) at that moment, and,
 * transitively, on what those depended on. Each payload is `{ id: "b#2" }` (node b's 2nd message).
 *
 * The nodes must offer `publish(payload)`, a `delivered` list of `{ origin, payload }` and an
 * `onDeliver` callback slot, as exercise 05 specifies; messages on the wire must carry the payload
 * as `msg.payload`.
 */
import { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";
import * as latencies from "../sim/latency";
import { formatTime } from "../sim/trace";

export interface CausalNodeLike {
  publish(payload: { id: string }): void;
  readonly delivered: ReadonlyArray<{ origin: string; payload: unknown }>;
  // `any`: a node typed for its own payload (CausalBroadcastNode<{ id: string }>) must fit here.
  onDeliver: ((delivery: { origin: string; payload: any }) => void) | undefined;
}

export interface CausalWorkloadOptions {
  /** Number of nodes (default: 3 to 5, by seed). */
  nodes?: number;
  /** Messages published in all (default 30). */
  messages?: number;
  /** Chance that a node publishes in reaction to a delivery (default 0.3). */
  replyChance?: number;
  /** Network knobs (defaults: reorder 0.3, duplicate 0.1, latency uniform 1–60 ms). */
  reorder?: number;
  duplicate?: number;
  /** Watch for held-back messages after every event (default true). */
  watchHoldBack?: boolean;
}

export interface CausalRun {
  sim: Simulation;
  ids: string[];
  /** Message ids in publish order. */
  published: string[];
  /** For each message id: the ids that causally precede it. */
  predecessors: Map<string, Set<string>>;
  /** The first few deliveries made before one of their causal predecessors, in words. */
  causalViolations: string[];
  /** The number of such deliveries, in all. */
  outOfOrder: number;
  deliveryProblems: string[];
  heldBack: string[];
}

const MAX_REPORTS = 5;

export function runCausalWorkload(
  seed: number,
  makeNode: () => Node & CausalNodeLike,
  options: CausalWorkloadOptions = {},
): CausalRun {
  const sim = new Simulation({
    seed,
    network: {
      latency: latencies.uniform(1, 60),
      reorder: options.reorder ?? 0.3,
      reorderDelay: latencies.uniform(0, 250),
      duplicate: options.duplicate ?? 0.1,
    },
  });
  const random = sim.random.stream("workload");
  const count = options.nodes ?? 3 + (seed % 3);
  const budget = options.messages ?? 30;
  const replyChance = options.replyChance ?? 0.3;
  const ids = Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i));
  const nodes = new Map<string, Node & CausalNodeLike>();
  for (const id of ids) nodes.set(id, sim.add(id, makeNode));

  const published: string[] = [];
  const predecessors = new Map<string, Set<string>>();
  const received = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  const perNode = new Map<string, number>();
  const idOf = (payload: unknown): string => {
    const id = (payload as { id?: unknown } | null)?.id;
    return typeof id === "string" ? id : "(a payload without an id)";
  };
  const deliveredAt = (node: string) => nodes.get(node)!.delivered.map((d) => idOf(d.payload));

  const publish = (node: string) => {
    if (published.length >= budget) return;
    const k = (perNode.get(node) ?? 0) + 1;
    perNode.set(node, k);
    const id = `${node}#${k}`;
    const preds = new Set<string>();
    for (const d of deliveredAt(node)) {
      preds.add(d);
      for (const p of predecessors.get(d) ?? []) preds.add(p);
    }
    predecessors.set(id, preds);
    published.push(id);
    received.get(node)!.add(id);
    nodes.get(node)!.publish({ id });
  };

  for (const id of ids) {
    nodes.get(id)!.onDeliver = (d) => {
      if (d.origin !== id && random.chance(replyChance)) publish(id);
    };
  }
  for (let i = 0; i < Math.ceil(budget / 2); i++) {
    const node = random.pick(ids);
    sim.at(random.uniform(0, 1_500), () => publish(node), `publish at ${node}`);
  }

  const heldBack: string[] = [];
  let seen = 0;
  const watch = () => {
    for (; seen < sim.trace.length; seen++) {
      const e = sim.trace[seen];
      if (e.kind === "deliver") received.get(e.to)!.add(idOf((e.msg as { payload?: unknown } | null)?.payload));
    }
    if (heldBack.length >= MAX_REPORTS) return false;
    for (const node of ids) {
      const done = new Set(deliveredAt(node));
      for (const m of received.get(node)!) {
        if (done.has(m) || !predecessors.has(m)) continue;
        const ready = Array.from(predecessors.get(m)!).every((p) => done.has(p));
        if (ready) {
          heldBack.push(`at t=${formatTime(sim.now)} node ${node} had received ${m} and delivered everything before it, but had not delivered it`);
          return false;
        }
      }
    }
    return false;
  };
  sim.run(options.watchHoldBack === false ? { maxEvents: 200_000 } : { maxEvents: 200_000, stopWhen: watch });

  const causalViolations: string[] = [];
  let outOfOrder = 0;
  const deliveryProblems: string[] = [];
  for (const node of ids) {
    const order = deliveredAt(node);
    const done = new Set<string>();
    for (const m of order) {
      const missing = Array.from(predecessors.get(m) ?? []).filter((p) => !done.has(p));
      if (missing.length > 0) outOfOrder++;
      if (missing.length > 0 && causalViolations.length < MAX_REPORTS) {
        causalViolations.push(`node ${node} delivered ${m} before ${missing.join(", ")}, which causally precede${missing.length > 1 ? "" : "s"} it`);
      }
      if (done.has(m) && deliveryProblems.length < MAX_REPORTS) deliveryProblems.push(`node ${node} delivered ${m} twice`);
      done.add(m);
    }
    const absent = published.filter((m) => !done.has(m));
    if (absent.length > 0 && deliveryProblems.length < MAX_REPORTS) {
      deliveryProblems.push(`node ${node} never delivered ${absent.slice(0, 5).join(", ")}${absent.length > 5 ? ` (and ${absent.length - 5} more)` : ""}`);
    }
    for (const m of order) {
      if (!predecessors.has(m) && deliveryProblems.length < MAX_REPORTS) deliveryProblems.push(`node ${node} delivered ${m}, which nobody published`);
    }
  }
  return { sim, ids, published, predecessors, causalViolations, outOfOrder, deliveryProblems, heldBack };
}
