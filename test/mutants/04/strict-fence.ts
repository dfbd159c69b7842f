/**
 * Mutant of exercise 04: the storage rejects a write whose token equals the newest one, so a holder's second write is refused.
 */
import { Node } from "../../../lib";

export type LeaseMessage =
  | { type: "acquire"; req: number }
  | { type: "granted"; token: number; req: number }
  | { type: "renew"; token: number; req: number }
  | { type: "renewed"; token: number; req: number }
  | { type: "release"; token: number }
  | { type: "write"; token: number; value: string }
  | { type: "write-ok"; token: number }
  | { type: "write-rejected"; token: number; newest: number };

export interface LeaseLockServerOptions {
  /** How long a grant or a renewal lasts, ms on the server's clock. */
  leaseMs: number;
}

export interface LeaseLockClientOptions {
  /** Id of the lock server. */
  server: string;
  /** Id of the storage node. */
  storage: string;
  /** The server's lease length, ms. */
  leaseMs: number;
  /** Send "renew" this often while holding, ms. Default leaseMs / 3. */
  renewEveryMs?: number;
  /** Resend "acquire" this often while waiting, ms. Default 150. */
  retryMs?: number;
  /** Worst clock drift (either way, any node) to stay safe under, ppm. Default 0. */
  maxDriftPpm?: number;
  /** One write every writeEveryMs while holding, ms. Default 50. */
  writeEveryMs?: number;
  /** Writes per hold, then release. Default 4. */
  writesPerHold?: number;
  /** Wait after a hold ends before asking again, ms. Default 300. */
  thinkMs?: number;
  /** First "acquire" this long after start, ms. Default 0. */
  startAfterMs?: number;
}

/** The local-clock time a client may keep believing after sending a request (see the docstring). */
export function safeHoldMs(leaseMs: number, maxDriftPpm: number): number {
  const rho = maxDriftPpm / 1e6;
  return (leaseMs * (1 - rho)) / (1 + rho);
}

interface Lease {
  client: string;
  token: number;
  req: number;
  timer: number;
}

export class LeaseLockServer extends Node<LeaseMessage> {
  readonly leaseMs: number;
  holder: Lease | null = null;
  readonly waiting: Array<{ client: string; req: number }> = [];

  constructor(options: LeaseLockServerOptions) {
    super();
    this.leaseMs = options.leaseMs;
  }

  onMessage(from: string, msg: LeaseMessage): void {
    const holder = this.holder;
    switch (msg.type) {
      case "acquire": {
        if (holder !== null && holder.client === from) {
          this.send(from, { type: "granted", token: holder.token, req: holder.req });
          return;
        }
        const queued = this.waiting.find((w) => w.client === from);
        if (queued) queued.req = Math.max(queued.req, msg.req);
        else this.waiting.push({ client: from, req: msg.req });
        return this.grantNext();
      }
      case "renew":
        if (holder === null || holder.token !== msg.token || holder.client !== from) return;
        this.cancelTimer(holder.timer);
        holder.timer = this.expiry(holder.token);
        this.send(from, { type: "renewed", token: msg.token, req: msg.req });
        return;
      case "release":
        if (holder === null || holder.token !== msg.token) return;
        this.free("released");
        return this.grantNext();
    }
  }

  private grantNext(): void {
    if (this.holder !== null || this.waiting.length === 0) return;
    const next = this.waiting.shift()!;
    const token = (this.durable.get<number>("lastToken") ?? 0) + 1;
    this.durable.set("lastToken", token);
    this.holder = { client: next.client, token, req: next.req, timer: this.expiry(token) };
    this.mark("lock-granted", { holder: next.client, token });
    this.send(next.client, { type: "granted", token, req: next.req });
  }

  private expiry(token: number): number {
    return this.setTimer(this.leaseMs, () => {
      if (this.holder === null || this.holder.token !== token) return;
      this.free("expired");
      this.grantNext();
    }, "lease");
  }

  private free(reason: string): void {
    const holder = this.holder!;
    this.cancelTimer(holder.timer);
    this.mark("lock-freed", { holder: holder.client, token: holder.token, reason });
    this.holder = null;
  }
}

export class LeaseLockClient extends Node<LeaseMessage> {
  readonly options: Required<LeaseLockClientOptions>;
  /** The token this client believes it holds, or null. */
  token: number | null = null;
  /** Local-clock time when the current belief ends. */
  private validUntil = -Infinity;
  private readonly sentAt = new Map<number, number>();
  private nextReq = 0;
  private wanting = false;
  private writes = 0;
  private timers: number[] = [];
  private beliefTimer: number | null = null;

