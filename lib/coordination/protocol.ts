/**
 * The messages of chapter 07: clients send operations (or lock requests) to a central manager.
 *
 *   client → manager   { type: "ops", batch, ops: [{ id, key, add }, ...] }   apply these, in this order
 *   manager → client   { type: "ops-done", batch, results: [{ id, seq, value }, ...] }   one per op, same order
 *   client → manager   { type: "lock-acquire", key }     queue me for the lock on `key`
 *   manager → client   { type: "lock-granted", key }     you hold it
 *   client → manager   { type: "lock-release", key }     done with it
 *
 * An operation adds `add` to the counter named `key` and returns the counter's new value. Ids are
 * unique per client (`${client}:${n}`); `seq` is the manager's global order (1, 2, 3, ...): the
 * total order a single state-managing node gives for free. `batch` is the client's own number for
 * the message, echoed back so the client can match the reply.
 */

export interface CoordOp {
  id: string;
  key: string;
  add: number;
}

export interface OpsRequest {
  type: "ops";
  batch: number;
  ops: CoordOp[];
}

export interface OpResult {
  id: string;
  /** Position in the manager's total order: 1, 2, 3, ... */
  seq: number;
  /** The counter's value right after this op. */
  value: number;
}

export interface OpsReply {
  type: "ops-done";
  batch: number;
  results: OpResult[];
}

export interface LockAcquireMsg {
  type: "lock-acquire";
  key: string;
}
export interface LockReleaseMsg {
  type: "lock-release";
  key: string;
}
export interface LockGrantedMsg {
  type: "lock-granted";
  key: string;
}

export type CoordMessage = OpsRequest | OpsReply | LockAcquireMsg | LockReleaseMsg | LockGrantedMsg;
