/**
 * Auditing the bank at a cut: what each account held at its cut point, what was on the wire, and
 * whether the total adds up. The ground truth a snapshot is compared with, read from the trace.
 *
 *   const cut = cutAtTimes(sim.trace, { a: 500, b: 500, c: 500 });
 *   const audit = auditCut(sim.trace, cut, 100);
 *   audit.balances;       // { a: 87, b: 131, c: 64 }: each node's balance at its cut point
 *   audit.channels;       // { b: { a: [12] } }: transfers in flight a→b across the cut
 *   audit.total;          // sum of balances + channels: equals the true total iff nothing is double-counted or lost
 *   audit.consistent;     // no transfer received before the cut and sent after it
 *
 * A balance at a cut point replays the node's transfers before it: initial − sent + received.
 */
import type { TraceEvent } from "../sim/trace";
import { type InitialBalances, initialBalanceOf, isTransfer } from "./bank";
import { type GlobalCut, channelContents, checkCut, type CutCheck } from "./cut";

export interface CutAudit extends CutCheck {
  /** Each node's balance at its cut point. */
  balances: Record<string, number>;
  /** Transfers in flight across the cut: channels[to][from] = amounts in send order. */
  channels: Record<string, Record<string, number[]>>;
  /** Sum of the amounts in flight. */
  inFlightMoney: number;
  /** Sum of balances plus money in flight. */
  total: number;
}

/** Each node's balance at its cut point, replayed from the trace. */
export function balancesAtCut(trace: readonly TraceEvent[], cut: GlobalCut, initial: InitialBalances): Record<string, number> {
  const balances: Record<string, number> = {};
  for (const node of Object.keys(cut)) balances[node] = initialBalanceOf(initial, node);
  trace.forEach((e, index) => {
    if ((e.kind !== "send" && e.kind !== "deliver") || !isTransfer(e.msg)) return;
    const node = e.kind === "send" ? e.from : e.to;
    const point = cut[node];
    if (point === undefined || index >= point.index) return;
    balances[node] += e.kind === "send" ? -e.msg.amount : e.msg.amount;
  });
  return balances;
}

/** The bank's books at a cut: balances, channels, total, and the cut's consistency. */
export function auditCut(trace: readonly TraceEvent[], cut: GlobalCut, initial: InitialBalances, nodes?: readonly string[]): CutAudit {
  const check = checkCut(trace, cut, { messages: isTransfer, nodes });
  const balances = balancesAtCut(trace, cut, initial);
  const channels = channelContents(check, (m) => m.amount as number);
  let inFlightMoney = 0;
  for (const e of check.inFlight) inFlightMoney += (e.msg as { amount: number }).amount;
  let total = inFlightMoney;
  for (const node of Object.keys(balances)) total += balances[node];
  return { ...check, balances, channels, inFlightMoney, total };
}
