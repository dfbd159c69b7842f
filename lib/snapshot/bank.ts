/**
 * The bank: nodes that hold money and keep moving it to one another. The running example of
 * chapter 06 (the state of the whole system), because it has an invariant anyone can check: money
 * is never created or destroyed, so the total over all accounts AND all transfers still on the
 * wire is constant.
 *
 *   const sim = new Simulation({ seed: 1, network: { latency: latency.normal(40, 10), fifo: true } });
 *   for (const id of ["a", "b", "c", "d"]) sim.add(id, () => new BankNode({ balance: 100 }));
 *   sim.run({ until: 2_000 });
 *   sim.node<BankNode>("a").balance;              // what a holds right now
 *   const money = moneyOverTime(sim.trace, 100);  // held by nodes / in flight / total, over time
 *
 * A BankNode starts with `balance` (default 100). After an exponential wait of mean `period` ms
 * (default 50, drawn from the node's own seeded stream) it sends a transfer
 * `{ type: "transfer", amount }` to a random account among `accounts` (default: every peer), with
 * amount an integer in [1, min(maxAmount, balance)] (default maxAmount 20), and takes the amount
 * off its balance at once; then it waits again. A node with balance 0 skips its turn. A delivered
 * transfer is added to the receiver's balance. Every other message is ignored, so a subclass can
 * add its own message types (markers, "report your balance") and call `super.onMessage` for the
 * rest. A subclass that overrides `onStart` must call `super.onStart()`, or it never transfers.
 *
 * The bank assumes reliable channels (no loss, no duplication): a lost transfer destroys money,
 * a duplicated one creates it. `moneyOverTime` still accounts for drops honestly.
 */
import { Node } from "../sim/node";
import type { TraceEvent } from "../sim/trace";

export interface TransferMessage {
  type: "transfer";
  amount: number;
}

export interface BankOptions {
  /** Money at the start. Default 100. */
  balance?: number;
  /** Mean wait between two transfers, ms (exponential). Default 50. */
  period?: number;
  /** Largest single transfer. Default 20. */
  maxAmount?: number;
  /** Accounts this node sends to. Default: every other node in the simulation. */
  accounts?: string[];
}

/** True for a bank transfer message. */
export function isTransfer(msg: unknown): msg is TransferMessage {
  return typeof msg === "object" && msg !== null && (msg as { type?: unknown }).type === "transfer";
}

export class BankNode<Msg = any> extends Node<Msg> {
  /** What this node holds right now (transfers it sent are already off, ones on the wire not yet on). */
  balance: number;
  readonly period: number;
  readonly maxAmount: number;
  private readonly accounts: string[] | undefined;

  constructor(options: BankOptions = {}) {
    super();
    this.balance = options.balance ?? 100;
    this.period = options.period ?? 50;
    this.maxAmount = options.maxAmount ?? 20;
    this.accounts = options.accounts;
  }

  onStart(): void {
    this.scheduleTransfer();
  }

  onMessage(from: string, msg: Msg): void {
    if (isTransfer(msg)) this.balance += msg.amount;
  }

  private scheduleTransfer(): void {
    this.setTimer(this.random.exponential(this.period), () => {
      this.transfer();
      this.scheduleTransfer();
    }, "transfer");
  }

  private transfer(): void {
    const accounts = this.accounts ?? this.peers;
    if (this.balance <= 0 || accounts.length === 0) return;
    const to = this.random.pick(accounts);
    const amount = this.random.int(1, Math.min(this.maxAmount, this.balance) + 1);
    this.balance -= amount;
    const transfer: TransferMessage = { type: "transfer", amount };
    this.send(to, transfer as unknown as Msg);
  }
}

/** Initial balances: one number for every node, or one per node id. */
export type InitialBalances = number | Readonly<Record<string, number>>;

/** The starting balance of `node`. */
export function initialBalanceOf(initial: InitialBalances, node: string): number {
  if (typeof initial === "number") return initial;
  return initial[node] ?? 0;
}

export interface MoneyOverTime {
  /** Virtual times at which the money moved (one entry per transfer sent, delivered or dropped). */
  time: number[];
  /** Money held by the nodes, summed. */
  held: number[];
  /** Money inside transfers that are on the wire. */
  inFlight: number[];
  /** held + inFlight: constant unless a transfer was dropped. */
  total: number[];
}

/**
 * Replays the transfers in a trace: the money held by all `nodes` and the money on the wire,
 * after every transfer event. `initial` is every node's starting balance.
 */
export function moneyOverTime(trace: readonly TraceEvent[], initial: InitialBalances, nodes?: readonly string[]): MoneyOverTime {
  const ids = nodes ?? nodesOfTrace(trace);
  let held = 0;
  for (const id of ids) held += initialBalanceOf(initial, id);
  let inFlight = 0;
  const out: MoneyOverTime = { time: [0], held: [held], inFlight: [0], total: [held] };
  for (const e of trace) {
    if (e.kind !== "send" && e.kind !== "deliver" && e.kind !== "drop") continue;
    if (!isTransfer(e.msg)) continue;
    const amount = e.msg.amount;
    if (e.kind === "send") {
      held -= amount;
      inFlight += amount;
    } else if (e.kind === "deliver") {
      held += amount;
      inFlight -= amount;
    } else {
      inFlight -= amount;
    }
    out.time.push(e.time);
    out.held.push(held);
    out.inFlight.push(inFlight);
    out.total.push(held + inFlight);
  }
  return out;
}

/** Every node that appears in the trace, in order of first appearance. */
function nodesOfTrace(trace: readonly TraceEvent[]): string[] {
  const seen = new Set<string>();
  for (const e of trace) {
    if (e.kind === "send" || e.kind === "deliver" || e.kind === "drop") {
      seen.add(e.from);
      seen.add(e.to);
    } else if (e.kind !== "partition" && e.kind !== "heal") {
      seen.add(e.node);
    }
  }
  return Array.from(seen);
}
