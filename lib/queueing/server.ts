/**
 * QueueServer: a server with a FIFO queue in front of `workers` identical workers, and the wire
 * format of the chapter's requests.
 *
 *   { type: "work", id: "c3:17" }      client (or balancer) → server: do one unit of work
 *   { type: "done", id: "c3:17" }      server → whoever sent it: finished
 *
 *   sim.add("server", () => new QueueServer({ serviceRate: 100 }));              // μ = 100 req/s
 *   sim.add("big", () => new QueueServer({ serviceRate: 400 }));                 // 4× faster
 *   sim.add("pool", () => new QueueServer({ serviceRate: 100, workers: 4 }));    // M/M/4
 *
 * Each request takes an exponential service time with mean 1000 / serviceRate ms (drawn from the
 * node's own random stream). A request that arrives while every worker is busy waits its turn.
 * The node counts what it did: `served`, `busyMs` (summed service time of finished requests) and
 * `sojournMs` (for each finished request, arrival to reply: the queueing W of theory.ts). A crash
 * loses the queue and the requests being served; a restart starts with an empty one.
 */
import { Node } from "../sim/node";

export interface WorkRequest {
  type: "work";
  id: string;
}
export interface WorkReply {
  type: "done";
  id: string;
}
export type WorkMessage = WorkRequest | WorkReply;

export function isWorkRequest(msg: unknown): msg is WorkRequest {
  return typeof msg === "object" && msg !== null && (msg as WorkRequest).type === "work" && typeof (msg as WorkRequest).id === "string";
}
export function isWorkReply(msg: unknown): msg is WorkReply {
  return typeof msg === "object" && msg !== null && (msg as WorkReply).type === "done" && typeof (msg as WorkReply).id === "string";
}

export interface QueueServerOptions {
  /** μ: requests per second ONE worker finishes on average. */
  serviceRate: number;
  /** Parallel workers sharing the queue. Default 1. */
  workers?: number;
}

interface Waiting {
  from: string;
  id: string;
  arrivedAt: number;
}

export class QueueServer extends Node<WorkMessage> {
  served = 0;
  busyMs = 0;
  readonly sojournMs: number[] = [];
  private readonly queue: Waiting[] = [];
  private head = 0;
  private busy = 0;
  private readonly meanServiceMs: number;
  private readonly workers: number;

  constructor(options: QueueServerOptions) {
    super();
    if (!(options.serviceRate > 0)) throw new Error(`QueueServer: serviceRate must be > 0 requests/s, got ${options.serviceRate}`);
    this.meanServiceMs = 1000 / options.serviceRate;
    this.workers = options.workers ?? 1;
    if (!(Number.isInteger(this.workers) && this.workers >= 1)) throw new Error(`QueueServer: workers must be an integer ≥ 1, got ${options.workers}`);
  }

  /** Requests waiting or in service right now. */
  get inSystem(): number {
    return this.queue.length - this.head + this.busy;
  }

  onMessage(from: string, msg: WorkMessage): void {
    if (!isWorkRequest(msg)) return;
    this.queue.push({ from, id: msg.id, arrivedAt: this.now });
    this.startNext();
  }

  private startNext(): void {
    while (this.busy < this.workers && this.head < this.queue.length) {
      const job = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.busy++;
      const serviceMs = this.random.exponential(this.meanServiceMs);
      this.setTimer(serviceMs, () => this.finish(job, serviceMs), "service");
    }
  }

  private finish(job: Waiting, serviceMs: number): void {
    this.busy--;
    this.served++;
    this.busyMs += serviceMs;
    this.sojournMs.push(this.now - job.arrivedAt);
    this.send(job.from, { type: "done", id: job.id });
    this.startNext();
  }
}
