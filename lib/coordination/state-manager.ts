/**
 * CentralManager: the single state-managing node. Every client sends its operations here; the
 * manager applies them one message at a time, in arrival order, and so gives every operation a
 * place in one total order (`seq`). Simple, correct, and slow: see notebook 07.
 *
 *   sim.add("manager", () => new CentralManager({ perMessageMs: 2, perOpMs: 0.2, maxBatch: 32 }));
 *
 * Protocol (protocol.ts): an "ops" message with k operations costs `perMessageMs + k · perOpMs` of
 * service (the fixed part is the per-request overhead: receive, parse, log, reply; the per-op part
 * the work itself). Messages wait in a FIFO queue (service-queue.ts) while the manager is busy;
 * when served, the ops are applied in the order listed and one "ops-done" reply goes back with a
 * result per op. A message with more than `maxBatch` ops is a protocol error: the manager throws.
 *
 * Options: `perMessageMs` (a number or a distribution such as latency.exponential(2), drawn per
 * message from the node's random stream; default 2), `perOpMs` (default 0.2), `maxBatch`
 * (default 32).
 *
 * What it keeps (volatile: a crash loses it, and every client waits): `counters` (key → value),
 * `applied` (every op in apply order, with seq, client and time) and `queue` (busyMs, maxLength).
 */
import { checkLatency, type Latency } from "../sim/latency";
import { ConfigError } from "../sim/errors";
import { Node } from "../sim/node";
import type { CoordMessage, CoordOp, OpResult } from "./protocol";
import { ServiceQueue } from "./service-queue";

export interface CentralManagerOptions {
  perMessageMs?: Latency | number;
  perOpMs?: number;
  maxBatch?: number;
}

export interface AppliedOp extends CoordOp {
  seq: number;
  client: string;
  /** The client's batch number of the message that carried it. */
  batch: number;
  value: number;
  /** Virtual time of the application. */
  time: number;
}

export class CentralManager extends Node<CoordMessage> {
  readonly counters = new Map<string, number>();
  readonly applied: AppliedOp[] = [];
  readonly queue = new ServiceQueue(this);
  readonly perMessage: Latency;
  readonly perOpMs: number;
  readonly maxBatch: number;
  /** Messages received ("ops" requests), for the per-message overhead accounting. */
  messages = 0;

  constructor(options: CentralManagerOptions = {}) {
    super();
    this.perMessage = checkLatency("CentralManager perMessageMs", options.perMessageMs ?? 2);
    this.perOpMs = options.perOpMs ?? 0.2;
    this.maxBatch = options.maxBatch ?? 32;
    if (!(this.perOpMs >= 0)) throw new ConfigError("CentralManager perOpMs", this.perOpMs, "a number of ms ≥ 0");
    if (!(this.maxBatch >= 1)) throw new ConfigError("CentralManager maxBatch", this.maxBatch, "an integer ≥ 1");
  }

  onMessage(from: string, msg: CoordMessage): void {
    if (msg.type !== "ops") return;
    if (!Array.isArray(msg.ops) || msg.ops.length === 0 || msg.ops.length > this.maxBatch) {
      throw new ConfigError(`an "ops" message from "${from}" (batch ${msg.batch})`, msg.ops?.length, `between 1 and maxBatch = ${this.maxBatch} operations`);
    }
    this.messages++;
    const ops = msg.ops.map((op) => ({ id: op.id, key: op.key, add: op.add }));
    const cost = this.perMessage.sample(this.random) + ops.length * this.perOpMs;
    this.queue.submit(cost, () => {
      const results: OpResult[] = ops.map((op) => this.apply(from, msg.batch, op));
      this.send(from, { type: "ops-done", batch: msg.batch, results });
    });
  }

  private apply(client: string, batch: number, op: CoordOp): OpResult {
    const value = (this.counters.get(op.key) ?? 0) + op.add;
    this.counters.set(op.key, value);
    const seq = this.applied.length + 1;
    this.applied.push({ ...op, seq, client, batch, value, time: this.now });
    return { id: op.id, seq, value };
  }
}
