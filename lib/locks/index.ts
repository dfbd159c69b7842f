/**
 * lib/locks: chapter 04's building blocks, locks in a world of partial failure.
 *
 *   protocol.ts      the messages between client, lock server and storage (exercise 04's too)
 *   marks.ts         the trace convention (lock-granted, lock-acquired, write-accepted, ...)
 *   lock-server.ts   ForeverLockServer: a lock without a lease (held until released)
 *   storage.ts       UnfencedStorage: a resource that accepts every write
 *   worker.ts        LockWorker: acquire, write a few times, release
 *   check.ts         checkLocks: mutual-exclusion and fencing violations in a trace
 *   scenarios.ts     exercise 04's graded scenarios (`scenarios`) and runLeaseScenario to replay one
 *
 * Leases and fencing tokens are exercise 04: only its messages are here (LeaseMessage).
 */
export type { AcquireRequest, ReleaseRequest, LockRequest, GrantedReply, LockReply, WriteRequest, StorageReply } from "./protocol";
export type { LeaseAcquire, LeaseGranted, RenewRequest, RenewedReply, LeaseMessage } from "./protocol";
export type { LockMarkData, LockMarkName, LockMark } from "./marks";
export { lockMarks } from "./marks";
export type { Grant } from "./lock-server";
export { ForeverLockServer } from "./lock-server";
export type { AcceptedWrite } from "./storage";
export { UnfencedStorage } from "./storage";
export type { LockWorkerOptions } from "./worker";
export { LockWorker } from "./worker";
export type { Belief, Overlap, StorageWrite, StaleWrite, LockReport } from "./check";
export { lockBeliefs, acceptedWrites, beliefOverlaps, findStaleWrites, checkLocks } from "./check";
export type { LeaseClientSettings, LeaseImplementation, LeaseScenarioKind, LeaseScenarioRun, LeaseData } from "./scenarios";
export { runLeaseScenario, scenarios } from "./scenarios";
