// Grader for exercise 04: leases and fencing tokens. The scenarios are lib/locks/lease-scenarios.ts
// (replay any seed in notebook 04 with runLeaseScenario); the expectations are computed here from
// what the network delivered, not from what the student's nodes say about themselves.
import { describe } from "vitest";
import * as ex from "@exercise/04-leases-and-fencing";
import { acceptedWrites, beliefOverlaps, lockBeliefs, lockMarks, runLeaseScenario, LEASE_MS, type LeaseScenarioKind, type TraceEvent } from "../../lib";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

const replay = (kind: LeaseScenarioKind) => (seed: number) =>
  `in notebook 04, section "Check": runLeaseScenario(ex, "${kind}", ${seed}), then checkLocks(run.sim.trace).describe() and spaceTime(run.sim)`;

interface Write {
  writer: string;
  token: number;
  value: string;
}

/** The writes a fenced storage must accept, in order: each delivered write with token ≥ the newest accepted. */
function fencedOutcome(trace: readonly TraceEvent[]): { accepted: Write[]; rejected: number } {
  const accepted: Write[] = [];
  let newest = 0;
  let rejected = 0;
  for (const e of trace) {
    if (e.kind !== "deliver" || e.to !== "storage") continue;
    const msg = e.msg as { type?: string; token?: number; value?: string };
    if (msg.type !== "write" || typeof msg.token !== "number") continue;
    if (msg.token >= newest) {
      newest = msg.token;
      accepted.push({ writer: e.from, token: msg.token, value: String(msg.value) });
    } else rejected++;
  }
  return { accepted, rejected };
}

const show = (w: Write | undefined) => (w ? `"${w.value}" (token ${w.token} from ${w.writer})` : "nothing");

/** The storage accepted exactly what fencing allows (by its marks) and holds the last of it. */
function expectFencedStorage(trace: readonly TraceEvent[], storage: { value: string | null }): Write[] {
  const expected = fencedOutcome(trace).accepted;
  const marked = acceptedWrites(trace).filter((w) => w.storage === "storage");
  for (let i = 0; i < Math.max(expected.length, marked.length); i++) {
    const want = expected[i];
    const got = marked[i];
    expectThat(
      got !== undefined && want !== undefined && got.writer === want.writer && got.token === want.token && got.value === want.value,
      `accepted write #${i + 1} should be ${show(want)} but the storage's "write-accepted" marks say ${show(got)}` +
        (got && want && got.token < want.token ? "" : got && !want ? " (a write fencing should have rejected)" : ""),
    );
  }
  const last = expected[expected.length - 1];
  expectThat((storage.value ?? null) === (last ? last.value : null), `at the end the storage holds ${JSON.stringify(storage.value)}, but the newest token holder's last accepted write was ${show(last)}`);
  return expected;
}

