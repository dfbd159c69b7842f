/**
 * Exercise 10 (reference solution): the primary, the backup and the client of a replicated
 * lock and key-value service that stays correct under every fault of the course.
 * The task, the interface and what is graded are in exercises/10-primary-backup.ts.
 */
import {
  Node, applyOp, isWrite,
  type CapstoneMsg, type ClientIO, type Config, type DoneTable, type KvState, type Op, type RequestMsg, type ServerOptions, type ServiceClient,
} from "../lib";

/** What a server keeps on its disk (`this.durable`), written before it acknowledges anything. */
interface Saved {
  config: Config;
  kv: KvState;
  done: DoneTable;
  ready: boolean;
  synced: boolean;
}

export class Server extends Node<CapstoneMsg> {
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

  constructor(readonly options: ServerOptions) {
    super();
  }

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
}

export class Client implements ServiceClient {
  private primary: string | null = null;
  private rid = 0;
  private op: Op | null = null;
  private tries = 0;
  private timer: number | null = null;

  constructor(readonly io: ClientIO) {}

  invoke(op: Op): void {
    this.op = op;
    this.rid++;
    this.tries = 0;
    this.attempt();
  }

  onMessage(from: string, msg: CapstoneMsg): void {
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
  }

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
}
