/**
 * Grader for exercise 02 (exactly-once requests), as data: every check is a pure function of the
 * plain data a scenario of lib/rpc/scenarios.ts returned. Effects are counted from the counter's
 * ledger, which no node can write (lib/rpc/counter.ts); requests and replies from the trace; the
 * clients' `results` are their answers, judged against that truth.
 *
 * Weights (13 points): exactly-once effects carry most of them, above all across server crashes
 * (5 for crash-restarts with loss, copies and reordering, 2 for a long outage), then loss 1,
 * copies and reordering 2, no faults 1. Not wasting messages 1; giving up at giveUpAfter, judged
 * only for clients that still had operations to do, 1. Every check first asks that the server
 * survive a crash right after any application (survivesAnyCrash; probed where the server crashes).
 */
import type { Grader } from "../../lib/grading/scenario";
import { exactlyOnceProblems, type ExactlyOnceData } from "../../lib/rpc/scenarios";
import { expectThat } from "./support";

/**
 * The server survives a crash at any moment, not only at the crashes the schedule names: where the
 * server crashes (crash, outage), the scenario replays the run once per application, crashes the
 * server right after the event that applied, restarts it and delivers the same message again
 * (lib/rpc/scenarios.ts, CrashProbe); nothing may be applied again. A server can work the run's
 * crashes out from its seed (the kit's plan is public) and save what it applied just before each;
 * every check asks this first.
 */
function survivesAnyCrash(data: ExactlyOnceData): void {
  const n = data.crashProbes.length;
  const again = data.crashProbes.filter((p) => p.appliedAgain > 0);
  const p = again[0];
  expectThat(p === undefined, `the server applied request "${p?.requestId}" at ${p?.at.toFixed(1)} ms; crashed right after that event and restarted 1 ms later, it applied it ${p?.appliedAgain} more time(s) when the same message from ${p?.from} arrived again (${again.length} of ${n} such crashes, one after each application, went wrong the same way); expected nothing applied twice: a server can crash between any two events, so what it has applied must be on disk (this.durable) by the end of the event that applies it`);
  const stuck = data.crashProbes.filter((q) => q.problems.length > 0);
  const q = stuck[0];
  expectThat(q === undefined, `the server applied request "${q?.requestId}" at ${q?.at.toFixed(1)} ms and crashed right after that event; restarted 1 ms later, the run did not end exactly once: ${q?.problems.join("; ")} (${stuck.length} of ${n} such crashes, one after each application, went wrong); expected a server that crashes between any two events to go on serving every request exactly once`);
}

function expectExactlyOnce(data: ExactlyOnceData): void {
  survivesAnyCrash(data);
  const problems = exactlyOnceProblems(data);
  const n = problems.length;
  expectThat(n === 0, `${problems.slice(0, 3).join("; ")}${n > 3 ? ` (and ${n - 3} more problems)` : ""}`);
}

function exactlyOnceCheck(points: number, title: string, scenario: string) {
  return { title, points, scenario, verify: (data: ExactlyOnceData) => expectExactlyOnce(data) };
}

const grader: Grader = {
  exercise: "02-exactly-once",
  scenarios: "lib/rpc/scenarios",
  checks: [
    exactlyOnceCheck(1, "no faults: every op takes effect once and every client learns its value", "baseline"),
    exactlyOnceCheck(1, "message loss (10-30% each way): still exactly once, every result learned", "loss"),
    exactlyOnceCheck(2, "duplicated and reordered messages: no op applied twice, no stale reply taken", "dup-reorder"),
    exactlyOnceCheck(5, "server crash-restarts (with loss, copies, reordering): exactly once across crashes", "crash"),
    exactlyOnceCheck(2, "a 5-8 s server outage with 20% loss: the clients keep retrying and finish after the restart, exactly once", "outage"),
    {
      title: "no faults: at most one request per op, and nothing sent once every result is in",
      points: 1,
      scenario: "baseline",
      verify(data: ExactlyOnceData) {
        expectExactlyOnce(data);
        for (const [client, ops] of Object.entries(data.scenario.clients)) {
          const sent = data.requestsSent[client];
          expectThat(sent <= ops.length, `${client} sent ${sent} requests for ${ops.length} ops on a network with no faults, where every round trip is shorter than the timeout; expected at most ${ops.length}: retry only after a timeout`);
          expectThat(data.lastSend[client] <= data.lastReply[client], `${client} sent a request at ${data.lastSend[client].toFixed(1)} ms, after its last reply (${data.lastReply[client].toFixed(1)} ms); expected nothing sent once every result is in`);
        }
      },
    },
    {
      title: "server gone for good: a client with unfinished ops retries until giveUpAfter, then stops",
      points: 1,
      scenario: "gone",
      verify(data: ExactlyOnceData) {
        survivesAnyCrash(data);
        const { giveUpAfter, timeout } = data.scenario;
        for (const [client, ops] of Object.entries(data.scenario.clients)) {
          const results = data.results[client] ?? [];
          if (ops.every((_op, i) => results[i] !== null && results[i] !== undefined)) continue; // finished before the crash: nothing to give up on
          const last = data.lastSend[client];
          expectThat(last >= giveUpAfter - 2 * timeout, `${client} still had ops to do and stopped sending at ${last.toFixed(1)} ms; expected it to keep trying until about giveUpAfter (${giveUpAfter} ms, at least until ${giveUpAfter - 2 * timeout} ms): a dead server and a slow one look the same`);
          expectThat(last <= giveUpAfter + timeout, `${client} still sent a request at ${last.toFixed(1)} ms; expected nothing after giveUpAfter + one timeout (${giveUpAfter + timeout} ms): do not retry forever`);
          const bound = ops.length * (Math.ceil(giveUpAfter / timeout) + 2);
          expectThat(data.requestsSent[client] <= bound, `${client} sent ${data.requestsSent[client]} requests in ${giveUpAfter} ms with a ${timeout} ms timeout; expected at most ${bound}: retry each op once per timeout, not in a storm`);
        }
      },
    },
  ],
};

export default grader;
