/**
 * LoadBalancer: one node in front of n servers that forwards each request to one of them and
 * relays the reply back to the client. Horizontal scaling in one box.
 *
 *   sim.add("lb", new LoadBalancer({ backends: ["s1", "s2", "s3"], policy: "jsq" }));
 *
 * Policies:
 *   "random"        a server picked uniformly at random (the balancer knows nothing)
 *   "round-robin"   s1, s2, s3, s1, ... (spreads counts evenly, ignores how long each job takes)
 *   "jsq"           join the shortest queue: the server with the fewest requests outstanding
 *                   (sent, not yet answered), ties broken at random
 * The balancer itself takes no time; the network adds its hop. `forwarded[backend]` counts what
 * each server was sent.
 */
import { Node } from "../sim/node";
import { isWorkReply, isWorkRequest, type WorkMessage } from "./server";

export type BalancingPolicy = "random" | "round-robin" | "jsq";

export interface LoadBalancerOptions {
  backends: string[];
  policy: BalancingPolicy;
}

export class LoadBalancer extends Node<WorkMessage> {
  readonly forwarded: Record<string, number> = {};
  private readonly outstanding: Record<string, number> = {};
  private readonly clientOf = new Map<string, { client: string; backend: string }>();
  private next = 0;

  constructor(readonly options: LoadBalancerOptions) {
    super();
    if (options.backends.length === 0) throw new Error("LoadBalancer: give at least one backend");
    for (const b of options.backends) {
      this.forwarded[b] = 0;
      this.outstanding[b] = 0;
    }
  }

  onMessage(from: string, msg: WorkMessage): void {
    if (isWorkRequest(msg)) {
      const backend = this.choose();
      this.clientOf.set(msg.id, { client: from, backend });
      this.forwarded[backend]++;
      this.outstanding[backend]++;
      this.send(backend, msg);
    } else if (isWorkReply(msg)) {
      const route = this.clientOf.get(msg.id);
      if (route === undefined) return;
      this.clientOf.delete(msg.id);
      this.outstanding[route.backend]--;
      this.send(route.client, msg);
    }
  }

  private choose(): string {
    const backends = this.options.backends;
    switch (this.options.policy) {
      case "random":
        return this.random.pick(backends);
      case "round-robin":
        return backends[this.next++ % backends.length];
      case "jsq": {
        const fewest = Math.min(...backends.map((b) => this.outstanding[b]));
        return this.random.pick(backends.filter((b) => this.outstanding[b] === fewest));
      }
    }
  }
}