describe("exercise 04: leases and fencing tokens", () => {
  graded(3, "FencedStorage accepts exactly the writes fencing allows, replies to each, and keeps the newest", async () => {
    await acrossSeeds(seedRange(1, 30), (seed) => {
      const { sim } = runLeaseScenario(ex, "storage", seed);
      const outcome = fencedOutcome(sim.trace);
      expectFencedStorage(sim.trace, sim.node<ex.FencedStorage>("storage"));
      expectThat(sim.node<ex.FencedStorage>("storage").token === outcome.accepted[outcome.accepted.length - 1].token, `storage.token is ${sim.node<ex.FencedStorage>("storage").token}, not the newest accepted token`);
      const replies = sim.trace.filter((e) => e.kind === "send" && e.from === "storage" && e.duplicateOf === undefined).map((e) => (e as { msg: { type?: string } }).msg.type);
      const oks = replies.filter((t) => t === "write-ok").length;
      const rejections = replies.filter((t) => t === "write-rejected").length;
      expectThat(oks === outcome.accepted.length && rejections === outcome.rejected,
        `the storage should have replied "write-ok" ${outcome.accepted.length} times and "write-rejected" ${outcome.rejected} times; it sent ${oks} and ${rejections}`);
    }, replay("storage"));
  });

  graded(4, "safety: under pauses, partitions, loss and drift (and a zombie client) no older token is ever accepted", async () => {
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const { sim } = runLeaseScenario(ex, "safety", seed);
      const accepted = expectFencedStorage(sim.trace, sim.node<ex.FencedStorage>("storage"));
      const tokens = new Set(accepted.map((w) => w.token));
      const writers = new Set(accepted.map((w) => w.writer).filter((w) => w !== "z"));
      expectThat(tokens.size >= 4 && writers.size >= 2, `in 12 s only ${tokens.size} different tokens wrote (from ${Array.from(writers).join(", ") || "no client"}); the clients should take turns holding the lock and writing`);
      const zombieAfter = lockMarks(sim.trace, "write-rejected").filter((m) => m.data.writer === "z").length;
      expectThat(zombieAfter > 0, "the zombie client (which never renews) kept writing with its old token, and no write of it was ever rejected: did any client get a newer token?");
    }, replay("safety"));
  });

  graded(3, "mutual exclusion: with crashes, partitions, loss and ±5% clock drift, no two clients believe they hold the lock at once", async () => {
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const { sim } = runLeaseScenario(ex, "exclusion", seed);
      const held = lockBeliefs(sim.trace);
      expectThat(held.length >= 6 && new Set(held.map((b) => b.holder)).size >= 2, `only ${held.length} holds in 12 s; clients should keep taking turns (mark "lock-acquired"/"lock-released")`);
      const both = beliefOverlaps(held);
      const o = both[0];
      expectThat(both.length === 0, o ? `${o.first.holder} (token ${o.first.token}) and ${o.second.holder} (token ${o.second.token}) both believed they held the lock from t=${o.from.toFixed(1)} to t=${o.to.toFixed(1)} ms: does the client stop believing at its request time + leaseMs·(1−ρ)/(1+ρ)?` : "");
    }, replay("exclusion"));
  });

  graded(2, "renewal: a client whose work outlasts several leases keeps the lock to the end", async () => {
    await acrossSeeds(seedRange(1, 10), (seed) => {
      const { sim } = runLeaseScenario(ex, "renewal", seed);
      const held = lockBeliefs(sim.trace);
      const first = held[0];
      expectThat(first !== undefined, "the client never marked \"lock-acquired\"");
      expectThat(first.endedBy === "released" && first.to - first.from > 3 * LEASE_MS,
        `the client held the lock for ${(first.to - first.from).toFixed(0)} ms and stopped because "${first.endedBy}"; 40 writes every 50 ms need about 2000 ms, more than three ${LEASE_MS} ms leases: renew`);
      const accepted = acceptedWrites(sim.trace).filter((w) => w.writer === "a" && w.token === first.token);
      expectThat(accepted.length === 40, `${accepted.length} of the 40 writes of that hold were accepted`);
    }, replay("renewal"));
  });

  graded(3, `liveness: after the holder crashes, another client holds the lock within leaseMs + 500 ms`, async () => {
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const run = runLeaseScenario(ex, "liveness", seed);
      const crash = run.crashed;
      expectThat(crash !== undefined, "no client ever held the lock, so there was no holder to crash");
      const next = lockMarks(run.sim.trace, "lock-acquired").find((m) => m.time > crash.at && m.data.holder !== crash.node);
      const bound = LEASE_MS + 500;
      expectThat(next !== undefined && next.time - crash.at <= bound,
        `${crash.node} crashed holding the lock at t=${crash.at.toFixed(1)} ms; ` +
          (next ? `the next client got it ${(next.time - crash.at).toFixed(0)} ms later` : "no other client got it afterwards") + ` (allowed: ${bound} ms)`);
    }, replay("liveness"));
  });

  graded(3, "no starvation: three clients that ask again at once each get at least a fifth of the holds", async () => {
    await acrossSeeds(seedRange(1, 15), (seed) => {
      const { sim } = runLeaseScenario(ex, "fairness", seed);
      const holds = lockMarks(sim.trace, "lock-acquired");
      expectThat(holds.length >= 15, `only ${holds.length} holds in 12 s (each is 3 writes 50 ms apart)`);
      for (const id of ["a", "b", "c"]) {
        const mine = holds.filter((m) => m.data.holder === id).length;
        expectThat(mine >= holds.length / 5, `${id} got the lock ${mine} times out of ${holds.length}: a FIFO queue of waiters gives each client its turn`);
      }
    }, replay("fairness"));
  });
});
