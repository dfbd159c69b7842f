/**
 * Two naive ways to read the bank's total, both wrong, to compare with a real snapshot.
 *
 * 1. "Everybody read your balance at 12:00": a ClockReadingBankNode reads its own balance when its
 *    LOCAL clock shows `readAt`. With drifting or skewed clocks the readings happen at different
 *    true times; even with perfect clocks, the money on the wire at 12:00 is in nobody's balance.
 *
 *      sim.add("a", () => new ClockReadingBankNode({ readAt: 1_000 }), { clock: new PhysicalClock({ offset: 30 }) });
 *      sim.node<ClockReadingBankNode>("a").reading;     // the balance it read (undefined before)
 *
 * 2. "Report your balance": a ReportingBankNode answers `{ type: "balance?" }` with
 *    `{ type: "balance", balance }`; `askAll()` reads its own balance and asks every peer. The
 *    answers are read at different moments, and transfers in flight are missed or counted twice.
 *
 *      sim.at(1_000, () => sim.node<ReportingBankNode>("a").askAll());
 *      sim.node<ReportingBankNode>("a").reportedTotal();   // sum of all answers, once all are in
 *
 * Both mark the moment a node reads its balance (`this.mark("read")`), so `cutAtMarks(trace,
 * "read")` is the cut each method actually took; audit it with `auditCut`.
 */
import { BankNode, type BankOptions } from "./bank";

export interface ClockReadingOptions extends BankOptions {
  /** Local clock reading (ms) at which the node reads its balance. */
  readAt: number;
}

export class ClockReadingBankNode extends BankNode {
  /** The balance read when the local clock showed `readAt` (undefined until then). */
  reading: number | undefined;
  readonly readAt: number;

  constructor(options: ClockReadingOptions) {
    super(options);
    this.readAt = options.readAt;
  }

  onStart(): void {
    super.onStart();
    this.setTimer(Math.max(0, this.readAt - this.localTime), () => {
      this.reading = this.balance;
      this.mark("read", { balance: this.balance });
    }, "read balance");
  }
}

export interface BalanceQuestion {
  type: "balance?";
}
export interface BalanceAnswer {
  type: "balance";
  balance: number;
}

export class ReportingBankNode extends BankNode {
  /** Balances reported so far to this node (its own included), by node id. */
  reports: Record<string, number> = {};

  /** Reads this node's balance and asks every peer for theirs. */
  askAll(): void {
    this.reports = { [this.id]: this.balance };
    this.mark("read", { balance: this.balance });
    for (const peer of this.peers) this.send(peer, { type: "balance?" } satisfies BalanceQuestion);
  }

  onMessage(from: string, msg: any): void {
    if (msg && msg.type === "balance?") {
      this.mark("read", { balance: this.balance });
      this.send(from, { type: "balance", balance: this.balance } satisfies BalanceAnswer);
    } else if (msg && msg.type === "balance") {
      this.reports[from] = (msg as BalanceAnswer).balance;
    } else {
      super.onMessage(from, msg);
    }
  }

  /** The sum of all reports once every node has answered; undefined before. */
  reportedTotal(): number | undefined {
    if (Object.keys(this.reports).length < this.peers.length + 1) return undefined;
    let total = 0;
    for (const id of Object.keys(this.reports)) total += this.reports[id];
    return total;
  }
}
