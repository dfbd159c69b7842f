/**
 * Exercise 10, the capstone: the primary, the backup and the client of a lock and key-value
 * service that stays correct under every fault of the course.
 *
 * Notebook 10 builds the design step by step. The kit gives you (lib/capstone):
 *   - ConfigManager ("manager"): decides the configuration { epoch, primary, backup } and leases
 *     the primary role. Servers ping it every `pingMs` (100 ms); it answers each ping with the
 *     configuration, and answers the current primary's ping (when the ping carries the current
 *     epoch) with `lease: true` and the ping's `sentAt`: the lease runs `leaseMs` (1000 ms) on the
 *     MANAGER's clock from when it received that ping. It replaces a primary only after its lease
 *     has run out, and only by a backup that reported `ready` (it holds the state) in that epoch.
 *   - ClientHost: runs your Client, gives it one operation at a time and records the history.
 *   - applyOp(kv, op): the state machine (get, put, append, acquire, release on one key).
 *   - The messages (lib/capstone/protocol.ts). Every message carries `v`: your node's protocol
 *     version (`options.version` / `io.version`: 1, or 2 after the rolling upgrade). Accept both.
 *
 * Write three things:
 *
 * 1. `Server extends Node` (one class on s1, s2, s3; its role comes from the configuration):
 *    constructor(options: ServerOptions) with { manager, version, leaseMs, pingMs, driftBound }.
 *    - Ping the manager every pingMs: { type: "ping", v, epoch, ready, sentAt: this.localTime }.
 *      `epoch` is the newest configuration you have adopted (0 if you lost your state); `ready` is
 *      true when you are that epoch's backup and hold its state. Adopt a configuration only when
 *      its epoch is newer than yours.
 *    - The LEASE: when an answer carries `lease: true`, you may act alone as primary until
 *      local time sentAt + leaseMs·(1 − ρ)/(1 + ρ), ρ = options.driftBound (clocks drift up to 1%
 *      either way: count from when you SENT the ping, as in chapter 04).
 *    - As primary: answer a read ({ type: "reply", v, rid, epoch, output }, `epoch` being your
 *      epoch when you send it, also when you repeat a remembered output) from your own state
 *      ONLY while you hold the lease. Apply each write once: forward it to the backup
 *      ({ type: "forward", v, epoch, client, rid, op }), and only when the backup answers
 *      { type: "forward-ok", v, epoch, client, rid } apply it yourself and reply. One write at a
 *      time in a queue keeps the backup in your order. With no backup, apply writes under the lease.
 *      Reply { type: "not-primary", v, rid } when you are not the primary.
 *    - STATE TRANSFER: a new backup holds nothing. Before forwarding anything in a new epoch, send
 *      it your whole state ({ type: "state", v, epoch, kv, done }) until it answers
 *      { type: "state-ok", v, epoch }. Messages are not copied on their way: send and keep copies
 *      (structuredClone), never your live objects.
 *    - The EPOCH CHECK (fencing): as backup, accept "state" and "forward" only from the primary of
 *      your configuration and only with your epoch; answer anything else with
 *      { type: "forward-no", v, epoch: yours }. As primary, count only acks of your epoch.
 *    - REQUEST IDS: remember per client the newest rid applied and its output (`done`, part of the
 *      state you transfer); a request seen again gets the remembered output, never a second effect.
 *    - CRASHES: the nemesis restarts servers with their `this.durable` store. Save your state
 *      before you acknowledge anything. A restarted primary whose backup already held the state
 *      must not serve again in its epoch (the backup may be ahead): ping epoch 0 and wait for a
 *      newer configuration. A restarted backup keeps its role.
 *
 * 2. `Client implements ServiceClient`: constructor(io: ClientIO); `invoke(op)` runs one operation
 *    (a new rid each time; rids grow); send { type: "request", v, client: io.id, rid, op } to the
 *    primary you know and retry every 100 ms or so; on a reply with your rid call `io.done(output)`
 *    once. Ask the manager ({ type: "get-config", v }) only when you know no primary or the one you
 *    know stops answering: never per operation.
 *
 * Graded (npm run grade -- --only 10, or the check cell of notebook 10) on seeded nemesis runs:
 *   1. (25 pts) every client history is linearizable (operations that never completed are unknown outcomes);
 *   2. (20 pts) the same while old primaries believe they still are (isolated, bridged, paused);
 *   3. (15 pts) no acknowledged write lost, none applied twice (the final state, read by the kit);
 *   4. (20 pts) one primary at a time: reads answered only under the lease, writes acknowledged
 *      only by their epoch's primary (replies carry it), no backup accepting an older epoch;
 *   5. (12 pts) progress: once the faults heal (+2 s), every operation completes within 1 s;
 *   6. (8 pts) after the faults heal, at most 0.05 client→manager messages per operation.
 * Every check first asks that each completed operation was answered by a server (a reply to a
 * request of its kind, sent between its call and its return).
 * Replay a seed the grader reports in notebook 10 with `replayCapstone(ex, "nemesis", seed)`.
 */
