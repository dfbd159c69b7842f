// Mutant of exercise 09: a replica keeps whatever store arrives last, without comparing
// timestamps. A delayed or duplicated store from an older operation overwrites a newer copy.
import { AbdReplica as Solution } from "../../../solutions/09-abd-register";
export { AbdClient, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdReplica extends Solution {
  protected newer(): boolean {
    return true;
  }
}
