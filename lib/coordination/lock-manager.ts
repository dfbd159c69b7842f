/**
 * CentralLockManager and LockLoopClient: a lock per key, all held at one node.
 *
 *   sim.add("locks", () => new CentralLockManager({ serviceMs: 1 }));
 *   sim.add("c1", () => new LockLoopClient({ manager: "locks", keys: ["x"], holdMs: 5 }));
 *
 * CentralLockManager: every "lock-acquire" and "lock-release" costs `serviceMs` of service
 * (ServiceQueue, FIFO). A key's lock goes to its waiters first come, first served; a release
 * from the holder hands it on with a "lock-granted" to the next waiter. It marks nothing (runs
 * are long); it counts `grants` per key and keeps `holders` (key → client) for inspection.
 *
 * LockLoopClient: in a closed loop, forever: pick a key (uniformly from `keys`), acquire its lock,
 * hold it for `holdMs` (the critical section, local work), release, and start again at once
 * (`thinkMs` later, default 0). The lock is busy at the manager from the moment it sends the grant
 * until the release has arrived and been served: holdMs plus a round trip plus service, which is
 * why a contended lock across a WAN is slow. `completed` lists the end time of every critical
 * section; `waits` the time from asking to holding.
 */
import { checkLatency, type Latency } from "../sim/latency";
import { Node } from "../sim/node";
import type { CoordMessage } from "./protocol";
import { ServiceQueue } from "./service-queue";

export interface CentralLockManagerOptions {
  serviceMs?: Latency | number;
}

export class CentralLockManager extends Node<CoordMessage> {
  readonly holders = new Map<string, string>();
  readonly waiters = new Map<string, string[]>();
  readonly grants = new Map<string, number>();
  readonly queue = new ServiceQueue(this);
  readonly service: Latency;

  constructor(options: CentralLockManagerOptions = {}) {
    super();
    this.service = checkLatency("CentralLockManager serviceMs", options.serviceMs ?? 1);
  }

  onMessage(from: string, msg: CoordMessage): void {
    if (msg.type !== "lock-acquire" && msg.type !== "lock-release") return;
    this.queue.submit(this.service.sample(this.random), () => {
      if (msg.type === "lock-acquire") {
        const queue = this.waiters.get(msg.key) ?? [];
        this.waiters.set(msg.key, queue);
        queue.push(from);
      } else if (this.holders.get(msg.key) === from) {
        this.holders.delete(msg.key);
      }
      this.grantNext(msg.key);
    });
  }

  private grantNext(key: string): void {
    const queue = this.waiters.get(key);
    if (this.holders.has(key) || queue === undefined || queue.length === 0) return;
    const next = queue.shift()!;
    this.holders.set(key, next);
    this.grants.set(key, (this.grants.get(key) ?? 0) + 1);
    this.send(next, { type: "lock-granted", key });
  }
}

export interface LockLoopClientOptions {
  manager: string;
  keys: string[];
  holdMs: number;
  thinkMs?: number;
}

export class LockLoopClient extends Node<CoordMessage> {
  /** End time of every critical section. */
  readonly completed: number[] = [];
  /** For every critical section: ms from sending "lock-acquire" to holding the lock. */
  readonly waits: number[] = [];
  private askedAt = 0;

  constructor(readonly options: LockLoopClientOptions) {
    super();
  }

  onStart(): void {
    this.ask();
  }

  onMessage(_from: string, msg: CoordMessage): void {
    if (msg.type !== "lock-granted") return;
    this.waits.push(this.now - this.askedAt);
    this.setTimer(this.options.holdMs, () => {
      this.send(this.options.manager, { type: "lock-release", key: msg.key });
      this.completed.push(this.now);
      const think = this.options.thinkMs ?? 0;
      if (think > 0) this.setTimer(think, () => this.ask(), "think");
      else this.ask();
    }, "critical section");
  }

  private ask(): void {
    this.askedAt = this.now;
    this.send(this.options.manager, { type: "lock-acquire", key: this.random.pick(this.options.keys) });
  }
}
