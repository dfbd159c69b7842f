/**
 * Grader for exercise 04 (leases and fencing tokens), as data: every check is a pure function of
 * the plain data a scenario of lib/locks/scenarios.ts returned. The expectations are worked out
 * here from what the network delivered and when each client sent each request (the trace), not
 * from what the student's nodes say about themselves.
 *
 * Weights (24 points): mutual exclusion under leases carries half (12): every client's writes and
 * "lock-acquired" fall within send time + safe hold of a request the server answered, judged with
 * pauses and partitions during long holds (4) and with ±5% drift and crashes (4), and no two
 * clients believe they hold the lock at once (4). Fencing at the storage 3, no stale write with a
 * zombie client 3; renewal, liveness and fairness 2 each. Every check first asks that the server
 * hand the lock over only on a release or its own lease expiry; liveness and fairness also that
 * it then does so at once (handoversFollowMessages).
 */
import type { Grader } from "../../lib/grading/scenario";
import { acceptedWrites, beliefOverlaps, lockBeliefs, lockMarks, type LeaseData } from "../../lib/locks";
import type { TraceEvent } from "../../lib/sim/trace";
import { expectThat } from "./support";

const CLIENTS = ["a", "b", "c"];

interface Write {
  writer: string;
  token: number;
  value: string;
}

type Msg = { type?: string; token?: number; req?: number; value?: string };

