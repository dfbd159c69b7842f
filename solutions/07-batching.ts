/**
 * Exercise 07: batching client, reference answer. See exercises/07-batching.ts for the task.
 *
 * Natural batching: at most one message in flight per manager. An operation issued while the
 * link to its manager is idle goes at once (a batch of one: no extra wait at low load); those
 * issued while a batch is in flight queue up and leave together, up to maxBatch, when its reply
 * arrives. One batch in flight per manager also keeps each client's operations in issue order
 * even when the network reorders messages.
 */
import { OpsClient, type CoordOp, type OpsReply, type OpsWorkload } from "../lib";

export class BatchingClient extends OpsClient {
  private readonly pending = new Map<string, CoordOp[]>();
  private readonly inFlight = new Map<string, number>();
  private batches = 0;

  constructor(workload: OpsWorkload, readonly maxBatch: number) {
    super(workload);
  }

  protected submit(op: CoordOp): void {
    const manager = this.managerFor(op.key);
    const queue = this.pending.get(manager) ?? [];
    this.pending.set(manager, queue);
    queue.push(op);
    if (!this.inFlight.has(manager)) this.flush(manager);
  }

  protected onReply(from: string, reply: OpsReply): void {
    if (this.inFlight.get(from) !== reply.batch) return;
    this.inFlight.delete(from);
    this.flush(from);
  }

  private flush(manager: string): void {
    const queue = this.pending.get(manager);
    if (queue === undefined || queue.length === 0) return;
    const batch = ++this.batches;
    this.inFlight.set(manager, batch);
    this.send(manager, { type: "ops", batch, ops: queue.splice(0, this.maxBatch) });
  }
}
