/**
 * A node: a deterministic state machine with a message handler and timers.
 *
 * Write a node by extending `Node` and overriding the handlers you need:
 *
 *   class Pinger extends Node<{ type: string }> {
 *     count = 0;                                   // volatile state: lost in a crash
 *     onStart() {
 *       this.every(1_000, () => this.send("b", { type: "ping" }), "ping");
 *     }
 *     onMessage(from: string, msg: { type: string }) {
 *       if (msg.type === "pong") this.durable.set("pongs", ++this.count);   // survives a crash
 *     }
 *   }
 *
 * What a node can do (and nothing else; all of it is traced):
 *   this.id, this.now           its id; the true virtual time in ms
 *   this.localTime              the reading of its own clock (see clock.ts; equals now by default)
 *   this.send(to, msg)          put a copy of msg on the network (a value: later changes to msg
 *                               do not travel; functions and class instances are refused)
 *   this.broadcast(msg)         send to every other node
 *   this.setTimer(ms, fn, label)    run fn once after ms (on the local clock); returns a TimerId
 *   this.every(ms, fn, label)   run fn every ms
 *   this.cancelTimer(id)
 *   this.random                 this node's own seeded random stream
 *   this.durable                storage that survives crashes (values are copied in and out)
 *   this.peers                  the other nodes' ids (a read-only view shared with the simulation)
 *   this.incarnation            0 on first start, then +1 at every restart
 *   this.mark(name, data), this.log(text)    annotate the trace (data is copied, like a message)
 *
 * That is all a node can reach: its runtime sits in a private field (`#runtime`), and is itself
 * a narrow handle whose state (the simulation, its queue, its trace, the other nodes) lives in
 * private fields. `bindRuntime` and `runtimeOf` are exported from this file only for
 * simulation.ts (which binds each node object to its slot); index.ts exports neither.
 *
 * A crash throws the node object away: timers stop, messages to it are dropped. A restart builds
 * a fresh object (from the factory given to `sim.add`, or by calling the constructor again) and
 * calls `onStart()`; only `durable` carries over. A node object serves one id and one life: adding
 * it twice, or a factory that hands back an object already used, is an error. A paused node is frozen: its messages and
 * timers wait and are handled, in order, when it resumes.
 */
import type { Random } from "./random";

export type TimerId = number;

/** What the simulator provides to a node. Implemented by the simulation; not for node authors. */
export interface NodeRuntime {
  readonly id: string;
  readonly now: number;
  readonly localTime: number;
  readonly random: Random;
  readonly durable: DurableStore;
  readonly peers: readonly string[];
  readonly incarnation: number;
  send(to: string, msg: unknown): void;
  setTimer(delay: number, fn: () => void, label: string, repeat: boolean): TimerId;
  cancelTimer(id: TimerId): void;
  mark(name: string, data?: unknown): void;
  log(text: string): void;
}

let bind: (node: Node, runtime: NodeRuntime) => void;
let read: (node: Node) => NodeRuntime | undefined;

/** Gives `node` its runtime (`sim.add`, and every restart's fresh object). */
export function bindRuntime(node: Node, runtime: NodeRuntime): void {
  bind(node, runtime);
}

/** The runtime `node` was bound to, if any (a node object serves one id and one life). */
export function runtimeOf(node: Node): NodeRuntime | undefined {
  return read(node);
}

export abstract class Node<Msg = any> {
  #runtime: NodeRuntime | undefined = undefined;

  static {
    bind = (node, runtime) => {
      node.#runtime = runtime;
    };
    read = (node) => node.#runtime;
  }

  /** Called when the node starts, and again (on a fresh object) after every restart. */
  onStart(): void {}

  /** Called for every message delivered to this node. */
  onMessage(from: string, msg: Msg): void {}

  get id(): string {
    return this.#rt().id;
  }
  get now(): number {
    return this.#rt().now;
  }
  get localTime(): number {
    return this.#rt().localTime;
  }
  get random(): Random {
    return this.#rt().random;
  }
  get durable(): DurableStore {
    return this.#rt().durable;
  }
  get peers(): readonly string[] {
    return this.#rt().peers;
  }
  get incarnation(): number {
    return this.#rt().incarnation;
  }

  send(to: string, msg: Msg): void {
    this.#rt().send(to, msg);
  }

  broadcast(msg: Msg): void {
    const rt = this.#rt();
    for (const peer of rt.peers) rt.send(peer, msg);
  }

  setTimer(delay: number, fn: () => void, label = "timer"): TimerId {
    return this.#rt().setTimer(delay, fn, label, false);
  }

  every(period: number, fn: () => void, label = "every"): TimerId {
    return this.#rt().setTimer(period, fn, label, true);
  }

  cancelTimer(id: TimerId): void {
    this.#rt().cancelTimer(id);
  }

  mark(name: string, data?: unknown): void {
    this.#rt().mark(name, data);
  }

  log(text: string): void {
    this.#rt().log(text);
  }

  #rt(): NodeRuntime {
    const runtime = this.#runtime;
    if (!runtime) {
      throw new Error(
        `${this.constructor.name}: this node is not in a simulation yet. Add it with sim.add(id, node) ` +
          `and do its work in onStart() rather than in the constructor.`,
      );
    }
    return runtime;
  }
}

/** Storage that survives crashes. Values are deep-copied on the way in and out, like a disk. */
export class DurableStore {
  readonly #data = new Map<string, unknown>();
  #writes = 0;

  /** Number of `set` and `delete` calls so far (a proxy for disk writes). */
  get writes(): number {
    return this.#writes;
  }

  get<T = unknown>(key: string): T | undefined {
    const value = this.#data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  set(key: string, value: unknown): void {
    this.#data.set(key, structuredClone(value));
    this.#writes++;
  }

  has(key: string): boolean {
    return this.#data.has(key);
  }

  delete(key: string): boolean {
    this.#writes++;
    return this.#data.delete(key);
  }

  keys(): string[] {
    return Array.from(this.#data.keys());
  }
}
