// Mutant of exercise 09: timestamps compared by counter alone. Two clients writing at once pick
// the same counter; replicas keep whichever arrives first, so copies with one timestamp disagree.
import { AbdClient as SolutionClient, AbdReplica as SolutionReplica, type Timestamp } from "../../../solutions/09-abd-register";
export type { AbdClientOptions, AbdMessage, Timestamp, Value } from "../../../solutions/09-abd-register";

export function newer(ts1: Timestamp, ts2: Timestamp): boolean {
  return ts1.counter > ts2.counter;
}

export class AbdReplica extends SolutionReplica {
  protected newer(ts1: Timestamp, ts2: Timestamp): boolean {
    return newer(ts1, ts2);
  }
}

export class AbdClient extends SolutionClient {
  protected newer(ts1: Timestamp, ts2: Timestamp): boolean {
    return newer(ts1, ts2);
  }
}
