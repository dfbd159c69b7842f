/**
 * Exercise 03's graded scenarios (the phi accrual detector, and tuning it to a QoS target), in
 * the one shape every chapter uses (lib/grading/scenario.ts).
 *
 *   const s = scenarios.scenarios.crash;
 *   s.run(impl, 7, s.schedule(7));     // plain data: what the checks judge
 *   replay("03", "crash", 7)           // the same run in notebook 03
 *
 * Part A, the detector on its own. Each of these runs a script (`steps`: heartbeats, and
 * questions "phi at t?" and "available at t?") on a fresh `PhiAccrualDetector(options)` and
 * returns the answers (`PhiScriptData`); the grader works out the right answers itself:
 *   formula     phi(t, mean, std) on fixed and random points, both sides of the mean (`cases`)
 *   seeding     before and just after the first heartbeat (firstHeartbeatEstimate 400, 1000, 2000)
 *   window      random gaps; maxSampleSize 2 to 7, so the window fills and slides
 *   min-std     perfectly regular heartbeats (std 0): minStdDeviation decides
 *   acceptable-pause   acceptableHeartbeatPause 0, 500, 3000
 *   gap         a heartbeat that ends a suspicion, then questions (its gap must stay out)
 *
 * Part A in the simulator: a HeartbeatSender "b" (or the grader's own VaryingSender), a Monitor
 * "m" running the student's detector and marking suspect/trust; faults in `faults`
 * ({ kind: "crash" | "pause", node: "b", at, for? }). Data (`WatchData`): the suspicion marks, the
 * arrival times of b's heartbeats at m, and the QoS measured from the trace (measureQoS), with the
 * faults that happened.
 *   crash       heartbeats every 100 ms, latency normal(30, 8); b crashes between 5 and 8 s
 *   jitter      latency normal(60, 20) for 60 s, then b crashes
 *   pause       b pauses 0.5–0.9 s (tolerated: acceptableHeartbeatPause 1000), later 2.5–4 s
 *   hiccup      very regular heartbeats (std below 1 ms) and three 60 ms hiccups: minStdDeviation
 *               keeps a hiccup from looking like a crash
 *   speedup     b beats every 200 ms for 20 s, then every 50 ms; maxSampleSize 20, minStdDeviation 5:
 *               only a window that forgets the old gaps detects the crash fast
 *   after-pause b pauses 2–3 s (suspected, then trusted again), then crashes 3–4 s later: a
 *               detector that recorded the pause's gap detects the crash late
 *
 * Part B, tuning: for each network of QOS_NETWORKS the student's `tuneDetector(network, target)`
 * chooses the options; a 60 s run with a crash at the end measures them (`QoSData`).
 *   qos-lan, qos-wan, qos-lossy
 */
import type { ExerciseScenarios, Fault, Scenario, Schedule } from "../grading/scenario";
import * as latency from "../sim/latency";
import { Node } from "../sim/node";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import { suspicionMarks, type FailureDetector } from "./detector";
import { HeartbeatSender, Monitor, type HeartbeatMessage } from "./heartbeat";
import { measureQoS } from "./qos";

/** The options of exercise 03's PhiAccrualDetector (Akka's names; exercise 03 calls them PhiAccrualOptions). */
export interface PhiOptions {
  /** Suspect when phi reaches this value (Akka's default: 8). */
  threshold: number;
  /** At most this many inter-arrival times are kept (Akka's default: 1000). */
  maxSampleSize: number;
  /** Floor on the standard deviation used in phi, ms (Akka's default: 100). */
  minStdDeviation: number;
  /** Added to the mean inter-arrival time, ms: pauses this long are not alarming (Akka: 3000). */
  acceptableHeartbeatPause: number;
  /** Expected heartbeat interval before any has been measured, ms (Akka: 1000). */
  firstHeartbeatEstimate: number;
}

/** A network a detector must be tuned for (part B). */
export interface NetworkProfile {
  name: string;
  /** Heartbeat period, ms. */
  interval: number;
  /** One-way latency: normal(latencyMean, latencyStd), ms. */
  latencyMean: number;
  latencyStd: number;
  /** Share of heartbeats lost. */
  loss: number;
}

/** A QoS target (Chen, Toueg and Aguilera): detection time T_D at most, mistake recurrence T_MR at least. */
export interface QoSTarget {
  maxDetectionMs: number;
  minMistakeRecurrenceMs: number;
}

