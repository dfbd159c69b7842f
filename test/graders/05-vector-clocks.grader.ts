// Grader for exercise 05: vector clocks and causal broadcast.
import { describe } from "vitest";
import { Random, runCausalWorkload } from "../../lib";
import * as ex from "@exercise/05-vector-clocks";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

type Entries = Record<string, number>;
const NODES = ["a", "b", "c", "d"];

/** A random clock: some entries missing, some explicit zeros. */
function randomEntries(random: Random): Entries {
  const out: Entries = {};
  for (const n of NODES) {
    const r = random.next();
    if (r < 0.3) continue;
    out[n] = r < 0.4 ? 0 : random.int(0, 3);
  }
  return out;
}

const at = (e: Entries, n: string) => e[n] ?? 0;

function expectedOrder(x: Entries, y: Entries): string {
  let less = false;
  let greater = false;
  for (const n of NODES) {
    if (at(x, n) < at(y, n)) less = true;
    if (at(x, n) > at(y, n)) greater = true;
  }
  return less && greater ? "concurrent" : less ? "before" : greater ? "after" : "equal";
}

const show = (e: Entries) => JSON.stringify(e);

function sameEntries(clock: ex.VectorClock, expected: Entries, what: string): void {
  for (const n of NODES) {
    expectThat(clock.get(n) === at(expected, n), `${what}: get("${n}") is ${clock.get(n)}, expected ${at(expected, n)}`);
  }
  const plain = clock.toObject();
  for (const [n, v] of Object.entries(plain)) {
    expectThat(v === at(expected, n), `${what}: toObject() has ${n}: ${v}, expected ${at(expected, n)}`);
  }
}

const replayClocks = (seed: number) =>
  `in notebook 05, section "Exercise 05", compare your VectorClock on the clocks made from new Random(${seed})`;
const replayBroadcast = (seed: number) =>
  `in notebook 05, section "Exercise 05", run replayCausal(${seed}) to see this run's space-time diagram and report`;

describe("exercise 05: vector clocks and causal broadcast", () => {
  graded(2, "compare(): equal, before, after, concurrent (missing entries count as zero)", async () => {
    const fixed: Array<[Entries, Entries, string]> = [
      [{}, {}, "equal"],
      [{ a: 0 }, {}, "equal"],
      [{ a: 1 }, { a: 1, b: 0 }, "equal"],
      [{}, { a: 1 }, "before"],
      [{ a: 1 }, {}, "after"],
      [{ a: 1 }, { b: 1 }, "concurrent"],
      [{ a: 2, b: 1 }, { a: 2, b: 3 }, "before"],
      [{ a: 3, b: 1 }, { a: 2, b: 3 }, "concurrent"],
    ];
    for (const [x, y, want] of fixed) {
      const got = new ex.VectorClock(x).compare(new ex.VectorClock(y));
      expectThat(got === want, `${show(x)}.compare(${show(y)}) returned "${got}", expected "${want}"`);
    }
    const seen = new Set<string>();
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const random = new Random(seed);
      for (let i = 0; i < 40; i++) {
        const x = randomEntries(random);
        const y = randomEntries(random);
        const want = expectedOrder(x, y);
        seen.add(want);
        const got = new ex.VectorClock(x).compare(new ex.VectorClock(y));
        expectThat(got === want, `${show(x)}.compare(${show(y)}) returned "${got}", expected "${want}"`);
      }
    }, replayClocks);
    expectThat(seen.size === 4, "the grader's random clocks should cover all four orderings");
  });

  graded(2, "increment() and merge(): right entries, new clocks, inputs unchanged", async () => {
    const empty = new ex.VectorClock();
    const one = empty.increment("x");
    expectThat(one.get("x") === 1, `new VectorClock().increment("x").get("x") is ${one.get("x")}, expected 1`);
    expectThat(empty.get("x") === 0, `increment changed the clock it was called on (it must return a new clock)`);
    expectThat(one.increment("x").increment("y").get("x") === 2, `increment twice on "x" should give 2`);
    const source: Entries = { a: 1 };
    const copy = new ex.VectorClock(source);
    source.a = 5;
    expectThat(copy.get("a") === 1, "the constructor must copy its entries (changing the object afterwards changed the clock)");
    copy.toObject().a = 9;
    expectThat(copy.get("a") === 1, "toObject() must return a copy (changing it changed the clock)");
    await acrossSeeds(seedRange(1, 20), (seed) => {
      const random = new Random(seed);
      for (let i = 0; i < 30; i++) {
        const x = randomEntries(random);
        const y = randomEntries(random);
        const cx = new ex.VectorClock(x);
        const cy = new ex.VectorClock(y);
        const merged = cx.merge(cy);
        const want: Entries = {};
        for (const n of NODES) want[n] = Math.max(at(x, n), at(y, n));
        sameEntries(merged, want, `${show(x)}.merge(${show(y)})`);
        expectThat(merged !== cx && merged !== cy, "merge must return a new clock, not one of its inputs");
        sameEntries(cx, x, `after ${show(x)}.merge(...), the clock it was called on`);
        sameEntries(cy, y, `after merge(${show(y)}), the argument`);
        const n = random.pick(NODES);
        const bumped = cx.increment(n);
        sameEntries(bumped, { ...x, [n]: at(x, n) + 1 }, `${show(x)}.increment("${n}")`);
        sameEntries(cx, x, `after ${show(x)}.increment("${n}"), the clock it was called on`);
      }
    }, replayClocks);
  });

  const make = () => new ex.CausalBroadcastNode<{ id: string }>();

  graded(3, "causal broadcast: no message delivered before one that causally precedes it", async () => {
    await acrossSeeds(seedRange(1, 40), (seed) => {
      const run = runCausalWorkload(seed, make, { duplicate: 0, watchHoldBack: false });
      expectThat(run.causalViolations.length === 0, `causal order broken: ${run.causalViolations[0]}`);
      const delivered = run.ids.map((id) => (run.sim.node(id) as unknown as ex.CausalBroadcastNode).delivered.length);
      expectThat(delivered.every((n) => n > 0), "a node delivered nothing at all (delivering nothing is not causal order)");
      expectThat(run.deliveryProblems.length === 0, run.deliveryProblems[0]);
    }, replayBroadcast);
  });

  graded(2, "causal broadcast: every message delivered exactly once at every node, with duplicates on the network", async () => {
    await acrossSeeds(seedRange(1, 40), (seed) => {
      const run = runCausalWorkload(seed, make, { duplicate: 0.3, watchHoldBack: false });
      expectThat(run.sim.stats.duplicated > 0, "the grader's network should have duplicated some messages");
      expectThat(run.deliveryProblems.length === 0, run.deliveryProblems[0]);
    }, replayBroadcast);
  });

  graded(2, "causal broadcast: nothing held back once its predecessors are delivered", async () => {
    await acrossSeeds(seedRange(1, 30), (seed) => {
      const run = runCausalWorkload(seed, make);
      expectThat(run.heldBack.length === 0, `held back too long: ${run.heldBack[0]}`);
      expectThat(run.deliveryProblems.length === 0, run.deliveryProblems[0]);
      expectThat(run.causalViolations.length === 0, `causal order broken: ${run.causalViolations[0]}`);
    }, replayBroadcast);
  });
});
