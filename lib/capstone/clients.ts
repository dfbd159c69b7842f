/**
 * The kit's side of the clients: a host node that runs a student's client, drives a workload
 * through it and records the history; and the auditor that reads the final state.
 *
 * A student writes the client's logic (exercise 10) as a `ServiceClient`, a plain object that gets
 * a `ClientIO` (send, timers, `done`) instead of being a node itself. The host owns the workload
 * and the record of what happened: it invokes one operation at a time, notes the virtual time of
 * the call and of `done`, and keeps that history where the client's code cannot reach it.
 *
 *   sim.add("c1", () => new ClientHost({ manager: "manager", stopAt: 10_000 }, (io) => new Client(io)));
 *   sim.node<ClientHost>("c1").history;   // [{ client, input, output, call, return }]
 *
 * An operation still open at the end of the run is an unknown outcome: `output` undefined and
 * `return` Infinity (it may have taken effect, or not). `done` called with no operation open is
 * ignored (a late duplicate reply). The workload mixes gets, appends (unique tokens "c1.7;"),
 * puts and lock acquire/release on a few keys (`CAPSTONE_KEYS`), with `thinkMs` between operations; a `reader` mostly gets.
 *
 * `Auditor` is a minimal read-only client the kit uses after the faults: it asks the manager
 * for the primary and reads every key, retrying, so the graders can see the final state.
 */
import { Node, type TimerId } from "../sim/node";
import type { CapstoneMsg, Op } from "./protocol";

/** What a client's logic may do. */
export interface ClientIO {
  /** This client's node id (send it in requests as `client`). */
  readonly id: string;
  /** The manager's node id. */
  readonly manager: string;
  /** The protocol version to stamp on messages (`v`). */
  readonly version: number;
  /** Virtual time, ms (the client's clock is perfect). */
  now(): number;
  send(to: string, msg: CapstoneMsg): void;
  setTimer(ms: number, fn: () => void, label?: string): TimerId;
  cancelTimer(id: TimerId): void;
  /** The operation in progress has completed with `output`. */
  done(output: string): void;
}

/** A client's logic: the host calls `invoke` once per operation (the next only after `done`). */
export interface ServiceClient {
  invoke(op: Op): void;
  onMessage(from: string, msg: CapstoneMsg): void;
}

export type ClientFactory = (io: ClientIO) => ServiceClient;

/** One operation of a history (the shape chapter 09's checker reads). */
export interface HistoryOp {
  client: string;
  input: Op;
  output: string | undefined;
  call: number;
  return: number;
}

export const CAPSTONE_KEYS = { appends: ["x", "y"], put: "z", lock: "lock" } as const;

export interface ClientHostOptions {
  manager: string;
  /** No operation is invoked at or after this time. */
  stopAt: number;
  /** Pause between one operation's end and the next call. Default 20 ms. */
  thinkMs?: number;
  /** Start after this many ms. Default 50. */
  startAfterMs?: number;
  /** A reader: 90% gets (default 35%); the writes are 45% appends, 15% puts, 40% lock acquire or release. */
  reader?: boolean;
}

export class ClientHost extends Node<CapstoneMsg> {
  readonly history: HistoryOp[] = [];
  private open: HistoryOp | null = null;
  private logic: ServiceClient | null = null;
  private count = 0;

  constructor(
    readonly options: ClientHostOptions,
    private readonly factory: ClientFactory,
  ) {
    super();
  }

  onStart(): void {
    const io: ClientIO = {
      id: this.id,
      manager: this.options.manager,
      version: 1,
      now: () => this.now,
      send: (to, msg) => this.send(to, msg),
      setTimer: (ms, fn, label = "client") => this.setTimer(ms, fn, label),
      cancelTimer: (id) => this.cancelTimer(id),
      done: (output) => this.complete(output),
    };
    this.logic = this.factory(io);
    this.setTimer(this.options.startAfterMs ?? 50, () => this.next(), "think");
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    this.logic?.onMessage(from, msg);
  }

  private next(): void {
    if (this.now >= this.options.stopAt || this.logic === null) return;
    const op = this.nextOp();
    this.open = { client: this.id, input: op, output: undefined, call: this.now, return: Infinity };
    this.history.push(this.open);
    this.logic.invoke({ ...op });
  }

  private complete(output: string): void {
    const op = this.open;
    if (op === null) return;
    op.output = String(output);
    op.return = this.now;
    this.open = null;
    this.setTimer(this.options.thinkMs ?? 20, () => this.next(), "think");
  }

  private nextOp(): Op {
    const n = ++this.count;
    const { appends, put, lock } = CAPSTONE_KEYS;
    const key = appends[this.random.int(0, appends.length - 1)];
    if (this.random.next() < (this.options.reader ? 0.9 : 0.35)) return { f: "get", key: this.random.next() < 0.8 ? key : put };
    const w = this.random.next();
    if (w < 0.45) return { f: "append", key, value: `${this.id}.${n};` };
    if (w < 0.6) return { f: "put", key: put, value: `${this.id}.${n}` };
    return { f: this.random.next() < 0.5 ? "acquire" : "release", key: lock, value: this.id };
  }
}

/** Reads `keys` through the service from `startAt` on; `values` fills in as replies arrive. */
export class Auditor extends Node<CapstoneMsg> {
  readonly values: Record<string, string> = {};
  private primary: string | null = null;
  private rid = 0;
  private tries = 0;

  constructor(
    readonly manager: string,
    readonly keys: readonly string[],
    readonly startAt: number,
  ) {
    super();
  }

  get finished(): boolean {
    return this.keys.every((k) => k in this.values);
  }

  onStart(): void {
    this.setTimer(this.startAt, () => this.every(100, () => this.tick(), "audit"), "audit-start");
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    if (msg.type === "config") this.primary = msg.primary;
    else if (msg.type === "reply" && msg.rid === this.rid && !this.finished) {
      this.values[this.pending()] = msg.output;
      this.tries = 0;
      this.tick();
    } else if (msg.type === "not-primary") this.primary = null;
  }

  private pending(): string {
    return this.keys.find((k) => !(k in this.values))!;
  }

  private tick(): void {
    if (this.finished) return;
    if (this.primary === null || this.tries >= 3) {
      this.tries = 0;
      this.primary = null;
      return this.send(this.manager, { type: "get-config", v: 1 });
    }
    this.tries++;
    this.send(this.primary, { type: "request", v: 1, client: this.id, rid: ++this.rid, op: { f: "get", key: this.pending() } });
  }
}
