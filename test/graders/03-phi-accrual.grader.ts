// Grader for exercise 03: the phi accrual failure detector as Akka defines it.
// The expected values below are computed here, independently of the exercise, from Akka's
// definitions (akka.remote.PhiAccrualFailureDetector, HeartbeatHistory).
import * as ex from "@exercise/03-phi-accrual";
import { NodeHandlerError, Random, Simulation, isNotImplemented, latency } from "../../lib";
import { HeartbeatSender, Monitor, measureQoS, suspicionMarks } from "../../lib/failure";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

/** Akka's logistic approximation, written out again for the grader. */
function expectedPhi(timeDiff: number, mean: number, std: number): number {
  const y = (timeDiff - mean) / std;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  return timeDiff > mean ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
}

/** The window the detector should hold, kept naively (a plain array, recomputed each time). */
function windowStats(intervals: number[], max: number): { mean: number; std: number } {
  const w = intervals.slice(Math.max(0, intervals.length - max));
  const mean = w.reduce((s, x) => s + x, 0) / w.length;
  const sq = w.reduce((s, x) => s + x * x, 0) / w.length;
  return { mean, std: Math.sqrt(Math.max(0, sq - mean * mean)) };
}

function close(actual: number, expected: number, what: string): void {
  const ok = Number.isFinite(actual) && Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  expectThat(ok, `${what}: expected ${expected.toFixed(6)}, got ${actual}`);
}

function detector(options: Partial<ex.PhiAccrualOptions> = {}): ex.PhiAccrualDetector {
  return new ex.PhiAccrualDetector({
    threshold: 8,
    maxSampleSize: 1_000,
    minStdDeviation: 10,
    acceptableHeartbeatPause: 0,
    firstHeartbeatEstimate: 1_000,
    ...options,
  });
}

const REPLAY_PURE = () => "call phi(...) and PhiAccrualDetector directly in a notebook cell with the values in the message";

graded(2, "phi(t, mean, std) matches Akka's formula on both sides of the mean", async () => {
  const fixed: Array<[number, number, number]> = [
    [1_000, 1_000, 100], [1_100, 1_000, 100], [900, 1_000, 100], [1_350, 1_000, 100],
    [250, 200, 20], [150, 200, 20], [0, 100, 10], [300, 100, 50], [101, 100, 1],
  ];
  for (const [t, m, s] of fixed) close(ex.phi(t, m, s), expectedPhi(t, m, s), `phi(${t}, ${m}, ${s})`);
  // at the mean phi is -log10(1/2); far below it phi is ~0; it grows with lateness
  close(ex.phi(500, 500, 50), Math.log10(2), "phi at exactly the mean");
  await acrossSeeds(seedRange(1, 40), (seed) => {
    const r = new Random(`phi/${seed}`);
    const mean = r.uniform(50, 2_000);
    const std = r.uniform(1, mean / 2);
    const t = Math.max(0, mean + r.uniform(-3, 6) * std);
    close(ex.phi(t, mean, std), expectedPhi(t, mean, std), `phi(${t.toFixed(3)}, ${mean.toFixed(3)}, ${std.toFixed(3)})`);
    expectThat(ex.phi(t + std, mean, std) > ex.phi(t, mean, std), `phi should grow with the time since the last heartbeat (t=${t.toFixed(1)}, mean=${mean.toFixed(1)}, std=${std.toFixed(1)})`);
  }, REPLAY_PURE);
});

graded(2, "the first heartbeat seeds the history (estimate ± estimate/4); before it phi is 0", async () => {
  for (const estimate of [1_000, 400, 2_000]) {
    const d = detector({ firstHeartbeatEstimate: estimate, minStdDeviation: 1 });
    close(d.phi(123_456), 0, `phi before any heartbeat (estimate ${estimate})`);
    expectThat(d.isAvailable(123_456) === true, "before any heartbeat the node must count as available");
    d.heartbeat(5_000);
    // history [estimate - estimate/4, estimate + estimate/4]: mean = estimate, std = estimate/4
    for (const x of [0, estimate / 2, estimate, estimate * 1.3, estimate * 1.8]) {
      close(d.phi(5_000 + x), expectedPhi(x, estimate, estimate / 4), `phi ${x} ms after the first heartbeat (firstHeartbeatEstimate ${estimate})`);
    }
    expectThat(d.isAvailable(5_000 + estimate) && !d.isAvailable(5_000 + estimate * 3), `with firstHeartbeatEstimate ${estimate} and threshold 8 the node should be available ${estimate} ms after the first heartbeat and suspected ${estimate * 3} ms after it`);
  }
});

