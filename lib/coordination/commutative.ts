/**
 * Operations that commute need no lock and no central order: a counter as per-node parts.
 *
 *   sim.add("sum", () => new CounterAggregator());
 *   sim.add("p1", () => new PartialCounter({ aggregator: "sum", ratePerSec: 500, reportEveryMs: 200 }));
 *
 * PartialCounter: increments arrive at `ratePerSec` (Poisson, amounts 1–9) and are applied to the
 * node's OWN part at once: no message, no wait, so throughput is whatever the application offers.
 * Every `reportEveryMs` it sends its part's running total `{ type: "part", total }` to the
 * aggregator. `total` is the part's true value; `applied` the number of increments.
 *
 * CounterAggregator: keeps the newest total of every part (a part only grows, so "newest" is the
 * largest: a late or reordered report can never lower it) and `value` is their sum. It lags the
 * true sum by what was added since each part's last report arrived: at most one report period
 * plus one message delay of increments. The sum is the same whatever order the increments ran in,
 * because addition commutes.
 */
import { Node } from "../sim/node";

export interface PartReport {
  type: "part";
  total: number;
}

export interface PartialCounterOptions {
  aggregator: string;
  ratePerSec: number;
  reportEveryMs: number;
}

export class PartialCounter extends Node<PartReport> {
  total = 0;
  applied = 0;

  constructor(readonly options: PartialCounterOptions) {
    super();
  }

  onStart(): void {
    this.nextIncrement();
    this.every(this.options.reportEveryMs, () => this.send(this.options.aggregator, { type: "part", total: this.total }), "report");
  }

  private nextIncrement(): void {
    this.setTimer(this.random.exponential(1000 / this.options.ratePerSec), () => {
      this.total += this.random.int(1, 10);
      this.applied++;
      this.nextIncrement();
    }, "increment");
  }
}

export class CounterAggregator extends Node<PartReport> {
  readonly parts = new Map<string, number>();

  get value(): number {
    let sum = 0;
    for (const v of this.parts.values()) sum += v;
    return sum;
  }

  onMessage(from: string, msg: PartReport): void {
    if (msg.type === "part" && msg.total > (this.parts.get(from) ?? -1)) this.parts.set(from, msg.total);
  }
}
