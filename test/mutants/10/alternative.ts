// An unusual correct answer to exercise 10 (it must get full marks): the primary forwards the whole
// queue of waiting writes in one message (group commit) and keeps a 50 ms safety margin on its lease;
// a restarted server gives up whatever role it had (pings epoch 0 and waits to be given one again)
// unless it was a primary without backup; the client asks the manager after a single silent try.
// Kept as a whole file, not a patch of the solution: group commit, the lease margin and the restart
// rule change the server throughout, so a patch would replace nearly every line.
import { Node } from "../../../lib";
import {
  applyOp, isWrite, type CapstoneMsg, type ClientIO, type Config, type DoneTable, type KvState, type Op,
  type RequestMsg, type ServerOptions, type ServiceClient,
} from "../../../lib/capstone";

type Write = { client: string; rid: number; op: Op };
type Batch = { type: "forward"; v: number; epoch: number; batch: number; writes: Write[] };
type BatchOk = { type: "forward-ok"; v: number; epoch: number; batch: number };
type Msg = CapstoneMsg | Batch | BatchOk;

export class Server extends Node<Msg> {
  private config: Config = { epoch: 0, primary: null, backup: null };
  private kv: KvState = {};
  private done: DoneTable = {};
  private holdsState = false; // as backup, for config.epoch
  private backupHasState = false; // as primary, for config.epoch
  private leaseEnd = -Infinity;
  private waiting: RequestMsg[] = [];
  private inFlight: { batch: number; writes: RequestMsg[] } | null = null;
  private batches = 0;
  /** The newest epoch this server ever adopted (on disk): after a restart it adopts only newer ones. */
  private floor = 0;

  constructor(private readonly opts: ServerOptions) {
    super();
  }

  onStart(): void {
    this.floor = this.durable.get<number>("epoch") ?? 0;
    const disk = this.durable.get<{ config: Config; kv: KvState; done: DoneTable }>("alone");
    if (disk && disk.config.primary === this.id && disk.config.backup === null) {
      this.config = disk.config;
      this.kv = disk.kv;
      this.done = disk.done;
      this.backupHasState = true;
    }
    const ping = () => this.send(this.opts.manager, {
      type: "ping", v: this.opts.version, epoch: this.config.epoch, ready: this.config.backup === this.id && this.holdsState, sentAt: this.localTime,
    });
    ping();
    this.every(this.opts.pingMs, ping, "ping");
    this.every(40, () => this.push(true), "resend");
  }

  onMessage(from: string, msg: Msg): void {
    const me = this.id;
    if (msg.type === "config" && from === this.opts.manager) {
      if (msg.epoch > this.config.epoch && msg.epoch > this.floor) {
        this.durable.set("epoch", msg.epoch);
        const stillPrimary = this.config.primary === me && msg.primary === me;
        this.config = { epoch: msg.epoch, primary: msg.primary, backup: msg.backup };
        this.holdsState = false;
        this.backupHasState = msg.backup === null;
        this.inFlight = null;
        if (!stillPrimary) this.leaseEnd = -Infinity;
        if (msg.primary !== me) this.waiting = [];
        this.persistIfAlone();
      }
      if (msg.lease && msg.epoch === this.config.epoch && msg.primary === me && msg.sentAt !== undefined) {
        const rho = this.opts.driftBound;
        this.leaseEnd = Math.max(this.leaseEnd, msg.sentAt + (this.opts.leaseMs * (1 - rho)) / (1 + rho) - 50);
      }
      return this.push(false);
    }
    const fromPrimaryOfMyEpoch = (epoch: number) => epoch === this.config.epoch && this.config.backup === me && from === this.config.primary;
    if (msg.type === "state" && fromPrimaryOfMyEpoch(msg.epoch)) {
      if (!this.holdsState) {
        this.kv = structuredClone(msg.kv);
        this.done = structuredClone(msg.done);
        this.holdsState = true;
      }
      return this.send(from, { type: "state-ok", v: this.opts.version, epoch: msg.epoch });
    }
    if (msg.type === "state-ok" && msg.epoch === this.config.epoch && this.config.primary === me && from === this.config.backup) {
      this.backupHasState = true;
      return this.push(false);
    }
    if (msg.type === "forward" && "writes" in msg) {
      if (!fromPrimaryOfMyEpoch(msg.epoch) || !this.holdsState) return this.send(from, { type: "forward-no", v: this.opts.version, epoch: this.config.epoch });
      for (const w of msg.writes) this.applyOnce(w.client, w.rid, w.op);
      return this.send(from, { type: "forward-ok", v: this.opts.version, epoch: msg.epoch, batch: msg.batch });
    }
    if (msg.type === "forward-ok" && "batch" in msg) {
      if (msg.epoch !== this.config.epoch || this.inFlight === null || this.inFlight.batch !== msg.batch) return;
      const writes = this.inFlight.writes;
      this.inFlight = null;
      for (const w of writes) this.answer(w.client, w.rid, this.applyOnce(w.client, w.rid, w.op));
      return this.push(false);
    }
    if (msg.type === "request") return this.request(from, msg);
  }