graded(2, "inter-arrival times are kept in a window of maxSampleSize (oldest dropped first)", async () => {
  await acrossSeeds(seedRange(1, 15), (seed) => {
    const r = new Random(`window/${seed}`);
    const max = r.int(2, 8);
    const estimate = 400;
    const d = detector({ maxSampleSize: max, threshold: 1_000, minStdDeviation: 1, firstHeartbeatEstimate: estimate });
    const intervals = [estimate - estimate / 4, estimate + estimate / 4];
    let t = 1_000;
    d.heartbeat(t);
    const count = r.int(max, 3 * max);
    for (let i = 0; i < count; i++) {
      const gap = Math.round(r.uniform(200, 600));
      t += gap;
      d.heartbeat(t);
      intervals.push(gap);
      const { mean, std } = windowStats(intervals, max);
      const at = t + Math.round(r.uniform(100, 700));
      close(d.phi(at), expectedPhi(at - t, mean, Math.max(std, 1)), `maxSampleSize ${max}, after ${i + 1} heartbeats with gaps [${intervals.slice(2).join(", ")}]: phi ${at - t} ms after the last one`);
    }
  }, (seed) => `new Random("window/${seed}") drives the gaps; check your window with maxSampleSize 2..7`);
});

graded(1, "the standard deviation used is at least minStdDeviation", async () => {
  for (const minStd of [25, 60]) {
    const d = detector({ minStdDeviation: minStd, firstHeartbeatEstimate: 100, maxSampleSize: 3 });
    let t = 0;
    d.heartbeat(t);
    for (let i = 0; i < 5; i++) d.heartbeat((t += 100)); // window [100, 100, 100]: std 0
    for (const x of [50, 100, 130, 180]) {
      close(d.phi(t + x), expectedPhi(x, 100, minStd), `perfectly regular heartbeats (std 0), minStdDeviation ${minStd}: phi ${x} ms after the last`);
    }
  }
});

graded(1, "acceptableHeartbeatPause is added to the mean", async () => {
  for (const pause of [0, 500, 3_000]) {
    const d = detector({ acceptableHeartbeatPause: pause, firstHeartbeatEstimate: 200, minStdDeviation: 10 });
    d.heartbeat(0);
    d.heartbeat(200);
    d.heartbeat(380);
    const { mean, std } = windowStats([150, 250, 200, 180], 1_000);
    for (const x of [100, 200 + pause, 300 + pause]) {
      close(d.phi(380 + x), expectedPhi(x, mean + pause, Math.max(std, 10)), `acceptableHeartbeatPause ${pause}: phi ${x} ms after the last heartbeat`);
    }
  }
});

graded(1, "a heartbeat that ends a suspicion is not added to the history", async () => {
  const d = detector({ threshold: 3, firstHeartbeatEstimate: 100, minStdDeviation: 10 });
  d.heartbeat(0);
  d.heartbeat(100); // available: history [75, 125, 100]
  expectThat(!d.isAvailable(1_000), "with threshold 3, 900 ms after a heartbeat expected every 100 ms the node should be suspected");
  d.heartbeat(1_000); // ends the suspicion: its 900 ms interval must not enter the history
  const { mean, std } = windowStats([75, 125, 100], 1_000);
  for (const x of [50, 120, 160]) {
    close(d.phi(1_000 + x), expectedPhi(x, mean, Math.max(std, 10)), `after a heartbeat that arrived while suspected (the 900 ms gap must be left out, but the heartbeat time still counts): phi ${x} ms later`);
  }
});

// ---- in the simulator ----

interface RunSetup {
  seed: number;
  options: ex.PhiAccrualOptions;
  net: { latency: ReturnType<typeof latency.normal> };
  interval: number;
}

function watch(setup: RunSetup): Simulation {
  const sim = new Simulation({ seed: setup.seed, network: setup.net });
  sim.add("b", () => new HeartbeatSender({ to: ["m"], interval: setup.interval }));
  sim.add("m", () => new Monitor({ watch: ["b"], detector: () => new ex.PhiAccrualDetector(setup.options), checkEvery: 10 }));
  return sim;
}

/** Runs the simulation; an unfinished stub inside a node surfaces as "not implemented yet". */
function run(sim: Simulation, until: number): void {
  try {
    sim.run({ until });
  } catch (error) {
    if (error instanceof NodeHandlerError && isNotImplemented(error.cause)) throw error.cause;
    throw error;
  }
}

const AKKA_LIKE: ex.PhiAccrualOptions = { threshold: 8, maxSampleSize: 200, minStdDeviation: 20, acceptableHeartbeatPause: 0, firstHeartbeatEstimate: 100 };

