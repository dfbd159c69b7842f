/** Mutant of exercise 01: sends every request to every replica at once (hedging), so any live replica answers. */
import { Node, type ReplicaClientNode, type ReplicatedClientOptions, type WorkMessage } from "../../../lib";

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  constructor(readonly options: ReplicatedClientOptions) {
    super();
  }

  submit(id: string): void {
    for (const r of this.options.replicas) this.send(r, { type: "work", id });
  }

  onMessage(_from: string, _msg: WorkMessage): void {}
}
