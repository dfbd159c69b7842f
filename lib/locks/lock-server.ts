/**
 * A lock server WITHOUT leases: it grants the lock until the holder releases it. The building
 * block of chapter 04, and its first problem: if the holder crashes, nobody ever releases it.
 *
 *   sim.add("locks", new ForeverLockServer());
 *
 * Protocol (protocol.ts): "acquire" queues the sender (FIFO, once); when the lock is free the head
 * of the queue gets { type: "granted", token } with token = 1, 2, 3, ... (the counter is durable,
 * so a restarted server never reuses a token). "release" with the current token frees the lock;
 * a release with any other token is ignored. An "acquire" from the current holder (it lost the
 * grant message and asked again) is answered with the same grant.
 *
 * Marks (marks.ts): "lock-granted" { holder, token }, "lock-freed" { holder, token, reason }.
 *
 * Subclasses extend it through two protected methods: `onGranted(grant)` runs after every grant
 * (a lease server starts its expiry timer there) and `free(reason)` then `grantNext()` hand the
 * lock on. Notebook 04 builds its demo lease server that way.
 */
import { Node } from "../sim/node";
import type { LockReply, LockRequest } from "./protocol";

export interface Grant {
  holder: string;
  token: number;
  /** Virtual time of the grant, ms. */
  at: number;
}

const TOKEN_KEY = "lastToken";

export class ForeverLockServer extends Node<LockRequest | LockReply> {
  /** The current grant, or null when the lock is free. */
  holder: Grant | null = null;
  /** Clients waiting for the lock, first come first served. */
  readonly waiting: string[] = [];

  onMessage(from: string, msg: LockRequest | LockReply): void {
    if (msg.type === "acquire") {
      if (this.holder !== null && this.holder.holder === from) {
        this.send(from, { type: "granted", token: this.holder.token });
        return;
      }
      if (!this.waiting.includes(from)) this.waiting.push(from);
      this.grantNext();
    } else if (msg.type === "release") {
      if (this.holder !== null && this.holder.token === msg.token) {
        this.free("released");
        this.grantNext();
      }
    }
  }

  /** Gives the lock to the first waiting client, if the lock is free. */
  protected grantNext(): void {
    if (this.holder !== null || this.waiting.length === 0) return;
    const client = this.waiting.shift()!;
    const token = (this.durable.get<number>(TOKEN_KEY) ?? 0) + 1;
    this.durable.set(TOKEN_KEY, token);
    const grant: Grant = { holder: client, token, at: this.now };
    this.holder = grant;
    this.mark("lock-granted", { holder: client, token });
    this.send(client, { type: "granted", token });
    this.onGranted(grant);
  }

  /** Frees the lock held by the current holder (no message is sent). */
  protected free(reason: string): void {
    if (this.holder === null) return;
    this.mark("lock-freed", { holder: this.holder.holder, token: this.holder.token, reason });
    this.holder = null;
  }

  /** Called after every grant. Does nothing here: this server never takes a lock back. */
  protected onGranted(_grant: Grant): void {}
}
