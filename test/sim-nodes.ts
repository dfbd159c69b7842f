// Small nodes and helpers shared by the simulator's unit tests (test/sim*.test.ts).
import { Node } from "../lib";

/** Broadcasts every 10 ms; `got` lists what arrived as "from@time". */
export class Chatter extends Node {
  got: string[] = [];
  onStart() {
    this.every(10, () => this.broadcast({ from: this.id }));
  }
  onMessage(from: string) {
    this.got.push(`${from}@${this.now}`);
  }
}

/** What `fn` throws (undefined if it returns). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