// BEGIN SOLUTION
// The reference answer: the primary, the backup and the client of a replicated lock and
// key-value service that stays correct under every fault of the course.
import { Node } from "../lib";
import {
  applyOp, isWrite,
  type CapstoneMsg, type ClientIO, type Config, type DoneTable, type KvState, type Op, type RequestMsg, type ServerOptions, type ServiceClient,
} from "../lib/capstone";
// END SOLUTION
/* STUB
import { Node, notImplemented } from "../lib";
import type { CapstoneMsg, ClientIO, Op, ServerOptions, ServiceClient } from "../lib/capstone";
*/
// BEGIN SOLUTION

/** What a server keeps on its disk (`this.durable`), written before it acknowledges anything. */
interface Saved {
  config: Config;
  kv: KvState;
  done: DoneTable;
  ready: boolean;
  synced: boolean;
}
// END SOLUTION

export class Server extends Node<CapstoneMsg> {
  // BEGIN SOLUTION
  config: Config = { epoch: 0, primary: null, backup: null };
  kv: KvState = {};
  done: DoneTable = {};
  /** As backup: I hold the state of `config.epoch`. */
  ready = false;
  /** As primary: my backup holds the state of `config.epoch`. */
  synced = false;
  /** A primary that restarted after its backup took its state retires: it serves nothing in its epoch. */
  retired = false;
  /** Local time until which I may act alone as primary. */
  leaseUntil = -Infinity;
  /** Writes waiting for the backup, in order; the head is the one forwarded. */
  queue: RequestMsg[] = [];

  // END SOLUTION
  constructor(readonly options: ServerOptions) {
    super();
    /* STUB
    notImplemented("10", "Server (the primary and the backup)");
    */
  }
  // BEGIN SOLUTION

  onStart(): void {
    const saved = this.durable.get<Saved>("server");
    if (saved) {
      this.config = saved.config;
      this.kv = saved.kv;
      this.done = saved.done;
      this.ready = saved.ready;
      this.synced = false;
      this.retired = saved.config.primary === this.id && saved.config.backup !== null && saved.synced;
    }
    this.ping();
    this.every(this.options.pingMs, () => this.ping(), "ping");
    this.every(50, () => this.retransmit(), "retransmit");
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    switch (msg.type) {
      case "config":
        if (from !== this.options.manager) return;
        if (msg.epoch > this.config.epoch) this.adopt({ epoch: msg.epoch, primary: msg.primary, backup: msg.backup });
        if (msg.lease && msg.sentAt !== undefined && msg.epoch === this.config.epoch && this.isPrimary()) {
          const rho = this.options.driftBound;
          this.leaseUntil = Math.max(this.leaseUntil, msg.sentAt + (this.options.leaseMs * (1 - rho)) / (1 + rho));
          this.pump();
        }
        return;
      case "request":
        return this.onRequest(from, msg);
      case "state":
        if (!this.fromMyPrimary(from, msg.epoch)) return;
        if (!this.ready) {
          this.install(msg.kv, msg.done);
          this.ready = true;
          this.save();
        }
        return this.send(from, { type: "state-ok", v: this.options.version, epoch: msg.epoch });
      case "state-ok":
        if (msg.epoch !== this.config.epoch || !this.isPrimary() || from !== this.config.backup || this.synced) return;
        this.synced = true;
        this.save();
        return this.pump();
      case "forward": {
        if (!this.acceptsForward(from, msg.epoch)) {
          return this.send(from, { type: "forward-no", v: this.options.version, epoch: this.config.epoch });
        }
        this.execute(msg.client, msg.rid, msg.op);
        this.save();
        return this.send(from, { type: "forward-ok", v: this.options.version, epoch: msg.epoch, client: msg.client, rid: msg.rid });
      }
      case "forward-ok": {
        const head = this.queue[0];
        if (msg.epoch !== this.config.epoch || !this.isPrimary() || head === undefined || head.client !== msg.client || head.rid !== msg.rid) return;
        this.commit(head);
        return this.pump();
      }
    }
  }

  /** The fence: only my primary, in my epoch, may change my state. */
  private fromMyPrimary(from: string, epoch: number): boolean {
    return epoch === this.config.epoch && this.config.backup === this.id && from === this.config.primary;
  }

  /** A forwarded write is applied only by my epoch's backup that holds the state, from that epoch's primary. */
  protected acceptsForward(from: string, epoch: number): boolean {
    return this.fromMyPrimary(from, epoch) && this.ready;
  }

  /** A new backup takes the primary's whole state (the key-value map and the request-id table). */
  protected install(kv: KvState, done: DoneTable): void {
    this.kv = structuredClone(kv); // a message is not copied on its way: never share a sender's object
    this.done = structuredClone(done);
  }

  private isPrimary(): boolean {
    return this.config.primary === this.id && !this.retired;
  }

  protected hasLease(): boolean {
    return this.localTime < this.leaseUntil;
  }

