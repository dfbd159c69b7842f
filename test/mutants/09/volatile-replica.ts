// Mutant of exercise 09: a replica keeps its copy in memory, not in durable storage. A crash and
// restart brings it back empty, so a majority that includes it may no longer hold the last write.
import { AbdReplica as Solution, newer, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";
export { AbdClient, newer, type AbdClientOptions, type AbdMessage, type Timestamp, type Value } from "../../../solutions/09-abd-register";

export class AbdReplica extends Solution {
  private ts: Timestamp = { counter: 0, client: "" };
  private value: Value = null;

  onMessage(from: string, msg: AbdMessage): void {
    if (msg.type === "query") this.send(from, { type: "query-reply", op: msg.op, ts: this.ts, value: this.value });
    else if (msg.type === "store") {
      if (newer(msg.ts, this.ts)) {
        this.ts = msg.ts;
        this.value = msg.value;
      }
      this.send(from, { type: "store-ack", op: msg.op });
    }
  }
}
