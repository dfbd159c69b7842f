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
export * from "./protocol";
export * from "./manager";
export * from "./clients";
export * from "./model";
export * from "./nemesis";
export * from "./scenarios";
export * from "./theory";
