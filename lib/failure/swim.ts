/**
 * SWIM membership (Das, Gupta and Motivala, 2002): failure detection by random probing, with
 * indirect probes through k other members and failures spread by gossip on the probes themselves.
 *
 *   for (const id of ids) sim.add(id, () => new SwimMember({ period: 1_000, pingTimeout: 200, indirectProbes: 3 }));
 *   sim.crash("n7", { at: 4_999 });
 *   sim.run({ until: 15_000 });
 *   suspicionMarks(sim.trace, { target: "n7" });   // who declared n7 failed, when, and how
 *
 * Every protocol period T' (`period`), each member:
 *   1. picks a member uniformly at random from its membership list and sends it `ping`;
 *   2. if no `ack` came back within `pingTimeout`, asks `indirectProbes` (k) other random members
 *      to probe it (`ping-req`); each of them pings the target and relays its ack;
 *   3. if, at the end of the period, no ack (direct or relayed) has arrived, declares the target
 *      failed: removes it from its list and marks `suspect` with `{ target, via: "probe" }`.
 * A member that learns of a failure puts it in its gossip buffer; every outgoing ping, ping-req
 * and ack carries the buffer (`failed: [...]`), each entry for `gossipRounds` messages (default
 * 3·⌈log2 n⌉). A member that hears of a failure it did not know marks `suspect` with
 * `{ target, via: "gossip" }` and gossips it on.
 *
 * Each member sends about two messages per period (a ping and an ack), however large the group:
 * O(1) per member, where all-to-all heartbeating (HeartbeatPeer) costs O(n). Probing through k
 * others means a member whose link to the prober alone is bad is not declared failed.
 *
 * Left out (see the paper's §4): the suspicion sub-protocol with incarnation numbers (here a
 * declaration is final), joins and rejoins after a restart, and round-robin target selection
 * (targets are uniformly random, which is what the paper's analysis assumes).
 */
import { ConfigError } from "../sim/errors";
import { Node } from "../sim/node";
import { SUSPECT } from "./detector";

export type SwimMessage =
  | { type: "ping"; seq: number; failed: string[] }
  | { type: "ack"; seq: number; failed: string[] }
  | { type: "ping-req"; seq: number; target: string; failed: string[] };

export interface SwimOptions {
  /** T', the protocol period, ms. Default 1000. */
  period?: number;
  /** How long to wait for a direct ack before asking others, ms. Default period / 5. */
  pingTimeout?: number;
  /** k, members asked to probe indirectly. Default 3. */
  indirectProbes?: number;
  /** Messages each failure is piggybacked on. Default 3·⌈log2 n⌉. */
  gossipRounds?: number;
}

interface Probe {
  target: string;
  seq: number;
  acked: boolean;
}

export class SwimMember extends Node<SwimMessage> {
  readonly period: number;
  readonly pingTimeout: number;
  readonly indirectProbes: number;
  private members: string[] = [];
  private probe: Probe | undefined;
  private seq = 0;
  /** ping seq sent on behalf of a ping-req → whom to relay the ack to, with their seq. */
  private readonly relays = new Map<number, { requester: string; seq: number }>();
  /** failed member → how many more messages carry it. */
  private readonly gossip = new Map<string, number>();
  private gossipRounds = 0;

  constructor(readonly options: SwimOptions = {}) {
    super();
    this.period = options.period ?? 1_000;
    this.pingTimeout = options.pingTimeout ?? this.period / 5;
    this.indirectProbes = options.indirectProbes ?? 3;
    if (!(this.period > 0)) throw new ConfigError("SwimMember period", this.period, "a number of ms > 0");
    if (!(this.pingTimeout > 0 && this.pingTimeout < this.period)) {
      throw new ConfigError("SwimMember pingTimeout", this.pingTimeout, `a number of ms between 0 and the period (${this.period})`);
    }
    if (!(Number.isInteger(this.indirectProbes) && this.indirectProbes >= 0)) {
      throw new ConfigError("SwimMember indirectProbes", this.indirectProbes, "an integer ≥ 0");
    }
  }

  /** The members this node believes alive (itself excluded). */
  membership(): string[] {
    return this.members.slice();
  }

  onStart(): void {
    this.members = this.peers.slice();
    this.gossipRounds = this.options.gossipRounds ?? 3 * Math.ceil(Math.log2(this.members.length + 1));
    this.every(this.period, () => this.protocolPeriod(), "swim period");
  }

  onMessage(from: string, msg: SwimMessage): void {
    for (const id of msg.failed) this.learnFailed(id, "gossip");
    if (msg.type === "ping") {
      this.send(from, { type: "ack", seq: msg.seq, failed: this.piggyback() });
    } else if (msg.type === "ping-req") {
      const seq = ++this.seq;
      this.relays.set(seq, { requester: from, seq: msg.seq });
      this.send(msg.target, { type: "ping", seq, failed: this.piggyback() });
    } else if (msg.type === "ack") {
      const relay = this.relays.get(msg.seq);
      if (relay !== undefined) {
        this.relays.delete(msg.seq);
        this.send(relay.requester, { type: "ack", seq: relay.seq, failed: this.piggyback() });
      } else if (this.probe && this.probe.seq === msg.seq) {
        this.probe.acked = true;
      }
    }
  }

  private protocolPeriod(): void {
    const last = this.probe;
    if (last && !last.acked) this.learnFailed(last.target, "probe");
    this.probe = undefined;
    this.relays.clear();
    if (this.members.length === 0) return;
    const probe: Probe = { target: this.random.pick(this.members), seq: ++this.seq, acked: false };
    this.probe = probe;
    this.send(probe.target, { type: "ping", seq: probe.seq, failed: this.piggyback() });
    this.setTimer(this.pingTimeout, () => {
      if (probe.acked || this.probe !== probe) return;
      const helpers = this.random.shuffle(this.members.filter((m) => m !== probe.target)).slice(0, this.indirectProbes);
      for (const helper of helpers) {
        this.send(helper, { type: "ping-req", seq: probe.seq, target: probe.target, failed: this.piggyback() });
      }
    }, "swim indirect");
  }

  private learnFailed(id: string, via: "probe" | "gossip"): void {
    const at = this.members.indexOf(id);
    if (at < 0) return;
    this.members.splice(at, 1);
    this.gossip.set(id, this.gossipRounds);
    this.mark(SUSPECT, { target: id, via });
  }

  private piggyback(): string[] {
    const out: string[] = [];
    for (const [id, left] of this.gossip) {
      out.push(id);
      if (left <= 1) this.gossip.delete(id);
      else this.gossip.set(id, left - 1);
    }
    return out;
  }
}
