// Grader for exercise 06: the Chandy–Lamport snapshot of a bank (exercises/06-chandy-lamport.ts).
//
// Every scenario is a bank on FIFO channels drawn from the seed by bankScenario (3–6 nodes,
// several latency distributions and transfer rates, snapshot started at a random time by one or
// several random nodes). The cut each node took is read from the trace, independently of what the
// student's code says: the moment the node sent its first { type: "marker" }.
import * as ex from "@exercise/06-chandy-lamport";
import { describe } from "vitest";
import {
  type BankScenario,
  type GlobalCut,
  auditCut,
  bankScenario,
  cutAtFirstSend,
  cutAtTimes,
  balancesAtCut,
  describeScenario,
  eventsOf,
  isTransfer,
  runBankScenario,
  BankNode,
  type BankOptions,
  Simulation,
  type TraceEvent,
} from "../../lib";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

type Snap = ex.SnapshotBankNode;

function run(scenario: BankScenario) {
  return runBankScenario(scenario, (options) => new ex.SnapshotBankNode(options), (node: Snap) => node.startSnapshot());
}

const isMarker = (msg: any) => typeof msg === "object" && msg !== null && msg.type === "marker";

function replay(seed: number, initiators: number): string {
  const scenario = bankScenario(seed, { initiators });
  return `notebook 06, section "Replay a seed": replay(${seed}, ${initiators})  (${describeScenario(scenario)})`;
}

function total(s: BankScenario): number {
  return s.balance * s.nodes.length;
}

function recordedTotal(nodes: Record<string, Snap>): number {
  let sum = 0;
  for (const id of Object.keys(nodes)) {
    const r = nodes[id].recorded!;
    sum += r.balance;
    for (const from of Object.keys(r.channels)) for (const amount of r.channels[from]) sum += amount;
  }
  return sum;
}

function expectAllRecorded(scenario: BankScenario, nodes: Record<string, Snap>): void {
  for (const id of scenario.nodes) {
    const r = nodes[id].recorded;
    expectThat(r !== null && typeof r === "object", `node ${id} never recorded its state (recorded is still null)`);
    expectThat(typeof r.balance === "number", `node ${id}: recorded.balance is not a number`);
    for (const peer of scenario.nodes) {
      if (peer === id) continue;
      expectThat(
        r.channels !== undefined && Array.isArray(r.channels[peer]),
        `node ${id} has no recorded state for its incoming channel from ${peer} (recorded.channels["${peer}"] should be an array, [] if empty)`,
      );
    }
    expectThat(r.complete === true, `node ${id} never completed (recorded.complete is not true, though every marker has arrived)`);
  }
}

function markerCut(scenario: BankScenario, trace: readonly TraceEvent[]): GlobalCut {
  const cut = cutAtFirstSend(trace, isMarker);
  for (const id of scenario.nodes) {
    expectThat(cut[id] !== undefined, `node ${id} never sent a marker { type: "marker" }, so it never took its part of the snapshot`);
  }
  return cut;
}

function expectExactCut(scenario: BankScenario, trace: readonly TraceEvent[], nodes: Record<string, Snap>): void {
  const cut = markerCut(scenario, trace);
  const audit = auditCut(trace, cut, scenario.balance, scenario.nodes);
  if (audit.orphans.length > 0) {
    const o = audit.orphans[0];
    expectThat(false, `inconsistent cut: ${o.to} received transfer #${o.id} from ${o.from} (sent at ${o.sentAt.toFixed(1)} ms) before its own cut, but ${o.from} sent it after its cut (its first marker at ${cut[o.from].time.toFixed(1)} ms)`);
  }
  for (const id of scenario.nodes) {
    const r = nodes[id].recorded!;
    expectThat(
      r.balance === audit.balances[id],
      `node ${id} recorded balance ${r.balance}, but its balance when it sent its first marker (t=${cut[id].time.toFixed(1)} ms) was ${audit.balances[id]}: record the state and send the markers in the same step`,
    );
    for (const from of scenario.nodes) {
      if (from === id) continue;
      const want = (audit.channels[id] ?? {})[from] ?? [];
      const got = r.channels[from];
      expectThat(
        JSON.stringify(got) === JSON.stringify(want),
        `channel ${from} → ${id}: recorded ${JSON.stringify(got)}, but the transfers sent before ${from}'s cut and received after ${id}'s cut were ${JSON.stringify(want)}`,
      );
    }
  }
}

const SEEDS = seedRange(1, 40);

