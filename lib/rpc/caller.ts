/**
 * RpcCaller: the client half of a request: ids, a timeout per attempt, a fixed budget of
 * attempts, reply matching, and the outcome the client can honestly report.
 *
 *   class Client extends Node<RpcMessage> {
 *     rpc = new RpcCaller(this);
 *     onStart() {
 *       this.rpc.call("server", { add: 1 }, { timeout: 200, attempts: 3 }, (outcome) => {
 *         // outcome.status === "ok":      the reply came; outcome.value is the result (DEFINITE)
 *         // outcome.status === "unknown": every attempt timed out; it may or may not have
 *         //                               taken effect (INDEFINITE)
 *       });
 *     }
 *     onMessage(from: string, msg: RpcMessage) {
 *       this.rpc.handle(msg);        // true if it was a reply this caller was waiting for
 *     }
 *   }
 *
 * Every attempt of one call carries the same request id (see messages.ts), so a server that
 * remembers ids can recognise retries. A reply is used once: a late reply to an earlier attempt
 * completes the call if it is still open, and a reply to a finished call (a duplicate, or one that
 * arrives after the caller gave up) is ignored.
 *
 * `attempts: 1` is at-most-once delivery (never resend); `attempts: k > 1` is at-least-once with
 * a budget: the request may take effect several times, and after k timeouts the caller gives up
 * with "unknown". Making that exactly-once is exercise 02.
 *
 * The trace gets marks "ok" and "unknown" on the client's lane (data: the request id, and the
 * value), and timer labels "timeout <id>" for every expired attempt.
 */
import type { Node, TimerId } from "../sim/node";
import type { CounterOp } from "./counter";
import { isRpcReply, requestId, type RpcMessage } from "./messages";

export interface CallOptions {
  /** How long to wait for a reply to one attempt, ms (on the caller's clock). */
  timeout: number;
  /** How many attempts in all (1 = never resend). */
  attempts: number;
}

export type CallOutcome =
  | { status: "ok"; requestId: string; value: number; attempts: number; latency: number }
  | { status: "unknown"; requestId: string; attempts: number; latency: number };

interface OpenCall {
  to: string;
  op: CounterOp;
  options: CallOptions;
  done: (outcome: CallOutcome) => void;
  attempts: number;
  startedAt: number;
  timer: TimerId;
}

export class RpcCaller {
  private seq = 0;
  private readonly open = new Map<string, OpenCall>();

  constructor(private readonly node: Node<RpcMessage>) {}

  /** Number of calls still waiting for a reply. */
  get pending(): number {
    return this.open.size;
  }

  /** Starts a call; returns its request id. `done` runs exactly once, with the outcome. */
  call(to: string, op: CounterOp, options: CallOptions, done: (outcome: CallOutcome) => void): string {
    if (!(options.timeout > 0)) throw new Error(`RpcCaller.call: timeout must be > 0 ms, got ${options.timeout}`);
    if (!(Number.isInteger(options.attempts) && options.attempts >= 1)) {
      throw new Error(`RpcCaller.call: attempts must be an integer ≥ 1, got ${options.attempts}`);
    }
    const id = requestId(this.node.id, this.node.incarnation, this.seq++);
    const call: OpenCall = { to, op, options, done, attempts: 0, startedAt: this.node.now, timer: 0 };
    this.open.set(id, call);
    this.attempt(id, call);
    return id;
  }

  /** Feeds a message to the caller; true if it completed one of its calls. */
  handle(msg: unknown): boolean {
    if (!isRpcReply(msg)) return false;
    const call = this.open.get(msg.id);
    if (call === undefined) return false;
    this.open.delete(msg.id);
    this.node.cancelTimer(call.timer);
    this.node.mark("ok", { requestId: msg.id, value: msg.value });
    call.done({ status: "ok", requestId: msg.id, value: msg.value, attempts: call.attempts, latency: this.node.now - call.startedAt });
    return true;
  }

  private attempt(id: string, call: OpenCall): void {
    call.attempts++;
    this.node.send(call.to, { type: "request", id, op: call.op });
    call.timer = this.node.setTimer(call.options.timeout, () => this.expire(id, call), `timeout ${id}`);
  }

  private expire(id: string, call: OpenCall): void {
    if (this.open.get(id) !== call) return;
    if (call.attempts < call.options.attempts) return this.attempt(id, call);
    this.open.delete(id);
    this.node.mark("unknown", { requestId: id });
    call.done({ status: "unknown", requestId: id, attempts: call.attempts, latency: this.node.now - call.startedAt });
  }
}
