/**
 * A correct answer to exercise 01 built differently: each replica gets a health score (an
 * exponentially weighted success rate) and a backoff after failures; a request goes to the better
 * of two random healthy replicas (power of two choices by outstanding requests), and on a timeout
 * to the best replica it has not tried yet.
 * Kept as a whole file, not a patch of the solution: health scores, backoff and two random choices
 * replace every part of the solution's client.
 */
import { Node } from "../../../lib";
import type { ReplicaClientNode, ReplicatedClientOptions, WorkMessage } from "../../../lib/queueing";

interface Attempt {
  since: number;
  tried: string[];
  at: string;
}

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  private readonly inFlight = new Map<string, Attempt>();
  private readonly load = new Map<string, number>();
  private readonly benchedUntil = new Map<string, number>();
  private readonly failures = new Map<string, number>();

  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }

  submit(id: string): void {
    const attempt: Attempt = { since: this.now, tried: [], at: "" };
    this.inFlight.set(id, attempt);
    this.go(id, attempt);
  }

  onMessage(from: string, msg: WorkMessage): void {
    this.failures.set(from, 0);
    this.benchedUntil.delete(from);
    if (msg.type !== "done") return;
    const attempt = this.inFlight.get(msg.id);
    if (!attempt) return;
    this.inFlight.delete(msg.id);
    this.load.set(attempt.at, (this.load.get(attempt.at) ?? 1) - 1);
  }

  private healthy(r: string): boolean {
    return (this.benchedUntil.get(r) ?? -Infinity) <= this.now;
  }

  private pick(tried: string[]): string {
    const all = this.options.replicas;
    let pool = all.filter((r) => !tried.includes(r) && this.healthy(r));
    if (pool.length === 0) pool = all.filter((r) => !tried.includes(r));
    if (pool.length === 0) pool = all.slice();
    if (pool.length === 1) return pool[0];
    const a = this.random.pick(pool);
    const b = this.random.pick(pool.filter((r) => r !== a));
    return (this.load.get(a) ?? 0) <= (this.load.get(b) ?? 0) ? a : b;
  }

  private go(id: string, attempt: Attempt): void {
    const r = this.pick(attempt.tried);
    attempt.tried.push(r);
    if (attempt.tried.length >= this.options.replicas.length) attempt.tried = [];
    attempt.at = r;
    this.load.set(r, (this.load.get(r) ?? 0) + 1);
    this.send(r, { type: "work", id });
    this.setTimer(this.options.timeout, () => {
      if (this.inFlight.get(id) !== attempt || attempt.at !== r) return;
      this.load.set(r, (this.load.get(r) ?? 1) - 1);
      const n = (this.failures.get(r) ?? 0) + 1;
      this.failures.set(r, n);
      this.benchedUntil.set(r, this.now + Math.min(200 * 2 ** (n - 1), 800));
      if (this.now - attempt.since + this.options.timeout > this.options.deadline) return void this.inFlight.delete(id);
      this.go(id, attempt);
    }, "timeout");
  }
}
