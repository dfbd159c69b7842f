/**
 * Exercise 10, the capstone: the primary, the backup and the client of a lock and key-value
 * service that stays correct under every fault of the course.
 *
 * Notebook 10 builds the design step by step. The kit gives you (lib/capstone):
 *   - ConfigManager ("manager"): decides the configuration { epoch, primary, backup } and leases
 *     the primary role. Servers ping it every `pingMs` (100 ms); it answers each ping with the
 *     configuration, and answers the current primary's ping (when the ping carries the current
 *     epoch) with `lease: true` and the ping's `sentAt`: the lease runs `leaseMs` (1000 ms) on the
 *     MANAGER's clock from when it received that ping. It replaces a primary only after its lease
 *     has run out, and only by a backup that reported `ready` (it holds the state) in that epoch.
 *   - ClientHost: runs your Client, gives it one operation at a time and records the history.
 *   - applyOp(kv, op): the state machine (get, put, append, acquire, release on one key).
 *   - The messages (lib/capstone/protocol.ts). Every message carries `v`: your node's protocol
 *     version (`options.version` / `io.version`: 1, or 2 after the rolling upgrade). Accept both.
 *
 * Write three things:
 *
 * 1. `Server extends Node` (one class on s1, s2, s3; its role comes from the configuration):
 *    constructor(options: ServerOptions) with { manager, version, leaseMs, pingMs, driftBound }.
 *    - Ping the manager every pingMs: { type: "ping", v, epoch, ready, sentAt: this.localTime }.
 *      `epoch` is the newest configuration you have adopted (0 if you lost your state); `ready` is
 *      true when you are that epoch's backup and hold its state. Adopt a configuration only when
 *      its epoch is newer than yours.
 *    - The LEASE: when an answer carries `lease: true`, you may act alone as primary until
 *      local time sentAt + leaseMs·(1 − ρ)/(1 + ρ), ρ = options.driftBound (clocks drift up to 1%
 *      either way: count from when you SENT the ping, as in chapter 04).
 *    - As primary: answer a read ({ type: "reply", v, rid, epoch, output }, `epoch` being your
 *      epoch when you send it, also when you repeat a remembered output) from your own state
 *      ONLY while you hold the lease. Apply each write once: forward it to the backup
 *      ({ type: "forward", v, epoch, client, rid, op }), and only when the backup answers
 *      { type: "forward-ok", v, epoch, client, rid } apply it yourself and reply. One write at a
 *      time in a queue keeps the backup in your order. With no backup, apply writes under the lease.
 *      Reply { type: "not-primary", v, rid } when you are not the primary.
 *    - STATE TRANSFER: a new backup holds nothing. Before forwarding anything in a new epoch, send
 *      it your whole state ({ type: "state", v, epoch, kv, done }) until it answers
 *      { type: "state-ok", v, epoch }. Messages are not copied on their way: send and keep copies
 *      (structuredClone), never your live objects.
 *    - The EPOCH CHECK (fencing): as backup, accept "state" and "forward" only from the primary of
 *      your configuration and only with your epoch; answer anything else with
 *      { type: "forward-no", v, epoch: yours }. As primary, count only acks of your epoch.
 *    - REQUEST IDS: remember per client the newest rid applied and its output (`done`, part of the
 *      state you transfer); a request seen again gets the remembered output, never a second effect.
 *    - CRASHES: the nemesis restarts servers with their `this.durable` store. Save your state
 *      before you acknowledge anything. A restarted primary whose backup already held the state
 *      must not serve again in its epoch (the backup may be ahead): ping epoch 0 and wait for a
 *      newer configuration. A restarted backup keeps its role.
 *
 * 2. `Client implements ServiceClient`: constructor(io: ClientIO); `invoke(op)` runs one operation
 *    (a new rid each time; rids grow); send { type: "request", v, client: io.id, rid, op } to the
 *    primary you know and retry every 100 ms or so; on a reply with your rid call `io.done(output)`
 *    once. Ask the manager ({ type: "get-config", v }) only when you know no primary or the one you
 *    know stops answering: never per operation.
 *
 * Graded (npm run grade -- --only 10, or the check cell of notebook 10) on seeded nemesis runs:
 *   1. (25 pts) every client history is linearizable (operations that never completed are unknown outcomes);
 *   2. (20 pts) the same while old primaries believe they still are (isolated, bridged, paused);
 *   3. (15 pts) no acknowledged write lost, none applied twice (the final state, read by the kit);
 *   4. (20 pts) one primary at a time: reads answered only under the lease, writes acknowledged
 *      only by their epoch's primary (replies carry it), no backup accepting an older epoch;
 *   5. (12 pts) progress: once the faults heal (+2 s), every operation completes within 1 s;
 *   6. (8 pts) after the faults heal, at most 0.05 client→manager messages per operation.
 * Every check first asks that each completed operation was answered by a server (a reply to a
 * request of its kind, sent between its call and its return).
 * Replay a seed the grader reports in notebook 10 with `replayCapstone(ex, "nemesis", seed)`.
 */
import { Node, notImplemented } from "../lib";
import type { CapstoneMsg, ClientIO, Op, ServerOptions, ServiceClient } from "../lib/capstone";

export class Server extends Node<CapstoneMsg> {
  constructor(readonly options: ServerOptions) {
    super();
    notImplemented("10", "Server (the primary and the backup)");
  }
}

export class Client implements ServiceClient {
  constructor(readonly io: ClientIO) {
    notImplemented("10", "Client");
  }

  invoke(op: Op): void {
    notImplemented("10", "Client.invoke(op)");
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    notImplemented("10", "Client.onMessage(from, msg)");
  }
}
