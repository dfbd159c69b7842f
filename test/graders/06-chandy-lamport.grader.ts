/**
 * Grader for exercise 06 (the Chandy–Lamport snapshot of a bank), as data: every check is a pure
 * function of the plain data a scenario of lib/snapshot/scenarios.ts returned.
 *
 * The cut each node took is read from the trace, independently of what the student's code says:
 * the moment the node sent its first { type: "marker" }. The true books at that cut (balances,
 * transfers in flight) are replayed from the trace's transfers.
 *
 * Weights (16 points): a consistent cut carries 11 (money conserved 4, each recorded balance and
 * channel exactly the trace's 4, the same with several initiators 3); every node records and
 * completes 3; the bank keeps working during the snapshot 2.
 */
import type { Grader } from "../../lib/grading/scenario";
import { auditCut } from "../../lib/snapshot/audit";
import { cutAtFirstSend, cutAtTimes, type GlobalCut } from "../../lib/snapshot/cut";
import { balancesAtCut } from "../../lib/snapshot/audit";
import { describeScenario, LIVENESS_WINDOW_MS, type BankScenario, type LivenessData, type SnapshotData } from "../../lib/snapshot/scenarios";
import { expectThat } from "./support";

const bank = (s: BankScenario) => `\n  this seed's bank: ${describeScenario(s)}`;
const showAmounts = (a: unknown) => (Array.isArray(a) && a.length > 12 ? `[${a.slice(0, 12).join(",")}, ...] (${a.length} transfers)` : JSON.stringify(a));
const isMarker = (msg: unknown) => (msg as { type?: unknown } | null)?.type === "marker";

function expectAllRecorded(data: SnapshotData): void {
  const s = data.scenario;
  for (const id of s.nodes) {
    const r = data.recorded[id];
    expectThat(r !== null, `node ${id}: recorded is null at the end of the run, expected its recorded state${bank(s)}`);
    expectThat(Number.isFinite(r.balance), `node ${id}: recorded.balance is ${r.balance}, expected a number${bank(s)}`);
    for (const peer of s.nodes) {
      if (peer === id) continue;
      expectThat(Array.isArray(r.channels[peer]), `node ${id}: recorded.channels["${peer}"] is ${JSON.stringify(r.channels[peer])}, expected an array of amounts ([] if empty)${bank(s)}`);
    }
    expectThat(r.complete, `node ${id}: recorded.complete is false, expected true (every marker has arrived)${bank(s)}`);
  }
}

function recordedTotal(data: SnapshotData): number {
  let sum = 0;
  for (const id of data.scenario.nodes) {
    const r = data.recorded[id]!;
    sum += r.balance;
    for (const from of Object.keys(r.channels)) for (const amount of r.channels[from]) sum += amount;
  }
  return sum;
}

function expectConserved(data: SnapshotData): void {
  expectAllRecorded(data);
  const sum = recordedTotal(data);
  const total = data.scenario.balance * data.scenario.nodes.length;
  expectThat(sum === total, `the snapshot adds up to ${sum}, expected ${total}, the bank's total (${sum > total ? "money counted twice" : "money missed"})${bank(data.scenario)}`);
}

function markerCut(data: SnapshotData): GlobalCut {
  const cut = cutAtFirstSend(data.events, isMarker);
  for (const id of data.scenario.nodes) {
    expectThat(cut[id] !== undefined, `node ${id} never sent a marker { type: "marker" }, so it never took its part of the snapshot${bank(data.scenario)}`);
  }
  return cut;
}

function expectExactCut(data: SnapshotData): void {
  expectAllRecorded(data);
  const s = data.scenario;
  const cut = markerCut(data);
  const audit = auditCut(data.events, cut, s.balance, s.nodes);
  if (audit.orphans.length > 0) {
    const o = audit.orphans[0];
    expectThat(false, `inconsistent cut: ${o.to} received transfer #${o.id} from ${o.from} (sent at ${o.sentAt.toFixed(1)} ms) before its own cut, but ${o.from} sent it after its cut (its first marker at ${cut[o.from].time.toFixed(1)} ms)${bank(s)}`);
  }
  for (const id of s.nodes) {
    const r = data.recorded[id]!;
    expectThat(r.balance === audit.balances[id], `node ${id} recorded balance ${r.balance}, expected ${audit.balances[id]}, its balance when it sent its first marker (t=${cut[id].time.toFixed(1)} ms): record the state and send the markers in the same step${bank(s)}`);
    for (const from of s.nodes) {
      if (from === id) continue;
      const want = (audit.channels[id] ?? {})[from] ?? [];
      const got = r.channels[from];
      expectThat(JSON.stringify(got) === JSON.stringify(want), `channel ${from} → ${id}: recorded ${showAmounts(got)}, expected ${showAmounts(want)}, the transfers sent before ${from}'s cut and received after ${id}'s cut${bank(s)}`);
    }
  }
}

const grader: Grader = {
  exercise: "06-chandy-lamport",
  scenarios: "lib/snapshot/scenarios",
  checks: [
    {
      title: "every node records its state and every incoming channel, and completes",
      points: 3,
      scenario: "snapshot",
      verify: expectAllRecorded,
    },
    {
      title: "the snapshot conserves money: recorded balances + channels = the bank's total",
      points: 4,
      scenario: "snapshot",
      verify: expectConserved,
    },
    {
      title: "the recorded cut is consistent, and each recorded balance and channel is exactly the trace's",
      points: 4,
      scenario: "snapshot",
      verify: expectExactCut,
    },
    {
      title: "several initiators at about the same time still give one consistent, exact snapshot",
      points: 3,
      scenario: "initiators",
      verify(data: SnapshotData) {
        expectExactCut(data);
        expectConserved(data);
      },
    },
    {
      title: "the bank keeps working during the snapshot: transfers go on and are applied at once",
      points: 2,
      scenario: "liveness",
      verify(data: LivenessData) {
        const s = data.scenario;
        for (const sample of data.samples) {
          const truth = balancesAtCut(data.events, cutAtTimes(data.events, Object.fromEntries(s.nodes.map((n) => [n, sample.at]))), s.balance);
          for (const id of s.nodes) {
            expectThat(sample.balances[id] === truth[id], `at t=${sample.at} ms node ${id}'s balance was ${sample.balances[id]}, expected ${truth[id]} from the transfers it had sent and received by then: apply every transfer when it arrives (super.onMessage), and never hold one back${bank(s)}`);
          }
        }
        const { withSnapshot, without } = data.transfers;
        expectThat(withSnapshot >= 0.8 * without, `${withSnapshot} transfers were sent in the ${LIVENESS_WINDOW_MS} ms after the snapshot started, expected at least ${Math.ceil(0.8 * without)} (80% of the ${without} sent when no snapshot runs): the snapshot must not stop or slow the bank${bank(s)}`);
      },
    },
  ],
};

export default grader;
