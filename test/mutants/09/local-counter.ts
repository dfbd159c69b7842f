// Mutant of exercise 09: a write skips the query phase and numbers its writes with the client's
// own counter. Behind another client's counter, its write is acknowledged but loses to older data.
import { AbdClient as Solution } from "../../../solutions/09-abd-register";
export { AbdReplica, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdClient extends Solution {
  private counter = 0;

  write(value: number, done: () => void): void {
    this.store({ counter: ++this.counter, client: this.id }, value, done);
  }
}
