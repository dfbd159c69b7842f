/**
 * A single server inside a node: jobs wait in FIFO order and are served one at a time, each for
 * its own service time. This is what makes a central manager a bottleneck: however many clients
 * send, it finishes at most one job per service time.
 *
 *   queue = new ServiceQueue(this);                  // in a Node
 *   queue.submit(2.5, () => this.send(from, reply)); // runs fn 2.5 ms after the job reaches the head
 *
 * The wait runs on the node's timers ("service" in the trace), so a crash loses the queue and a
 * pause freezes it. `busyMs` (time spent serving) and `maxLength` (longest queue seen) are kept
 * for utilisation plots: utilisation = busyMs / elapsed time.
 */
import type { Node } from "../sim/node";

interface Job {
  costMs: number;
  done: () => void;
}

export class ServiceQueue {
  /** Jobs waiting, not counting the one in service. */
  readonly waiting: Job[] = [];
  busy = false;
  busyMs = 0;
  maxLength = 0;

  constructor(private readonly node: Node) {}

  /** Queue a job that takes `costMs` of service; `done` runs when its service ends. */
  submit(costMs: number, done: () => void): void {
    this.waiting.push({ costMs: Math.max(0, costMs), done });
    this.maxLength = Math.max(this.maxLength, this.waiting.length + (this.busy ? 1 : 0));
    if (!this.busy) this.serveNext();
  }

  /** Jobs in the system: waiting plus the one in service. */
  get length(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  private serveNext(): void {
    const job = this.waiting.shift();
    if (job === undefined) {
      this.busy = false;
      return;
    }
    this.busy = true;
    this.busyMs += job.costMs;
    this.node.setTimer(job.costMs, () => {
      job.done();
      this.serveNext();
    }, "service");
  }
}
