/**
 * Exercise 01: a client for a replica set that keeps working when replicas crash.
 *
 * THE TASK
 * A service runs on n identical replicas ("r1", "r2", ...). Any replica can do any request, and
 * each one crashes and restarts independently of the others. Write the client: it gets requests
 * one at a time (`submit(id)`), sends each to ONE replica of its choice, and must get it answered
 * within `deadline` ms even when that replica is dead. Replication only buys reliability if the
 * client uses it:
 *   - fail over: if no reply comes within `timeout` ms, try another replica (same request id);
 *   - do not keep sending to a dead replica: after it failed to answer, avoid it for a while;
 *   - but do not give up on it forever either: crashed replicas restart, and a lost message can
 *     make a live replica look dead for a moment;
 *   - spread the load: when all are up, no replica should get much more than its share;
 *   - no hedging: send a request to one replica at a time (copies cost the replicas real work).
 *
 * THE INTERFACE (the grader builds your node exactly like this)
 *   new ReplicatedClient(options: ReplicatedClientOptions)
 *     options.replicas   the replicas' node ids, e.g. ["r1", "r2", "r3"]
 *     options.timeout    ms: a live replica almost always answers within this (100)
 *     options.deadline   ms: a request answered later than this after its submit counts as failed (1000)
 *   submit(id)           called by the grader: start request `id` now ("q0", "q1", ...)
 * Messages: send `{ type: "work", id }` to a replica; it answers `{ type: "done", id }` to you.
 * A crashed replica drops what it had queued and answers nothing. A reply may arrive after you
 * have moved on to another replica, or twice: only the first one counts, the rest are noise.
 * The grader measures everything from the trace (what you sent, what was delivered to you), so
 * you do not report anything: just make the right messages happen. `this.random` is yours to use.
 *
 * WHAT IS GRADED (npm run grade -- --only 01, or `await check("01")` in notebook 01), 11 points, each
 * across many seeds (scenarios in lib/queueing/scenarios.ts). Failing over so that requests are
 * answered while replicas crash carries the most: a client that never fails over loses at least half.
 *   2 pts no faults: every request answered, mean latency ≤ 40 ms, ≤ 1.02 messages per request
 *   2 pts no faults: load spread, no replica gets more than 1.5× its fair share (1/n) of requests
 *   4 pts independent crash-restarts of 3 replicas (each up 80–90% of the time) and 0–2% message
 *         loss: at least 98% of requests answered within the deadline over all seeds
 *         together, and 95% in every seed (now and then all replicas are down at once)
 *   1 pt  same scenarios, all seeds together: at most 10% of your messages go to crashed replicas
 *   1 pt  one replica dies for good: every request answered, at most 8% of messages go to it
 *   1 pt  all replicas down from 3 s to 5 s: from 5.5 s on, ≥ 99% answered and the load spread
 *         again (no replica over 1.5× its share)
 * Every check first asks that you avoid a replica only after the network told you something: a
 * request to it still unanswered (or silent past the timeout, with no answer from it since).
 * Until then a crashed replica looks like any other, so it must get about its share of new
 * requests; crashes worked out any other way (from the run's seed, say) cost every check.
 * A failing check names the seed and the line to replay it in the notebook: replay("01", "crashes", 7).
 */
import { Node, notImplemented } from "../lib";
import type { ReplicaClientNode, ReplicatedClientOptions, WorkMessage } from "../lib/queueing";

export class ReplicatedClient extends Node<WorkMessage> implements ReplicaClientNode {
  constructor(readonly options: ReplicatedClientOptions) {
    super();
    notImplemented("01", "ReplicatedClient (fail over on timeout, avoid dead replicas for a while, spread the load)");
  }

  submit(id: string): void {
  }

  onMessage(from: string, msg: WorkMessage): void {
  }
}
