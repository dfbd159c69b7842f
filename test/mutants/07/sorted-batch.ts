/**
 * Mutant of exercise 07: sorts each batch by key before sending it ("the manager works faster on sorted keys"), so operations issued in one order are applied in another. Breaks program order (the central property).
 */
import { OpsClient, type CoordOp, type OpsReply, type OpsWorkload } from "../../../lib";

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
    const ops = queue.splice(0, this.maxBatch).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    this.send(manager, { type: "ops", batch, ops });
  }
}
