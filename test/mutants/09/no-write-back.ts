// Mutant of exercise 09: a read returns the newest copy of a majority without writing it back.
// A later read may then ask a majority that has not got that copy yet and return an older value.
import { AbdClient as Solution, type Value } from "../../../solutions/09-abd-register";
export { AbdReplica, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdClient extends Solution {
  read(done: (value: Value) => void): void {
    this.query((newest) => done(newest.value));
  }
}
