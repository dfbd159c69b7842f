/**
 * Exercise 01 (reference answer): a replica-set client that fails over, avoids dead replicas for
 * a while, probes them again later, and spreads load by outstanding requests.
 * See exercises/01-replicas.ts for the task.
 */
import { Node, type TimerId, type ReplicaClientNode, type ReplicatedClientOptions, type WorkMessage } from "../lib";

/** How long a replica that did not answer is avoided before the client tries it again, ms. */
const AVOID_FOR = 500;

interface Pending {
  submittedAt: number;
  tried: Set<string>;
  /** The replica the request is waiting for now, and the timer of that attempt. */
  current: string;
  timer: TimerId;
}

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  private readonly pending = new Map<string, Pending>();
  private readonly outstanding: Record<string, number> = {};
  private readonly avoidUntil: Record<string, number> = {};

  constructor(readonly options: ReplicatedClientOptions) {
    super();
    for (const r of options.replicas) {
      this.outstanding[r] = 0;
      this.avoidUntil[r] = -Infinity;
    }
  }

  submit(id: string): void {
    const request: Pending = { submittedAt: this.now, tried: new Set(), current: "", timer: 0 };
    this.pending.set(id, request);
    this.attempt(id, request);
  }

  onMessage(from: string, msg: WorkMessage): void {
    if (msg.type !== "done") return;
    this.avoidUntil[from] = -Infinity; // it answered: it is alive (even if the request was done)
    const request = this.pending.get(msg.id);
    if (request === undefined) return; // a late copy of a request already answered
    this.pending.delete(msg.id);
    this.outstanding[request.current]--; // the attempt in flight is over, whoever answered
    this.cancelTimer(request.timer);
  }

  private attempt(id: string, request: Pending): void {
    const replica = this.choose(request.tried);
    request.tried.add(replica);
    request.current = replica;
    this.outstanding[replica]++;
    this.send(replica, { type: "work", id });
    request.timer = this.setTimer(this.options.timeout, () => this.expire(id, request, replica), `timeout ${id}`);
  }

  private expire(id: string, request: Pending, replica: string): void {
    if (this.pending.get(id) !== request) return;
    this.outstanding[replica]--;
    this.avoidUntil[replica] = this.now + AVOID_FOR;
    this.mark("suspect", { target: replica });
    if (this.now - request.submittedAt + this.options.timeout > this.options.deadline) {
      this.pending.delete(id); // another attempt could not finish in time
      return;
    }
    if (request.tried.size === this.options.replicas.length) request.tried.clear();
    this.attempt(id, request);
  }

  /** A replica not avoided and not yet tried for this request, with the fewest outstanding. */
  private choose(tried: Set<string>): string {
    const replicas = this.options.replicas;
    const fresh = replicas.filter((r) => !tried.has(r));
    const pool = fresh.length > 0 ? fresh : replicas;
    const trusted = pool.filter((r) => this.avoidUntil[r] <= this.now);
    if (trusted.length === 0) {
      // Everyone is suspected: probe the one whose suspicion ends first.
      return pool.reduce((best, r) => (this.avoidUntil[r] < this.avoidUntil[best] ? r : best));
    }
    const fewest = Math.min(...trusted.map((r) => this.outstanding[r]));
    return this.random.pick(trusted.filter((r) => this.outstanding[r] === fewest));
  }
}
