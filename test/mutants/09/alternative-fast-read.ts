// An unusual correct answer to exercise 09: a read skips the write-back when a majority already
// holds the newest timestamp (the copy is then already where a write-back would put it: every later
// quorum meets it). Fewer messages, still linearizable; must earn full marks.
import { AbdClient as Solution, type Value } from "../../../solutions/09-abd-register";
export { AbdReplica, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdClient extends Solution {
  read(done: (value: Value) => void): void {
    this.query((newest, copies) => {
      const holding = copies.filter((c) => c.ts.counter === newest.ts.counter && c.ts.client === newest.ts.client).length;
      if (holding >= this.quorum()) done(newest.value);
      else this.store(newest.ts, newest.value, () => done(newest.value));
    });
  }
}
