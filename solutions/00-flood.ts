/**
 * Exercise 00 — Flood a rumour: reference answer. See exercises/00-flood.ts for the task.
 */
import { Node } from "../lib";

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
    for (const peer of this.peers) {
      if (peer !== from) this.send(peer, { type: "rumour", text: rumour });
    }
  }
}
