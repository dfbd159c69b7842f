/** Mutant of exercise 01 (the chapter's central mistake): spreads requests over the replicas but never fails over, so a request sent to a dead replica is lost. */
import { Node, type ReplicaClientNode, type ReplicatedClientOptions, type WorkMessage } from "../../../lib";

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  private next = 0;

  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }

  submit(id: string): void {
    const replicas = this.options.replicas;
    this.send(replicas[this.next++ % replicas.length], { type: "work", id });
  }

  onMessage(_from: string, _msg: WorkMessage): void {}
}
