/**
 * Mutant of exercise 07: sends whatever is pending every 5 ms, without waiting for the previous batch's reply: operations of one client are in flight in several batches at once, and a lone operation waits for the timer. Breaks program order (the central property) and latency.
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
    if (!this.inFlight.has(manager)) {
      this.inFlight.set(manager, 0);
      this.setTimer(5, () => {
        this.inFlight.delete(manager);
        while ((this.pending.get(manager) ?? []).length > 0) this.flush(manager);
        this.inFlight.delete(manager);
      }, "flush");
    }
  }

  protected onReply(from: string, reply: OpsReply): void {
    void from;
    void reply;
  }

  private flush(manager: string): void {
    const queue = this.pending.get(manager);
    if (queue === undefined || queue.length === 0) return;
    const batch = ++this.batches;
    this.inFlight.set(manager, batch);
    this.send(manager, { type: "ops", batch, ops: queue.splice(0, this.maxBatch) });
  }
}