  private request(from: string, msg: RequestMsg): void {
    if (this.config.primary !== this.id) return this.send(from, { type: "not-primary", v: this.opts.version, rid: msg.rid });
    if (!isWrite(msg.op)) {
      if (this.localTime < this.leaseEnd) this.answer(from, msg.rid, applyOp(this.kv, msg.op));
      return;
    }
    const seen = this.done[msg.client];
    if (seen && seen.rid === msg.rid) return this.answer(from, msg.rid, seen.output);
    const pending = this.waiting.concat(this.inFlight ? this.inFlight.writes : []);
    if ((seen && seen.rid > msg.rid) || pending.some((w) => w.client === msg.client && w.rid === msg.rid)) return;
    this.waiting.push(msg);
    this.push(false);
  }

  /** Moves writes along: alone under the lease, else in one batch to the backup (resending the batch on `again`). */
  private push(again: boolean): void {
    if (this.config.primary !== this.id) return;
    const backup = this.config.backup;
    if (backup === null) {
      if (this.localTime >= this.leaseEnd) return;
      for (const w of this.waiting.splice(0)) this.answer(w.client, w.rid, this.applyOnce(w.client, w.rid, w.op));
      return this.persistIfAlone();
    }
    if (!this.backupHasState) {
      if (again) this.send(backup, { type: "state", v: this.opts.version, epoch: this.config.epoch, kv: { ...this.kv }, done: structuredClone(this.done) });
      return;
    }
    if (this.inFlight === null && this.waiting.length > 0) this.inFlight = { batch: ++this.batches, writes: this.waiting.splice(0) };
    else if (!again) return;
    if (this.inFlight === null) return;
    const writes = this.inFlight.writes.map((w) => ({ client: w.client, rid: w.rid, op: w.op }));
    this.send(backup, { type: "forward", v: this.opts.version, epoch: this.config.epoch, batch: this.inFlight.batch, writes });
  }

  private applyOnce(client: string, rid: number, op: Op): string {
    const seen = this.done[client];
    if (seen && seen.rid >= rid) return seen.output;
    const output = applyOp(this.kv, op);
    this.done[client] = { rid, output };
    return output;
  }

  private answer(to: string, rid: number, output: string): void {
    this.send(to, { type: "reply", v: this.opts.version, rid, epoch: this.config.epoch, output });
  }

  private persistIfAlone(): void {
    if (this.config.primary === this.id && this.config.backup === null) this.durable.set("alone", { config: this.config, kv: this.kv, done: this.done });
    else this.durable.delete("alone");
  }
}

export class Client implements ServiceClient {
  private leader: string | null = null;
  private current: { rid: number; op: Op } | null = null;
  private nextRid = 1;
  private retry: number | null = null;

  constructor(private readonly io: ClientIO) {}

  invoke(op: Op): void {
    this.current = { rid: this.nextRid++, op };
    this.go();
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    if (this.current === null) return;
    if (msg.type === "config") {
      if (msg.primary !== null && msg.primary !== this.leader) {
        this.leader = msg.primary;
        this.go();
      } else this.leader = msg.primary;
    } else if (msg.type === "reply" && msg.rid === this.current.rid) {
      this.current = null;
      if (this.retry !== null) this.io.cancelTimer(this.retry);
      this.io.done(msg.output);
    } else if (msg.type === "not-primary" && msg.rid === this.current.rid) this.leader = null;
  }

  /** One try at the primary I know; if it stays silent, the next try asks the manager first. */
  private go(): void {
    if (this.retry !== null) this.io.cancelTimer(this.retry);
    if (this.current === null) return;
    if (this.leader === null) this.io.send(this.io.manager, { type: "get-config", v: this.io.version });
    else this.io.send(this.leader, { type: "request", v: this.io.version, client: this.io.id, rid: this.current.rid, op: this.current.op });
    const tried = this.leader;
    this.retry = this.io.setTimer(150, () => {
      if (this.leader === tried) this.leader = null;
      this.go();
    }, "retry");
  }
}
