/**
 * Chapter 10, the capstone: a lock and key-value service, replicated primary–backup under a
 * configuration manager, that stays correct under every fault of the course.
 *
 *   protocol.ts   operations, the state machine (applyOp) and the wire format
 *   manager.ts    the configuration manager: epochs, leases, ground-truth marks
 *   clients.ts    the clients' host (workload and history) and the auditor
 *   model.ts      the service as a model for chapter 09's linearizability checker
 *   nemesis.ts    the seeded fault schedule and the code that plays it
 *   scenarios.ts  exercise 10's graded scenario (runCapstone, simulateCapstone)
 *   theory.ts     closed forms the notebook draws beside the simulation
 */
export { isWrite, applyOp, stepKey } from "./protocol";
export type { OpKind, Op, KvState, ServerOptions, Config, PingMsg, GetConfigMsg, ConfigMsg, RequestMsg, ReplyMsg, NotPrimaryMsg, DoneTable, StateMsg, StateOkMsg, ForwardMsg, ForwardOkMsg, ForwardNoMsg, CapstoneMsg } from "./protocol";
export { managerTruth, DEFAULT_LEASE_MS, DEFAULT_PING_MS, ConfigManager } from "./manager";
export type { ManagerOptions, ConfigChange, LeaseGrant } from "./manager";
export { CAPSTONE_KEYS, ClientHost, Auditor } from "./clients";
export type { ClientIO, ServiceClient, ClientFactory, HistoryOp, ClientHostOptions } from "./clients";
export { capstoneModel } from "./model";
export { nemesisSchedule, healTime, driftOf, playNemesis, DRIFT_BOUND, GAP_MS, CAPSTONE_CAST } from "./nemesis";
export type { Cast, NemesisSchedule, PlayedFault } from "./nemesis";
export { simulateCapstone, runCapstone, SETTLE_MS, scenarios } from "./scenarios";
export type { CapstoneImpl, ReplySeen, CapstoneRun } from "./scenarios";
export { expectedMaxOfNormals, primaryBackupWriteLatency } from "./theory";
