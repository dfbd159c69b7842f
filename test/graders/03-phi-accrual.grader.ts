/**
 * Grader for exercise 03 (the phi accrual failure detector, and tuning it to a QoS target), as
 * data: every check is a pure function of the plain data a scenario of lib/failure/scenarios.ts
 * returned. The right answers are worked out here, independently of the exercise, from Akka's
 * definitions (akka.remote.PhiAccrualFailureDetector, HeartbeatHistory); the verdicts in the
 * simulator are the library Monitor's suspect/trust marks, measured with measureQoS.
 *
 * Weights (29 points): what the detector does in the simulator carries most of them (15 for part
 * A: a crash detected fast and no false suspicion, under jitter, hiccups, pauses, a sender that speeds up,
 * and a crash after a pause; 6 for part B: three networks, each with its QoS target); the
 * formula and the history on their own 8. Every check in the simulator and in part B first asks
 * that the monitor's verdicts follow phi over the heartbeats that reached it (marksFollowHeartbeats).
 */
import type { Grader } from "../../lib/grading/scenario";
import type { FormulaData, PhiOptions, PhiScriptData, PhiStep, QoSData, WatchData } from "../../lib/failure/scenarios";
import { expectThat } from "./support";

/** Akka's logistic approximation, written out again for the grader. */
function expectedPhi(timeDiff: number, mean: number, std: number): number {
  const y = (timeDiff - mean) / std;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  return timeDiff > mean ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
}

const isClose = (actual: number, expected: number) => actual === expected || (Number.isFinite(actual) && Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)));

/** The answers a correct detector gives to a script, kept naively (a plain array, recomputed each time). */
function referenceAnswers(o: PhiOptions, steps: PhiStep[]): Array<{ answer: number | boolean | null; why: string }> {
  const intervals: number[] = [];
  let last: number | undefined;
  const stats = () => {
    const w = intervals.slice(Math.max(0, intervals.length - o.maxSampleSize));
    const mean = w.reduce((s, x) => s + x, 0) / w.length;
    const sq = w.reduce((s, x) => s + x * x, 0) / w.length;
    return { w, mean, std: Math.sqrt(Math.max(0, sq - mean * mean)) };
  };
  const phiAt = (now: number) => {
    if (last === undefined) return { phi: 0, why: "no heartbeat yet" };
    const { w, mean, std } = stats();
    const used = Math.max(std, o.minStdDeviation);
    return { phi: expectedPhi(now - last, mean + o.acceptableHeartbeatPause, used), why: `window [${w.map((x) => +x.toFixed(3)).join(", ")}]: mean ${mean.toFixed(3)} + acceptableHeartbeatPause ${o.acceptableHeartbeatPause}, std max(${std.toFixed(3)}, minStdDeviation ${o.minStdDeviation}) = ${used.toFixed(3)}, ${(now - last).toFixed(3)} ms since the last heartbeat` };
  };
  return steps.map((s) => {
    if (s.op === "heartbeat") {
      if (last === undefined) intervals.push(o.firstHeartbeatEstimate * 0.75, o.firstHeartbeatEstimate * 1.25);
      else if (phiAt(s.at).phi < o.threshold) intervals.push(s.at - last);
      last = s.at;
      return { answer: null, why: "" };
    }
    const { phi, why } = phiAt(s.at);
    return s.op === "phi" ? { answer: phi, why } : { answer: phi < o.threshold, why: `${why}, phi ${phi.toFixed(6)} vs threshold ${o.threshold}` };
  });
}

