/**
 * The capstone service's operations, state machine and wire format (chapter 10).
 *
 * The service is a small key-value store with locks, replicated primary–backup under a
 * configuration manager (manager.ts). Its state is a map from key to string ("" when absent);
 * every operation reads or changes one key:
 *
 *   { f: "get", key }                    → the value
 *   { f: "put", key, value }             → "ok"
 *   { f: "append", key, value }          → the value after appending (not idempotent: a retry
 *                                          applied twice shows up as a repeated token)
 *   { f: "acquire", key, value: owner }  → "granted" when the lock was free or already the owner's
 *                                          (then the key holds the owner), else "busy"
 *   { f: "release", key, value: owner }  → "released" when the owner held it (the key becomes ""),
 *                                          else "not-held"
 *
 *   const kv: KvState = {};
 *   applyOp(kv, { f: "append", key: "x", value: "c1.1;" });   // "c1.1;" (kv.x is now "c1.1;")
 *   isWrite({ f: "get", key: "x" });                        // false
 *
 * The wire format below is the contract between the kit's nodes (the manager, the clients' hosts,
 * the auditor) and the exercise's nodes. The checks read three of these messages from the trace:
 * `request` (which operation a client's rid is), `reply` (who answered, in which epoch) and
 * `forward-ok` (which epoch a backup acknowledged). Every message carries `v`, its sender's
 * protocol version (1, or 2 after the rolling upgrade); a node accepts both.
 */

export type OpKind = "get" | "put" | "append" | "acquire" | "release";

export interface Op {
  f: OpKind;
  key: string;
  value?: string;
}

/** The replicated state: key → value ("" when absent). A plain object, so it can be copied and stored. */
export type KvState = Record<string, string>;

/** True for every operation but `get`. */
export function isWrite(op: Op): boolean {
  return op.f !== "get";
}

/** Applies `op` to `kv` in place and returns its output. */
export function applyOp(kv: KvState, op: Op): string {
  const current = kv[op.key] ?? "";
  const value = op.value ?? "";
  switch (op.f) {
    case "get":
      return current;
    case "put":
      kv[op.key] = value;
      return "ok";
    case "append":
      kv[op.key] = current + value;
      return kv[op.key];
    case "acquire":
      if (current !== "" && current !== value) return "busy";
      kv[op.key] = value;
      return "granted";
    case "release":
      if (current !== value || value === "") return "not-held";
      kv[op.key] = "";
      return "released";
  }
}

/** The output `op` would give on a key whose value is `current`, and the value after it. */
export function stepKey(current: string, op: Op): { output: string; next: string } {
  const kv: KvState = { [op.key]: current };
  const output = applyOp(kv, op);
  return { output, next: kv[op.key] ?? "" };
}

/** What the kit gives every server's constructor. */
export interface ServerOptions {
  /** The manager's node id. */
  manager: string;
  /** This server's protocol version: stamp it on every message as `v`. 1, or 2 after the rolling upgrade. */
  version: number;
  /** The manager's lease, on the manager's clock (1000 ms). */
  leaseMs: number;
  /** How often to ping the manager (100 ms). */
  pingMs: number;
  /** ρ: every clock's rate is within [1 − ρ, 1 + ρ] of true time (0.01). */
  driftBound: number;
}

/** A configuration: the manager's word on who is primary and who is backup in `epoch`. */
export interface Config {
  epoch: number;
  primary: string | null;
  backup: string | null;
}

// ---- the kit's messages (the manager's side) ----

/** Server → manager, every `pingMs`: "I am alive, I have adopted `epoch`, (as its backup) I hold its state". */
export interface PingMsg {
  type: "ping";
  v: number;
  epoch: number;
  ready: boolean;
  /** The sender's local clock when it sent this ping; echoed in the answer (lease arithmetic). */
  sentAt: number;
}
/** Client → manager: "who is primary?" */
export interface GetConfigMsg {
  type: "get-config";
  v: number;
}
/** Manager → server (answer to a ping, with `lease` and `sentAt`) or → client (answer to get-config). */
export interface ConfigMsg extends Config {
  type: "config";
  v: number;
  /** True when this answers the current primary's ping: it holds the lease from `sentAt` (below). */
  lease?: boolean;
  sentAt?: number;
}

// ---- client ↔ server ----

export interface RequestMsg {
  type: "request";
  v: number;
  client: string;
  rid: number;
  op: Op;
}
export interface ReplyMsg {
  type: "reply";
  v: number;
  rid: number;
  /** The answering primary's epoch when it sends the reply (also when it repeats a remembered output). */
  epoch: number;
  output: string;
}
export interface NotPrimaryMsg {
  type: "not-primary";
  v: number;
  rid: number;
}

// ---- primary ↔ backup ----

/** The request-id table: client → its newest request applied and that request's output. */
export type DoneTable = Record<string, { rid: number; output: string }>;

export interface StateMsg {
  type: "state";
  v: number;
  epoch: number;
  kv: KvState;
  done: DoneTable;
}
export interface StateOkMsg {
  type: "state-ok";
  v: number;
  epoch: number;
}
export interface ForwardMsg {
  type: "forward";
  v: number;
  epoch: number;
  client: string;
  rid: number;
  op: Op;
}
export interface ForwardOkMsg {
  type: "forward-ok";
  v: number;
  epoch: number;
  client: string;
  rid: number;
}
export interface ForwardNoMsg {
  type: "forward-no";
  v: number;
  /** The refusing node's epoch. */
  epoch: number;
}

export type CapstoneMsg =
  | PingMsg
  | GetConfigMsg
  | ConfigMsg
  | RequestMsg
  | ReplyMsg
  | NotPrimaryMsg
  | StateMsg
  | StateOkMsg
  | ForwardMsg
  | ForwardOkMsg
  | ForwardNoMsg;
