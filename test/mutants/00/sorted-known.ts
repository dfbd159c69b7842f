/** Mutant of exercise 00: floods correctly, but known() returns the rumours sorted, not in the order learned. */
import { Node } from "../../../lib";

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  private readonly learned = new Set<string>();

  spread(rumour: string): void {
    this.learn(rumour, undefined);
  }

  onMessage(from: string, msg: Rumour): void {
    if (msg.type === "rumour") this.learn(msg.text, from);
  }

  known(): string[] {
    return Array.from(this.learned).sort();
  }

  private learn(rumour: string, from: string | undefined): void {
    if (this.learned.has(rumour)) return;
    this.learned.add(rumour);
    for (const peer of this.peers) if (peer !== from) this.send(peer, { type: "rumour", text: rumour });
  }
}
