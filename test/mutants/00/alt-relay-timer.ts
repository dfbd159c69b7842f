/** A correct answer to exercise 00 built differently: rumours kept in a Map (insertion order), forwarded from a timer 1 ms after they are learned. */
import { Node } from "../../../lib";

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  private readonly heardFrom = new Map<string, string | null>();

  spread(rumour: string): void {
    this.first(rumour, null);
  }

  onMessage(from: string, msg: Rumour): void {
    if (msg && msg.type === "rumour" && typeof msg.text === "string") this.first(msg.text, from);
  }

  known(): string[] {
    return Array.from(this.heardFrom.keys());
  }

  private first(text: string, from: string | null): void {
    if (this.heardFrom.has(text)) return;
    this.heardFrom.set(text, from);
    this.setTimer(1, () => {
      for (const peer of this.peers) if (peer !== this.heardFrom.get(text)) this.send(peer, { type: "rumour", text });
    }, "relay");
  }
}
