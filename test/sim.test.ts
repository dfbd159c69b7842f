// Unit tests of the simulator core (lib/sim): determinism, time, nodes, faults, errors, limits.
import { describe, expect, it } from "vitest";
import {
  ConfigError, EventQueue, Node, NodeHandlerError, PhysicalClock, Random, Simulation, SimulationLimitError,
  eventsOf, latency, traceHash,
} from "../lib";
import { Chatter, thrownBy } from "./sim-nodes";

class Pinger extends Node<{ type: string; n?: number }> {
  pongs = 0;
  onStart() {
    let n = 0;
    this.every(100, () => this.send("b", { type: "ping", n: n++ }), "ping");
  }
  onMessage(_from: string, msg: { type: string }) {
    if (msg.type === "pong") this.pongs++;
  }
}
class Ponger extends Node<{ type: string; n?: number }> {
  onMessage(from: string, msg: { type: string; n?: number }) {
    if (msg.type === "ping") this.send(from, { type: "pong", n: msg.n });
  }
}

function faultyRun(seed: number, trace = true) {
  const sim = new Simulation({
    seed,
    trace,
    network: { latency: latency.normal(40, 10), loss: 0.1, duplicate: 0.05, reorder: 0.1 },
  });
  sim.add("a", new Pinger());
  sim.add("b", new Ponger());
  sim.crash("b", { at: 1_000 });
  sim.restart("b", { at: 1_500 });
  sim.pause("a", { at: 2_000, for: 300 });
  sim.partition(["a"], ["b"], { at: 2_600, until: 2_900 });
  sim.run({ until: 4_000 });
  return sim;
}

