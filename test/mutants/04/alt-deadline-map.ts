/**
 * A correct answer to exercise 04 built differently: the server keeps its waiters in a Map (which
 * iterates in insertion order, so it is a FIFO queue) and one lease deadline that a single
 * periodic sweep checks; the client remembers, per req, its local send time, keeps the end of its
 * belief as one number, and drives writing and renewing from one tick timer, with a second timer
 * only for the moment the belief ends.
 * Kept as a whole file, not a patch of the solution: the server's queue and lease and the client's
 * timers are organised another way, so a patch would replace nearly every line.
 */
import { Node } from "../../../lib";
import type { LeaseLockClientOptions, LeaseLockServerOptions, LeaseMessage } from "../../../solutions/04-leases-and-fencing";

// The interface, as the exercise declares it.
export type { LeaseLockClientOptions, LeaseLockServerOptions, LeaseMessage };

export function safeHoldMs(leaseMs: number, maxDriftPpm: number): number {
  return (leaseMs * (1e6 - maxDriftPpm)) / (1e6 + maxDriftPpm);
}

export class LeaseLockServer extends Node<LeaseMessage> {
  private readonly waiters = new Map<string, number>();
  private lease: { client: string; token: number; req: number; until: number } | null = null;
  private tokens = 0;

  constructor(readonly options: LeaseLockServerOptions) {
    super();
  }

  onStart(): void {
    this.every(5, () => {
      if (this.lease !== null && this.localTime >= this.lease.until) this.end("expired");
    }, "sweep");
  }

  onMessage(from: string, msg: LeaseMessage): void {
    const lease = this.lease;
    if (msg.type === "acquire") {
      if (lease !== null && lease.client === from) return this.send(from, { type: "granted", token: lease.token, req: lease.req });
      this.waiters.set(from, Math.max(this.waiters.get(from) ?? msg.req, msg.req));
      this.grant();
    } else if (msg.type === "renew" && lease !== null && lease.client === from && lease.token === msg.token) {
      lease.until = this.localTime + this.options.leaseMs;
      this.send(from, { type: "renewed", token: msg.token, req: msg.req });
    } else if (msg.type === "release" && lease !== null && lease.token === msg.token) {
      this.end("released");
    }
  }

  private end(reason: string): void {
    this.mark("lock-freed", { holder: this.lease!.client, token: this.lease!.token, reason });
    this.lease = null;
    this.grant();
  }

  private grant(): void {
    if (this.lease !== null || this.waiters.size === 0) return;
    const [client, req] = this.waiters.entries().next().value as [string, number];
    this.waiters.delete(client);
    this.lease = { client, token: ++this.tokens, req, until: this.localTime + this.options.leaseMs };
    this.mark("lock-granted", { holder: client, token: this.lease.token });
    this.send(client, { type: "granted", token: this.lease.token, req });
  }
}

export class LeaseLockClient extends Node<LeaseMessage> {
  private readonly o: Required<LeaseLockClientOptions>;
  private readonly sent = new Map<number, number>();
  private seq = 0;
  private state: "idle" | "waiting" | "holding" = "idle";
  private token = 0;
  private end = -Infinity;
  private written = 0;
  private ticks = 0;
  private loop = -1;
  private endTimer = -1;

  constructor(options: LeaseLockClientOptions) {
    super();
    this.o = { renewEveryMs: options.leaseMs / 3, retryMs: 150, maxDriftPpm: 0, writeEveryMs: 50, writesPerHold: 4, thinkMs: 300, startAfterMs: 0, ...options };
  }

  onStart(): void {
    this.setTimer(this.o.startAfterMs, () => this.want(), "start");
  }

  private ask(type: "acquire" | "renew"): void {
    const req = this.incarnation * 1e6 + ++this.seq;
    this.sent.set(req, this.localTime);
    this.send(this.o.server, type === "acquire" ? { type, req } : { type, token: this.token, req });
  }

  private want(): void {
    this.state = "waiting";
    this.mark("lock-requested", { holder: this.id });
    this.ask("acquire");
    this.loop = this.every(this.o.retryMs, () => this.ask("acquire"), "retry");
  }

  onMessage(_from: string, msg: LeaseMessage): void {
    if (msg.type === "granted" && this.state === "waiting") {
      const t = this.sent.get(msg.req);
      if (t === undefined || t + safeHoldMs(this.o.leaseMs, this.o.maxDriftPpm) <= this.localTime) return;
      this.cancelTimer(this.loop);
      this.state = "holding";
      this.token = msg.token;
      this.written = 0;
      this.ticks = 0;
      this.end = -Infinity;
      this.mark("lock-acquired", { holder: this.id, token: this.token });
      this.believeFrom(t);
      this.loop = this.every(this.o.writeEveryMs, () => this.tick(), "tick");
    } else if (msg.type === "renewed" && this.state === "holding" && msg.token === this.token) {
      const t = this.sent.get(msg.req);
      if (t !== undefined) this.believeFrom(t);
    }
  }

  private believeFrom(sentAt: number): void {
    const end = sentAt + safeHoldMs(this.o.leaseMs, this.o.maxDriftPpm);
    if (end <= this.end) return;
    this.end = end;
    this.cancelTimer(this.endTimer);
    this.endTimer = this.setTimer(Math.max(0, end - this.localTime), () => {
      if (this.state === "holding" && this.localTime >= this.end) this.finish("expired");
    }, "belief end");
  }

  private tick(): void {
    if (this.state !== "holding") return;
    if (this.localTime >= this.end) return this.finish("expired");
    this.ticks++;
    if ((this.ticks * this.o.writeEveryMs) % this.o.renewEveryMs < this.o.writeEveryMs) this.ask("renew");
    if (this.written === this.o.writesPerHold) {
      this.send(this.o.server, { type: "release", token: this.token });
      return this.finish("released");
    }
    this.send(this.o.storage, { type: "write", token: this.token, value: `${this.id}#${this.token}.${++this.written}` });
  }

  private finish(reason: string): void {
    this.mark("lock-released", { holder: this.id, token: this.token, reason });
    this.state = "idle";
    this.cancelTimer(this.loop);
    this.cancelTimer(this.endTimer);
    this.sent.clear();
    this.setTimer(this.o.thinkMs, () => this.want(), "think");
  }
}

export class FencedStorage extends Node<LeaseMessage> {
  value: string | null = null;
  token = 0;

  onMessage(from: string, msg: LeaseMessage): void {
    if (msg.type !== "write") return;
    const ok = msg.token >= this.token;
    if (ok) {
      this.token = msg.token;
      this.value = msg.value;
    }
    this.mark(ok ? "write-accepted" : "write-rejected", ok ? { writer: from, token: msg.token, value: msg.value } : { writer: from, token: msg.token, newest: this.token });
    this.send(from, ok ? { type: "write-ok", token: msg.token } : { type: "write-rejected", token: msg.token, newest: this.token });
  }
}
