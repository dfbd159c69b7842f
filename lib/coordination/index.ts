/**
 * lib/coordination: chapter 07's building blocks, one node to order them all (and why to use it sparingly).
 *
 *   protocol.ts       the messages: "ops" / "ops-done" (operations), "lock-acquire" / "lock-granted" / "lock-release"
 *   service-queue.ts  ServiceQueue: one server inside a node, FIFO, one job per service time
 *   state-manager.ts  CentralManager: applies every client's operations in one total order (batches up to maxBatch)
 *   lock-manager.ts   CentralLockManager (a lock per key) and LockLoopClient (acquire, hold, release, repeat)
 *   op-client.ts      OpsClient (a client with a built-in workload) and NaiveOpsClient (one message per op)
 *   sharding.ts       shardOf(key, n): which manager owns a key
 *   commutative.ts    PartialCounter and CounterAggregator: a counter that needs no coordination
 *   measure.ts        opsMetrics: throughput and latency over a window
 *   theory.ts         M/M/1, M/D/1, mean-value analysis, a contended lock's throughput
 *   run-ops.ts        runOpsWorkload: clients and managers in one call (notebook 07 and its grader)
 *   scenarios.ts      exercise 07's graded scenarios and contract checks (runBatchingScenario, batchingProblems)
 *
 * A batching client is exercise 07: it is not here.
 */
export type { CoordOp, OpsRequest, OpResult, OpsReply, LockAcquireMsg, LockReleaseMsg, LockGrantedMsg, CoordMessage } from "./protocol";
export { ServiceQueue } from "./service-queue";
export type { CentralManagerOptions, AppliedOp } from "./state-manager";
export { CentralManager } from "./state-manager";
export type { CentralLockManagerOptions, LockLoopClientOptions } from "./lock-manager";
export { CentralLockManager, LockLoopClient } from "./lock-manager";
export type { OpsWorkload, IssuedOp, Completion } from "./op-client";
export { OpsClient, NaiveOpsClient } from "./op-client";
export { shardOf } from "./sharding";
export type { PartReport, PartialCounterOptions } from "./commutative";
export { PartialCounter, CounterAggregator } from "./commutative";
export type { Window, OpsMetrics } from "./measure";
export { opsMetrics, percentile } from "./measure";
export { mm1ResponseMs, md1ResponseMs, mvaThroughput, contendedLockPerSec } from "./theory";
export type { OpsRunOptions, OpsRun } from "./run-ops";
export { runOpsWorkload } from "./run-ops";
export type { BatchingScenarioKind, BatchingRun, BatchingSchedule, BatchingData, ComparedData } from "./scenarios";
export { batchingData, runBatchingScenario, batchingProblems, exactlyOnceProblems, programOrderProblems } from "./scenarios";
