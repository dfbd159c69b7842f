/**
 * Convergence without coordination: gossip rounds and replicas that exchange CRDT states.
 *
 *   gossipRounds(1024, random)               // rounds until a rumour started at one node reaches all
 *   gossipRounds(1024, random, "push-pull")  // each node also pulls from the node it contacts
 *
 *   sim.add("r1", () => new AntiEntropyReplica({ crdt: gCounter, periodMs: 100 }));
 *   replica.update((s) => gCounter.increment(s, replica.id));   // a local update, no coordination
 *   replica.samples;    // [{ time, value }] every time its value changed
 *
 * Rounds are synchronous: in each, every informed node (push) picks one other node uniformly at
 * random and informs it; in push-pull every node contacts one random other node and both end
 * informed if either was. Push needs log2 n + ln n + O(1) rounds (Pittel 1987); push-pull about
 * log3 n + O(log log n) (Karp et al. 2000).
 *
 * An AntiEntropyReplica sends its whole state to one random peer every `periodMs` and merges
 * what it receives: during a partition the sides diverge, and after it heals they converge, with
 * no node in charge and no matter how messages are lost, duplicated or reordered, because merge
 * is commutative, associative and idempotent. The state is volatile unless `durable: true`.
 */
import { Node } from "../sim/node";
import type { Random } from "../sim/random";
import type { Crdt } from "./crdt";

export function gossipRounds(n: number, random: Random, mode: "push" | "push-pull" = "push"): number {
  if (!(Number.isInteger(n) && n >= 2)) throw new Error(`gossipRounds: n must be an integer ≥ 2, got ${n}`);
  let informed = new Uint8Array(n);
  informed[0] = 1;
  let count = 1;
  let rounds = 0;
  const other = (i: number) => {
    const j = random.int(0, n - 1);
    return j >= i ? j + 1 : j;
  };
  while (count < n) {
    rounds++;
    const next = informed.slice();
    for (let i = 0; i < n; i++) {
      if (mode === "push" && !informed[i]) continue;
      const j = other(i);
      if (informed[i]) next[j] = 1;
      else if (informed[j]) next[i] = 1;
    }
    informed = next;
    count = informed.reduce((s, x) => s + x, 0);
  }
  return rounds;
}

export interface AntiEntropyOptions<S> {
  crdt: Crdt<S, unknown>;
  periodMs: number;
  durable?: boolean;
}

type StateMessage<S> = { type: "state"; state: S };

export class AntiEntropyReplica<S> extends Node<StateMessage<S>> {
  state: S;
  readonly samples: Array<{ time: number; value: unknown }> = [];

  constructor(private readonly options: AntiEntropyOptions<S>) {
    super();
    if (!(options.periodMs > 0)) throw new Error(`AntiEntropyReplica: periodMs must be > 0, got ${options.periodMs}`);
    this.state = options.crdt.empty();
  }

  onStart(): void {
    if (this.options.durable) this.state = this.durable.get<S>("state") ?? this.state;
    this.record();
    this.every(this.options.periodMs, () => {
      if (this.peers.length > 0) this.send(this.random.pick(this.peers), { type: "state", state: this.state });
    }, "anti-entropy");
  }

  /** Applies a local update (no coordination: it is visible here at once, elsewhere by gossip). */
  update(fn: (state: S) => S): void {
    this.set(fn(this.state));
  }

  get value(): unknown {
    return this.options.crdt.value(this.state);
  }

  onMessage(_from: string, msg: StateMessage<S>): void {
    if (msg.type === "state") this.set(this.options.crdt.merge(this.state, msg.state));
  }

  private set(state: S): void {
    this.state = state;
    if (this.options.durable) this.durable.set("state", state);
    this.record();
  }

  private record(): void {
    const value = this.value;
    const last = this.samples[this.samples.length - 1];
    if (!last || JSON.stringify(last.value) !== JSON.stringify(value)) this.samples.push({ time: this.now, value });
  }
}
