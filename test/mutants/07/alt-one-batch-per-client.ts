/**
 * A correct answer to exercise 07, built differently from solutions/: one pending list for the
 * whole client and at most one batch in flight for the whole client (not one per manager). The
 * next batch goes to the manager of the oldest pending operation and takes, in issue order, that
 * manager's pending operations (up to maxBatch). Slower with several shards, still in order.
 */
import { OpsClient, type CoordOp, type OpsReply, type OpsWorkload } from "../../../lib";

export class BatchingClient extends OpsClient {
  private waiting: CoordOp[] = [];
  private busy = false;
  private sent = 0;

  constructor(workload: OpsWorkload, readonly maxBatch: number) {
    super(workload);
  }

  protected submit(op: CoordOp): void {
    this.waiting.push(op);
    if (!this.busy) this.sendNext();
  }

  protected onReply(_from: string, reply: OpsReply): void {
    if (!this.busy || reply.batch !== this.sent) return;
    this.busy = false;
    this.sendNext();
  }

  private sendNext(): void {
    if (this.waiting.length === 0) return;
    const manager = this.managerFor(this.waiting[0].key);
    const ops: CoordOp[] = [];
    const rest: CoordOp[] = [];
    for (const op of this.waiting) {
      if (ops.length < this.maxBatch && this.managerFor(op.key) === manager) ops.push(op);
      else rest.push(op);
    }
    this.waiting = rest;
    this.busy = true;
    this.sent += 1;
    this.send(manager, { type: "ops", batch: this.sent, ops });
  }
}
