/**
 * The messages of chapter 04's demo nodes: a client asks a lock server for a lock, then writes to
 * a storage node while it believes it holds it.
 *
 *   client → lock server   { type: "acquire" }                  queue me; answered with "granted"
 *   lock server → client   { type: "granted", token }           you hold the lock; token = grant number
 *   client → lock server   { type: "release", token }           I am done with grant `token`
 *   client → storage       { type: "write", token, value }      overwrite the resource with `value`
 *   storage → client       { type: "write-ok", token }          accepted
 *                          { type: "write-rejected", token, newest }   refused (a fenced storage only)
 *
 * Tokens count the grants: 1, 2, 3, ... (never reused, even across a lock-server restart), so a
 * larger token always means a later grant.
 *
 * Exercise 04's lease protocol (LeaseMessage) extends these messages: "acquire" and "granted"
 * carry the client's request number `req`, and a holder renews its lease:
 *
 *   client → lock server   { type: "renew", token, req }        extend my lease
 *   lock server → client   { type: "renewed", token, req }      extended (only for the current lease)
 *
 * exercises/04-leases-and-fencing.ts documents what each side does with them.
 */

export interface AcquireRequest {
  type: "acquire";
}
export interface ReleaseRequest {
  type: "release";
  token: number;
}
export type LockRequest = AcquireRequest | ReleaseRequest;

export interface GrantedReply {
  type: "granted";
  token: number;
}
export type LockReply = GrantedReply;

export interface WriteRequest {
  type: "write";
  token: number;
  value: string;
}
export type StorageReply =
  | { type: "write-ok"; token: number }
  | { type: "write-rejected"; token: number; newest: number };

/** An "acquire" of the lease protocol: `req` is a number the client never reuses. */
export interface LeaseAcquire extends AcquireRequest {
  req: number;
}
/** A "granted" of the lease protocol: `req`, the newest "acquire" req the server had from the client. */
export interface LeaseGranted extends GrantedReply {
  req: number;
}
export interface RenewRequest {
  type: "renew";
  token: number;
  req: number;
}
export interface RenewedReply {
  type: "renewed";
  token: number;
  req: number;
}
/** Every message of exercise 04 (lock server, clients and fenced storage). */
export type LeaseMessage = LeaseAcquire | LeaseGranted | RenewRequest | RenewedReply | ReleaseRequest | WriteRequest | StorageReply;
