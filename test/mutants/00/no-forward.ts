/** Mutant of exercise 00 (the chapter's central mistake): the origin tells everyone, nobody forwards, so a lost copy is never made up for. */
import { Node } from "../../../lib";

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  private readonly learned: string[] = [];

  spread(rumour: string): void {
    this.learned.push(rumour);
    for (const peer of this.peers) this.send(peer, { type: "rumour", text: rumour });
  }

  onMessage(_from: string, msg: Rumour): void {
    if (msg.type === "rumour" && !this.learned.includes(msg.text)) this.learned.push(msg.text);
  }

  known(): string[] {
    return this.learned.slice();
  }
}