/** The three networks of part B, each with its target. */
export const QOS_NETWORKS: ReadonlyArray<{ network: NetworkProfile; target: QoSTarget }> = [
  { network: { name: "lan", interval: 100, latencyMean: 5, latencyStd: 1, loss: 0 }, target: { maxDetectionMs: 250, minMistakeRecurrenceMs: 600_000 } },
  { network: { name: "wan", interval: 100, latencyMean: 80, latencyStd: 25, loss: 0.01 }, target: { maxDetectionMs: 800, minMistakeRecurrenceMs: 600_000 } },
  { network: { name: "lossy", interval: 100, latencyMean: 30, latencyStd: 5, loss: 0.1 }, target: { maxDetectionMs: 1_200, minMistakeRecurrenceMs: 600_000 } },
];

export interface PhiImplementation {
  phi(timeSinceLastHeartbeat: number, mean: number, stdDeviation: number): number;
  PhiAccrualDetector: new (options: PhiOptions) => FailureDetector & { phi(now: number): number };
  tuneDetector(network: NetworkProfile, target: QoSTarget): PhiOptions;
}

export type PhiStep = { op: "heartbeat"; at: number } | { op: "phi"; at: number } | { op: "available"; at: number };

/** A script's answers: a number for "phi", a boolean for "available", null for "heartbeat". */
export interface PhiScriptData {
  options: PhiOptions;
  steps: PhiStep[];
  answers: Array<number | boolean | null>;
}

export interface FormulaData {
  cases: Array<[number, number, number]>;
  answers: number[];
}

export interface WatchData {
  faults: Fault[];
  options: PhiOptions;
  /** The monitor's verdicts about b, in order. */
  marks: Array<{ time: number; suspect: boolean }>;
  detectionTimes: number[];
  undetectedCrashes: number;
  mistakes: Array<{ start: number; end: number }>;
  upTime: number;
  end: number;
  /** When each of b's heartbeats was delivered to m (read from the trace), in order. */
  heartbeats: number[];
  /** How often m asks its detector, ms (it also asks right after each heartbeat). */
  checkEvery: number;
}

