/**
 * Heartbeats in the simulator: a node that sends them, a node that watches them with any
 * FailureDetector, and a peer that does both with everyone (all-to-all monitoring).
 *
 *   sim.add("b", () => new HeartbeatSender({ to: ["m"], interval: 100 }));
 *   const m = sim.add("m", () => new Monitor({
 *     watch: ["b"],
 *     detector: () => new FixedTimeoutDetector({ timeout: 300 }),
 *     checkEvery: 10,                                  // poll the verdict every 10 ms (default)
 *     onCheck: (target, now, detector) => { ... },     // optional: sample e.g. phi at every poll
 *   }));
 *   sim.add("p1", () => new HeartbeatPeer({ interval: 1_000, detector: () => ... }));   // watches and
 *                                                      // heartbeats every other node
 *
 * A sender sends `{ type: "heartbeat", seq }` at start and then every `interval` ms (of its own
 * clock). A monitor keeps one detector per watched node, feeds it `localTime` at each heartbeat,
 * and re-asks `isAvailable` at every heartbeat and every `checkEvery` ms. Each change of verdict
 * is marked in the trace as `suspect` / `trust` with `{ target }` (see detector.ts), which is all
 * `measureQoS` needs. `monitor.suspects()` lists whom it suspects right now.
 */
import { Node } from "../sim/node";
import { SUSPECT, TRUST, type FailureDetector } from "./detector";

export interface HeartbeatMessage {
  type: "heartbeat";
  seq: number;
}

export interface HeartbeatSenderOptions {
  /** Receivers of the heartbeats. */
  to: string[];
  /** Period in ms. */
  interval: number;
}

export class HeartbeatSender extends Node<HeartbeatMessage> {
  private seq = 0;
  constructor(readonly options: HeartbeatSenderOptions) {
    super();
  }
  onStart(): void {
    this.beat();
    this.every(this.options.interval, () => this.beat(), "heartbeat");
  }
  private beat(): void {
    this.seq++;
    for (const to of this.options.to) this.send(to, { type: "heartbeat", seq: this.seq });
  }
}

export interface MonitorOptions {
  /** Nodes to watch (default: every other node). */
  watch?: string[];
  /** Builds the detector for one watched node. */
  detector: (target: string) => FailureDetector;
  /** Poll period of the verdicts, ms. Default 10. */
  checkEvery?: number;
  /** Called at every poll and every heartbeat, after the verdict is updated. */
  onCheck?: (target: string, now: number, detector: FailureDetector) => void;
}

export class Monitor<Msg extends { type: string } = HeartbeatMessage> extends Node<Msg | HeartbeatMessage> {
  protected readonly detectors = new Map<string, FailureDetector>();
  private readonly suspected = new Set<string>();

  constructor(readonly monitorOptions: MonitorOptions) {
    super();
  }

  onStart(): void {
    for (const target of this.monitorOptions.watch ?? this.peers) {
      this.detectors.set(target, this.monitorOptions.detector(target));
    }
    this.every(this.monitorOptions.checkEvery ?? 10, () => {
      for (const target of this.detectors.keys()) this.evaluate(target);
    }, "check");
  }

  onMessage(from: string, msg: Msg | HeartbeatMessage): void {
    if (msg.type !== "heartbeat") return;
    const detector = this.detectors.get(from);
    if (detector === undefined) return;
    detector.heartbeat(this.localTime);
    this.evaluate(from);
  }

  /** The watched nodes this monitor suspects right now. */
  suspects(): string[] {
    return Array.from(this.suspected);
  }

  /** The detector watching `target`. */
  detectorOf(target: string): FailureDetector | undefined {
    return this.detectors.get(target);
  }

  private evaluate(target: string): void {
    const detector = this.detectors.get(target)!;
    const now = this.localTime;
    const available = detector.isAvailable(now);
    if (!available && !this.suspected.has(target)) {
      this.suspected.add(target);
      this.mark(SUSPECT, { target });
    } else if (available && this.suspected.has(target)) {
      this.suspected.delete(target);
      this.mark(TRUST, { target });
    }
    if (this.monitorOptions.onCheck) this.monitorOptions.onCheck(target, now, detector);
  }
}

export interface HeartbeatPeerOptions {
  /** Heartbeat period, ms. */
  interval: number;
  detector: (target: string) => FailureDetector;
  checkEvery?: number;
}

/** All-to-all monitoring: heartbeats every other node and watches every other node. */
export class HeartbeatPeer extends Monitor {
  private seq = 0;
  constructor(readonly peerOptions: HeartbeatPeerOptions) {
    super({ detector: peerOptions.detector, checkEvery: peerOptions.checkEvery });
  }
  onStart(): void {
    super.onStart();
    this.beat();
    this.every(this.peerOptions.interval, () => this.beat(), "heartbeat");
  }
  private beat(): void {
    this.seq++;
    this.broadcast({ type: "heartbeat", seq: this.seq });
  }
}
