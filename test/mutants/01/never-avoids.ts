/** Mutant of exercise 01: fails over on a timeout, but keeps sending new requests round-robin to replicas that just failed to answer. */
import { Node, type ReplicaClientNode, type ReplicatedClientOptions, type WorkMessage } from "../../../lib";

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  private next = 0;
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
    const replicas = this.options.replicas;
    this.send(replicas[this.next++ % replicas.length], { type: "work", id });
    this.setTimer(this.options.timeout, () => {
      const since = this.pending.get(id);
      if (since !== undefined && this.now - since + this.options.timeout <= this.options.deadline) this.attempt(id);
    }, "timeout");
  }
}
