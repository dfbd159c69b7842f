/**
 * Clocks and the order of events (chapter 05).
 *
 *   physical.ts  clusters of drifting, skewed, jumping PhysicalClocks; skew measurements
 *   sync.ts      Cristian's algorithm, NTP's four timestamps, a time server and a sync experiment
 *   lamport.ts   Lamport clocks and their total order
 *   hlc.ts       hybrid logical clocks
 *   stamps.ts    per-event Lamport (or any clock's) timestamps of a trace, for space-time diagrams
 *   scenarios.ts the graded scenarios of exercise 05 and the causal-broadcast referee (runCausalWorkload)
 *
 * Vector clocks are not here: they are exercise 05.
 */
export { randomClocks, clockError, clusterSkew } from "./physical";
export type { RandomClockOptions } from "./physical";
export { cristian, ntp, TimeServer, SyncClient, syncExperiment } from "./sync";
export type { CristianEstimate, NtpEstimate, SyncMessage, SyncReading, SyncExperimentOptions, SyncSample } from "./sync";
export { LamportClock, compareLamport } from "./lamport";
export type { LamportStamp } from "./lamport";
export { HybridClock, compareHlc } from "./hlc";
export type { HlcStamp } from "./hlc";
export { stampTrace, lamportStamps } from "./stamps";
export type { ClockRules, TraceStamps } from "./stamps";
export { runCausalWorkload, causalViolations, deliveryProblems, heldBack } from "./scenarios";
export type { CausalNodeLike, CausalSchedule, CausalData } from "./scenarios";
