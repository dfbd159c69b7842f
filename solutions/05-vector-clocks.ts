/**
 * Exercise 05: vector clocks and causal broadcast.
 *
 * Part 1: VectorClock. A vector clock maps node ids to counters; an entry that is missing counts
 * as zero, so `{ a: 1 }` and `{ a: 1, b: 0 }` are equal clocks. Clocks are IMMUTABLE values:
 * `increment` and `merge` return a NEW clock and leave `this` (and `other`) unchanged.
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
 *   node.publish(payload)   broadcast `payload` to every peer AND deliver it locally at once.
 *                           Send each peer exactly this message (plain data):
 *                             { type: "causal", origin: <publisher id>, clock: <clock.toObject()>, payload }
 *                           where `clock` is the publisher's vector clock for this message (entry j
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
 *       even when the network duplicates messages; `delivered` lists what onDeliver was told;
 *       nothing held back (2): a message is delivered in the same step in which it has arrived and
 *       its last predecessor is delivered.
 * A failure names the seed and the line to replay it in notebook 05, e.g. replay("05", "causal", 7).
 */
// BEGIN SOLUTION
import { Node } from "../lib";
// END SOLUTION
/* STUB
import { Node, notImplemented } from "../lib";
*/

export type Ordering = "before" | "after" | "concurrent" | "equal";

export class VectorClock {
  // BEGIN SOLUTION
  private readonly entries: Record<string, number>;

  // END SOLUTION
  constructor(entries: Record<string, number> = {}) {
    // BEGIN SOLUTION
    this.entries = { ...entries };
    // END SOLUTION
    /* STUB
    // Store a copy of `entries` here.
    */
  }

  get(node: string): number {
    // BEGIN SOLUTION
    return this.entries[node] ?? 0;
    // END SOLUTION
    /* STUB
    notImplemented("05", "VectorClock.get(node)");
    */
  }

  increment(node: string): VectorClock {
    // BEGIN SOLUTION
    return new VectorClock({ ...this.entries, [node]: this.get(node) + 1 });
    // END SOLUTION
    /* STUB
    notImplemented("05", "VectorClock.increment(node)");
    */
  }

  merge(other: VectorClock): VectorClock {
    // BEGIN SOLUTION
    const out = { ...this.entries };
    for (const [node, count] of Object.entries(other.toObject())) out[node] = Math.max(out[node] ?? 0, count);
    return new VectorClock(out);
    // END SOLUTION
    /* STUB
    notImplemented("05", "VectorClock.merge(other)");
    */
  }

  compare(other: VectorClock): Ordering {
    // BEGIN SOLUTION
    let less = false;
    let greater = false;
    const nodes = new Set([...Object.keys(this.entries), ...Object.keys(other.toObject())]);
    for (const node of nodes) {
      const mine = this.get(node);
      const theirs = other.get(node);
      if (mine < theirs) less = true;
      if (mine > theirs) greater = true;
    }
    if (less && greater) return "concurrent";
    if (less) return "before";
    if (greater) return "after";
    return "equal";
    // END SOLUTION
    /* STUB
    notImplemented("05", "VectorClock.compare(other)");
    */
  }

  toObject(): Record<string, number> {
    // BEGIN SOLUTION
    return { ...this.entries };
    // END SOLUTION
    /* STUB
    notImplemented("05", "VectorClock.toObject()");
    */
  }
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
  // BEGIN SOLUTION
  /** Entry j: how many of j's messages this node has delivered. */
  private clock = new VectorClock();
  private buffer: Array<CausalMessage<P>> = [];
  // END SOLUTION

  publish(payload: P): void {
    // BEGIN SOLUTION
    const msg: CausalMessage<P> = { type: "causal", origin: this.id, clock: this.clock.increment(this.id).toObject(), payload };
    this.broadcast(msg);
    this.deliver(msg);
    // END SOLUTION
    /* STUB
    notImplemented("05", "CausalBroadcastNode.publish(payload)");
    */
  }

  // BEGIN SOLUTION
  onMessage(_from: string, msg: CausalMessage<P>): void {
    if (msg.type !== "causal") return;
    const stamp = new VectorClock(msg.clock);
    if (stamp.get(msg.origin) <= this.clock.get(msg.origin)) return; // delivered already: a duplicate
    if (this.buffer.some((m) => m.origin === msg.origin && m.clock[msg.origin] === msg.clock[msg.origin])) return;
    this.buffer.push(msg);
    this.deliverReady();
  }
  // END SOLUTION
  /* STUB
  onMessage(from: string, msg: CausalMessage<P>): void {
    notImplemented("05", "CausalBroadcastNode.onMessage(from, msg)");
  }
  */
  // BEGIN SOLUTION

  private deliverReady(): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (let i = 0; i < this.buffer.length; i++) {
        const msg = this.buffer[i];
        if (this.ready(msg)) {
          this.buffer.splice(i, 1);
          this.deliver(msg);
          progress = true;
          break;
        }
      }
    }
  }

  private ready(msg: CausalMessage<P>): boolean {
    const stamp = new VectorClock(msg.clock);
    for (const node of Object.keys(msg.clock)) {
      const needed = node === msg.origin ? this.clock.get(node) + 1 : this.clock.get(node);
      if (node === msg.origin ? stamp.get(node) !== needed : stamp.get(node) > needed) return false;
    }
    return true;
  }

  private deliver(msg: CausalMessage<P>): void {
    this.clock = this.clock.merge(new VectorClock({ [msg.origin]: msg.clock[msg.origin] }));
    const delivery = { origin: msg.origin, payload: msg.payload };
    this.delivered.push(delivery);
    if (this.onDeliver) this.onDeliver(delivery);
  }
  // END SOLUTION
}
