/** Mutant of exercise 00: forwards a new rumour to every peer, including the one it came from. */
import { Node } from "../../../lib";

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  private readonly learned: string[] = [];

  spread(rumour: string): void {
    this.onMessage(this.id, { type: "rumour", text: rumour });
  }

  onMessage(_from: string, msg: Rumour): void {
    if (msg.type !== "rumour" || this.learned.includes(msg.text)) return;
    this.learned.push(msg.text);
    this.broadcast({ type: "rumour", text: msg.text });
  }

  known(): string[] {
    return this.learned.slice();
  }
}