/** The writes a fenced storage must accept, in order: each delivered write with token ≥ the newest accepted. */
function fencedOutcome(trace: readonly TraceEvent[]): { accepted: Write[]; rejected: number } {
  const accepted: Write[] = [];
  let newest = 0;
  let rejected = 0;
  for (const e of trace) {
    if (e.kind !== "deliver" || e.to !== "storage") continue;
    const msg = e.msg as Msg;
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
function expectFencedStorage(data: LeaseData): Write[] {
  const expected = fencedOutcome(data.trace).accepted;
  const marked = acceptedWrites(data.trace).filter((w) => w.storage === "storage");
  for (let i = 0; i < Math.max(expected.length, marked.length); i++) {
    const want = expected[i];
    const got = marked[i];
    expectThat(
      got !== undefined && want !== undefined && got.writer === want.writer && got.token === want.token && got.value === want.value,
      `accepted write #${i + 1}: expected ${show(want)}, but the storage's "write-accepted" marks say ${show(got)}${got && !want ? " (a write fencing should have rejected)" : ""}`,
    );
  }
  const last = expected[expected.length - 1];
  expectThat((data.storage.value ?? null) === (last ? last.value : null), `at the end the storage holds ${JSON.stringify(data.storage.value)}; expected the newest token holder's last accepted write, ${show(last)}`);
  return expected;
}

/**
 * Lease belief, from the trace: a client may act on token k (write with it, mark "lock-acquired")
 * at true time t only if t ≤ s + safe / rate, where s is the true send time of an "acquire" (or
 * "renew") whose "granted" (or "renewed") for token k it had received, safe = leaseMs·(1−ρ)/(1+ρ)
 * with the scenario's maxDriftPpm, and rate its clock's (1 + drift): the belief a correct client
 * holds on its own clock, converted to true time. A crash forgets everything.
 */
function expectBeliefsWithinLease(data: LeaseData): void {
  const rho = data.settings.maxDriftPpm / 1e6;
  const safe = (data.leaseMs * (1 - rho)) / (1 + rho);
  const sentAt = new Map<string, number>(); // "client|acquire|req" → true send time
  const basis = new Map<string, { sent: number; how: string }>(); // "client|token" → newest basis
  const allowed = (client: string, token: number) => {
    const b = basis.get(`${client}|${token}`);
    return b && { until: b.sent + safe / (1 + (data.drift[client] ?? 0) / 1e6), ...b };
  };
  let checked = 0;
  for (const e of data.trace) {
    if (e.kind === "crash" && CLIENTS.includes(e.node)) {
      for (const key of Array.from(sentAt.keys())) if (key.startsWith(`${e.node}|`)) sentAt.delete(key);
      for (const key of Array.from(basis.keys())) if (key.startsWith(`${e.node}|`)) basis.delete(key);
      continue;
    }
    const client = e.kind === "send" ? e.from : e.kind === "deliver" ? e.to : e.kind === "mark" ? e.node : "";
    if (!CLIENTS.includes(client)) continue;
    if (e.kind === "send") {
      const msg = e.msg as Msg;
      if ((msg.type === "acquire" || msg.type === "renew") && e.to === "locks") sentAt.set(`${client}|${msg.type}|${msg.req}`, e.time);
      if (msg.type !== "write" || e.to !== "storage" || e.duplicateOf !== undefined) continue;
      const token = Number(msg.token);
      const a = allowed(client, token);
      checked++;
      expectThat(a !== undefined, `${client} wrote "${msg.value}" with token ${token} at t=${e.time.toFixed(3)} ms without having been granted that token; expected writes only while holding a lease`);
      expectThat(e.time <= a.until + 1e-6, `${client} wrote "${msg.value}" with token ${token} at t=${e.time.toFixed(3)} ms, but its lease belief had to end at t=${a.until.toFixed(3)} ms: ${a.how} at t=${a.sent.toFixed(3)} ms + safe hold ${safe.toFixed(3)} ms on its clock (drift ${(data.drift[client] ?? 0).toFixed(0)} ppm); expected no write after that. Does the belief end at the request's send time + safeHoldMs, and does the client stop writing when it does, whatever became of its renewals?`);
    } else if (e.kind === "deliver") {
      const msg = e.msg as Msg;
      const asked = msg.type === "granted" ? "acquire" : msg.type === "renewed" ? "renew" : undefined;
      if (asked === undefined) continue;
      const sent = sentAt.get(`${client}|${asked}|${msg.req}`);
      const key = `${client}|${msg.token}`;
      if (sent !== undefined && sent > (basis.get(key)?.sent ?? -Infinity)) basis.set(key, { sent, how: `its "${asked}" req ${msg.req} was sent` });
    } else if (e.kind === "mark" && e.name === "lock-acquired") {
      const token = Number((e.data as { token?: number }).token);
      const a = allowed(client, token);
      expectThat(a !== undefined && e.time <= a.until + 1e-6, `${client} marked "lock-acquired" for token ${token} at t=${e.time.toFixed(3)} ms; ${a ? `its belief could last only until t=${a.until.toFixed(3)} ms (${a.how} at t=${a.sent.toFixed(3)} ms + ${safe.toFixed(3)} ms)` : "it had received no grant of that token"}; expected to ignore a grant whose safe hold is already over`);
    }
  }
  expectThat(checked >= 20, `only ${checked} writes by the clients in ${(data.trace[data.trace.length - 1]?.time ?? 0).toFixed(0)} ms; expected the clients to keep taking turns holding the lock and writing`);
}

/** How late a server may notice that the lock is free (a periodic sweep of its leases), ms. */
const NOTICE_MS = 25;

/**
 * The lock server hands the lock over only on what reached it and its own clock: a new token is
 * granted only when the lock is free (no grant yet, or the holder's "release" of its token has
 * arrived) or when the holder's lease has run out, leaseMs on the server's clock (its drift given)
 * after the server granted it or last got its renew. With `atOnce`, also: once the lock is free
 * with a client waiting (its "acquire" arrived, no grant since), the grant comes at once: no
 * message may reach the server more than NOTICE_MS after that moment without a grant having been
 * sent (a server may sweep its leases now and then rather than keep a timer for each). A server can
 * work a run's crashes out from its seed (the kit's plan is public) and free the lock when the plan
 * says the holder is gone; every check asks the first part first, and the checks that a waiting
 * client gets the lock (liveness, fairness: what such a server gains) the second as well. A server
 * that notices an expired lease only when the next message comes (correct, but slow to hand over)
 * loses only those.
 */
function handoversFollowMessages(data: LeaseData, { atOnce }: { atOnce: boolean }): void {
  const rate = 1 + (data.drift.locks ?? 0) / 1e6;
  const lease = data.leaseMs / rate; // true ms
  const eps = 1e-3;
  let holder = null as { client: string; token: number; heard: number; how: string } | null;
  let releasedAt: number | undefined;
  let newest = 0;
  const waiting = new Map<string, number>(); // client → when its first unanswered "acquire" arrived
  let due: { since: number; why: string } | undefined; // the lock was free with a waiter at `since`
  const freeSince = (t: number): { at: number; why: string } | undefined => {
    if (holder === null) return { at: -Infinity, why: "no client held the lock" };
    if (releasedAt !== undefined) return { at: releasedAt, why: `${holder.client}'s "release" of token ${holder.token} had arrived at t=${releasedAt.toFixed(3)} ms` };
    const end = holder.heard + lease;
    if (t < end - eps) return undefined;
    const driftNote = `drift ${(data.drift.locks ?? 0).toFixed(0)} ppm`;
    return { at: end, why: `${holder.client}'s lease of token ${holder.token} ran out at t=${end.toFixed(3)} ms (${holder.how} at t=${holder.heard.toFixed(3)} ms, + leaseMs ${data.leaseMs} on the server's clock, ${driftNote})` };
  };
  const waiters = () => Array.from(waiting.keys()).filter((c) => c !== holder?.client);
  for (const e of data.trace) {
    if (atOnce && due !== undefined && e.kind === "deliver" && e.to === "locks" && e.time > due.since + NOTICE_MS) {
      expectThat(false, `${due.why}, and ${waiters().join(", ")} waited for the lock (its "acquire" had arrived), yet the server had granted nothing ${NOTICE_MS} ms later, when a message from ${e.from} reached it at t=${e.time.toFixed(3)} ms; expected the lock to go to the next waiter as soon as it is free: a lease not renewed within leaseMs on the server's clock expires`);
    }
    if (e.kind === "deliver" && e.to === "locks") {
      const msg = e.msg as Msg;
      if (msg.type === "acquire" && e.from !== holder?.client && !waiting.has(e.from)) waiting.set(e.from, e.time);
      else if (msg.type === "renew" && holder !== null && e.from === holder.client && msg.token === holder.token && releasedAt === undefined && e.time <= holder.heard + lease + eps) {
        holder.heard = e.time;
        holder.how = `its renew arrived`;
      } else if (msg.type === "release" && holder !== null && msg.token === holder.token && releasedAt === undefined && freeSince(e.time) === undefined) releasedAt = e.time;
    } else if (e.kind === "send" && e.from === "locks" && e.duplicateOf === undefined && (e.msg as Msg).type === "granted" && Number((e.msg as Msg).token) > newest) {
      const token = Number((e.msg as Msg).token);
      const free = freeSince(e.time);
      expectThat(free !== undefined, `the server granted token ${token} to ${e.to} at t=${e.time.toFixed(3)} ms, while ${holder?.client}'s lease of token ${holder?.token} still ran until t=${((holder?.heard ?? 0) + lease).toFixed(3)} ms (${holder?.how} at t=${holder?.heard.toFixed(3)} ms, + leaseMs ${data.leaseMs} on the server's clock) and no "release" of it had arrived; expected a new grant only once the lock is released or the lease is over by the server's clock`);
      holder = { client: e.to, token, heard: e.time, how: `the server granted it` };
      releasedAt = undefined;
      newest = token;
      waiting.delete(e.to);
      due = undefined;
    }
    // The lock is free now with someone waiting: a grant is due (from the later of the two).
    if (due === undefined && waiters().length > 0) {
      const free = freeSince(e.time);
      if (free !== undefined) due = { since: Math.max(free.at, Math.min(...waiters().map((c) => waiting.get(c)!))), why: free.why };
    }
  }
}

const grader: Grader = {
  exercise: "04-leases-and-fencing",
  scenarios: "lib/locks/scenarios",
  checks: [
    {
      title: "FencedStorage accepts exactly the writes fencing allows, replies to each, and keeps the newest",
      points: 3,
      scenario: "storage",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: false });
        const outcome = fencedOutcome(data.trace);
        expectFencedStorage(data);
        const newest = outcome.accepted[outcome.accepted.length - 1].token;
        expectThat(data.storage.token === newest, `storage.token is ${data.storage.token}; expected the newest accepted token, ${newest}`);
        const replies = data.trace.filter((e) => e.kind === "send" && e.from === "storage" && e.duplicateOf === undefined).map((e) => ((e as { msg: Msg }).msg.type));
        const oks = replies.filter((t) => t === "write-ok").length;
        const rejections = replies.filter((t) => t === "write-rejected").length;
        expectThat(oks === outcome.accepted.length && rejections === outcome.rejected, `the storage replied "write-ok" ${oks} times and "write-rejected" ${rejections} times; expected ${outcome.accepted.length} and ${outcome.rejected}`);
      },
    },
    {
      title: "safety: with a zombie client, pauses, partitions, loss and drift, no older token is ever accepted",
      points: 3,
      scenario: "safety",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: false });
        const accepted = expectFencedStorage(data);
        const tokens = new Set(accepted.map((w) => w.token));
        const writers = new Set(accepted.map((w) => w.writer).filter((w) => w !== "z"));
        expectThat(tokens.size >= 3 && writers.size >= 2, `in 12 s only ${tokens.size} different tokens wrote (from ${Array.from(writers).join(", ") || "no client"}); expected at least 3 tokens from at least 2 clients taking turns`);
        const zombie = lockMarks(data.trace, "write-rejected").filter((m) => m.data.writer === "z").length;
        expectThat(zombie > 0, `the zombie client (which never renews) kept writing with its old token, and no write of it was ever rejected; expected newer tokens to fence it out`);
      },
    },
    {
      title: "lease belief under pauses and partitions during long holds: no client acts after request time + safe hold",
      points: 4,
      scenario: "safety",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: false });
        expectBeliefsWithinLease(data);
      },
    },
    {
      title: "lease belief under ±5% clock drift, crashes and partitions: no client acts after request time + safe hold",
      points: 4,
      scenario: "exclusion",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: false });
        expectBeliefsWithinLease(data);
      },
    },
    {
      title: "mutual exclusion: with crashes, partitions, loss and ±5% clock drift, no two clients believe they hold the lock at once",
      points: 4,
      scenario: "exclusion",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: false });
        const held = lockBeliefs(data.trace);
        expectThat(held.length >= 4 && new Set(held.map((b) => b.holder)).size >= 2, `only ${held.length} holds in 12 s; expected at least 4, by at least 2 clients taking turns (mark "lock-acquired"/"lock-released")`);
        const o = beliefOverlaps(held)[0];
        expectThat(o === undefined, o ? `${o.first.holder} (token ${o.first.token}) and ${o.second.holder} (token ${o.second.token}) both believed they held the lock from t=${o.from.toFixed(3)} to t=${o.to.toFixed(3)} ms; expected no overlap: does the client stop believing at its request time + leaseMs·(1−ρ)/(1+ρ)?` : "");
      },
    },
    {
      title: "renewal: a client whose work outlasts several leases keeps the lock to the end",
      points: 2,
      scenario: "renewal",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: false });
        const first = lockBeliefs(data.trace)[0];
        expectThat(first !== undefined, `the client never marked "lock-acquired"; expected it to get the lock`);
        expectThat(first.endedBy === "released" && first.to - first.from > 3 * data.leaseMs, `the client held the lock for ${(first.to - first.from).toFixed(1)} ms and stopped because "${first.endedBy}"; expected it to hold for all 40 writes every 50 ms (about 2000 ms, more than three ${data.leaseMs} ms leases) and then release: renew`);
        const accepted = acceptedWrites(data.trace).filter((w) => w.writer === "a" && w.token === first.token);
        expectThat(accepted.length === 40, `${accepted.length} of the 40 writes of that hold were accepted; expected 40`);
      },
    },
    {
      title: "liveness: after the holder crashes, another client holds the lock within leaseMs + 500 ms",
      points: 2,
      scenario: "liveness",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: true });
        const crash = data.crashed;
        expectThat(crash !== undefined, `no client ever held the lock, so there was no holder to crash; expected clients to take turns`);
        const next = lockMarks(data.trace, "lock-acquired").find((m) => m.time > crash.at && m.data.holder !== crash.node);
        const bound = data.leaseMs + 500;
        expectThat(next !== undefined && next.time - crash.at <= bound, `${crash.node} crashed holding the lock at t=${crash.at.toFixed(1)} ms; ${next ? `the next client got it ${(next.time - crash.at).toFixed(1)} ms later` : "no other client got it afterwards"}; expected within ${bound} ms`);
      },
    },
    {
      title: "no starvation: three clients that ask again at once each get at least a fifth of the holds",
      points: 2,
      scenario: "fairness",
      verify(data: LeaseData) {
        handoversFollowMessages(data, { atOnce: true });
        const holds = lockMarks(data.trace, "lock-acquired");
        expectThat(holds.length >= 15, `only ${holds.length} holds in 12 s (each is 3 writes 50 ms apart); expected at least 15`);
        for (const id of CLIENTS) {
          const mine = holds.filter((m) => m.data.holder === id).length;
          expectThat(mine >= holds.length / 5, `${id} got the lock ${mine} times out of ${holds.length}; expected at least ${Math.ceil(holds.length / 5)}: a FIFO queue of waiters gives each client its turn`);
        }
      },
    },
  ],
};

export default grader;
