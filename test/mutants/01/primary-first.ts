/** Mutant of exercise 01: fails over well, but always tries the replicas in the same order, so the first live one takes all the load. */
import { Node, type ReplicaClientNode, type ReplicatedClientOptions, type WorkMessage } from "../../../lib";

const AVOID_FOR = 500;

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  private readonly avoidUntil = new Map<string, number>();
  private readonly pending = new Map<string, number>();

  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }

  submit(id: string): void {
    this.pending.set(id, this.now);
    this.attempt(id, []);
  }

  onMessage(from: string, msg: WorkMessage): void {
    this.avoidUntil.delete(from);
    if (msg.type === "done") this.pending.delete(msg.id);
  }

  private attempt(id: string, tried: string[]): void {
    const order = this.options.replicas.filter((r) => !tried.includes(r));
    const pool = order.length > 0 ? order : this.options.replicas;
    const replica = pool.find((r) => (this.avoidUntil.get(r) ?? -1) <= this.now) ?? pool[0];
    this.send(replica, { type: "work", id });
    this.setTimer(this.options.timeout, () => {
      const since = this.pending.get(id);
      if (since === undefined) return;
      this.avoidUntil.set(replica, this.now + AVOID_FOR);
      if (this.now - since + this.options.timeout <= this.options.deadline) this.attempt(id, order.length > 0 ? tried.concat(replica) : [replica]);
    }, "timeout");
  }
}
