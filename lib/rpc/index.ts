/**
 * lib/rpc: requests and replies over a network that loses, copies and reorders them (chapter 02).
 *
 *   messages.ts     the wire format ({ type: "request", id, op } / { type: "reply", id, value }), request ids
 *   counter.ts      DurableCounter: a non-idempotent service on disk that records every effect; effectLog
 *   caller.ts       RpcCaller: a client's calls with timeouts, a budget of attempts, reply matching, outcomes
 *   demo-nodes.ts   CounterClient and CounterServer (dedup "none" or "volatile") for the experiments
 *   outcomes.ts     classifyRequests: once / once, client unsure / never / more than once
 *   theory.ts       closed forms: reply probability (1 − p)², expected attempts, at-least-once with k tries
 *   scenarios.ts    exercise 02's graded scenarios (`scenarios`), the bench runExactlyOnce and its verdict
 */
export type { RpcRequest, RpcReply, RpcMessage } from "./messages";
export { requestId, isRpcReply } from "./messages";
export type { CounterOp, Effect } from "./counter";
export { DurableCounter, effectLog, effectCounts } from "./counter";
export type { CallOptions, CallOutcome } from "./caller";
export { RpcCaller } from "./caller";
export type { CounterClientOptions, CounterServerOptions } from "./demo-nodes";
export { CounterClient, CounterServer } from "./demo-nodes";
export type { RequestOutcome, ClassifiedRequest } from "./outcomes";
export { REQUEST_OUTCOMES, classifyRequests, tallyOutcomes } from "./outcomes";
export type { AtLeastOnceTheory } from "./theory";
export { replyProbability, expectedAttemptsUnbounded, atLeastOnce } from "./theory";
export type {
  ExactlyOnceClientOptions,
  ExactlyOnceResult,
  ExactlyOnceReporter,
  ExactlyOnceScenarioName,
  ExactlyOnceScenario,
  ExactlyOnceRun,
  ExactlyOnceData,
  PlainLatency,
  PlainNetwork,
} from "./scenarios";
export { exactlyOnceScenario, runExactlyOnce, exactlyOnceProblems, scenarios } from "./scenarios";
