/**
 * A correct answer to exercise 05, built differently from solutions/: the clock is a Map that
 * never stores zeros, compare counts the entries on each side, and the broadcast node keeps the
 * messages that wait in one list per origin, sorted by the origin's counter.
 * Kept as a whole file, not a patch of the solution: the clock, compare and the hold-back queue are
 * each written another way, so a patch would replace nearly every line.
 */
import { Node } from "../../../lib";
import type { CausalMessage, Delivery } from "../../../solutions/05-vector-clocks";

// The interface, as the exercise declares it.
export type { CausalMessage, Delivery };

export type Ordering = "before" | "after" | "concurrent" | "equal";

export class VectorClock {
  private readonly counts = new Map<string, number>();

  constructor(entries: Record<string, number> = {}) {
    for (const node of Object.keys(entries)) if (entries[node] !== 0) this.counts.set(node, entries[node]);
  }

  get(node: string): number {
    return this.counts.get(node) ?? 0;
  }

  increment(node: string): VectorClock {
    const next = this.toObject();
    next[node] = this.get(node) + 1;
    return new VectorClock(next);
  }

  merge(other: VectorClock): VectorClock {
    const next = other.toObject();
    this.counts.forEach((count, node) => {
      next[node] = Math.max(count, next[node] ?? 0);
    });
    return new VectorClock(next);
  }

  compare(other: VectorClock): Ordering {
    const theirs = other.toObject();
    let mineBigger = 0;
    let theirsBigger = 0;
    for (const node of new Set(Object.keys(theirs).concat(Array.from(this.counts.keys())))) {
      const d = this.get(node) - (theirs[node] ?? 0);
      if (d > 0) mineBigger++;
      if (d < 0) theirsBigger++;
    }
    if (mineBigger === 0 && theirsBigger === 0) return "equal";
    if (mineBigger === 0) return "before";
    if (theirsBigger === 0) return "after";
    return "concurrent";
  }

  toObject(): Record<string, number> {
    const out: Record<string, number> = {};
    this.counts.forEach((count, node) => (out[node] = count));
    return out;
  }
}

export class CausalBroadcastNode<P = unknown> extends Node<CausalMessage<P>> {
  readonly delivered: Array<Delivery<P>> = [];
  onDeliver: ((delivery: Delivery<P>) => void) | undefined = undefined;
  private seen: Record<string, number> = {};
  private waiting: Record<string, Array<CausalMessage<P>>> = {};

  publish(payload: P): void {
    const clock = { ...this.seen, [this.id]: (this.seen[this.id] ?? 0) + 1 };
    this.broadcast({ type: "causal", origin: this.id, clock, payload });
    this.accept({ type: "causal", origin: this.id, clock, payload });
  }

  onMessage(_from: string, msg: CausalMessage<P>): void {
    const n = msg.clock[msg.origin];
    if (n <= (this.seen[msg.origin] ?? 0)) return;
    const queue = (this.waiting[msg.origin] = this.waiting[msg.origin] ?? []);
    if (queue.some((m) => m.clock[msg.origin] === n)) return;
    queue.push(msg);
    queue.sort((x, y) => x.clock[msg.origin] - y.clock[msg.origin]);
    this.drain();
  }

  private canDeliver(msg: CausalMessage<P>): boolean {
    return Object.keys(msg.clock).every((k) =>
      k === msg.origin ? msg.clock[k] === (this.seen[k] ?? 0) + 1 : msg.clock[k] <= (this.seen[k] ?? 0),
    );
  }

  private drain(): void {
    for (const origin of Object.keys(this.waiting)) {
      const queue = this.waiting[origin];
      if (queue.length > 0 && this.canDeliver(queue[0])) {
        this.accept(queue.shift()!);
        this.drain();
        return;
      }
    }
  }

  private accept(msg: CausalMessage<P>): void {
    this.seen[msg.origin] = msg.clock[msg.origin];
    const delivery = { origin: msg.origin, payload: msg.payload };
    this.delivered.push(delivery);
    if (this.onDeliver) this.onDeliver(delivery);
  }
}
