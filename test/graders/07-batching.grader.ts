/**
 * Grader for exercise 07 (a batching client for the central manager), as data: every check is a
 * pure function of the plain data a scenario of lib/coordination/scenarios.ts returned.
 * Correctness is judged from what the managers applied (the library's CentralManager), speed
 * against NaiveOpsClient on the same seed and schedule.
 *
 * Weights (16 points): program order carries half (8), judged where a client's operations are in
 * flight across several batches on a network that reorders half its messages; exactly once 3;
 * throughput 3; latency at low load 2.
 */
import type { Grader } from "../../lib/grading/scenario";
import { exactlyOnceProblems, programOrderProblems, type BatchingData, type ComparedData } from "../../lib/coordination/scenarios";
import { expectThat } from "./support";

const count = (per: Record<string, unknown[]>) => Object.values(per).reduce((s, list) => s + list.length, 0);
const setting = (d: BatchingData) => `${count(d.issued)} operations issued by ${Object.keys(d.issued).length} clients to ${Object.keys(d.applied).length} manager(s), maxBatch ${d.maxBatch}`;

const grader: Grader = {
  exercise: "07-batching",
  scenarios: "lib/coordination/scenarios",
  checks: [
    {
      title: "exactly once: every operation applied once by its manager and completed once with the manager's result, in batches of at most maxBatch (1–3 managers, 2–8 clients, reordering network)",
      points: 3,
      scenario: "mixed",
      verify(data: BatchingData) {
        expectThat(count(data.issued) > 0, `no operation was issued, expected some (did the constructor call super(workload)?)`);
        const problems = exactlyOnceProblems(data, 3);
        expectThat(problems.length === 0, `${problems.join("; ")} (${setting(data)})`);
      },
    },
    {
      title: "program order: each client's operations are applied in issue order at each manager, though operations are in flight across batches and the network reorders half the messages",
      points: 8,
      scenario: "reordering",
      verify(data: BatchingData) {
        expectThat(count(data.applied) > 0, `no operation was applied at all, expected ${count(data.issued)}`);
        const problems = programOrderProblems(data, 3);
        expectThat(problems.length === 0, `${problems.join("; ")} (${setting(data)}; can two messages of one client be on their way to one manager at once, or is a batch not in issue order?)`);
      },
    },
    {
      title: "throughput: at 2,000 ops/s offered, at least 3× what one message per operation achieves",
      points: 3,
      scenario: "saturated",
      verify(data: ComparedData) {
        const problems = exactlyOnceProblems(data.yours, 1);
        expectThat(problems.length === 0, `the operations were not all applied exactly once: ${problems[0]}`);
        const got = data.yours.metrics.throughputPerSec;
        const want = 3 * data.naive.throughputPerSec;
        expectThat(got >= want, `completed ${got.toFixed(1)} ops/s, expected at least ${want.toFixed(1)} (3 × the ${data.naive.throughputPerSec.toFixed(1)} ops/s of one message per operation): are batches filling up while one is in flight?`);
      },
    },
    {
      title: "latency at low load: mean at most 1.15× NaiveOpsClient's + 2 ms, and an operation issued while nothing is outstanding no slower than NaiveOpsClient's + 2 ms",
      points: 2,
      scenario: "light",
      verify(data: ComparedData) {
        const m = data.yours.metrics;
        const b = data.naive;
        expectThat(m.issued > 0 && m.unfinished === 0, `${m.unfinished} of ${m.issued} operations never completed, expected 0`);
        const problems = exactlyOnceProblems(data.yours, 1);
        expectThat(problems.length === 0, `the operations were not all applied exactly once: ${problems[0]}`);
        expectThat(m.meanLatencyMs <= 1.15 * b.meanLatencyMs + 2, `mean latency ${m.meanLatencyMs.toFixed(2)} ms, expected at most ${(1.15 * b.meanLatencyMs + 2).toFixed(2)} ms (1.15 × the ${b.meanLatencyMs.toFixed(2)} ms of one message per operation + 2 ms): does an operation wait for a timer or for a batch to fill?`);
        // Operations issued while their client had none outstanding wait for nothing but the network,
        // here as with one message per operation: their means differ by less than 1.1 ms on 200 seeds
        // for the reference answer, and by at least 3.7 ms for a 5 ms flush timer (the median of all
        // operations, checked before, differed by up to 3.1 ms for the reference answer, whose
        // operations issued during a batch's flight wait for it).
        expectThat(m.idleIssued > 0 && b.idleIssued > 0, `no operation was issued while its client had none outstanding (yours: ${m.idleIssued}, one message per operation: ${b.idleIssued}), expected most of them at 5 ops/s per client`);
        expectThat(m.idleMeanLatencyMs <= b.idleMeanLatencyMs + 2, `operations issued while nothing was outstanding took ${m.idleMeanLatencyMs.toFixed(2)} ms on average, expected at most ${(b.idleMeanLatencyMs + 2).toFixed(2)} ms (the ${b.idleMeanLatencyMs.toFixed(2)} ms of one message per operation + 2 ms): a lone operation should leave at once`);
      },
    },
  ],
};

export default grader;