describe("exercise 06: Chandy–Lamport snapshot", () => {
  graded(3, "every node records its state and every incoming channel, and completes", () =>
    acrossSeeds(SEEDS, (seed) => {
      const scenario = bankScenario(seed);
      const { nodes } = run(scenario);
      expectAllRecorded(scenario, nodes);
    }, (seed) => replay(seed, 1)),
  );

  graded(4, "the snapshot conserves money: recorded balances + channels = the bank's total", () =>
    acrossSeeds(SEEDS, (seed) => {
      const scenario = bankScenario(seed);
      const { nodes } = run(scenario);
      expectAllRecorded(scenario, nodes);
      const sum = recordedTotal(nodes);
      expectThat(sum === total(scenario), `the snapshot adds up to ${sum}, but the bank holds ${total(scenario)} in total (${sum > total(scenario) ? "money counted twice" : "money missed"})`);
    }, (seed) => replay(seed, 1)),
  );

  graded(4, "the recorded cut is consistent, and each recorded balance and channel is exactly the trace's", () =>
    acrossSeeds(SEEDS, (seed) => {
      const scenario = bankScenario(seed);
      const { sim, nodes } = run(scenario);
      expectAllRecorded(scenario, nodes);
      expectExactCut(scenario, sim.trace, nodes);
    }, (seed) => replay(seed, 1)),
  );

  graded(3, "several initiators at about the same time still give one consistent, exact snapshot", () =>
    acrossSeeds(seedRange(101, 130), (seed) => {
      const initiators = 2 + (seed % 2);
      const scenario = bankScenario(seed, { initiators });
      const { sim, nodes } = run(scenario);
      expectAllRecorded(scenario, nodes);
      expectExactCut(scenario, sim.trace, nodes);
      const sum = recordedTotal(nodes);
      expectThat(sum === total(scenario), `the snapshot adds up to ${sum}, but the bank holds ${total(scenario)}`);
    }, (seed) => replay(seed, 2 + (seed % 2))),
  );

  graded(2, "the bank keeps working during the snapshot: transfers go on and are applied at once", () =>
    acrossSeeds(seedRange(201, 215), (seed) => {
      const scenario = bankScenario(seed);
      // Sample every node's balance every 7 ms for 400 ms after the start; compare with the trace.
      const samples: Array<{ at: number; balances: Record<string, number> }> = [];
      const live: Record<string, Snap> = {};
      const make = (options: BankOptions) => new ex.SnapshotBankNode(options);
      const sim = new Simulation({ seed: scenario.seed, network: { latency: scenario.latency, fifo: true } });
      for (const id of scenario.nodes) live[id] = sim.add(id, make({ balance: scenario.balance, period: scenario.period }));
      for (const { node, at } of scenario.starts) sim.at(at, () => live[node].startSnapshot());
      for (let t = scenario.start + 1; t < scenario.start + 400; t += 7) {
        sim.at(t, () => {
          const balances: Record<string, number> = {};
          for (const id of scenario.nodes) balances[id] = live[id].balance;
          samples.push({ at: t, balances });
        });
      }
      sim.run({ until: scenario.until });
      const trace = sim.trace;
      for (const sample of samples) {
        const truth = balancesAtCut(trace, cutAtTimes(trace, Object.fromEntries(scenario.nodes.map((n) => [n, sample.at]))), scenario.balance);
        for (const id of scenario.nodes) {
          expectThat(
            sample.balances[id] === truth[id],
            `at t=${sample.at} ms node ${id}'s balance was ${sample.balances[id]}, but the transfers it had sent and received by then make ${truth[id]}: apply every transfer when it arrives (super.onMessage), and never hold one back`,
          );
        }
      }
      // Transfers keep flowing: compare with the same bank running without any snapshot.
      const plain = new Simulation({ seed: scenario.seed, network: { latency: scenario.latency, fifo: true } });
      for (const id of scenario.nodes) plain.add(id, new BankNode({ balance: scenario.balance, period: scenario.period }));
      plain.run({ until: scenario.until });
      const transfers = (t: readonly TraceEvent[], from: number, to: number) =>
        eventsOf(t, "send").filter((e) => isTransfer(e.msg) && e.time >= from && e.time < to).length;
      const window: [number, number] = [scenario.start, scenario.start + 400];
      const withSnapshot = transfers(trace, window[0], window[1]);
      const without = transfers(plain.trace, window[0], window[1]);
      expectThat(
        withSnapshot >= 0.8 * without,
        `only ${withSnapshot} transfers were sent in the 400 ms after the snapshot started, against ${without} when no snapshot runs: the snapshot must not stop or slow the bank`,
      );
    }, (seed) => replay(seed, 1)),
  );
});
