/**
 * Grader for exercise 05 (vector clocks and causal broadcast), as data: every check is a pure
 * function of the plain data a scenario of lib/clocks/scenarios.ts returned.
 *
 * Weights (28 points): causal order carries half (14); exactly-once delivery with a duplicating
 * network 4; compare, judged on random clocks and on the clocks of real causal histories, 3 + 3;
 * increment/merge 2; nothing held back 2.
 */
import type { Grader } from "../../lib/grading/scenario";
import { causalViolations, deliveryProblems, heldBack, orderOf, CLOCK_NODES, type CausalData, type ClockView, type Entries } from "../../lib/clocks/scenarios";
import { expectThat } from "./support";

const show = (e: Entries) => JSON.stringify(e);
const RELATION: Record<string, string> = { before: "happened before", after: "happened after", concurrent: "is concurrent with", equal: "is" };

interface CompareCase {
  x: Entries;
  y: Entries;
  got: string;
}
interface HistoryCase extends CompareCase {
  xEvent: string;
  yEvent: string;
  truth: string;
}
interface OpsCase {
  x: Entries;
  y: Entries;
  node: string;
  merged: ClockView;
  mergedIsInput: boolean;
  xAfterMerge: ClockView;
  yAfterMerge: ClockView;
  bumped: ClockView;
  xAfterBump: ClockView;
}

/** The clock `view` shows must hold exactly `want` (missing entries zero), through get and toObject. */
function expectEntries(v: ClockView, want: Entries, what: string): void {
  for (const n of CLOCK_NODES) {
    expectThat(v.get[n] === (want[n] ?? 0), `${what}: get("${n}") is ${v.get[n]}, expected ${want[n] ?? 0}`);
  }
  for (const [n, value] of Object.entries(v.object)) {
    expectThat(value === (want[n] ?? 0), `${what}: toObject() has ${n}: ${value}, expected ${want[n] ?? 0}`);
  }
}

const grader: Grader = {
  exercise: "05-vector-clocks",
  scenarios: "lib/clocks/scenarios",
  checks: [
    {
      title: "compare(): equal, before, after, concurrent on random clocks (a missing entry counts as zero)",
      points: 3,
      scenario: "compare",
      verify(data: { cases: CompareCase[] }) {
        for (const { x, y, got } of data.cases) {
          const want = orderOf(x, y);
          expectThat(got === want, `new VectorClock(${show(x)}).compare(new VectorClock(${show(y)})) returned "${got}", expected "${want}"`);
        }
      },
    },
    {
      title: "compare() tells happened-before on the vector clocks of real causal histories",
      points: 3,
      scenario: "history",
      verify(data: { cases: HistoryCase[] }) {
        for (const c of data.cases) {
          expectThat(c.got === c.truth, `${show(c.x)} (${c.xEvent}).compare(${show(c.y)} (${c.yEvent})) returned "${c.got}", expected "${c.truth}": in the history the first event ${RELATION[c.truth]} the second`);
        }
      },
    },
    {
      title: "increment() and merge(): right entries, new clocks, inputs unchanged",
      points: 2,
      scenario: "clockOps",
      verify(data: { basics: Record<string, number>; cases: OpsCase[] }) {
        const b = data.basics;
        expectThat(b.incrementFromEmpty === 1, `new VectorClock().increment("x").get("x") is ${b.incrementFromEmpty}, expected 1`);
        expectThat(b.emptyAfter === 0, `after increment("x"), the clock it was called on has x = ${b.emptyAfter}, expected 0 (increment returns a new clock)`);
        expectThat(b.twice === 2, `increment("x") twice then increment("y") gives x = ${b.twice}, expected 2`);
        expectThat(b.constructorCopies === 1, `new VectorClock(entries) then entries.a = 5: the clock's a is ${b.constructorCopies}, expected 1 (the constructor must copy its entries)`);
        expectThat(b.toObjectCopies === 1, `changing the object toObject() returned changed the clock (a is ${b.toObjectCopies}, expected 1)`);
        for (const c of data.cases) {
          const max: Entries = {};
          for (const n of CLOCK_NODES) max[n] = Math.max(c.x[n] ?? 0, c.y[n] ?? 0);
          expectEntries(c.merged, max, `${show(c.x)}.merge(${show(c.y)})`);
          expectThat(!c.mergedIsInput, `${show(c.x)}.merge(${show(c.y)}) returned one of its inputs, expected a new clock`);
          expectEntries(c.xAfterMerge, c.x, `after ${show(c.x)}.merge(${show(c.y)}), the clock it was called on`);
          expectEntries(c.yAfterMerge, c.y, `after ${show(c.x)}.merge(${show(c.y)}), the argument`);
          expectEntries(c.bumped, { ...c.x, [c.node]: (c.x[c.node] ?? 0) + 1 }, `${show(c.x)}.increment("${c.node}")`);
          expectEntries(c.xAfterBump, c.x, `after ${show(c.x)}.increment("${c.node}"), the clock it was called on`);
        }
      },
    },
    {
      title: "causal order: no message delivered before one that causally precedes it (reordering, duplicating network)",
      points: 14,
      scenario: "causal",
      verify(data: CausalData) {
        const silent = data.nodes.filter((n) => !data.deliveries.some((d) => d.node === n));
        expectThat(silent.length === 0, `node ${silent[0]} delivered nothing at all, expected ${data.published.length} deliveries (delivering nothing is not causal order)`);
        const v = causalViolations(data, 1);
        expectThat(v.count === 0, `causal order broken ${v.count} times; the first: ${v.first[0]}`);
        const forged = deliveryProblems(data, 50).filter((p) => /nobody published|no message carrying it/.test(p));
        expectThat(forged.length === 0, `${forged[0]}`);
      },
    },
    {
      title: "exactly once: every message delivered once at every node, its publisher included, though the network duplicates",
      points: 4,
      scenario: "causal",
      verify(data: CausalData) {
        const problems = deliveryProblems(data, 1);
        expectThat(problems.length === 0, `${problems[0]}`);
      },
      verifyAll(runs: ReadonlyArray<{ seed: number; data: CausalData }>) {
        const copies = runs.reduce((sum, r) => sum + r.data.duplicated, 0);
        expectThat(runs.length === 0 || copies > 0, `the network duplicated no message in ${runs.length} runs; expected some duplicates (a grader problem: report it)`);
      },
    },
    {
      title: "nothing held back: a message is delivered as soon as it has arrived and its predecessors are delivered",
      points: 2,
      scenario: "causal",
      verify(data: CausalData) {
        const late = heldBack(data, 1);
        expectThat(late.length === 0, `${late[0]}: expected delivery in the same step`);
      },
    },
  ],
};

export default grader;
