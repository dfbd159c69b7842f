/**
 * OpsClient: a client node with a built-in workload of counter operations, and NaiveOpsClient,
 * the obvious way to get them applied: one message per operation, sent at once.
 *
 *   sim.add("c1", () => new NaiveOpsClient({ managers: ["manager"], ratePerSec: 100 }));
 *
 * The workload (OpsWorkload) is the application: it issues operations `{ id, key, add }` (id
 * `${client}:${n}`, key one of `keys` counters "k0", "k1", ..., add an integer 1–9), either
 *   - open loop: `ratePerSec` operations per second, Poisson arrivals (whatever the manager does), or
 *   - closed loop: `outstanding` operations unfinished at any time (a new one when one completes),
 * until `stopAtMs` (default: forever). With several managers (`managers`, one per shard) an
 * operation belongs to `managers[shardOf(key, managers.length)]`: see `managerFor(key)`.
 *
 * A subclass decides how operations reach the manager by implementing `submit(op)` (called once
 * per operation, when the application issues it) and, if it needs to, `onReply(from, reply)`
 * (called after the base class has recorded the reply's results). The base class records, for
 * every operation, when it was issued and when its result arrived (`completions`): an operation
 * is complete when an "ops-done" carrying its id arrives. Results for unknown or already complete
 * ids are counted in `strayResults`.
 */
import { ConfigError } from "../sim/errors";
import { Node } from "../sim/node";
import type { CoordMessage, CoordOp, OpsReply } from "./protocol";
import { shardOf } from "./sharding";

export interface OpsWorkload {
  /** Manager node ids, one per shard (one: a single central manager). */
  managers: string[];
  /** Open loop: operations per second, Poisson arrivals. */
  ratePerSec?: number;
  /** Closed loop: operations kept unfinished at any time. */
  outstanding?: number;
  /** Number of counters "k0".."k{keys-1}"; default 16. */
  keys?: number;
  /** Issue nothing at or after this virtual time (ms). */
  stopAtMs?: number;
}

export interface IssuedOp {
  op: CoordOp;
  /** Virtual time the application issued it. */
  at: number;
}

export interface Completion {
  id: string;
  issuedAt: number;
  doneAt: number;
  seq: number;
  value: number;
}

export abstract class OpsClient extends Node<CoordMessage> {
  /** Every operation the application issued, in order. */
  readonly issued: IssuedOp[] = [];
  /** Every completed operation, in the order the results arrived. */
  readonly completions: Completion[] = [];
  /** Results that matched no unfinished operation (a duplicate or an unknown id). */
  strayResults = 0;
  private readonly unfinished = new Map<string, number>();

  constructor(readonly workload: OpsWorkload) {
    super();
    const w = workload;
    if (!w || !Array.isArray(w.managers) || w.managers.length === 0) {
      throw new ConfigError("OpsWorkload.managers", w?.managers, "a non-empty array of manager ids");
    }
    if ((w.ratePerSec === undefined) === (w.outstanding === undefined)) {
      throw new ConfigError("OpsWorkload", w, "exactly one of ratePerSec (open loop) or outstanding (closed loop)");
    }
  }

  /** The application issued `op`: get it applied (exactly once, in issue order). */
  protected abstract submit(op: CoordOp): void;

  /** Called after the base class recorded the results of `reply`. */
  protected onReply(_from: string, _reply: OpsReply): void {}

  /** The manager that owns `key` (its shard). */
  managerFor(key: string): string {
    const managers = this.workload.managers;
    return managers.length === 1 ? managers[0] : managers[shardOf(key, managers.length)];
  }

  /** Operations issued but not complete yet. */
  get pendingCount(): number {
    return this.unfinished.size;
  }

  onStart(): void {
    const w = this.workload;
    if (w.ratePerSec !== undefined) {
      if (w.ratePerSec > 0) this.nextArrival();
    } else {
      for (let i = 0; i < w.outstanding!; i++) this.issue();
    }
  }

  onMessage(from: string, msg: CoordMessage): void {
    if (msg.type !== "ops-done") return;
    for (const r of msg.results) {
      const issuedAt = this.unfinished.get(r.id);
      if (issuedAt === undefined) {
        this.strayResults++;
        continue;
      }
      this.unfinished.delete(r.id);
      this.completions.push({ id: r.id, issuedAt, doneAt: this.now, seq: r.seq, value: r.value });
      if (this.workload.outstanding !== undefined) this.issue();
    }
    this.onReply(from, msg);
  }

  private issuing(): boolean {
    return this.workload.stopAtMs === undefined || this.now < this.workload.stopAtMs;
  }

  private nextArrival(): void {
    this.setTimer(this.random.exponential(1000 / this.workload.ratePerSec!), () => {
      if (!this.issuing()) return;
      this.issue();
      this.nextArrival();
    }, "arrival");
  }

  private issue(): void {
    if (!this.issuing()) return;
    const op: CoordOp = {
      id: `${this.id}:${this.issued.length + 1}`,
      key: `k${this.random.int(0, this.workload.keys ?? 16)}`,
      add: this.random.int(1, 10),
    };
    this.issued.push({ op, at: this.now });
    this.unfinished.set(op.id, this.now);
    this.submit(op);
  }
}

/** One message per operation, sent the moment it is issued (to the key's manager). */
export class NaiveOpsClient extends OpsClient {
  private batches = 0;
  protected submit(op: CoordOp): void {
    this.send(this.managerFor(op.key), { type: "ops", batch: ++this.batches, ops: [op] });
  }
}
