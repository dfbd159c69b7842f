// Grader for exercise 07: a batching client for the central manager. The workloads are
// lib/coordination/batching-scenarios.ts (replay any seed in notebook 07 with runBatchingScenario);
// correctness is judged from what the managers applied, speed against NaiveOpsClient on the same
// seed and workload.
import { describe } from "vitest";
import * as ex from "@exercise/07-batching";
import { NaiveOpsClient, exactlyOnceProblems07, programOrderProblems, runBatchingScenario, type BatchingScenarioKind, type OpsWorkload } from "../../lib";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

const replay = (kind: BatchingScenarioKind) => (seed: number) =>
  `in notebook 07, section "Exercise 07": run = runBatchingScenario("${kind}", ${seed}, (w, b) => new BatchingClient(w, b)), then batchingProblems(run) and run.metrics`;

const student = (workload: OpsWorkload, maxBatch: number) => new ex.BatchingClient(workload, maxBatch);
const naive = (workload: OpsWorkload) => new NaiveOpsClient(workload);

describe("exercise 07: batching operations to the central manager", () => {
  graded(3, "exactly once: every operation applied once by its manager and completed once with the manager's result (1–3 managers, 2–8 clients, reordering network)", async () => {
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const run = runBatchingScenario("mixed", seed, student);
      const issued = run.clients.reduce((s, c) => s + c.issued.length, 0);
      expectThat(issued > 0, "no operation was issued (did the constructor call super(workload)?)");
      const problems = exactlyOnceProblems07(run);
      expectThat(problems.length === 0, `${problems.join("; ")} (${issued} operations issued, maxBatch ${run.maxBatch}, ${run.managers.length} manager(s))`);
    }, replay("mixed"));
  });

  graded(2, "program order: each client's operations are applied in issue order at each manager, though the network reorders messages", async () => {
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const run = runBatchingScenario("mixed", seed, student);
      const applied = run.managers.reduce((s, m) => s + m.applied.length, 0);
      expectThat(applied > 0, "no operation was applied at all");
      const problems = programOrderProblems(run);
      expectThat(problems.length === 0, `${problems.join("; ")} (was more than one message of a client on its way to one manager at once?)`);
    }, replay("mixed"));
  });

  graded(3, "throughput: at 2,000 ops/s offered, at least 3× what one message per operation achieves", async () => {
    await acrossSeeds(seedRange(1, 5), (seed) => {
      const run = runBatchingScenario("saturated", seed, student);
      const base = runBatchingScenario("saturated", seed, naive);
      const got = run.metrics.throughputPerSec;
      const want = 3 * base.metrics.throughputPerSec;
      expectThat(exactlyOnceProblems07(run, 1).length === 0, `the operations were not all applied exactly once: ${exactlyOnceProblems07(run, 1)[0]}`);
      expectThat(got >= want, `completed ${got.toFixed(0)} ops/s; one message per operation completes ${base.metrics.throughputPerSec.toFixed(0)} ops/s, so at least ${want.toFixed(0)} are needed (are batches filling up while one is in flight?)`);
    }, replay("saturated"));
  });

  graded(2, "latency at low load: mean at most 1.15× NaiveOpsClient's + 2 ms and median at most NaiveOpsClient's + 2 ms", async () => {
    await acrossSeeds(seedRange(1, 10), (seed) => {
      const run = runBatchingScenario("light", seed, student);
      const base = runBatchingScenario("light", seed, naive);
      const m = run.metrics;
      const b = base.metrics;
      expectThat(m.issued > 0 && m.unfinished === 0, `${m.unfinished} of ${m.issued} operations never completed`);
      expectThat(exactlyOnceProblems07(run, 1).length === 0, `the operations were not all applied exactly once: ${exactlyOnceProblems07(run, 1)[0]}`);
      expectThat(m.meanLatencyMs <= 1.15 * b.meanLatencyMs + 2, `mean latency ${m.meanLatencyMs.toFixed(1)} ms; one message per operation gets ${b.meanLatencyMs.toFixed(1)} ms, so at most ${(1.15 * b.meanLatencyMs + 2).toFixed(1)} ms is allowed (does an operation wait for a timer or for a batch to fill?)`);
      expectThat(m.p50Ms <= b.p50Ms + 2, `median latency ${m.p50Ms.toFixed(1)} ms; one message per operation gets ${b.p50Ms.toFixed(1)} ms, so at most ${(b.p50Ms + 2).toFixed(1)} ms is allowed (a lone operation should leave at once)`);
    }, replay("light"));
  });
});
