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
 * larger token always means a later grant. The exercise's lease protocol extends these messages
 * (see exercises/04-leases-and-fencing.ts).
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