  constructor(options: LeaseLockClientOptions) {
    super();
    this.options = {
      renewEveryMs: options.leaseMs / 3,
      retryMs: 150,
      maxDriftPpm: 0,
      writeEveryMs: 50,
      writesPerHold: 4,
      thinkMs: 300,
      startAfterMs: 0,
      ...options,
    };
  }

  onStart(): void {
    this.setTimer(this.options.startAfterMs, () => this.acquire(), "start");
  }

  onMessage(_from: string, msg: LeaseMessage): void {
    if (msg.type === "granted") this.onGranted(msg.token, msg.req);
    else if (msg.type === "renewed" && msg.token === this.token) this.extend(msg.req);
  }

  private acquire(): void {
    this.wanting = true;
    this.mark("lock-requested", { holder: this.id });
    this.sendAcquire();
    this.timers.push(this.every(this.options.retryMs, () => this.sendAcquire(), "retry acquire"));
  }

  private request(): number {
    const req = this.incarnation * 1_000_000 + ++this.nextReq;
    this.sentAt.set(req, this.localTime);
    return req;
  }

  private sendAcquire(): void {
    this.send(this.options.server, { type: "acquire", req: this.request() });
  }

  private onGranted(token: number, req: number): void {
    const sent = this.sentAt.get(req);
    if (!this.wanting || this.token !== null || sent === undefined) return;
    const until = sent + safeHoldMs(this.options.leaseMs, this.options.maxDriftPpm);
    if (until <= this.localTime) return;
    this.wanting = false;
    this.clearTimers();
    this.token = token;
    this.writes = 0;
    this.validUntil = -Infinity;
    this.mark("lock-acquired", { holder: this.id, token });
    this.extend(req);
    this.timers.push(this.every(this.options.renewEveryMs, () => this.renew(token), "renew"));
    this.timers.push(this.every(this.options.writeEveryMs, () => this.work(token), "work"));
  }

  private renew(token: number): void {
    if (this.token === token) this.send(this.options.server, { type: "renew", token, req: this.request() });
  }

  /** Moves the belief's end to the send time of request `req` plus the safe hold. */
  private extend(req: number): void {
    const sent = this.sentAt.get(req);
    if (sent === undefined) return;
    const until = sent + safeHoldMs(this.options.leaseMs, this.options.maxDriftPpm);
    if (until <= this.validUntil) return;
    this.validUntil = until;
    if (this.beliefTimer !== null) this.cancelTimer(this.beliefTimer);
    const token = this.token;
    this.beliefTimer = this.setTimer(Math.max(0, until - this.localTime), () => {
      if (this.token === token && this.localTime >= this.validUntil) this.stopHolding("expired");
    }, "lease end");
  }

  private work(token: number): void {
    if (this.token !== token) return;
    if (this.localTime >= this.validUntil) return this.stopHolding("expired");
    if (this.writes >= this.options.writesPerHold) {
      this.send(this.options.server, { type: "release", token });
      return this.stopHolding("released");
    }
    this.writes++;
    this.send(this.options.storage, { type: "write", token, value: `${this.id}#${token}.${this.writes}` });
  }

  private stopHolding(reason: string): void {
    this.mark("lock-released", { holder: this.id, token: this.token!, reason });
    this.token = null;
    this.clearTimers();
    if (this.beliefTimer !== null) this.cancelTimer(this.beliefTimer);
    this.beliefTimer = null;
    this.sentAt.clear();
    this.setTimer(this.options.thinkMs, () => this.acquire(), "think");
  }

  private clearTimers(): void {
    for (const id of this.timers) this.cancelTimer(id);
    this.timers = [];
  }
}

export class FencedStorage extends Node<LeaseMessage> {
  /** The resource. */
  value: string | null = null;
  /** The newest token accepted so far. */
  token = 0;

  onMessage(from: string, msg: LeaseMessage): void {
    if (msg.type !== "write") return;
    if (msg.token <= this.token) {
      this.mark("write-rejected", { writer: from, token: msg.token, newest: this.token });
      this.send(from, { type: "write-rejected", token: msg.token, newest: this.token });
      return;
    }
    this.token = msg.token;
    this.value = msg.value;
    this.mark("write-accepted", { writer: from, token: msg.token, value: msg.value });
    this.send(from, { type: "write-ok", token: msg.token });
  }
}