export interface QoSData extends WatchData {
  network: NetworkProfile;
  target: QoSTarget;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const num = (x: unknown) => (typeof x === "number" ? x : NaN);
const noFaults = (extra: Record<string, unknown>): Schedule => ({ faults: [], ...extra });

/** The grader's usual detector settings (Akka's, scaled to 100 ms heartbeats). */
const AKKA_LIKE: PhiOptions = { threshold: 8, maxSampleSize: 200, minStdDeviation: 20, acceptableHeartbeatPause: 0, firstHeartbeatEstimate: 100 };
const BASE: PhiOptions = { threshold: 8, maxSampleSize: 1_000, minStdDeviation: 10, acceptableHeartbeatPause: 0, firstHeartbeatEstimate: 1_000 };

// ---- part A: scripts ----

function runScript(impl: PhiImplementation, _seed: number, schedule: Schedule): PhiScriptData {
  const options = schedule.options as PhiOptions;
  const steps = schedule.steps as PhiStep[];
  const d = new impl.PhiAccrualDetector({ ...options });
  const answers = steps.map((s) => {
    if (s.op === "heartbeat") {
      d.heartbeat(s.at);
      return null;
    }
    if (s.op === "phi") return num(d.phi(s.at));
    return d.isAvailable(s.at) === true;
  });
  return { options: { ...options }, steps: steps.map((s) => ({ ...s })), answers };
}

function script(describe: string, seeds: number[], build: (seed: number) => { options: PhiOptions; steps: PhiStep[] }): Scenario<PhiImplementation, PhiScriptData> {
  return { describe, seeds, schedule: (seed) => noFaults(build(seed)), run: runScript };
}

const FIXED_CASES: Array<[number, number, number]> = [
  [1_000, 1_000, 100], [1_100, 1_000, 100], [900, 1_000, 100], [1_350, 1_000, 100],
  [250, 200, 20], [150, 200, 20], [0, 100, 10], [300, 100, 50], [101, 100, 1], [500, 500, 50],
];

function formulaCases(seed: number): Array<[number, number, number]> {
  const r = new Random(`phi/${seed}`);
  const cases: Array<[number, number, number]> = seed === 1 ? FIXED_CASES.slice() : [];
  for (let i = 0; i < 12; i++) {
    const mean = r.uniform(50, 2_000);
    const std = r.uniform(1, mean / 2);
    const t = Math.max(0, mean + r.uniform(-3, 6) * std);
    cases.push([t, mean, std], [t + std, mean, std]);
  }
  return cases;
}

/** A scenario whose seeds pick cases from a table: graded on its own seeds, even under a secret. */
const scripted = <S extends Scenario<PhiImplementation, any>>(scenario: S): S => ({ ...scenario, scripted: true });

const hb = (at: number): PhiStep => ({ op: "heartbeat", at });
const q = (at: number): PhiStep[] => [{ op: "phi", at }, { op: "available", at }];

const partA: Record<string, Scenario<PhiImplementation, any>> = {
  // The first seed's cases are a fixed table (FIXED_CASES).
  formula: scripted({
    describe: "phi(t, mean, std) on fixed and random points, both sides of the mean",
    seeds: range(1, 4),
    schedule: (seed) => noFaults({ cases: formulaCases(seed) }),
    run: (impl, _seed, schedule): FormulaData => {
      const cases = (schedule.cases as Array<[number, number, number]>).map((c) => [c[0], c[1], c[2]] as [number, number, number]);
      return { cases, answers: cases.map(([t, m, s]) => num(impl.phi(t, m, s))) };
    },
  }),
  seeding: scripted(script("before and just after the first heartbeat", [1, 2, 3], (seed) => {
    const estimate = [1_000, 400, 2_000][seed - 1];
    const steps: PhiStep[] = [...q(123), hb(5_000)];
    for (const x of [0, estimate / 2, estimate, estimate * 1.3, estimate * 1.8, estimate * 3]) steps.push(...q(5_000 + x));
    return { options: { ...BASE, firstHeartbeatEstimate: estimate, minStdDeviation: 1 }, steps };
  })),
  window: script("random gaps with maxSampleSize 2 to 7: the window fills and slides", range(1, 10), (seed) => {
    const r = new Random(`window/${seed}`);
    const max = r.int(2, 8);
    let t = 1_000;
    const steps: PhiStep[] = [hb(t)];
    const count = r.int(max + 2, 3 * max + 3);
    for (let i = 0; i < count; i++) {
      t += Math.round(r.uniform(200, 600));
      steps.push(hb(t), ...q(t + Math.round(r.uniform(100, 700))));
    }
    return { options: { ...BASE, maxSampleSize: max, threshold: 1_000, minStdDeviation: 1, firstHeartbeatEstimate: 400 }, steps };
  }),
  "min-std": scripted(script("perfectly regular heartbeats (std 0): minStdDeviation decides", [1, 2], (seed) => {
    const minStd = [25, 60][seed - 1];
    const steps: PhiStep[] = [];
    for (let i = 0; i <= 5; i++) steps.push(hb(i * 100));
    for (const x of [50, 100, 130, 180]) steps.push(...q(500 + x));
    return { options: { ...BASE, minStdDeviation: minStd, firstHeartbeatEstimate: 100, maxSampleSize: 3 }, steps };
  })),
  "acceptable-pause": scripted(script("acceptableHeartbeatPause 0, 500, 3000 added to the mean", [1, 2, 3], (seed) => {
    const pause = [0, 500, 3_000][seed - 1];
    const steps: PhiStep[] = [hb(0), hb(200), hb(380)];
    for (const x of [100, 200 + pause, 300 + pause]) steps.push(...q(380 + x));
    return { options: { ...BASE, acceptableHeartbeatPause: pause, firstHeartbeatEstimate: 200 }, steps };
  })),
  gap: script("a heartbeat that ends a suspicion: its gap stays out of the history", range(1, 4), (seed) => {
    const r = new Random(`gap/${seed}`);
    const period = Math.round(r.uniform(80, 200));
    let t = 0;
    const steps: PhiStep[] = [hb(t)];
    for (let i = 0; i < r.int(2, 6); i++) steps.push(hb((t += period + Math.round(r.uniform(-10, 10)))));
    steps.push(...q(t + 3 * period));
    steps.push(hb((t += 3 * period)));
    for (const x of [0.5, 1.2, 1.6]) steps.push(...q(t + Math.round(x * period)));
    steps.push(hb((t += period)));
    steps.push(...q(t + Math.round(1.5 * period)));
    return { options: { ...BASE, threshold: 3, firstHeartbeatEstimate: period, minStdDeviation: 1, maxSampleSize: 50 }, steps };
  }),
};

// ---- part A in the simulator, and part B ----

/** The grader's sender: heartbeats every `periods[k].every` ms from `periods[k].from` on. */
class VaryingSender extends Node<HeartbeatMessage> {
  private seq = 0;
  constructor(private readonly periods: ReadonlyArray<{ from: number; every: number }>) {
    super();
  }
  onStart(): void {
    this.beat();
  }
  private beat(): void {
    this.send("m", { type: "heartbeat", seq: ++this.seq });
    const now = this.now;
    const period = this.periods.filter((p) => p.from <= now).pop()!;
    this.setTimer(period.every, () => this.beat(), "heartbeat");
  }
}

interface WatchSchedule extends Schedule {
  options: PhiOptions;
  latencyMean: number;
  latencyStd: number;
  loss: number;
  /** Heartbeat periods: [{ from: 0, every: 100 }] for a steady sender. */
  periods: Array<{ from: number; every: number }>;
  until: number;
}

/** How often the monitor asks its detector, ms. */
const CHECK_EVERY = 10;

function watch(makeDetector: () => FailureDetector, seed: number, s: WatchSchedule): Omit<WatchData, "options"> {
  const sim = new Simulation({ seed, network: { latency: latency.normal(s.latencyMean, s.latencyStd), loss: s.loss } });
  const steady = s.periods.length === 1 && s.periods[0].from === 0;
  sim.add("b", () => (steady ? new HeartbeatSender({ to: ["m"], interval: s.periods[0].every }) : new VaryingSender(s.periods)));
  sim.add("m", () => new Monitor({ watch: ["b"], detector: makeDetector, checkEvery: CHECK_EVERY }));
  for (const f of s.faults) {
    if (f.kind === "crash") sim.crash("b", { at: Number(f.at) });
    else if (f.kind === "pause") sim.pause("b", { at: Number(f.at), for: Number(f.for) });
  }
  sim.run({ until: s.until });
  const qos = measureQoS(sim.trace, { monitor: "m", target: "b", end: sim.now });
  return {
    faults: s.faults.map((f) => ({ ...f })),
    marks: suspicionMarks(sim.trace, { monitor: "m", target: "b" }).map((m) => ({ time: m.time, suspect: m.suspect })),
    detectionTimes: qos.detectionTimes,
    undetectedCrashes: qos.undetectedCrashes,
    mistakes: qos.mistakes,
    upTime: qos.upTime,
    end: sim.now,
    heartbeats: sim.trace.filter((e) => e.kind === "deliver" && e.from === "b" && e.to === "m" && (e.msg as { type?: unknown }).type === "heartbeat").map((e) => e.time),
    checkEvery: CHECK_EVERY,
  };
}

interface WatchPlan {
  options: PhiOptions;
  latencyMean: number;
  latencyStd?: number;
  periods: Array<{ from: number; every: number }>;
  faults: Fault[];
  until: number;
}

function simulated(describe: string, seeds: number[], build: (seed: number) => WatchPlan): Scenario<PhiImplementation, WatchData> {
  return {
    describe,
    seeds,
    schedule: (seed): WatchSchedule => ({ latencyStd: 0, loss: 0, ...build(seed) }),
    run(impl, seed, schedule) {
      const s = schedule as WatchSchedule;
      return { options: { ...s.options }, ...watch(() => new impl.PhiAccrualDetector({ ...s.options }), seed, s) };
    },
  };
}

const steady = [{ from: 0, every: 100 }];

const inSimulator: Record<string, Scenario<PhiImplementation, WatchData>> = {
  crash: simulated("heartbeats every 100 ms over normal(30, 8); b crashes between 5 and 8 s", range(1, 20), (seed) => {
    const crashAt = Math.round(new Random(`crash/${seed}`).uniform(5_000, 8_000));
    return { options: AKKA_LIKE, latencyMean: 30, latencyStd: 8, periods: steady, faults: [{ kind: "crash", node: "b", at: crashAt }], until: crashAt + 3_000 };
  }),
  jitter: simulated("latency normal(60, 20) for 60 s, then b crashes", range(1, 6), () => ({
    options: { ...AKKA_LIKE, minStdDeviation: 30 }, latencyMean: 60, latencyStd: 20, periods: steady, faults: [{ kind: "crash", node: "b", at: 60_000 }], until: 62_000,
  })),
  pause: simulated("b pauses 0.5-0.9 s (tolerated), later 2.5-4 s (suspected, then trusted again)", range(1, 12), (seed) => {
    const r = new Random(`pause/${seed}`);
    const shortAt = Math.round(r.uniform(3_000, 5_000));
    const shortFor = Math.round(r.uniform(500, 900));
    const longAt = Math.round(r.uniform(8_000, 10_000));
    const longFor = Math.round(r.uniform(2_500, 4_000));
    return {
      options: { ...AKKA_LIKE, acceptableHeartbeatPause: 1_000 }, latencyMean: 20, latencyStd: 3, periods: steady,
      faults: [{ kind: "pause", node: "b", at: shortAt, for: shortFor }, { kind: "pause", node: "b", at: longAt, for: longFor }], until: 16_000,
    };
  }),
  hiccup: simulated("very regular heartbeats (latency normal(20, 0.5)) with three 60 ms hiccups of b; then b crashes", range(1, 4), (seed) => {
    const r = new Random(`hiccup/${seed}`);
    const faults: Fault[] = [4_000, 9_000, 14_000].map((t) => ({ kind: "pause", node: "b", at: Math.round(t + r.uniform(0, 2_000)), for: 60 }));
    faults.push({ kind: "crash", node: "b", at: 18_000 });
    return { options: AKKA_LIKE, latencyMean: 20, latencyStd: 0.5, periods: steady, faults, until: 20_000 };
  }),
  speedup: simulated("b beats every 200 ms for 20 s, then every 50 ms; it crashes 5-7 s later", range(1, 6), (seed) => {
    const crashAt = Math.round(new Random(`speedup/${seed}`).uniform(25_000, 27_000));
    return {
      options: { ...AKKA_LIKE, maxSampleSize: 20, minStdDeviation: 5, firstHeartbeatEstimate: 200 }, latencyMean: 20, latencyStd: 2,
      periods: [{ from: 0, every: 200 }, { from: 20_000, every: 50 }], faults: [{ kind: "crash", node: "b", at: crashAt }], until: crashAt + 3_000,
    };
  }),
  "after-pause": simulated("b pauses 2-3 s, is trusted again, then crashes 3-4 s later", range(1, 6), (seed) => {
    const r = new Random(`after-pause/${seed}`);
    const pauseAt = Math.round(r.uniform(4_000, 6_000));
    const pauseFor = Math.round(r.uniform(2_000, 3_000));
    const crashAt = pauseAt + pauseFor + Math.round(r.uniform(3_000, 4_000));
    return {
      options: AKKA_LIKE, latencyMean: 20, latencyStd: 3, periods: steady,
      faults: [{ kind: "pause", node: "b", at: pauseAt, for: pauseFor }, { kind: "crash", node: "b", at: crashAt }], until: crashAt + 3_000,
    };
  }),
};

function tuned(entry: { network: NetworkProfile; target: QoSTarget }): Scenario<PhiImplementation, QoSData> {
  const { network, target } = entry;
  return {
    describe: `tuneDetector on the "${network.name}" network: heartbeats every ${network.interval} ms, latency normal(${network.latencyMean}, ${network.latencyStd}), ${network.loss * 100}% loss; T_D ≤ ${target.maxDetectionMs} ms, T_MR ≥ ${target.minMistakeRecurrenceMs / 1_000} s`,
    seeds: range(1, 5),
    schedule: (seed) => ({
      faults: [{ kind: "crash", node: "b", at: Math.round(new Random(`qos/${network.name}/${seed}`).uniform(60_000, 61_000)) }],
      network: { ...network },
      target: { ...target },
    }),
    run(impl, seed, schedule) {
      const chosen = impl.tuneDetector({ ...(schedule.network as NetworkProfile) }, { ...(schedule.target as QoSTarget) });
      const options: PhiOptions = {
        threshold: num(chosen?.threshold), maxSampleSize: num(chosen?.maxSampleSize), minStdDeviation: num(chosen?.minStdDeviation),
        acceptableHeartbeatPause: num(chosen?.acceptableHeartbeatPause), firstHeartbeatEstimate: num(chosen?.firstHeartbeatEstimate),
      };
      const crashAt = Number(schedule.faults[0]?.at ?? 61_000);
      const s: WatchSchedule = {
        faults: schedule.faults, options, latencyMean: network.latencyMean, latencyStd: network.latencyStd, loss: network.loss,
        periods: [{ from: 0, every: network.interval }], until: crashAt + 5_000,
      };
      return { ...watch(() => new impl.PhiAccrualDetector({ ...options }), seed, s), options, network: { ...network }, target: { ...target } };
    },
  };
}

export const scenarios: ExerciseScenarios<PhiImplementation> = {
  exercise: "03-phi-accrual",
  scenarios: {
    ...partA,
    ...inSimulator,
    ...Object.fromEntries(QOS_NETWORKS.map((entry) => [`qos-${entry.network.name}`, tuned(entry)])),
  },
};
