// Grader for exercise 01 (a replica-set client). The scenarios live in lib/queueing/replica-harness.ts,
// so notebook 01 can replay any seed this grader names.
import { describe } from "vitest";
import * as ex from "@exercise/01-replicas";
import { replicaScenario, runReplicas, type ReplicaRun, type ReplicaScenarioName } from "../../lib/queueing";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

const replay = (name: ReplicaScenarioName) => (seed: number) =>
  `in notebook 01, section "Replay a seed", run replaySeed("${name}", ${seed})`;

function run(name: ReplicaScenarioName, seed: number): ReplicaRun {
  return runReplicas((options) => new ex.ReplicatedClient(options), replicaScenario(name, seed));
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function expectSpread(r: ReplicaRun, attemptsTo: Record<string, number>, when: string): void {
  const n = r.scenario.replicas.length;
  const total = Object.values(attemptsTo).reduce((a, b) => a + b, 0);
  for (const [replica, count] of Object.entries(attemptsTo)) {
    expectThat(count <= (1.5 * total) / n, `${when}, ${replica} got ${count} of ${total} requests (${percent(count / total)}), more than 1.5× its fair share of 1/${n}: spread the load over every replica that is up`);
  }
}

/** Attempts sent to each replica at or after `from` ms. */
function attemptsSince(r: ReplicaRun, from: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of r.scenario.replicas) counts[id] = 0;
  for (const e of r.sim.trace) if (e.kind === "send" && e.from === "client" && e.time >= from && counts[e.to] !== undefined) counts[e.to]++;
  return counts;
}

describe("01 replicated client", () => {
  graded(2, "no faults: every request answered, low latency, one message per request", () =>
    acrossSeeds(seedRange(1, 30), (seed) => {
      const r = run("steady", seed);
      expectThat(r.successRate === 1, `only ${percent(r.successRate)} of requests were answered within the deadline, with every replica up and no message lost`);
      const latencies = r.latency.map((l) => l ?? r.scenario.deadline);
      const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      expectThat(mean <= 40, `mean latency was ${mean.toFixed(1)} ms with no faults (a round trip plus service takes about 25 ms): send each request at once, to a replica that is not overloaded`);
      expectThat(r.attempts <= 1.02 * r.scenario.requests, `you sent ${r.attempts} messages for ${r.scenario.requests} requests with no faults: send one copy at a time and resend only after a timeout`);
    }, replay("steady")),
  );

  graded(2, "no faults: the load is spread over the replicas", () =>
    acrossSeeds(seedRange(1, 40), (seed) => {
      const r = run("steady", seed);
      expectSpread(r, r.attemptsTo, "with every replica up");
    }, replay("steady")),
  );

  graded(3, "independent crash-restarts and loss: at least 98% answered within the deadline", () =>
    acrossSeeds(seedRange(1, 60), (seed) => {
      const r = run("crashes", seed);
      expectThat(r.successRate >= 0.98, `only ${percent(r.successRate)} of requests were answered within ${r.scenario.deadline} ms while replicas crashed and restarted independently (at least one was up almost all the time): on a timeout, try another replica`);
    }, replay("crashes")),
  );

  graded(1, "independent crash-restarts: at most 10% of messages go to crashed replicas", () => {
    let attempts = 0;
    let toDead = 0;
    let worst = { seed: 0, share: -1 };
    for (const seed of seedRange(1, 40)) {
      const r = run("crashes", seed);
      attempts += r.attempts;
      toDead += r.attemptsToDead;
      if (r.attemptsToDead / r.attempts > worst.share) worst = { seed, share: r.attemptsToDead / r.attempts };
    }
    expectThat(toDead <= 0.1 * attempts, `over 40 seeds, ${toDead} of your ${attempts} messages (${percent(toDead / attempts)}) went to a replica that was crashed at the time: after a replica fails to answer, avoid it for a while\n  worst seed: ${worst.seed} (${percent(worst.share)})\n  replay: ${replay("crashes")(worst.seed)}`);
  });

  graded(1, "one replica dies for good: every request answered, and it is left alone", () =>
    acrossSeeds(seedRange(1, 30), (seed) => {
      const r = run("one-dies", seed);
      const dead = Object.keys(r.scenario.outages ?? {})[0];
      expectThat(r.successRate === 1, `only ${percent(r.successRate)} of requests were answered within the deadline although ${r.scenario.replicas.length - 1} replicas never failed`);
      expectThat(r.attemptsToDead <= 0.08 * r.attempts, `${r.attemptsToDead} of your ${r.attempts} messages (${percent(r.attemptsToDead / r.attempts)}) went to ${dead} after it died at 1.5 s: an occasional probe is fine, but stop sending it regular traffic`);
    }, replay("one-dies")),
  );

  graded(1, "all replicas down 3-5 s: afterwards requests are answered and spread again", () =>
    acrossSeeds(seedRange(1, 30), (seed) => {
      const r = run("all-down", seed);
      const after = r.submittedAt.map((t, i) => (t >= 5_500 ? i : -1)).filter((i) => i >= 0);
      const ok = after.filter((i) => r.latency[i] !== undefined && r.latency[i]! <= r.scenario.deadline).length;
      expectThat(ok >= 0.99 * after.length, `every replica was back by 5 s, yet only ${ok} of the ${after.length} requests submitted after 5.5 s were answered in time: a replica that failed before may be alive now, so try it again`);
      expectSpread(r, attemptsSince(r, 5_500), "after every replica came back at 5 s");
    }, replay("all-down")),
  );
});
