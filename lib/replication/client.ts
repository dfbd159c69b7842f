/**
 * A client that runs a script of reads and writes against replicas and records its history.
 *
 *   const recorder = new HistoryRecorder<RegisterInput<number>, unknown>(() => sim.now);
 *   sim.add("alice", new ScriptedClient({
 *     recorder, targets: ["p", "b"], retryMs: 250,
 *     script: [{ op: "write", value: 1 }, { op: "read", to: "f1", think: 50 }],
 *   }));
 *
 * Steps run one after another, each `think` ms (default 10) after the previous one returned.
 * A step with `to` goes to that replica (and is resent there every retryMs until it answers);
 * without it, to the client's current guess of the primary among `targets`, switching to the next
 * target on a "not-primary" reply or after retryMs without an answer (the naive failover of
 * section 3). An operation still unanswered when the run ends keeps an unknown outcome.
 *
 * Protocol (shared with async.ts and primary-backup.ts):
 *   client → replica   { type: "read", id } | { type: "write", id, value }
 *   replica → client   { type: "ok", id, value? } | { type: "not-primary", id }
 */
import { Node } from "../sim/node";
import type { HistoryRecorder } from "./history";
import type { RegisterInput } from "./linearizability";

export type ClientRequest = { type: "read"; id: number } | { type: "write"; id: number; value: number };
export type ReplicaReply = { type: "ok"; id: number; value?: number | null } | { type: "not-primary"; id: number };

export interface ScriptStep {
  op: "read" | "write";
  value?: number;
  to?: string;
  think?: number;
}

export interface ScriptedClientOptions {
  recorder: HistoryRecorder<RegisterInput<number>, unknown>;
  script: ScriptStep[];
  targets?: string[];
  retryMs?: number;
  startAt?: number;
}

export class ScriptedClient extends Node<ReplicaReply | ClientRequest> {
  private step = -1;
  private guess = 0;
  private pending: { id: number; request: ClientRequest; timer: number; to?: string } | null = null;

  constructor(private readonly options: ScriptedClientOptions) {
    super();
  }

  onStart(): void {
    this.setTimer(this.options.startAt ?? 0, () => this.next(), "start");
  }

  private next(): void {
    const step = this.options.script[++this.step];
    if (!step) return;
    if (step.op === "write" && typeof step.value !== "number") throw new Error(`ScriptedClient ${this.id}: script step ${this.step} writes without a numeric value`);
    const input: RegisterInput<number> = step.op === "write" ? { op: "write", value: step.value! } : { op: "read" };
    const id = this.options.recorder.invoke(this.id, input);
    const request: ClientRequest = step.op === "write" ? { type: "write", id, value: step.value! } : { type: "read", id };
    this.pending = { id, request, to: step.to, timer: this.every(this.options.retryMs ?? 250, () => this.retry(), "retry") };
    this.send(this.target(), request);
  }

  private target(): string {
    if (this.pending?.to) return this.pending.to;
    const targets = this.options.targets;
    if (!targets || targets.length === 0) throw new Error(`ScriptedClient ${this.id}: a step without "to" needs options.targets`);
    return targets[this.guess % targets.length];
  }

  private retry(): void {
    if (!this.pending) return;
    if (!this.pending.to) this.guess++;
    this.send(this.target(), this.pending.request);
  }

  onMessage(_from: string, msg: ReplicaReply | ClientRequest): void {
    if (msg.type === "read" || msg.type === "write") return;
    const pending = this.pending;
    if (!pending || msg.id !== pending.id) return;
    if (msg.type === "not-primary") {
      this.guess++;
      this.send(this.target(), pending.request);
      return;
    }
    this.cancelTimer(pending.timer);
    this.pending = null;
    this.options.recorder.complete(pending.id, pending.request.type === "write" ? "ok" : (msg.value ?? null));
    this.setTimer(this.options.script[this.step].think ?? 10, () => this.next(), "think");
  }
}
