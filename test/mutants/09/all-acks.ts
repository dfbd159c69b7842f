// Mutant of exercise 09: each phase waits for every replica instead of a majority. Correct while
// nothing fails, stuck as soon as one replica is down: safe by doing nothing.
import { AbdClient as Solution } from "../../../solutions/09-abd-register";
export { AbdReplica, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdClient extends Solution {
  protected quorum(): number {
    return this.replicas.length;
  }
}