function scriptCheck(title: string, points: number, scenario: string) {
  return {
    title,
    points,
    scenario,
    verify(data: PhiScriptData) {
      const want = referenceAnswers(data.options, data.steps);
      const beats: number[] = [];
      data.steps.forEach((s, i) => {
        if (s.op === "heartbeat") return void beats.push(s.at);
        const got = data.answers[i];
        const ok = s.op === "phi" ? isClose(got as number, want[i].answer as number) : got === want[i].answer;
        const show = (x: unknown) => (typeof x === "number" ? x.toFixed(6) : String(x));
        expectThat(ok, `options ${JSON.stringify(data.options)}; heartbeats at [${beats.join(", ")}]: ${s.op === "phi" ? "phi" : "isAvailable"}(${s.at}) returned ${show(got)}, expected ${show(want[i].answer)} (${want[i].why})`);
      });
    },
  };
}

/**
 * m's verdicts about b follow from the heartbeats that reached m: at every moment, phi worked out
 * here from the delivered heartbeats' arrival times (Akka's history: the first heartbeat's two
 * seeded intervals, then each interval that did not end a suspicion, in a window of maxSampleSize)
 * decides whether b is suspected. The monitor asks its detector every `checkEvery` ms and after
 * each heartbeat, so a verdict is judged with that much slack in the silence: b must be trusted
 * wherever phi stays below the threshold even `checkEvery` ms later, and suspected wherever phi
 * had reached it `checkEvery` ms earlier. A detector can work a run's crashes and pauses out from
 * the kit's public scenarios (the heartbeats' arrival times name the seed) and suspect b at the
 * planned moments; every check in the simulator asks this first.
 */
function marksFollowHeartbeats(data: WatchData, seed?: number): void {
  const o = data.options;
  const slack = data.checkEvery;
  const window: number[] = [];
  let mean = NaN;
  let std = NaN;
  const add = (interval: number) => {
    window.push(interval);
    if (window.length > o.maxSampleSize) window.shift();
    mean = window.reduce((a, x) => a + x, 0) / window.length;
    std = Math.sqrt(Math.max(0, window.reduce((a, x) => a + x * x, 0) / window.length - mean * mean));
  };
  const phiAfter = (silence: number) => expectedPhi(Math.max(0, silence), mean + o.acceptableHeartbeatPause, Math.max(std, o.minStdDeviation));
  const history = () => `${window.length} intervals in the window, mean ${mean.toFixed(1)} ms + acceptableHeartbeatPause ${o.acceptableHeartbeatPause}, std max(${std.toFixed(1)}, minStdDeviation ${o.minStdDeviation})`;
  // Moments to judge: every heartbeat, every mark, and every checkEvery ms.
  const probes: number[] = [...data.marks.map((m) => m.time)];
  for (let t = 0; t <= data.end; t += slack) probes.push(t);
  probes.sort((a, b) => a - b);
  let h = 0;
  let k = 0;
  let last: number | undefined;
  let suspected = false;
  const judge = (t: number) => {
    while (k < data.marks.length && data.marks[k].time <= t) suspected = data.marks[k++].suspect;
    if (last === undefined) {
      expectThat(!suspected, `m suspected b at ${t.toFixed(1)} ms, before any heartbeat had reached it; expected trust until the first heartbeat (phi is 0 before it)`, seed);
      return;
    }
    const silence = t - last;
    if (suspected) {
      const later = phiAfter(silence + slack);
      expectThat(later >= o.threshold, `m suspected b at ${t.toFixed(1)} ms, but by the heartbeats that had reached m phi was ${phiAfter(silence).toFixed(2)} (threshold ${o.threshold}), and still ${later.toFixed(2)} ${slack} ms later: the last heartbeat arrived at ${last.toFixed(1)} ms, ${silence.toFixed(1)} ms before (${history()}); expected a suspicion only when phi over the heartbeats received reaches the threshold`, seed);
    } else {
      const earlier = phiAfter(silence - slack);
      expectThat(earlier < o.threshold, `m still trusted b at ${t.toFixed(1)} ms, but by the heartbeats that had reached m phi was ${phiAfter(silence).toFixed(2)} (threshold ${o.threshold}), already ${earlier.toFixed(2)} ${slack} ms earlier: the last heartbeat arrived at ${last.toFixed(1)} ms, ${silence.toFixed(1)} ms before (${history()}); expected a suspicion once phi over the heartbeats received reaches the threshold`, seed);
    }
  };
  for (const t of probes) {
    while (h < data.heartbeats.length && data.heartbeats[h] <= t) {
      const at = data.heartbeats[h++];
      if (last === undefined) {
        add(o.firstHeartbeatEstimate * 0.75);
        add(o.firstHeartbeatEstimate * 1.25);
      } else if (phiAfter(at - last) < o.threshold) add(at - last);
      last = at;
      judge(at);
    }
    judge(t);
  }
}

