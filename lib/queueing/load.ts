/**
 * PoissonClient: a load generator. It sends `{ type: "work" }` requests to `target` at random
 * moments (a Poisson process: independent exponential gaps with mean 1000 / rate ms) and measures
 * how long each one takes to come back.
 *
 *   const c = sim.add("c1", new PoissonClient({ target: "server", rate: 2 }));   // 2 req/s on average
 *   sim.run({ until: 60_000 });
 *   c.latencies;          // ms from send to reply, one per answered request, in reply order
 *   c.sent, c.answered
 *
 * Many such clients together still make a Poisson stream (rates add up), which is what the M/M/1
 * closed forms in theory.ts assume. Request ids are "<client>:<n>", unique across clients.
 * `stopAt` (ms) ends the stream, so a run can drain the queue before it is measured; `warmup` (ms)
 * leaves out the requests sent before it (the empty-queue start is not the steady state).
 */
import { Node } from "../sim/node";
import { isWorkReply, type WorkMessage } from "./server";

export interface PoissonClientOptions {
  /** Where the requests go: a server or a load balancer. */
  target: string;
  /** Requests per second, on average. */
  rate: number;
  /** Stop sending at this virtual time, ms. Default: never. */
  stopAt?: number;
  /** Do not measure requests sent before this time, ms. Default 0. */
  warmup?: number;
}

export class PoissonClient extends Node<WorkMessage> {
  sent = 0;
  answered = 0;
  readonly latencies: number[] = [];
  private readonly sentAt = new Map<string, number>();

  constructor(readonly options: PoissonClientOptions) {
    super();
    if (!(options.rate > 0)) throw new Error(`PoissonClient: rate must be > 0 requests/s, got ${options.rate}`);
  }

  onStart(): void {
    this.scheduleNext();
  }

  onMessage(from: string, msg: WorkMessage): void {
    if (!isWorkReply(msg)) return;
    const at = this.sentAt.get(msg.id);
    if (at === undefined) return;
    this.sentAt.delete(msg.id);
    this.answered++;
    if (at >= (this.options.warmup ?? 0)) this.latencies.push(this.now - at);
  }

  private scheduleNext(): void {
    const gap = this.random.exponential(1000 / this.options.rate);
    if (this.options.stopAt !== undefined && this.now + gap >= this.options.stopAt) return;
    this.setTimer(gap, () => {
      const id = `${this.id}:${this.sent++}`;
      this.sentAt.set(id, this.now);
      this.send(this.options.target, { type: "work", id });
      this.scheduleNext();
    }, "arrival");
  }
}
