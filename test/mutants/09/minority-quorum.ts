// Mutant of exercise 09: quorums that do not intersect. Each phase waits for ⌊N/2⌋ replies (2 of
// 5), so a read can hear only from replicas that a completed write never reached.
import { AbdClient as Solution } from "../../../solutions/09-abd-register";
export { AbdReplica, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdClient extends Solution {
  protected quorum(): number {
    return Math.floor(this.replicas.length / 2);
  }
}