graded(3, "in the simulator a crash is suspected within 500 ms, and not before it", async () => {
  await acrossSeeds(seedRange(1, 30), (seed) => {
    const r = new Random(`crash/${seed}`);
    const sim = watch({ seed, options: AKKA_LIKE, net: { latency: latency.normal(30, 8) }, interval: 100 });
    const crashAt = Math.round(r.uniform(5_000, 8_000));
    sim.crash("b", { at: crashAt });
    run(sim, crashAt + 3_000);
    const q = measureQoS(sim.trace, { monitor: "m", target: "b", end: sim.now });
    expectThat(q.mistakes.length === 0, `b was suspected at t=${q.mistakes[0]?.start} ms although it only crashed at ${crashAt} ms (heartbeats every 100 ms, latency normal(30, 8), threshold 8, minStdDeviation 20)`);
    expectThat(q.detectionTimes.length === 1, `the crash of b at ${crashAt} ms was never suspected (isAvailable stayed true for 3 s)`);
    expectThat(q.detectionTimes[0] <= 500, `the crash of b at ${crashAt} ms was suspected only after ${q.detectionTimes[0]} ms (should be at most 500 ms)`);
  }, (seed) => `notebook 03, section "Phi around a crash": run phiAroundCrash(${seed})`);
});

graded(2, "jittery but punctual heartbeats are never suspected (60 s), and a crash still is", async () => {
  await acrossSeeds(seedRange(1, 12), (seed) => {
    const sim = watch({ seed, options: { ...AKKA_LIKE, minStdDeviation: 30 }, net: { latency: latency.normal(60, 20) }, interval: 100 });
    sim.crash("b", { at: 60_000 });
    run(sim, 62_000);
    const q = measureQoS(sim.trace, { monitor: "m", target: "b", end: sim.now });
    expectThat(q.mistakes.length === 0, `b was wrongly suspected ${q.mistakes.length} times, first at t=${q.mistakes[0]?.start} ms, though every heartbeat arrived (latency normal(60, 20), interval 100 ms, threshold 8, minStdDeviation 30)`);
    expectThat(q.detectionTimes.length === 1 && q.detectionTimes[0] <= 1_000, `after b crashed at 60000 ms it should be suspected within 1 s (detection times: [${q.detectionTimes.join(", ")}])`);
  }, (seed) => `new Simulation({ seed: ${seed}, network: { latency: latency.normal(60, 20) } }) with HeartbeatSender (interval 100) and Monitor, as in notebook 03`);
});

graded(2, "a pause shorter than acceptableHeartbeatPause is tolerated; a longer one is suspected, then trusted again", async () => {
  await acrossSeeds(seedRange(1, 20), (seed) => {
    const r = new Random(`pause/${seed}`);
    const options = { ...AKKA_LIKE, acceptableHeartbeatPause: 1_000 };
    const sim = watch({ seed, options, net: { latency: latency.normal(20, 3) }, interval: 100 });
    const shortAt = Math.round(r.uniform(3_000, 5_000));
    const shortFor = Math.round(r.uniform(500, 900));
    const longAt = Math.round(r.uniform(8_000, 10_000));
    const longFor = Math.round(r.uniform(2_500, 4_000));
    sim.pause("b", { at: shortAt, for: shortFor });
    sim.pause("b", { at: longAt, for: longFor });
    run(sim, 16_000);
    const marks = suspicionMarks(sim.trace, { monitor: "m", target: "b" });
    const early = marks.find((m) => m.suspect && m.time < longAt);
    expectThat(early === undefined, `b paused for ${shortFor} ms at ${shortAt} ms (acceptableHeartbeatPause 1000) and was suspected at ${early?.time} ms: that pause should be tolerated`);
    const suspected = marks.find((m) => m.suspect && m.time >= longAt);
    expectThat(suspected !== undefined && suspected.time <= longAt + 2_000, `b paused for ${longFor} ms at ${longAt} ms and should be suspected within 2 s of the pause start (suspected at: ${suspected ? suspected.time + " ms" : "never"})`);
    const resumed = longAt + longFor;
    const trusted = marks.find((m) => !m.suspect && m.time >= resumed);
    expectThat(trusted !== undefined && trusted.time <= resumed + 500, `b resumed at ${resumed} ms and its heartbeats came back; it should be trusted again within 500 ms (trusted at: ${trusted ? trusted.time + " ms" : "never"})`);
  }, (seed) => `notebook 03, section "Phi around a pause": run phiAroundPause(${seed})`);
});
