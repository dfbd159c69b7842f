/** Mutant of exercise 00: gossips a new rumour to two random peers instead of flooding it to all of them. */
import { Node } from "../../../lib";

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  private readonly learned: string[] = [];

  spread(rumour: string): void {
    this.learn(rumour, undefined);
  }

  onMessage(from: string, msg: Rumour): void {
    if (msg.type === "rumour") this.learn(msg.text, from);
  }

  known(): string[] {
    return this.learned.slice();
  }

  private learn(rumour: string, from: string | undefined): void {
    if (this.learned.includes(rumour)) return;
    this.learned.push(rumour);
    const others = this.random.shuffle(this.peers.filter((p) => p !== from));
    for (const peer of others.slice(0, 2)) this.send(peer, { type: "rumour", text: rumour });
  }
}
