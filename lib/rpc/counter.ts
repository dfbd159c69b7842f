/**
 * A counter service's state machine, kept on the server's disk, that counts its own effects.
 *
 *   class MyServer extends Node<RpcMessage> {
 *     counter = new DurableCounter(this);          // safe as a field: it touches the node lazily
 *     onMessage(from: string, msg: RpcMessage) {
 *       if (msg.type !== "request") return;
 *       const value = this.counter.apply(msg.id, msg.op);   // adds msg.op.add, returns the new value
 *       this.send(from, { type: "reply", id: msg.id, value });
 *     }
 *   }
 *
 * `apply(requestId, op)` is NOT idempotent: every call adds `op.add` again, and records one effect
 * `{ requestId, op, value }` in the node's durable store (so the count survives crashes, like a
 * database row). Deciding whether to call it (deduplication) is the server's job, not the
 * counter's. Each call also marks "apply" in the trace, so applications show on space-time diagrams.
 *
 * After a run, `effectLog(sim.durable("server"))` lists every effect in order, and
 * `effectCounts(log)` says how many times each request took effect: the ground truth that
 * notebooks plot and graders check ("exactly once" means a count of 1 for every request).
 */
import type { DurableStore, Node } from "../sim/node";

/** One operation on the counter: add `add` (any integer) and return the new value. */
export interface CounterOp {
  add: number;
}

/** One application of an operation, as recorded by the counter. */
export interface Effect {
  requestId: string;
  op: CounterOp;
  /** The counter's value right after this application (what the reply should carry). */
  value: number;
  /** Virtual time of the application. */
  time: number;
}

const VALUE_KEY = "counter:value";
const COUNT_KEY = "counter:effects";
const effectKey = (i: number) => `counter:effect:${i}`;

export class DurableCounter {
  constructor(private readonly node: Node) {}

  /** The current value (0 before any operation). */
  get value(): number {
    return this.node.durable.get<number>(VALUE_KEY) ?? 0;
  }

  /** Applies `op` once more, records the effect under `requestId`, returns the new value. */
  apply(requestId: string, op: CounterOp): number {
    if (typeof requestId !== "string" || requestId.length === 0) {
      throw new Error(`DurableCounter.apply(requestId): expected a non-empty string, got ${JSON.stringify(requestId)}`);
    }
    if (op === null || typeof op !== "object" || !Number.isFinite(op.add)) {
      throw new Error(`DurableCounter.apply(${requestId}, op): expected an op like { add: 5 }, got ${JSON.stringify(op)}`);
    }
    const store = this.node.durable;
    const value = this.value + op.add;
    const n = store.get<number>(COUNT_KEY) ?? 0;
    const effect: Effect = { requestId, op: { add: op.add }, value, time: this.node.now };
    store.set(effectKey(n), effect);
    store.set(COUNT_KEY, n + 1);
    store.set(VALUE_KEY, value);
    this.node.mark("apply", { requestId, add: op.add, value });
    return value;
  }
}

/** Every effect recorded in `store` (a node's durable store), in the order they happened. */
export function effectLog(store: DurableStore): Effect[] {
  const n = store.get<number>(COUNT_KEY) ?? 0;
  const log: Effect[] = [];
  for (let i = 0; i < n; i++) log.push(store.get<Effect>(effectKey(i))!);
  return log;
}

/** How many times each request id took effect. */
export function effectCounts(log: readonly Effect[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of log) counts.set(e.requestId, (counts.get(e.requestId) ?? 0) + 1);
  return counts;
}
