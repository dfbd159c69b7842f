/** Mutant of exercise 00: spread() sends the rumour but does not learn it itself, so the origin never knows its own rumour (and takes it back when it returns). */
import { Node } from "../../../lib";

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  private readonly learned: string[] = [];

  spread(rumour: string): void {
    for (const peer of this.peers) this.send(peer, { type: "rumour", text: rumour });
  }

  onMessage(from: string, msg: Rumour): void {
    if (msg.type !== "rumour" || this.learned.includes(msg.text)) return;
    this.learned.push(msg.text);
    for (const peer of this.peers) if (peer !== from) this.send(peer, { type: "rumour", text: msg.text });
  }

  known(): string[] {
    return this.learned.slice();
  }
}
