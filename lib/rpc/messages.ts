/**
 * The wire format of the course's request/response layer, and how requests are named.
 *
 *   { type: "request", id: "c1#0.3", op: { add: 5 } }     client → server: do this
 *   { type: "reply",   id: "c1#0.3", value: 42 }          server → client: done, here is the result
 *
 * A request id names one *request*, not one message: every retry of a request carries the same id,
 * so a server can tell "a new request" from "a copy of one I have seen" (a retry, or a duplicate
 * made by the network), and a client can match a reply to the request it answers.
 *
 * `requestId(client, incarnation, seq)` makes ids of the form "client#incarnation.seq": unique per
 * client, and still unique after the client restarts (a fresh object starts counting at 0 again,
 * but with a new incarnation).
 */
import type { CounterOp } from "./counter";

export interface RpcRequest {
  type: "request";
  id: string;
  op: CounterOp;
}

export interface RpcReply {
  type: "reply";
  id: string;
  value: number;
}

export type RpcMessage = RpcRequest | RpcReply;

export function requestId(client: string, incarnation: number, seq: number): string {
  return `${client}#${incarnation}.${seq}`;
}

export function isRpcReply(msg: unknown): msg is RpcReply {
  return typeof msg === "object" && msg !== null && (msg as RpcReply).type === "reply" && typeof (msg as RpcReply).id === "string";
}
