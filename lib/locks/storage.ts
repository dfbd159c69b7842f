/**
 * A storage node holding one resource (a string), WITHOUT fencing: it accepts every write.
 *
 *   sim.add("storage", new UnfencedStorage());
 *   sim.node<UnfencedStorage>("storage").value;     // what the resource holds now
 *
 * Protocol (protocol.ts): { type: "write", token, value } overwrites the resource and is answered
 * { type: "write-ok", token }. The token is recorded but not checked: whoever writes last wins,
 * even a client whose lock ran out long ago. Mark: "write-accepted" { writer, token, value }.
 *
 * The resource is volatile (lost in a crash): the demos never crash the storage.
 */
import { Node } from "../sim/node";
import type { StorageReply, WriteRequest } from "./protocol";

export interface AcceptedWrite {
  time: number;
  writer: string;
  token: number;
  value: string;
}

export class UnfencedStorage extends Node<WriteRequest | StorageReply> {
  /** The resource's content (null before the first write). */
  value: string | null = null;
  /** Every accepted write, in order. */
  readonly history: AcceptedWrite[] = [];

  onMessage(from: string, msg: WriteRequest | StorageReply): void {
    if (msg.type !== "write") return;
    this.value = msg.value;
    this.history.push({ time: this.now, writer: from, token: msg.token, value: msg.value });
    this.mark("write-accepted", { writer: from, token: msg.token, value: msg.value });
    this.send(from, { type: "write-ok", token: msg.token });
  }
}
