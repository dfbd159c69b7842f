/**
 * lib/queueing: why distribute? Shared servers, replicas and scale-out (chapter 01).
 *
 *   server.ts            QueueServer (FIFO queue, exponential service, 1..c workers) and the
 *                        { type: "work" } / { type: "done" } wire format
 *   load.ts              PoissonClient: requests at Poisson moments, latency of each
 *   balancer.ts          LoadBalancer: random, round-robin or join-shortest-queue over n servers
 *   failures.ts          independent (and shared-cause) crash-restart schedules; availability from a trace
 *   theory.ts            closed forms: M/M/1, M/M/c (Erlang C), random split; a = MTTF/(MTTF+MTTR), k of n
 *   experiments.ts       the chapter's experiments as functions: a shared server, scaling up or out
 *   scenarios.ts         exercise 01's graded scenarios (`scenarios`: a replica-set client) and what is measured
 */
export type { WorkRequest, WorkReply, WorkMessage, QueueServerOptions } from "./server";
export { QueueServer, isWorkRequest, isWorkReply } from "./server";
export type { PoissonClientOptions } from "./load";
export { PoissonClient } from "./load";
export type { BalancingPolicy, LoadBalancerOptions } from "./balancer";
export { LoadBalancer } from "./balancer";
export type { FailureModel, Outage, ScheduleOptions } from "./failures";
export { drawOutages, mergeOutages, crashRestartSchedule, scheduleOutages, outagesFromTrace, upCounts, shareOfTimeUp } from "./failures";
export {
  utilisation, mm1ResponseTime, randomSplitResponseTime, erlangC, mmcResponseTime,
  nodeAvailability, binomialCoefficient, atLeastKOfN, majority,
} from "./theory";
export type { SharedServerOptions, ScaleDesign, ScaledOutOptions } from "./experiments";
export { sharedServer, scaledOut, SCALE_DESIGNS } from "./experiments";
export type { ReplicatedClientOptions, ReplicaClientNode, ReplicaScenarioName, ReplicaScenario, ReplicaRun, ReplicaData } from "./scenarios";
export { replicaScenario, runReplicas, PrimaryOnlyClient, RandomReplicaClient, scenarios } from "./scenarios";
