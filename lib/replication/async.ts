/**
 * Asynchronous replication: the primary acknowledges a write as soon as IT has it, and ships it to
 * the followers afterwards. Reads served by a follower can then be stale.
 *
 *   sim.add("p", () => new AsyncPrimary({ followers: ["f1", "f2"] }));
 *   sim.add("f1", () => new AsyncFollower());
 *   sessionAnomalies(recorder.history());   // stale reads, read-your-writes and monotonic-reads violations
 *
 * Replicas speak client.ts's protocol. The primary numbers writes 1, 2, 3, ... (its version) and
 * sends { type: "replicate", version, value } to every follower once; a follower keeps the highest
 * version it has seen. Both answer reads with their own copy, at once.
 *
 * `sessionAnomalies` assumes writes write increasing values (one writer, or values that grow with
 * real time), so "older" means "smaller". For each read it reports:
 *   stale             a write of a larger value had returned before the read was called
 *   read-your-writes  the same client had itself written a larger value before
 *   monotonic-reads   the same client had read a larger value before
 */
import { Node } from "../sim/node";
import type { ClientRequest, ReplicaReply } from "./client";
import type { History } from "./history";
import type { RegisterInput } from "./linearizability";

type Replicate = { type: "replicate"; version: number; value: number };

export class AsyncPrimary extends Node<ClientRequest | ReplicaReply | Replicate> {
  value: number | null = null;
  version = 0;

  constructor(private readonly options: { followers: string[] }) {
    super();
  }

  onMessage(from: string, msg: ClientRequest | ReplicaReply | Replicate): void {
    if (msg.type === "replicate" || msg.type === "ok" || msg.type === "not-primary") return;
    if (msg.type === "read") return this.send(from, { type: "ok", id: msg.id, value: this.value } satisfies ReplicaReply);
    this.value = msg.value;
    this.version++;
    this.send(from, { type: "ok", id: msg.id } satisfies ReplicaReply);
    for (const f of this.options.followers) this.send(f, { type: "replicate", version: this.version, value: msg.value } satisfies Replicate);
  }
}

export class AsyncFollower extends Node<ClientRequest | ReplicaReply | Replicate> {
  value: number | null = null;
  version = 0;

  onMessage(from: string, msg: ClientRequest | ReplicaReply | Replicate): void {
    if (msg.type === "ok" || msg.type === "not-primary") return;
    if (msg.type === "replicate") {
      if (msg.version > this.version) {
        this.version = msg.version;
        this.value = msg.value;
      }
    } else if (msg.type === "read") this.send(from, { type: "ok", id: msg.id, value: this.value } satisfies ReplicaReply);
    else this.send(from, { type: "not-primary", id: msg.id } satisfies ReplicaReply);
  }
}

export type SessionAnomalyKind = "stale" | "read-your-writes" | "monotonic-reads";

export interface SessionAnomaly {
  kind: SessionAnomalyKind;
  /** Index of the read in the history. */
  read: number;
  got: number | null;
  expectedAtLeast: number;
}

export function sessionAnomalies(history: History<RegisterInput<number>, unknown>): SessionAnomaly[] {
  const out: SessionAnomaly[] = [];
  const num = (v: unknown) => (typeof v === "number" ? v : -Infinity);
  history.forEach((op, i) => {
    if (op.input.op !== "read" || op.return === Infinity) return;
    const got = num(op.output);
    const report = (kind: SessionAnomalyKind, floor: number) => {
      if (got < floor) out.push({ kind, read: i, got: (op.output as number | null) ?? null, expectedAtLeast: floor });
    };
    const earlier = history.filter((o) => o.return < op.call);
    report("stale", Math.max(-Infinity, ...earlier.filter((o) => o.input.op === "write").map((o) => num((o.input as { value: number }).value))));
    const mine = earlier.filter((o) => o.client === op.client);
    report("read-your-writes", Math.max(-Infinity, ...mine.filter((o) => o.input.op === "write").map((o) => num((o.input as { value: number }).value))));
    report("monotonic-reads", Math.max(-Infinity, ...mine.filter((o) => o.input.op === "read").map((o) => num(o.output))));
  });
  return out;
}
