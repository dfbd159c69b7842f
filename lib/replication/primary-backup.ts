/**
 * Naive primary–backup with failover on a timeout: the design that gives split brain.
 *
 *   sim.add("p", () => new FailoverReplica({ peer: "b", primary: true }));
 *   sim.add("b", () => new FailoverReplica({ peer: "p", primary: false }));
 *   sim.partition(["p", "c1"], ["b", "c2"], { at: 500, until: 2_000 });   // now there are two primaries
 *
 * The primary serves reads and writes (client.ts's protocol) and forwards each write to the
 * backup, without waiting. The backup pings the primary every `heartbeatMs` (default 100); with no
 * pong for `timeoutMs` (default 300) it decides the primary is dead and promotes itself (trace
 * mark "promoted"). Nothing ever demotes a primary, and a partition looks exactly like a crash
 * (chapter 03): both sides end up accepting writes, and their copies disagree. A replica that is
 * not primary answers clients "not-primary".
 */
import { Node } from "../sim/node";
import type { ClientRequest, ReplicaReply } from "./client";

type PeerMessage = { type: "forward"; value: number } | { type: "ping" } | { type: "pong" };

export interface FailoverOptions {
  peer: string;
  primary: boolean;
  heartbeatMs?: number;
  timeoutMs?: number;
}

export class FailoverReplica extends Node<ClientRequest | ReplicaReply | PeerMessage> {
  value: number | null = null;
  primary: boolean;
  private lastPong = 0;

  constructor(private readonly options: FailoverOptions) {
    super();
    this.primary = options.primary;
  }

  onStart(): void {
    this.lastPong = this.now;
    this.every(this.options.heartbeatMs ?? 100, () => {
      if (this.primary) return;
      if (this.now - this.lastPong > (this.options.timeoutMs ?? 300)) {
        this.primary = true;
        this.mark("promoted", { at: this.now });
      } else this.send(this.options.peer, { type: "ping" });
    }, "heartbeat");
  }

  onMessage(from: string, msg: ClientRequest | ReplicaReply | PeerMessage): void {
    if (msg.type === "ok" || msg.type === "not-primary") return;
    if (msg.type === "ping") return this.send(from, { type: "pong" });
    if (msg.type === "pong") {
      this.lastPong = this.now;
      return;
    }
    if (msg.type === "forward") {
      this.value = msg.value;
      return;
    }
    if (!this.primary) return this.send(from, { type: "not-primary", id: msg.id } satisfies ReplicaReply);
    if (msg.type === "read") return this.send(from, { type: "ok", id: msg.id, value: this.value } satisfies ReplicaReply);
    this.value = msg.value;
    this.send(this.options.peer, { type: "forward", value: msg.value });
    this.send(from, { type: "ok", id: msg.id } satisfies ReplicaReply);
  }
}
