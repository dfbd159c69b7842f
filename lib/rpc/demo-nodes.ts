/**
 * Ready-made nodes for the chapter 02 experiments: a counter client and a counter server whose
 * only knobs are the ones the chapter is about.
 *
 *   sim.add("server", () => new CounterServer({ dedup: "volatile" }));
 *   const c = sim.add("c1", new CounterClient({ server: "server", ops: [{ add: 1 }, { add: 2 }],
 *                                               timeout: 200, attempts: 3 }));
 *   sim.run({ until: 10_000 });
 *   c.outcomes;            // one CallOutcome per op, in order ("ok" with the value, or "unknown")
 *
 * CounterClient performs its ops one after another (the next starts when the previous call has
 * an outcome), `gap` ms apart, through an RpcCaller (see caller.ts): `attempts: 1` is at-most-once,
 * more is at-least-once with that budget.
 *
 * CounterServer applies each request to its DurableCounter (on disk, see counter.ts) and replies.
 *   dedup: "none"       applies every request it receives, copies and retries included;
 *   dedup: "volatile"   remembers the replies it sent, in memory: a repeated id gets the stored
 *                       reply and is not applied again... until a crash wipes the memory.
 * There is deliberately no "durable" mode: that is exercise 02.
 */
import { Node } from "../sim/node";
import { RpcCaller, type CallOutcome } from "./caller";
import { DurableCounter, type CounterOp } from "./counter";
import type { RpcMessage } from "./messages";

export interface CounterClientOptions {
  server: string;
  ops: CounterOp[];
  timeout: number;
  attempts: number;
  /** Pause between one call's outcome and the next call, ms (default 0). */
  gap?: number;
  /** When to start the first call, ms after start (default 0). */
  startAfter?: number;
}

export class CounterClient extends Node<RpcMessage> {
  readonly outcomes: CallOutcome[] = [];
  private readonly rpc = new RpcCaller(this);

  constructor(readonly options: CounterClientOptions) {
    super();
  }

  onStart(): void {
    const first = () => this.next();
    if (this.options.startAfter) this.setTimer(this.options.startAfter, first, "first call");
    else first();
  }

  onMessage(_from: string, msg: RpcMessage): void {
    this.rpc.handle(msg);
  }

  private next(): void {
    const i = this.outcomes.length;
    if (i >= this.options.ops.length) return;
    const { server, timeout, attempts } = this.options;
    this.rpc.call(server, this.options.ops[i], { timeout, attempts }, (outcome) => {
      this.outcomes.push(outcome);
      const gap = this.options.gap ?? 0;
      if (gap > 0) this.setTimer(gap, () => this.next(), "next call");
      else this.next();
    });
  }
}

export interface CounterServerOptions {
  dedup: "none" | "volatile";
}

export class CounterServer extends Node<RpcMessage> {
  private readonly counter = new DurableCounter(this);
  private readonly replied = new Map<string, number>();

  constructor(readonly options: CounterServerOptions = { dedup: "none" }) {
    super();
  }

  onMessage(from: string, msg: RpcMessage): void {
    if (msg.type !== "request") return;
    const remembered = this.options.dedup === "volatile" ? this.replied.get(msg.id) : undefined;
    const value = remembered ?? this.counter.apply(msg.id, msg.op);
    if (this.options.dedup === "volatile") this.replied.set(msg.id, value);
    this.send(from, { type: "reply", id: msg.id, value });
  }
}