const show = (x: number | undefined) => (x === undefined ? "never" : `${x.toFixed(1)} ms`);
const faultAt = (data: WatchData, kind: string, k = 0) => data.faults.filter((f) => f.kind === kind).map((f) => ({ at: Number(f.at), for: Number(f.for) }))[k];

function crashDetected(data: WatchData, bound: number, setting: string): void {
  const crash = faultAt(data, "crash");
  expectThat(data.detectionTimes.length === 1 && data.undetectedCrashes === 0, `b crashed at ${crash.at} ms and was never suspected afterwards; expected a suspicion within ${bound} ms (${setting})`);
  expectThat(data.detectionTimes[0] <= bound, `b crashed at ${crash.at} ms and was suspected ${data.detectionTimes[0].toFixed(1)} ms later; expected at most ${bound} ms (${setting})`);
}

function noMistakes(data: WatchData, setting: string): void {
  const m = data.mistakes[0];
  expectThat(data.mistakes.length === 0, `b was suspected ${data.mistakes.length} time(s) while it was up, first from ${m?.start.toFixed(1)} to ${m?.end.toFixed(1)} ms; expected never (${setting})`);
}

/** A check on a watch scenario: b is never suspected while up, and its crash is suspected within `bound` ms. */
function watchCheck(title: string, points: number, scenario: string, bound: number, setting: string) {
  return {
    title,
    points,
    scenario,
    verify(data: WatchData) {
      marksFollowHeartbeats(data);
      noMistakes(data, setting);
      crashDetected(data, bound, setting);
    },
  };
}

function tunedCheck(name: string) {
  const scenario = `qos-${name}`;
  return {
    title: `part B, the "${name}" network: tuneDetector meets its QoS target (T_D and T_MR, 5 minutes of heartbeats)`,
    points: 2,
    scenario,
    verifyAll(runs: ReadonlyArray<{ seed: number; data: QoSData }>) {
      let upTime = 0;
      let mistakes = 0;
      let first: { seed: number; start: number } | undefined;
      for (const { seed, data } of runs) {
        marksFollowHeartbeats(data, seed);
        const { target } = data;
        const crash = faultAt(data, "crash");
        const td = data.detectionTimes[0];
        expectThat(td !== undefined && td <= target.maxDetectionMs, `with your options ${JSON.stringify(data.options)}, b crashed at ${crash.at} ms and was suspected after ${td === undefined ? "never" : `${td.toFixed(1)} ms`}; expected T_D ≤ ${target.maxDetectionMs} ms`, seed);
        upTime += data.upTime;
        mistakes += data.mistakes.length;
        if (!first && data.mistakes.length > 0) first = { seed, start: data.mistakes[0].start };
      }
      const target = runs[0].data.target;
      const tmr = mistakes === 0 ? Infinity : upTime / mistakes;
      expectThat(tmr >= target.minMistakeRecurrenceMs, `with your options ${JSON.stringify(runs[0].data.options)}, ${mistakes} wrong suspicion(s) in ${(upTime / 1_000).toFixed(1)} s of heartbeats: T_MR ${(tmr / 1_000).toFixed(1)} s; expected T_MR ≥ ${target.minMistakeRecurrenceMs / 1_000} s (first mistake at ${first?.start.toFixed(1)} ms)`, first?.seed);
    },
  };
}

