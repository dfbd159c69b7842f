/**
 * Mutant of exercise 05: merge() writes the maximum into the clock it is called on and returns it, instead of a new clock.
 */
import { Node } from "../../../lib";

export type Ordering = "before" | "after" | "concurrent" | "equal";

export class VectorClock {
  private readonly entries: Record<string, number>;

  constructor(entries: Record<string, number> = {}) {
    this.entries = { ...entries };
  }

  get(node: string): number {
    return this.entries[node] ?? 0;
  }

  increment(node: string): VectorClock {
    return new VectorClock({ ...this.entries, [node]: this.get(node) + 1 });
  }

  merge(other: VectorClock): VectorClock {
    const out = this.entries;
    for (const [node, count] of Object.entries(other.toObject())) out[node] = Math.max(out[node] ?? 0, count);
    return this;
  }

  compare(other: VectorClock): Ordering {
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
  }

  toObject(): Record<string, number> {
    return { ...this.entries };
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
  /** Entry j: how many of j's messages this node has delivered. */
  private clock = new VectorClock();
  private buffer: Array<CausalMessage<P>> = [];

  publish(payload: P): void {
    const msg: CausalMessage<P> = { type: "causal", origin: this.id, clock: this.clock.increment(this.id).toObject(), payload };
    this.broadcast(msg);
    this.deliver(msg);
  }

  onMessage(_from: string, msg: CausalMessage<P>): void {
    if (msg.type !== "causal") return;
    const stamp = new VectorClock(msg.clock);
    if (stamp.get(msg.origin) <= this.clock.get(msg.origin)) return; // delivered already: a duplicate
    if (this.buffer.some((m) => m.origin === msg.origin && m.clock[msg.origin] === msg.clock[msg.origin])) return;
    this.buffer.push(msg);
    this.deliverReady();
  }

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
}
