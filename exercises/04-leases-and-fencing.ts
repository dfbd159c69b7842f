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
import { Node, notImplemented } from "../lib";
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
  notImplemented("04", "safeHoldMs(leaseMs, maxDriftPpm)");
}

export class LeaseLockServer extends Node<LeaseMessage> {
  constructor(options: LeaseLockServerOptions) {
    super();
    notImplemented("04", "LeaseLockServer");
  }
}

export class LeaseLockClient extends Node<LeaseMessage> {
  constructor(options: LeaseLockClientOptions) {
    super();
    notImplemented("04", "LeaseLockClient");
  }
}

export class FencedStorage extends Node<LeaseMessage> {
  /** The resource. */
  value: string | null = null;
  /** The newest token accepted so far. */
  token = 0;

  onMessage(from: string, msg: LeaseMessage): void {
    notImplemented("04", "FencedStorage.onMessage(from, msg)");
  }
}
