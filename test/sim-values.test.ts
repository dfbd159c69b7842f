// Messages are values (lib/sim/values.ts): copies on send and delivery, what survives, what is
// refused (with the node, the time and the path), and a trace hash that is stable for all of it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { MessageError, Node, NodeHandlerError, Random, Simulation, eventsOf, latency, traceHash } from "../lib";
import { thrownBy } from "./sim-nodes";

class Keeper extends Node {
  got: unknown[] = [];
  onMessage(_from: string, msg: unknown) {
    this.got.push(msg);
  }
}

/** "s" sends `make()` to "r" at t=10, then mutates what it sent; returns the run. */
function sendAndMutate(make: () => Record<string, unknown>, mutate: (m: Record<string, unknown>) => void, trace = true) {
  class Sender extends Node {
    onStart() {
      this.setTimer(10, () => {
        const msg = make();
        this.send("r", msg);
        mutate(msg);
      });
    }
  }
  const sim = new Simulation({ seed: 1, trace, network: { latency: 5 } });
  sim.add("s", new Sender());
  const r = sim.add("r", new Keeper());
  sim.run();
  return { sim, r };
}

describe("messages are values", () => {
  it("a sender's later changes reach neither the receiver nor the trace", () => {
    for (const trace of [true, false]) {
      const { sim, r } = sendAndMutate(() => ({ n: 1, list: [1, 2], inner: { x: "a" } }), (m) => {
        m.n = 99;
        (m.list as number[]).push(3);
        (m.inner as { x: string }).x = "changed";
      }, trace);
      expect(r.got).toEqual([{ n: 1, list: [1, 2], inner: { x: "a" } }]);
      if (trace) expect(eventsOf(sim.trace, "send")[0].msg).toEqual({ n: 1, list: [1, 2], inner: { x: "a" } });
    }
  });

  it("a receiver's changes do not reach the trace, and each duplicate is its own copy", () => {
    class Mutator extends Node {
      got: Array<{ n: number }> = [];
      onMessage(_f: string, msg: { n: number }) {
        msg.n++;
        this.got.push(msg);
      }
    }
    class Sender extends Node {
      onStart() {
        for (let i = 0; i < 200; i++) this.send("r", { n: 0 });
      }
    }
    const sim = new Simulation({ seed: 4, network: { duplicate: 0.5 } });
    sim.add("s", new Sender());
    const r = sim.add("r", new Mutator());
    sim.run();
    expect(r.got.length).toBeGreaterThan(250);
    expect(r.got.every((m) => m.n === 1)).toBe(true);
    expect(new Set(r.got).size).toBe(r.got.length);
    expect(eventsOf(sim.trace, "deliver").every((d) => (d.msg as { n: number }).n === 0)).toBe(true);
  });

  it("carries Map, Set, BigInt, Date, typed arrays and NaN across, as structuredClone does", () => {
    const when = new Date(Date.UTC(2020, 0, 1));
    const make = () => ({ m: new Map([["k", [1, 2]]]), s: new Set([1, "a"]), big: 2n ** 70n, when, bytes: new Uint8Array([1, 2, 3]), nan: NaN, inf: -Infinity });
    const { sim, r } = sendAndMutate(make, (m) => {
      (m.m as Map<string, number[]>).get("k")!.push(9);
      (m.bytes as Uint8Array)[0] = 42;
    });
    const got = r.got[0] as ReturnType<typeof make>;
    expect(got.m).toEqual(new Map([["k", [1, 2]]]));
    expect(got.s).toEqual(new Set([1, "a"]));
    expect(got.big).toBe(2n ** 70n);
    expect(got.when).toEqual(when);
    expect(got.when).not.toBe(when);
    expect(Array.from(got.bytes)).toEqual([1, 2, 3]);
    expect(got.nan).toBeNaN();
    expect(got.inf).toBe(-Infinity);
    expect(traceHash(sim.trace)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("refuses a function, a class instance and a cycle at send, naming the node, the time and the path", () => {
    class Clock {
      tick() {}
    }
    const cyclic: Record<string, unknown> = { a: { b: [] as unknown[] } };
    ((cyclic.a as { b: unknown[] }).b).push(cyclic);
    const cases: Array<[unknown, RegExp]> = [
      [{ reply: () => 1 }, /node "s" at t=10 ms: msg\.reply is a function/],
      [{ items: [1, 2, new Clock()] }, /msg\.items\[2\] is an instance of Clock/],
      [{ m: new Map([["k", new Clock()]]) }, /msg\.m\.get\("k"\) is an instance of Clock/],
      [cyclic, /msg\.a\.b\[0\] is a cycle/],
    ];
    for (const [msg, pattern] of cases) {
      class Sender extends Node {
        onStart() {
          this.setTimer(10, () => this.send("r", msg));
        }
      }
      const sim = new Simulation({ seed: 1 });
      sim.add("s", new Sender());
      sim.add("r", new Keeper());
      const error = thrownBy(() => sim.run());
      expect(error).toBeInstanceOf(NodeHandlerError);
      expect((error as NodeHandlerError).cause).toBeInstanceOf(MessageError);
      expect((error as Error).message).toMatch(pattern);
      expect(sim.stats.sent).toBe(0);
    }
  });

  it("copies mark data too", () => {
    class Marker extends Node {
      onStart() {
        const data = { list: [1] };
        this.mark("m", data);
        data.list.push(2);
      }
    }
    const sim = new Simulation();
    sim.add("a", new Marker());
    sim.run();
    expect(sim.trace.find((e) => e.kind === "mark")).toMatchObject({ data: { list: [1] } });
  });

  it("hashes the trace the same in another process, for a faulty run carrying every kind of value", async () => {
    const script = `
      const { Simulation, Node, latency, traceHash } = require("./lib");
      class P extends Node { onStart() { this.every(50, () => this.send(this.peers[0], { m: new Map([[1, 2n]]), s: new Set(["x"]), d: new Date(5), t: new Float64Array([NaN]), n: this.now }), "p"); } onMessage() {} }
      const sim = new Simulation({ seed: 9, network: { latency: latency.exponential(20), loss: 0.1, duplicate: 0.1, reorder: 0.2 } });
      for (const id of ["a", "b", "c"]) sim.add(id, new P());
      sim.partition(["a"], ["b", "c"], { at: 300, until: 700 });
      sim.partition(["b"], ["c"], { at: 500, until: 900 });
      sim.crash("c", { at: 1000 }); sim.restart("c", { at: 1200 });
      sim.run({ until: 2000 });
      console.log(traceHash(sim.trace) + " " + sim.trace.length);`;
    // Asynchronous: a synchronous child process would block this vitest worker (issue 14).
    const run = () => promisify(execFile)(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", cwd: process.cwd() });
    const [one, two] = await Promise.all([run(), run()]);
    expect(one.stderr).toBe("");
    expect(one.stdout.trim()).toMatch(/^[0-9a-f]{16} \d{3,}$/);
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);
});

describe("random streams", () => {
  it("give the same numbers as seedrandom's alea", () => {
    for (const seed of [1, 42, "bench", "7/node/a"]) {
      const theirs = seedrandom.alea(String(seed));
      const ours = new Random(seed);
      for (let i = 0; i < 1_000; i++) expect(ours.next()).toBe(theirs());
    }
  });
});

describe("latency draws", () => {
  it("refuses a custom latency that draws a negative or NaN delay, naming the link", () => {
    for (const bad of [-50, NaN]) {
      const sim = new Simulation({ network: { latency: { sample: () => bad, mean: 1, description: "broken" } } });
      class S extends Node {
        onStart() {
          this.send("b", 1);
        }
      }
      sim.add("a", new S());
      sim.add("b", new Keeper());
      expect(() => sim.run()).toThrow(new RegExp(`the latency of link "a"→"b" \\(broken\\): got ${bad}, expected every draw a finite number of ms ≥ 0`));
    }
    expect(() => new Simulation({ network: { latency: latency.normal(10, 20) } })).not.toThrow();
  });
});
