/**
 * Clock synchronisation over a network: Cristian's algorithm and NTP's four timestamps.
 *
 * A client asks a time server for the time. Four readings describe one exchange:
 *
 *   T1  client clock when the request leaves        T2  server clock when the request arrives
 *   T4  client clock when the reply arrives         T3  server clock when the reply leaves
 *
 * Cristian: set the clock to T3 + (T4 − T1)/2, assuming the reply took half the round trip. The
 * reply really took somewhere between `minDelay` and RTT − minDelay, so the error is at most
 * RTT/2 − minDelay (`cristian(...)`).
 *
 * NTP: offset θ = ((T2 − T1) + (T3 − T4))/2 and delay δ = (T4 − T1) − (T3 − T2) (the round trip
 * minus the server's own processing time). θ is exact when both directions take equally long; in
 * general it is off by half the difference of the two one-way delays, so at most δ/2 − minDelay
 * (`ntp(...)`). An asymmetric link (fast uplink, slow downlink) pushes the error to that bound.
 *
 * Both bounds assume the two clocks tick at the right rate during one exchange (a drift of 100 ppm
 * over a 100 ms round trip is 10 µs): they are exact for clocks with an offset and no drift.
 *
 * `TimeServer` and `SyncClient` run the exchange in a simulation; `syncExperiment` runs many and
 * measures each estimate against the truth the simulator knows:
 *
 *   const samples = syncExperiment({ seed: 1, up: latency.constant(10), down: latency.uniform(10, 80) });
 *   samples[0].ntpError, samples[0].ntpBound, samples[0].cristianError, samples[0].cristianBound
 */
import { Node } from "../sim/node";
import { PhysicalClock } from "../sim/clock";
import { Simulation } from "../sim/simulation";
import type { Latency } from "../sim/latency";
import * as latencies from "../sim/latency";

export interface CristianEstimate {
  /** The client's estimate of the server clock at T4. */
  estimate: number;
  /** The measured round trip T4 − T1. */
  rtt: number;
  /** |estimate − true server reading at T4| is at most this: RTT/2 − minDelay. */
  errorBound: number;
}

export function cristian(t1: number, serverTime: number, t4: number, minDelay = 0): CristianEstimate {
  const rtt = t4 - t1;
  return { estimate: serverTime + rtt / 2, rtt, errorBound: rtt / 2 - minDelay };
}

export interface NtpEstimate {
  /** Estimated server clock minus client clock. */
  offset: number;
  /** Round trip minus the server's processing time. */
  delay: number;
  /** |offset − true offset| is at most this: delay/2 − minDelay. */
  errorBound: number;
}

export function ntp(t1: number, t2: number, t3: number, t4: number, minDelay = 0): NtpEstimate {
  const delay = t4 - t1 - (t3 - t2);
  return { offset: (t2 - t1 + (t3 - t4)) / 2, delay, errorBound: delay / 2 - minDelay };
}

export type SyncMessage =
  | { type: "time?"; t1: number }
  | { type: "time"; t1: number; t2: number; t3: number };

/** Answers "time?" with its own clock readings, after a processing time drawn from `processing`. */
export class TimeServer extends Node<SyncMessage> {
  constructor(private readonly processing: Latency = latencies.constant(0)) {
    super();
  }

  onMessage(from: string, msg: SyncMessage): void {
    if (msg.type !== "time?") return;
    const t2 = this.localTime;
    this.setTimer(this.processing.sample(this.random), () => this.send(from, { type: "time", t1: msg.t1, t2, t3: this.localTime }), "reply");
  }
}

/** One finished exchange as the client saw it, plus the true time it ended. */
export interface SyncReading {
  t1: number;
  t2: number;
  t3: number;
  t4: number;
  /** True (simulator) time when the reply arrived. */
  at: number;
}

/** Asks `server` for the time every `period` ms and keeps every answer in `readings`. */
export class SyncClient extends Node<SyncMessage> {
  readonly readings: SyncReading[] = [];

  constructor(private readonly server: string, private readonly period: number) {
    super();
  }

  onStart(): void {
    this.every(this.period, () => this.send(this.server, { type: "time?", t1: this.localTime }), "sync");
  }

  onMessage(_from: string, msg: SyncMessage): void {
    if (msg.type !== "time") return;
    this.readings.push({ t1: msg.t1, t2: msg.t2, t3: msg.t3, t4: this.localTime, at: this.now });
  }
}

export interface SyncExperimentOptions {
  seed?: number;
  /** Latency client → server. Default constant 20 ms. */
  up?: Latency;
  /** Latency server → client. Default: the same as `up`. */
  down?: Latency;
  /** The smallest possible one-way delay, known to the client (used in both bounds). Default 0. */
  minDelay?: number;
  /** Server processing time. Default 0. */
  processing?: Latency;
  /** How far the client's clock is off (ms) and the server's (ms). Defaults 250 and 0. */
  clientOffset?: number;
  serverOffset?: number;
  /** Number of exchanges (one per 1000 ms). Default 50. */
  exchanges?: number;
}

/** One exchange: each algorithm's estimate, its measured error and its bound. */
export interface SyncSample extends SyncReading {
  rtt: number;
  cristianError: number;
  cristianBound: number;
  ntpOffset: number;
  ntpError: number;
  ntpBound: number;
}

/** Runs a client and a time server and measures both algorithms against the true clocks. */
export function syncExperiment(options: SyncExperimentOptions = {}): SyncSample[] {
  const up = options.up ?? latencies.constant(20);
  const down = options.down ?? up;
  const minDelay = options.minDelay ?? 0;
  const exchanges = options.exchanges ?? 50;
  const serverClock = new PhysicalClock({ offset: options.serverOffset ?? 0 });
  const clientClock = new PhysicalClock({ offset: options.clientOffset ?? 250 });
  const sim = new Simulation({ seed: options.seed ?? 1, trace: false });
  sim.add("server", () => new TimeServer(options.processing), { clock: serverClock });
  const client = sim.add("client", () => new SyncClient("server", 1_000), { clock: clientClock });
  sim.network.setLink("client", "server", { latency: up }, { oneWay: true });
  sim.network.setLink("server", "client", { latency: down }, { oneWay: true });
  sim.run({ stopWhen: () => client.readings.length >= exchanges });
  return client.readings.map((r) => {
    const c = cristian(r.t1, r.t3, r.t4, minDelay);
    const n = ntp(r.t1, r.t2, r.t3, r.t4, minDelay);
    const trueOffset = serverClock.read(r.at) - clientClock.read(r.at);
    return {
      ...r,
      rtt: c.rtt,
      cristianError: c.estimate - serverClock.read(r.at),
      cristianBound: c.errorBound,
      ntpOffset: n.offset,
      ntpError: n.offset - trueOffset,
      ntpBound: n.errorBound,
    };
  });
}