describe("determinism", () => {
  it("gives the same trace for the same seed, byte for byte", () => {
    const one = faultyRun(42);
    const two = faultyRun(42);
    expect(one.trace.length).toBeGreaterThan(50);
    expect(traceHash(one.trace)).toBe(traceHash(two.trace));
    expect(JSON.stringify(one.trace)).toBe(JSON.stringify(two.trace));
  });
  it("gives a different trace for another seed", () => {
    expect(traceHash(faultyRun(1).trace)).not.toBe(traceHash(faultyRun(2).trace));
  });
  it("draws node and network randomness from independent streams", () => {
    const a = new Random(5).stream("node/a");
    const b = new Random(5).stream("node/a");
    const c = new Random(5).stream("network");
    const xs = [a.next(), a.next()];
    expect([b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
  });

  it("does not tell a node its seed (graded runs may be on seeds it must not know)", () => {
    const seen: unknown[] = [];
    class Curious extends Node {
      onStart() {
        const random = this.random as unknown as Record<string, unknown>;
        seen.push(random.seed, Object.keys(random), JSON.stringify(random), Object.getOwnPropertyNames(random));
      }
    }
    const sim = new Simulation({ seed: 424242 });
    sim.add("a", new Curious());
    sim.run();
    expect(seen).toEqual([undefined, [], "{}", []]);
    expect(new Random(424242).stream("node/a").next()).toBe(new Random(424242).stream("node/a").next()); // still derived from it
  });
});

describe("event queue", () => {
  it("pops in time order with ties in scheduling order", () => {
    const q = new EventQueue<string>();
    const random = new Random(3);
    const items: Array<[number, string]> = [];
    for (let i = 0; i < 500; i++) items.push([random.int(0, 20), `e${i}`]);
    for (const [t, name] of items) q.push(t, name);
    const expected = items
      .map(([t, name], i) => ({ t, name, i }))
      .sort((x, y) => x.t - y.t || x.i - y.i)
      .map((x) => x.name);
    const got: string[] = [];
    while (q.size > 0) got.push(q.pop()!);
    expect(got).toEqual(expected);
    expect(q.pop()).toBeUndefined();
  });
});

describe("nodes and time", () => {
  it("delivers with the configured latency and runs timers on time", () => {
    const sim = new Simulation({ seed: 1, network: { latency: 25 } });
    sim.add("a", new Pinger());
    sim.add("b", new Ponger());
    sim.run({ until: 350 });
    const delivers = eventsOf(sim.trace, "deliver");
    expect(delivers.map((d) => d.time)).toEqual([125, 150, 225, 250, 325, 350]); // until is inclusive
    expect(eventsOf(sim.trace, "timer").map((t) => t.time)).toEqual([100, 200, 300]);
    expect(sim.now).toBe(350);
  });

  it("loses volatile state in a crash and keeps durable state", () => {
    class Counter extends Node {
      volatile = 0;
      onStart() {
        this.volatile = 0;
        this.every(10, () => {
          this.volatile++;
          this.durable.set("count", (this.durable.get<number>("count") ?? 0) + 1);
        });
      }
    }
    const sim = new Simulation({ seed: 1 });
    const first = sim.add("c", new Counter());
    sim.crash("c", { at: 55 });
    sim.restart("c", { at: 100 });
    sim.run({ until: 135 });
    const now = sim.node<Counter>("c");
    expect(now).not.toBe(first);
    expect(first.volatile).toBe(5);
    expect(now.volatile).toBe(3);
    expect(sim.durable("c").get("count")).toBe(8);
    expect(now.incarnation).toBe(1);
  });

  it("drops messages to a crashed node and stops its timers", () => {
    const sim = new Simulation({ seed: 1, network: { latency: 10 } });
    const a = sim.add("a", new Pinger());
    sim.add("b", new Ponger());
    sim.crash("b", { at: 150 });
    sim.run({ until: 500 });
    expect(a.pongs).toBe(1);
    const drops = eventsOf(sim.trace, "drop");
    expect(drops.length).toBe(3); // the pings of t=200, 300 and 400
    expect(drops.every((d) => d.reason === "crashed")).toBe(true);
  });

  it("freezes a paused node and hands it what waited, in order, at resume", () => {
    class Recorder extends Node {
      got: Array<[number, number]> = [];
      onMessage(_from: string, msg: { n: number }) {
        this.got.push([this.now, msg.n]);
      }
    }
    class Sender extends Node {
      onStart() {
        for (let n = 0; n < 3; n++) this.setTimer(10 * (n + 1), () => this.send("r", { n }));
      }
    }
    const sim = new Simulation({ seed: 1, network: { latency: 5 } });
    sim.add("s", new Sender());
    const r = sim.add("r", new Recorder());
    sim.pause("r", { at: 16, for: 100 });
    sim.run({ until: 200 });
    expect(r.got).toEqual([
      [15, 0],
      [116, 1],
      [116, 2],
    ]);
  });

  it("cancels timers: one-shot, repeating from its own callback, while paused, and not across a restart", () => {
    const fired: string[] = [];
    class Timers extends Node {
      onStart() {
        const once = this.setTimer(50, () => fired.push(`${this.id} once`), "once");
        this.cancelTimer(once);
        let n = 0;
        const tick = this.every(10, () => {
          fired.push(`${this.id} tick ${++n} at ${this.now}`);
          if (n === 3) this.cancelTimer(tick);
        }, "tick");
        const paused = this.setTimer(120, () => fired.push(`${this.id} paused`), "paused");
        this.setTimer(110, () => this.cancelTimer(paused), "cancel while paused");
        if (this.incarnation === 0) oldIncarnation = this;
      }
    }
    let oldIncarnation: Node | undefined;
    const sim = new Simulation();
    sim.add("a", () => new Timers());
    sim.pause("a", { at: 100, for: 50 });
    sim.run({ until: 200 });
    expect(fired).toEqual(["a tick 1 at 10", "a tick 2 at 20", "a tick 3 at 30"]);
    // After a restart the timer ids start again at 1; the old object's handle cancels none of them.
    sim.crash("a");
    sim.restart("a");
    sim.run({ until: 205 });
    oldIncarnation!.cancelTimer(2);
    fired.length = 0;
    sim.run({ until: 300 });
    expect(fired).toEqual(["a tick 1 at 210", "a tick 2 at 220", "a tick 3 at 230"]);
  });
  it("runs timers at the local clock's rate and reads a clock that jumps", () => {
    let firedAt = -1;
    let readings: number[] = [];
    class Timed extends Node {
      onStart() {
        readings.push(this.localTime);
        this.setTimer(1_000, () => {
          firedAt = this.now;
          readings.push(this.localTime);
        });
      }
    }
    const sim = new Simulation({ seed: 1 });
    sim.add("t", new Timed(), { clock: new PhysicalClock({ offset: 50, driftPpm: 10_000, jumps: [{ at: 500, by: -200 }] }) });
    sim.run();
    expect(firedAt).toBeCloseTo(1_000 / 1.01, 6);
    expect(readings[0]).toBe(50);
    expect(readings[1]).toBeCloseTo(50 + firedAt * 1.01 - 200, 6);
  });
});

describe("network faults", () => {
  function flood(options: ConstructorParameters<typeof Simulation>[0], count = 2_000) {
    class Source extends Node {
      onStart() {
        for (let i = 0; i < count; i++) this.send("sink", { i });
      }
    }
    class Sink extends Node {
      got: number[] = [];
      onMessage(_f: string, msg: { i: number }) {
        this.got.push(msg.i);
      }
    }
    const sim = new Simulation(options);
    sim.add("src", new Source());
    const sink = sim.add("sink", new Sink());
    sim.run();
    return { sim, got: sink.got };
  }

  it("loses about the configured fraction", () => {
    const { got } = flood({ seed: 3, network: { loss: 0.3 } }, 5_000);
    expect(got.length / 5_000).toBeGreaterThan(0.67);
    expect(got.length / 5_000).toBeLessThan(0.73);
  });

  it("duplicates about the configured fraction, each copy with its own id", () => {
    const { sim, got } = flood({ seed: 3, network: { duplicate: 0.2 } }, 5_000);
    expect(got.length / 5_000).toBeGreaterThan(1.17);
    expect(got.length / 5_000).toBeLessThan(1.23);
    const dups = eventsOf(sim.trace, "send").filter((s) => s.duplicateOf !== undefined);
    expect(dups.length).toBe(got.length - 5_000);
  });

  it("reorders with jitter or the reorder knob, and never on a FIFO link", () => {
    const inversions = (xs: number[]) => xs.filter((x, i) => i > 0 && x < xs[i - 1]).length;
    expect(inversions(flood({ seed: 1, network: { latency: 10, reorder: 0.1 } }).got)).toBeGreaterThan(50);
    expect(inversions(flood({ seed: 1, network: { latency: 10 } }).got)).toBe(0);
    const fifo = flood({ seed: 1, network: { latency: latency.exponential(30), fifo: true } }).got;
    expect(fifo.length).toBe(2_000);
    expect(inversions(fifo)).toBe(0);
  });

  it("samples latency distributions with the stated mean", () => {
    const random = new Random(9);
    for (const d of [latency.uniform(10, 30), latency.normal(40, 5), latency.exponential(25), latency.lognormal(30, 0.5), latency.shifted(5, latency.exponential(10))]) {
      let total = 0;
      for (let i = 0; i < 20_000; i++) total += d.sample(random);
      expect(total / 20_000).toBeGreaterThan(d.mean * 0.97);
      expect(total / 20_000).toBeLessThan(d.mean * 1.03);
    }
  });

  it("cuts links both ways, one way, and heals", () => {
    const sim = new Simulation({ seed: 1, network: { latency: 1 } });
    const a = sim.add("a", new Chatter());
    const b = sim.add("b", new Chatter());
    sim.partition("a", "b", { at: 15, until: 35 });
    sim.partition("a", "b", { at: 45, oneWay: true });
    sim.run({ until: 60 });
    expect(a.got).toEqual(["b@11", "b@41", "b@51"]);
    expect(b.got).toEqual(["a@11", "a@41"]);
    expect(eventsOf(sim.trace, "drop").every((d) => d.reason === "partition")).toBe(true);
    expect(eventsOf(sim.trace, "partition").length).toBe(2);
    expect(eventsOf(sim.trace, "heal").length).toBe(1);
  });

  it("applies per-link settings over the defaults", () => {
    const sim = new Simulation({ seed: 1, network: { latency: 10 } });
    class N extends Node {}
    sim.add("a", new N());
    sim.add("b", new N());
    sim.add("c", new N());
    sim.network.setLink("a", "b", { latency: 300 }, { oneWay: true });
    expect(sim.network.link("a", "b").latency.mean).toBe(300);
    expect(sim.network.link("b", "a").latency.mean).toBe(10);
    sim.network.configure({ loss: 0.5 });
    expect(sim.network.link("a", "b").loss).toBe(0.5);
    expect(sim.network.link("a", "b").latency.mean).toBe(300);
    expect(sim.network.link("a", "c").latency.mean).toBe(10);
  });
});

describe("errors that teach", () => {
  it("names the field, the value and what is allowed", () => {
    expect(() => new Simulation({ network: { loss: 1.5 } })).toThrow(/network\.loss: got 1\.5, expected a probability in \[0, 1\]/);
    expect(() => latency.constant(-3)).toThrow(/latency\.constant\(ms\): got -3, expected a finite number of milliseconds ≥ 0/);
    expect(() => new Simulation({ network: { latency: -1 } })).toThrow(ConfigError);
    expect(() => new Simulation({ network: { lossy: 1 } as never })).toThrow(/network\.lossy.*no such option/);
    expect(() => new Simulation({ network: { fifo: true, reorder: 0.1 } })).toThrow(/reorder.*FIFO/);
    const sim = new Simulation();
    sim.add("a", new Pinger());
    expect(() => sim.crash("zz")).toThrow(/sim\.crash\(id\): got "zz", expected one of "a"/);
    expect(() => sim.add("a", new Pinger())).toThrow(/an id not yet used/);
    sim.run({ until: 50 });
    expect(() => sim.at(10, () => {})).toThrow(/got 10, expected a time not in the past \(now is 50 ms\)/);
  });

  it("names the node, the time and the event when a handler throws", () => {
    class Broken extends Node {
      onMessage(_from: string, msg: { type: string }) {
        if (msg.type === "pong") throw new TypeError("cannot read 'x' of undefined");
      }
      onStart() {
        this.setTimer(20, () => this.send("b", { type: "ping" }));
      }
    }
    const sim = new Simulation({ seed: 1, network: { latency: 5 } });
    sim.add("a", new Broken());
    sim.add("b", new Ponger());
    const error = thrownBy(() => sim.run());
    expect(error).toBeInstanceOf(NodeHandlerError);
    expect((error as Error).message).toBe(
      `node "a" threw at t=30 ms while handling message #2 from "b" {"type":"pong"}: TypeError: cannot read 'x' of undefined`,
    );
  });

  it("rejects sends to unknown nodes from inside a handler", () => {
    class Lost extends Node {
      onStart() {
        this.send("nobody", {});
      }
    }
    const sim = new Simulation();
    sim.add("a", new Lost());
    expect(() => sim.run()).toThrow(/node "a" threw at t=0 ms while handling onStart\(\): ConfigError: send\(to\) from "a": got "nobody"/);
  });

  it("stops a run that never ends with a clear message", () => {
    const sim = new Simulation();
    sim.add("a", new Pinger());
    sim.add("b", new Ponger());
    expect(() => sim.run({ maxEvents: 1_000 })).toThrow(SimulationLimitError);
    expect(() => sim.run({ maxEvents: 1_000 })).toThrow(/stopped after 1000 events.*sim\.run\(\{ until: ms \}\)/);
    expect(() => sim.run({ maxTime: 60_000 })).toThrow(/limit maxTime=60000/);
  });

  it("asks for a factory when a node with constructor arguments must restart", () => {
    class WithArgs extends Node {
      constructor(readonly peer: string) {
        super();
      }
    }
    const sim = new Simulation();
    sim.add("a", new WithArgs("b"));
    sim.crash("a");
    expect(() => sim.restart("a")).toThrow(/sim\.add\("a", \(\) => new WithArgs\(\.\.\.\)\)/);
    const ok = new Simulation();
    ok.add("a", () => new WithArgs("b"));
    ok.crash("a");
    ok.restart("a");
    expect(ok.node<WithArgs>("a").peer).toBe("b");
  });
});

describe("trace off", () => {
  it("keeps the same stats without recording events", () => {
    const on = faultyRun(7);
    const off = faultyRun(7, false);
    expect(off.trace.length).toBe(0);
    expect(off.stats).toEqual(on.stats);
  });
});
