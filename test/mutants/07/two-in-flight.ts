/**
 * Mutant of exercise 07: lets two batches per manager be in flight at once (more pipelining, more throughput); the network can deliver the second before the first, so a client's operations are applied out of issue order. Breaks program order (the central property).
 */
import { OpsClient, type CoordOp, type OpsReply, type OpsWorkload } from "../../../lib";

export class BatchingClient extends OpsClient {
  private readonly pending = new Map<string, CoordOp[]>();
  private readonly inFlight = new Map<string, number[]>();
  private batches = 0;

  constructor(workload: OpsWorkload, readonly maxBatch: number) {
    super(workload);
  }

  protected submit(op: CoordOp): void {
    const manager = this.managerFor(op.key);
    const queue = this.pending.get(manager) ?? [];
    this.pending.set(manager, queue);
    queue.push(op);
    if ((this.inFlight.get(manager) ?? []).length < 2) this.flush(manager);
  }

  protected onReply(from: string, reply: OpsReply): void {
    const flying = this.inFlight.get(from) ?? [];
    if (!flying.includes(reply.batch)) return;
    this.inFlight.set(from, flying.filter((b) => b !== reply.batch));
    this.flush(from);
  }

  private flush(manager: string): void {
    const queue = this.pending.get(manager);
    if (queue === undefined || queue.length === 0) return;
    const batch = ++this.batches;
    this.inFlight.set(manager, (this.inFlight.get(manager) ?? []).concat([batch]));
    this.send(manager, { type: "ops", batch, ops: queue.splice(0, this.maxBatch) });
  }
}
