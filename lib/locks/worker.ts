/**
 * A client of a lock server that, while it holds the lock, writes to a storage node: the workload
 * of chapter 04's demos. It knows nothing about leases; subclasses add that.
 *
 *   sim.add("a", () => new LockWorker({ server: "locks", storage: "storage", writes: 3 }));
 *
 * What it does, `rounds` times: send "acquire" (again every `retryMs` if no grant arrives, when
 * set); on "granted", believe it holds the lock (mark "lock-acquired"); every `writeEveryMs`
 * decide to write, then `prepareMs` later send { type: "write", token, value: "<id>#<token>.<n>" }
 * to the storage; after `writes` writes send "release" (mark "lock-released"); wait `thinkMs`.
 *
 * `prepareMs` is the gap between checking "do I still hold the lock?" and the write reaching the
 * wire (building the request, a disk read, ...). A pause that lands in that gap is the pause
 * problem: the check was true, the write goes out much later.
 *
 * For subclasses (notebook 04's lease-aware worker):
 *   onAcquired(token)   runs when a grant arrives (start a lease timer here)
 *   stillHolds()        checked before each write; false ends the hold (default: always true)
 *   stop(reason)        ends the belief without sending "release" (say, the lease ran out)
 */
import { Node } from "../sim/node";
import type { LockReply, LockRequest, StorageReply, WriteRequest } from "./protocol";

export interface LockWorkerOptions {
  /** Id of the lock server. */
  server: string;
  /** Id of the storage node. */
  storage: string;
  /** Writes per hold before releasing. Default 3. */
  writes?: number;
  /** Time between writes while holding, ms (local clock). Default 100. */
  writeEveryMs?: number;
  /** Time from deciding to write to sending the write, ms. Default 0. */
  prepareMs?: number;
  /** When to ask for the lock first, ms after start. Default 0. */
  startAfterMs?: number;
  /** How many times to take the lock. Default 1. */
  rounds?: number;
  /** Wait between a release and the next "acquire", ms. Default 200. */
  thinkMs?: number;
  /** Resend "acquire" this often while waiting, ms (0: never). Default 0. */
  retryMs?: number;
}

export class LockWorker extends Node<LockRequest | LockReply | WriteRequest | StorageReply> {
  readonly options: Required<LockWorkerOptions>;
  /** The token of the grant this worker believes it holds, or null. */
  token: number | null = null;
  /** Holds completed so far. */
  holds = 0;
  private writesDone = 0;
  private waiting = false;
  private retryTimer: number | null = null;

  constructor(options: LockWorkerOptions) {
    super();
    this.options = {
      writes: 3,
      writeEveryMs: 100,
      prepareMs: 0,
      startAfterMs: 0,
      rounds: 1,
      thinkMs: 200,
      retryMs: 0,
      ...options,
    };
  }

  onStart(): void {
    this.setTimer(this.options.startAfterMs, () => this.requestLock(), "start");
  }

  onMessage(_from: string, msg: LockRequest | LockReply | WriteRequest | StorageReply): void {
    if (msg.type !== "granted" || !this.waiting) return;
    this.waiting = false;
    if (this.retryTimer !== null) this.cancelTimer(this.retryTimer);
    this.token = msg.token;
    this.writesDone = 0;
    this.mark("lock-acquired", { holder: this.id, token: msg.token });
    this.onAcquired(msg.token);
    this.setTimer(this.options.writeEveryMs, () => this.work(msg.token), "work");
  }

  /** Asks the lock server for the lock. */
  protected requestLock(): void {
    this.waiting = true;
    this.mark("lock-requested", { holder: this.id });
    this.send(this.options.server, { type: "acquire" });
    if (this.options.retryMs > 0) {
      this.retryTimer = this.every(this.options.retryMs, () => this.send(this.options.server, { type: "acquire" }), "retry acquire");
    }
  }

  /** Runs when a grant arrives. Nothing here. */
  protected onAcquired(_token: number): void {}

  /** Checked before each write. Without leases: a lock once granted is held until released. */
  protected stillHolds(): boolean {
    return true;
  }

  /** Ends the belief in grant `token` without telling the server, and moves on to the next round. */
  protected stop(reason: string): void {
    if (this.token === null) return;
    this.mark("lock-released", { holder: this.id, token: this.token, reason });
    this.token = null;
    this.holds++;
    if (this.holds < this.options.rounds) this.setTimer(this.options.thinkMs, () => this.requestLock(), "think");
  }

  private work(token: number): void {
    if (this.token !== token) return;
    if (!this.stillHolds()) return this.stop("lease ran out");
    if (this.writesDone >= this.options.writes) {
      this.send(this.options.server, { type: "release", token });
      return this.stop("released");
    }
    this.writesDone++;
    const write: WriteRequest = { type: "write", token, value: `${this.id}#${token}.${this.writesDone}` };
    if (this.options.prepareMs > 0) {
      this.setTimer(this.options.prepareMs, () => this.send(this.options.storage, write), "prepare write");
    } else {
      this.send(this.options.storage, write);
    }
    this.setTimer(this.options.writeEveryMs, () => this.work(token), "work");
  }
}
