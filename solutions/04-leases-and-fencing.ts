/**
 * Exercise 04: a lock that survives its holder — leases and fencing tokens.
 *
 * Build three nodes that together make a lock safe in a world of crashes, pauses, partitions,
 * lost messages and drifting clocks:
 *
 *   LeaseLockServer   grants the lock for a lease of `leaseMs`, in FIFO order, with a token
 *   LeaseLockClient   acquires, renews before the lease runs out, writes while it holds, releases
 *   FencedStorage     the resource: refuses any write whose token is older than one it accepted
 *
 *   sim.add("locks", () => new LeaseLockServer({ leaseMs: 600 }));
 *   sim.add("storage", () => new FencedStorage());
 *   sim.add("a", () => new LeaseLockClient({ server: "locks", storage: "storage", leaseMs: 600 }));
 *
 * Also export safeHoldMs(leaseMs, maxDriftPpm): the client's safe hold below (used by your client).
 *
 * Messages (plain objects; the grader's own nodes speak this protocol to your server and storage):
 *
 *   client → server   { type: "acquire", req }          req: a number the client never reuses (put
 *                                                       this.incarnation in it: a restart starts over)
 *   server → client   { type: "granted", token, req }   token: 1, 2, 3, ... one per grant, never reused;
 *                                                       req: the newest "acquire" req the server had
 *                                                       from this client when it granted
 *   client → server   { type: "renew", token, req }     extend my lease
 *   server → client   { type: "renewed", token, req }   only if `token` is the current lease: it now
 *                                                       ends leaseMs after the server got the renew
 *   client → server   { type: "release", token }        done (ignored unless token is current)
 *   client → storage  { type: "write", token, value }
 *   storage → client  { type: "write-ok", token } or { type: "write-rejected", token, newest }
 *
 * LeaseLockServer({ leaseMs }):
 *   - "acquire" puts the client at the back of a FIFO queue (once; a repeat only updates its req).
 *     An "acquire" from the current holder is answered with its grant again (same token and req).
 *   - When the lock is free, the head of the queue gets "granted" with the next token.
 *   - A lease not renewed within leaseMs (server clock) expires: the lock goes to the next waiter.
 *   - Marks: "lock-granted" { holder, token }, "lock-freed" { holder, token, reason }.
 *   The lock server itself never crashes in the graded runs.
 *
 * LeaseLockClient(options: LeaseLockClientOptions), in rounds:
 *   - after startAfterMs: mark "lock-requested" { holder }, send "acquire", resend every retryMs
 *     (new req each time) until granted;
 *   - on "granted": it may believe it holds the lock until T + safe, where T is ITS OWN clock's
 *     reading when it sent the "acquire" with that req (never later than the grant), and
 *     safe = leaseMs · (1 − ρ) / (1 + ρ), ρ = maxDriftPpm / 10^6 (notebook 04 derives why). Mark
 *     "lock-acquired" { holder, token } (if T + safe is already past, ignore the grant);
 *   - while it believes: "renew" every renewEveryMs (each "renewed" moves the end to T' + safe, T'
 *     the send time of that renew); every writeEveryMs send one "write" with its token and value
 *     `${id}#${token}.${n}` (n = 1, 2, ...), checking first that the belief is still good;
 *   - after writesPerHold writes: send "release", mark "lock-released" { holder, token, reason: "released" };
 *   - if the belief's end comes first (a timer): mark "lock-released" { ..., reason: "expired" } and
 *     stop writing;
 *   - either way, wait thinkMs and start the next round (forever).
 *
 * FencedStorage():
 *   - public `value` (string | null, the resource) and `token` (newest accepted token, 0 at first);
 *   - a write with token ≥ `token` is accepted: update both, mark "write-accepted"
 *     { writer, token, value }, reply "write-ok"; otherwise mark "write-rejected"
 *     { writer, token, newest } and reply "write-rejected". The storage never crashes in the runs.
 *
 * Graded (test/graders/04-leases-and-fencing.grader.ts, many seeds each), 24 points. Mutual
 * exclusion under leases carries half (12): a client whose belief outlives its lease loses at
 * least half the points.
 *   [3] storage: writes from the grader's nodes, reordered, duplicated and lost; your storage must
 *       accept exactly the writes fencing allows, reply to each, and end holding the right value;
 *   [3] safety: your three nodes plus a "zombie" client of the grader's (it never renews and keeps
 *       writing with its old token): the storage never accepts an older token than one it
 *       accepted, and its content is the newest holder's write;
 *   [4] lease belief, with holds of 30 writes (longer than two leases) and pauses, partitions,
 *       loss and ±2% drift during them: every write a client sends, and every "lock-acquired" it
 *       marks, comes no later than T + safe (converted to true time with its clock's drift),
 *       T being the send time of an "acquire" or "renew" the server answered for that token;
 *   [4] the same, with crashes, partitions, loss and every clock drifting up to ±5%;
 *   [4] mutual exclusion in those runs: no two clients ever believe they hold the lock at once
 *       (their "lock-acquired" ... "lock-released" intervals never overlap);
 *   [2] renewal: a client whose work outlasts several leases keeps the lock to the end;
 *   [2] liveness: after the holder crashes, a waiting client holds the lock within leaseMs + 500 ms;
 *   [2] no starvation: three clients that ask again at once after every release each get at least a
 *       fifth of the holds.
 * Every check first asks that your server hand the lock over only on what reached it and its own
 * clock: a new token only once the holder's "release" has arrived or its lease has run out (leaseMs
 * on the server's clock after the grant or the last renew it got). Liveness and no starvation also
 * ask that it then do so at once (at the latest 25 ms later) if a client waits: a timer per lease,
 * not a check when the next message comes. A server that frees the lock when it expects the holder
 * to be gone (from the run's seed, say) fails them.
 * A failing check names the seed and the line to replay it in notebook 04: replay("04", "safety", 7).
 */
