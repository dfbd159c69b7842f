/**
 * Outcome classification: what really happened to each request (the server's effect log) next to
 * what its client believes (the call's outcome).
 *
 *   const rows = classifyRequests(effectLog(sim.durable("server")), client.outcomes);
 *   tallyOutcomes(rows);   // { "once": 41, "once, client unsure": 3, "never": 2, "more than once": 4 }
 *
 * The four outcomes, disjoint:
 *   "once"                  applied exactly once and the client got the reply (definite);
 *   "once, client unsure"   applied exactly once, but the client gave up ("unknown");
 *   "never"                 not applied at all (the client cannot have a reply: "unknown");
 *   "more than once"        applied two or more times (a retry or a network copy was re-applied).
 * Only the first is what a user wants from a non-idempotent operation.
 */
import type { CallOutcome } from "./caller";
import { effectCounts, type Effect } from "./counter";

export type RequestOutcome = "once" | "once, client unsure" | "never" | "more than once";
export const REQUEST_OUTCOMES: readonly RequestOutcome[] = ["once", "once, client unsure", "never", "more than once"];

export interface ClassifiedRequest {
  requestId: string;
  /** How many times the server applied it. */
  applied: number;
  /** What the client knows: "ok" or "unknown". */
  client: CallOutcome["status"];
  outcome: RequestOutcome;
}

export function classifyRequests(log: readonly Effect[], calls: readonly CallOutcome[]): ClassifiedRequest[] {
  const counts = effectCounts(log);
  return calls.map((call) => {
    const applied = counts.get(call.requestId) ?? 0;
    const outcome: RequestOutcome =
      applied >= 2 ? "more than once" : applied === 0 ? "never" : call.status === "ok" ? "once" : "once, client unsure";
    return { requestId: call.requestId, applied, client: call.status, outcome };
  });
}

export function tallyOutcomes(rows: readonly ClassifiedRequest[]): Record<RequestOutcome, number> {
  const tally: Record<RequestOutcome, number> = { once: 0, "once, client unsure": 0, never: 0, "more than once": 0 };
  for (const row of rows) tally[row.outcome]++;
  return tally;
}
