// Grader for exercise 02 (exactly-once requests). The scenarios live in lib/rpc/exactly-once-harness.ts,
// so notebook 02 can replay any seed this grader names.
import { describe } from "vitest";
import * as ex from "@exercise/02-exactly-once";
import { exactlyOnceScenario, runExactlyOnce, type ExactlyOnceRun, type ExactlyOnceScenarioName } from "../../lib/rpc";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

const replay = (name: ExactlyOnceScenarioName) => (seed: number) =>
  `in notebook 02, section "Replay a seed", run replaySeed("${name}", ${seed})`;

function run(name: ExactlyOnceScenarioName, seed: number): ExactlyOnceRun {
  return runExactlyOnce((options) => new ex.ExactlyOnceClient(options), () => new ex.ExactlyOnceServer(), exactlyOnceScenario(name, seed));
}

function expectExactlyOnce(r: ExactlyOnceRun): void {
  const n = r.problems.length;
  expectThat(n === 0, `${r.problems.slice(0, 3).join("; ")}${n > 3 ? ` (and ${n - 3} more problems)` : ""}`);
}

function exactlyOnceCheck(points: number, title: string, name: ExactlyOnceScenarioName, seeds: number[]): void {
  graded(points, title, () => acrossSeeds(seeds, (seed) => expectExactlyOnce(run(name, seed)), replay(name)));
}

describe("02 exactly-once", () => {
  exactlyOnceCheck(1, "no faults: every op takes effect once and every client learns its value", "baseline", seedRange(1, 20));
  exactlyOnceCheck(2, "message loss (10-30% each way): still exactly once, every result learned", "loss", seedRange(1, 60));
  exactlyOnceCheck(2, "duplicated and reordered messages: no op applied twice, no stale reply taken", "dup-reorder", seedRange(1, 60));
  exactlyOnceCheck(2, "server crash-restarts (with loss, copies, reordering): exactly once across crashes", "crash", seedRange(1, 80));

  graded(1, "a 5-8 s server outage: the clients keep retrying and finish after the restart", () =>
    acrossSeeds(seedRange(1, 20), (seed) => expectExactlyOnce(run("outage", seed)), replay("outage")),
  );

  graded(1, "no faults: at most one request per op, and nothing sent once every result is in", () =>
    acrossSeeds(seedRange(1, 20), (seed) => {
      const r = run("baseline", seed);
      expectExactlyOnce(r);
      for (const [client, ops] of Object.entries(r.scenario.clients)) {
        const sent = r.requestsSent[client];
        expectThat(sent <= ops.length, `${client} sent ${sent} requests for ${ops.length} ops on a network with no faults, where every round trip is shorter than the timeout: retry only after a timeout`);
        const learned = Math.max(...r.sim.trace.filter((e) => e.kind === "deliver" && e.to === client).map((e) => e.time));
        expectThat(r.lastSend[client] <= learned, `${client} sent a request at ${r.lastSend[client]} ms, after its last reply (${learned} ms): stop once you have every result`);
      }
    }, replay("baseline")),
  );

  graded(1, "server gone for good: the clients retry until giveUpAfter, then stop sending", () =>
    acrossSeeds(seedRange(1, 20), (seed) => {
      const r = run("gone", seed);
      const { giveUpAfter, timeout } = r.scenario;
      for (const client of Object.keys(r.scenario.clients)) {
        const last = r.lastSend[client];
        expectThat(last >= giveUpAfter - 2 * timeout, `${client} stopped sending at ${last} ms, but giveUpAfter is ${giveUpAfter} ms: a dead server and a slow one look the same, keep trying until then`);
        expectThat(last <= giveUpAfter + timeout, `${client} still sent a request at ${last} ms, after giveUpAfter (${giveUpAfter} ms): do not retry forever`);
        expectThat(r.requestsSent[client] <= 2 * Math.ceil(giveUpAfter / timeout) + 5, `${client} sent ${r.requestsSent[client]} requests in ${giveUpAfter} ms with a ${timeout} ms timeout: retry once per timeout, not in a storm`);
      }
    }, replay("gone")),
  );
});