  private ping(): void {
    const ready = this.config.backup === this.id && this.ready;
    this.send(this.options.manager, { type: "ping", v: this.options.version, epoch: this.retired ? 0 : this.config.epoch, ready, sentAt: this.localTime });
  }

  private adopt(config: Config): void {
    const wasPrimary = this.isPrimary();
    this.config = config;
    this.retired = false;
    this.ready = false;
    this.synced = config.backup === null;
    if (!wasPrimary || !this.isPrimary()) this.leaseUntil = -Infinity;
    if (!this.isPrimary()) this.queue = [];
    this.save();
    this.retransmit();
  }

  private onRequest(from: string, msg: RequestMsg): void {
    if (!this.isPrimary()) return this.send(from, { type: "not-primary", v: this.options.version, rid: msg.rid });
    if (!isWrite(msg.op)) {
      // A read answered alone is only safe while no other server can be primary: under the lease.
      if (this.hasLease()) this.reply(from, msg.rid, applyOp(this.kv, msg.op));
      return;
    }
    const last = this.done[msg.client];
    if (last !== undefined && last.rid === msg.rid) return this.reply(from, msg.rid, last.output);
    if ((last !== undefined && last.rid > msg.rid) || this.queue.some((q) => q.client === msg.client && q.rid === msg.rid)) return;
    this.queue.push(msg);
    this.pump();
  }

  /** Moves the head of the queue along: alone under the lease, or forwarded to the backup. */
  private pump(): void {
    const head = this.queue[0];
    if (!this.isPrimary() || head === undefined) return;
    if (this.config.backup === null) {
      if (!this.hasLease()) return;
      this.commit(head);
      return this.pump();
    }
    if (!this.synced) return;
    this.send(this.config.backup, { type: "forward", v: this.options.version, epoch: this.config.epoch, client: head.client, rid: head.rid, op: head.op });
  }

  private retransmit(): void {
    if (!this.isPrimary()) return;
    if (this.config.backup !== null && !this.synced) {
      this.send(this.config.backup, { type: "state", v: this.options.version, epoch: this.config.epoch, kv: { ...this.kv }, done: structuredClone(this.done) });
    } else this.pump();
  }

  private commit(head: RequestMsg): void {
    this.queue.shift();
    const output = this.execute(head.client, head.rid, head.op);
    this.save();
    this.reply(head.client, head.rid, output);
  }

  /** Applies a client's write once, whatever number of times it arrives. */
  protected execute(client: string, rid: number, op: Op): string {
    const last = this.done[client];
    if (last !== undefined && last.rid >= rid) return last.output;
    const output = applyOp(this.kv, op);
    this.done[client] = { rid, output };
    return output;
  }

  private reply(to: string, rid: number, output: string): void {
    this.send(to, { type: "reply", v: this.options.version, rid, epoch: this.config.epoch, output });
  }

  private save(): void {
    const saved: Saved = { config: this.config, kv: this.kv, done: this.done, ready: this.ready, synced: this.synced };
    this.durable.set("server", saved);
  }
  // END SOLUTION
}

export class Client implements ServiceClient {
  // BEGIN SOLUTION
  private primary: string | null = null;
  private rid = 0;
  private op: Op | null = null;
  private tries = 0;
  private timer: number | null = null;

  constructor(readonly io: ClientIO) {}
  // END SOLUTION
  /* STUB
  constructor(readonly io: ClientIO) {
    notImplemented("10", "Client");
  }
  */

  invoke(op: Op): void {
    // BEGIN SOLUTION
    this.op = op;
    this.rid++;
    this.tries = 0;
    this.attempt();
    // END SOLUTION
    /* STUB
    notImplemented("10", "Client.invoke(op)");
    */
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    // BEGIN SOLUTION
    if (msg.type === "config" && from === this.io.manager) {
      this.primary = msg.primary;
      if (this.op !== null && this.primary !== null) this.attempt();
    } else if (msg.type === "reply" && msg.rid === this.rid && this.op !== null) {
      this.op = null;
      if (this.timer !== null) this.io.cancelTimer(this.timer);
      this.io.done(msg.output);
    } else if (msg.type === "not-primary" && msg.rid === this.rid && this.op !== null) {
      this.tries = 3; // ask the manager at the next retry (not at once: it may not know better yet)
    }
    // END SOLUTION
    /* STUB
    notImplemented("10", "Client.onMessage(from, msg)");
    */
  }
  // BEGIN SOLUTION

  /** Sends the operation to the primary I know, or asks the manager after three silent tries. */
  private attempt(): void {
    if (this.timer !== null) this.io.cancelTimer(this.timer);
    if (this.primary === null || this.tries >= 3) {
      this.primary = null;
      this.tries = 0;
      this.io.send(this.io.manager, { type: "get-config", v: this.io.version });
    } else {
      this.tries++;
      this.io.send(this.primary, { type: "request", v: this.io.version, client: this.io.id, rid: this.rid, op: this.op! });
    }
    this.timer = this.io.setTimer(100, () => this.attempt(), "retry");
  }
  // END SOLUTION
}