const grader: Grader = {
  exercise: "03-phi-accrual",
  scenarios: "lib/failure/scenarios",
  checks: [
    {
      title: "phi(t, mean, std) matches Akka's formula on both sides of the mean",
      points: 2,
      scenario: "formula",
      verify(data: FormulaData) {
        data.cases.forEach(([t, m, s], i) => {
          const want = expectedPhi(t, m, s);
          expectThat(isClose(data.answers[i], want), `phi(${t.toFixed(3)}, ${m.toFixed(3)}, ${s.toFixed(3)}) returned ${data.answers[i]}, expected ${want.toFixed(9)}`);
        });
      },
    },
    scriptCheck("the first heartbeat seeds the history (estimate ± estimate/4); before it phi is 0", 1, "seeding"),
    scriptCheck("inter-arrival times are kept in a window of maxSampleSize (oldest dropped first)", 2, "window"),
    scriptCheck("the standard deviation used is at least minStdDeviation", 1, "min-std"),
    scriptCheck("acceptableHeartbeatPause is added to the mean", 1, "acceptable-pause"),
    scriptCheck("a heartbeat that ends a suspicion is not added to the history", 1, "gap"),
    watchCheck("in the simulator a crash is suspected within 500 ms, and not before it", 3, "crash", 500, "heartbeats every 100 ms, latency normal(30, 8), threshold 8, minStdDeviation 20"),
    watchCheck("jittery but punctual heartbeats are never suspected (60 s), and a crash still is", 2, "jitter", 1_000, "latency normal(60, 20), interval 100 ms, threshold 8, minStdDeviation 30"),
    {
      title: "a pause shorter than acceptableHeartbeatPause is tolerated; a longer one is suspected, then trusted again",
      points: 2,
      scenario: "pause",
      verify(data: WatchData) {
        marksFollowHeartbeats(data);
        const short = faultAt(data, "pause", 0);
        const long = faultAt(data, "pause", 1);
        const early = data.marks.find((m) => m.suspect && m.time < long.at);
        expectThat(early === undefined, `b paused for ${short.for} ms at ${short.at} ms (acceptableHeartbeatPause 1000) and was suspected at ${show(early?.time)}; expected no suspicion`);
        const suspected = data.marks.find((m) => m.suspect && m.time >= long.at);
        expectThat(suspected !== undefined && suspected.time <= long.at + 2_000, `b paused for ${long.for} ms at ${long.at} ms and was suspected at ${show(suspected?.time)}; expected by ${long.at + 2_000} ms (within 2 s of the pause start)`);
        const resumed = long.at + long.for;
        const trusted = data.marks.find((m) => !m.suspect && m.time >= resumed);
        expectThat(trusted !== undefined && trusted.time <= resumed + 500, `b resumed at ${resumed} ms and its heartbeats came back; it was trusted again at ${show(trusted?.time)}; expected by ${resumed + 500} ms`);
      },
    },
    watchCheck("very regular heartbeats with 60 ms hiccups: no hiccup is taken for a crash, and the crash still is", 2, "hiccup", 500, "latency normal(20, 0.5), three 60 ms pauses of b, threshold 8, minStdDeviation 20"),
    watchCheck("a sender that speeds up: the window forgets the old gaps, so a crash is still detected within 250 ms", 3, "speedup", 250, "heartbeats every 200 ms for 20 s, then every 50 ms; maxSampleSize 20, minStdDeviation 5"),
    {
      title: "after a long pause (suspected, then trusted), a crash is still detected within 500 ms",
      points: 3,
      scenario: "after-pause",
      verify(data: WatchData) {
        marksFollowHeartbeats(data);
        const pause = faultAt(data, "pause");
        crashDetected(data, 500, `after b paused ${pause.for} ms at ${pause.at} ms; threshold 8, minStdDeviation 20: the pause's gap must not enter the history`);
      },
    },
    tunedCheck("lan"),
    tunedCheck("wan"),
    tunedCheck("lossy"),
  ],
};

export default grader;