/* STUB
import { Node, notImplemented } from "../lib";
*/
// BEGIN SOLUTION
import { Node } from "../lib";
// END SOLUTION
import type { LeaseMessage } from "../lib/locks";

/** The messages above, declared in lib/locks/protocol.ts. */
export type { LeaseMessage };

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
  // BEGIN SOLUTION
  const rho = maxDriftPpm / 1e6;
  return (leaseMs * (1 - rho)) / (1 + rho);
  // END SOLUTION
  /* STUB
  notImplemented("04", "safeHoldMs(leaseMs, maxDriftPpm)");
  */
}
// BEGIN SOLUTION

interface Lease {
  client: string;
  token: number;
  req: number;
  timer: number;
}
// END SOLUTION

export class LeaseLockServer extends Node<LeaseMessage> {
  // BEGIN SOLUTION
  readonly leaseMs: number;
  holder: Lease | null = null;
  readonly waiting: Array<{ client: string; req: number }> = [];

  // END SOLUTION
  constructor(options: LeaseLockServerOptions) {
    super();
    // BEGIN SOLUTION
    this.leaseMs = options.leaseMs;
    // END SOLUTION
    /* STUB
    notImplemented("04", "LeaseLockServer");
    */
  }
  // BEGIN SOLUTION

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
  // END SOLUTION
}

export class LeaseLockClient extends Node<LeaseMessage> {
  // BEGIN SOLUTION
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

  // END SOLUTION
  constructor(options: LeaseLockClientOptions) {
    super();
    // BEGIN SOLUTION
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
    // END SOLUTION
    /* STUB
    notImplemented("04", "LeaseLockClient");
    */
  }
  // BEGIN SOLUTION

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
  // END SOLUTION
}

export class FencedStorage extends Node<LeaseMessage> {
  /** The resource. */
  value: string | null = null;
  /** The newest token accepted so far. */
  token = 0;

  onMessage(from: string, msg: LeaseMessage): void {
    // BEGIN SOLUTION
    if (msg.type !== "write") return;
    if (msg.token < this.token) {
      this.mark("write-rejected", { writer: from, token: msg.token, newest: this.token });
      this.send(from, { type: "write-rejected", token: msg.token, newest: this.token });
      return;
    }
    this.token = msg.token;
    this.value = msg.value;
    this.mark("write-accepted", { writer: from, token: msg.token, value: msg.value });
    this.send(from, { type: "write-ok", token: msg.token });
    // END SOLUTION
    /* STUB
    notImplemented("04", "FencedStorage.onMessage(from, msg)");
    */
  }
}
