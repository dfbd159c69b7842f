/** Mutant of exercise 01: a replica that once failed to answer is never used again (unless every replica has failed). */
import { Node, type ReplicaClientNode, type ReplicatedClientOptions, type WorkMessage } from "../../../lib";

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  private next = 0;
  private readonly dead = new Set<string>();
  private readonly pending = new Map<string, number>();

  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }

  submit(id: string): void {
    this.pending.set(id, this.now);
    this.attempt(id);
  }

  onMessage(_from: string, msg: WorkMessage): void {
    if (msg.type === "done") this.pending.delete(msg.id);
  }

  private attempt(id: string): void {
    const live = this.options.replicas.filter((r) => !this.dead.has(r));
    const pool = live.length > 0 ? live : this.options.replicas;
    const replica = pool[this.next++ % pool.length];
    this.send(replica, { type: "work", id });
    this.setTimer(this.options.timeout, () => {
      const since = this.pending.get(id);
      if (since === undefined) return;
      this.dead.add(replica);
      if (this.now - since + this.options.timeout <= this.options.deadline) this.attempt(id);
    }, "timeout");
  }
}
