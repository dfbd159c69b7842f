// Partitions that compose, the errors for every case that used to go wrong silently, run limits,
// step(), and the read-only trace and peer lists (lib/sim).
import { describe, expect, it } from "vitest";
import { ConfigError, Node, Random, Simulation, SimulationLimitError, eventsOf, traceHash } from "../lib";
import { runtimeOf } from "../lib/sim/node";
import { Chatter, thrownBy } from "./sim-nodes";

class Idle extends Node {}

function chatters(ids: string[]) {
  const sim = new Simulation({ seed: 1, network: { latency: 1 } });
  const nodes = Object.fromEntries(ids.map((id) => [id, sim.add(id, new Chatter())]));
  return { sim, nodes };
}
const heardFrom = (node: Chatter, from: string) => node.got.filter((g) => g.startsWith(`${from}@`)).map((g) => Number(g.split("@")[1]));

describe("partitions compose", () => {
  it("overlapping cuts each heal on their own schedule (the first heal leaves the second cut alone)", () => {
    const { sim, nodes } = chatters(["a", "b", "c"]);
    sim.partition("a", "b", { at: 0, until: 50 });
    sim.partition("a", "c", { at: 0, until: 100 });
    sim.run({ until: 130 });
    expect(heardFrom(nodes.b, "a")).toEqual([51, 61, 71, 81, 91, 101, 111, 121]);
    expect(heardFrom(nodes.c, "a")).toEqual([101, 111, 121]);
    expect(heardFrom(nodes.c, "b")).toEqual([11, 21, 31, 41, 51, 61, 71, 81, 91, 101, 111, 121]);
  });

  it("nested cuts behave as their union, and a handle heals only its own", () => {
    const { sim, nodes } = chatters(["a", "b", "c", "d"]);
    const outer = sim.partition(["a", "b"], ["c", "d"]);
    const inner = sim.partition(["a"], ["c"]);
    expect(outer.active && inner.active).toBe(true);
    sim.run({ until: 35 });
    outer.heal();
    expect(outer.active).toBe(false);
    sim.run({ until: 65 });
    expect(heardFrom(nodes.d, "a")).toEqual([41, 51, 61]);
    expect(heardFrom(nodes.c, "a")).toEqual([]);
    expect(heardFrom(nodes.c, "b")).toEqual([41, 51, 61]);
    sim.network.heal();
    sim.run({ until: 75 });
    expect(heardFrom(nodes.c, "a")).toEqual([71]);
  });

  it("one-way cuts, heal(nodes) and a partition healed before it starts", () => {
    const { sim, nodes } = chatters(["a", "b", "c"]);
    sim.partition("a", "b", { oneWay: true });
    sim.partition(["a", "b"], ["c"]);
    const never = sim.partition("b", "c", { at: 100, until: 200 });
    never.heal();
    sim.run({ until: 25 });
    expect(heardFrom(nodes.b, "a")).toEqual([]);
    expect(heardFrom(nodes.a, "b")).toEqual([11, 21]);
    sim.network.heal(["c"]);
    sim.run({ until: 125 });
    expect(heardFrom(nodes.c, "b").length).toBe(10);
    expect(heardFrom(nodes.b, "a")).toEqual([]);
    expect(eventsOf(sim.trace, "partition").length).toBe(2);
  });

  it("records groups, not link pairs; links are worked out when read", () => {
    const sim = new Simulation();
    for (const id of ["a", "b", "c"]) sim.add(id, new Idle());
    const p = sim.partition(["a"], undefined, { at: 5, until: 10 });
    sim.run();
    const [cut] = eventsOf(sim.trace, "partition");
    const [heal] = eventsOf(sim.trace, "heal");
    expect(JSON.parse(JSON.stringify(cut))).toEqual({ kind: "partition", time: 5, cut: p.id, a: ["a"], b: ["b", "c"], oneWay: false, description: "{a} ⟂ {b, c}" });
    expect(cut.links).toEqual([["a", "b"], ["b", "a"], ["a", "c"], ["c", "a"]]);
    expect(heal).toMatchObject({ time: 10, cut: p.id });
    expect(heal.links.length).toBe(4);
  });

  it("cuts 10,000 nodes half and half in O(nodes): fast, small in the trace, hashable", () => {
    const sim = new Simulation();
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    for (const id of ids) sim.add(id, new Idle());
    const t0 = process.hrtime.bigint();
    const p = sim.partition(ids.slice(0, 5_000), ids.slice(5_000));
    p.heal();
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(500);
    expect(JSON.stringify(sim.trace).length).toBeLessThan(500_000);
    expect(traceHash(sim.trace)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("no silent wrong behaviour", () => {
  it("refuses times that are not finite", () => {
    const sim = new Simulation();
    expect(() => sim.at(Infinity, () => {})).toThrow(/sim\.at\(time\) for "action": got Infinity, expected a finite virtual time in ms/);
    expect(() => sim.at(NaN, () => {})).toThrow(/got NaN/);
    expect(() => sim.after(Infinity, () => {})).toThrow(/got Infinity, expected a finite delay/);
    expect(sim.now).toBe(0);
  });

  it("refuses one node object under two ids, and a factory that hands back a used object", () => {
    const sim = new Simulation();
    const node = new Idle();
    sim.add("a", node);
    expect(() => sim.add("b", node)).toThrow(/sim\.add\("b"\): got "a Idle object already in a simulation \(node \\"a\\"\)", expected a new object for each id/);
    const shared = new Idle();
    sim.add("c", () => shared);
    sim.crash("c");
    expect(() => sim.restart("c")).toThrow(/restart of "c".*a new object at every call of the factory/);
  });

  it("refuses a run started from inside a run", () => {
    const sim = new Simulation();
    class Nested extends Node {
      onStart() {
        sim.run();
      }
    }
    sim.add("a", new Nested());
    expect(() => sim.run()).toThrow(/sim\.run\(\).*a call from outside the run/);
    const other = new Simulation();
    other.at(5, () => other.step());
    expect(() => other.run()).toThrow(/sim\.step\(\)/);
  });

  it("shows NaN and Infinity as written, never as null", () => {
    expect(() => new Simulation({ network: { loss: NaN } })).toThrow(/network\.loss: got NaN, expected a probability/);
    expect(() => new Simulation({ network: { latency: Infinity } })).toThrow(/got Infinity/);
  });

  it("caps long id lists in errors", () => {
    const sim = new Simulation();
    for (let i = 0; i < 100_000; i++) sim.add(`n${i}`, new Idle());
    const message = (thrownBy(() => sim.crash("zz")) as Error).message;
    expect(message).toContain(`"n8", "n9" … and 99,990 more`);
    expect(message.length).toBeLessThan(300);
  });

  it("stops a zero-delay timer loop at its wall-clock budget", () => {
    class Spin extends Node {
      onStart() {
        const again = () => this.setTimer(0, again);
        again();
      }
    }
    const sim = new Simulation({ trace: false });
    sim.add("a", new Spin());
    const error = thrownBy(() => sim.run({ maxEvents: 1e12, maxWallMs: 200 }));
    expect(error).toBeInstanceOf(SimulationLimitError);
    expect((error as SimulationLimitError).limit).toBe("maxWallMs");
    expect((error as Error).message).toMatch(/wall-clock budget \(maxWallMs=200\)/);
    expect(() => sim.run({ maxWallMs: -1 })).toThrow(ConfigError);
  });
});

describe("step()", () => {
  it("processes one event at a time and says which", () => {
    class Ping extends Node {
      onStart() {
        this.setTimer(5, () => this.send("b", "hi"), "hello");
      }
    }
    const sim = new Simulation({ network: { latency: 3 } });
    sim.add("a", new Ping());
    sim.add("b", new Idle());
    const steps = [];
    for (let s = sim.step(); s !== null; s = sim.step()) steps.push(s);
    expect(steps).toEqual([
      { time: 0, event: "start a" },
      { time: 0, event: "start b" },
      { time: 5, event: 'timer "hello" at a' },
      { time: 8, event: "deliver #1 a → b" },
    ]);
    expect(sim.stats.events).toBe(4);
  });
});

describe("ground truth out of reach", () => {
  it("hands out the trace read-only, with frozen events", () => {
    const { sim } = chatters(["a", "b"]);
    sim.run({ until: 30 });
    const trace = sim.trace as unknown as Array<Record<string, unknown>>;
    const n = trace.length;
    expect(Array.isArray(trace)).toBe(true);
    expect(() => trace.push({ kind: "log" })).toThrow(/sim\.trace is read-only/);
    expect(() => (trace[0] = {})).toThrow(TypeError);
    expect(() => trace.splice(0, 1)).toThrow(TypeError);
    expect(() => (trace.length = 0)).toThrow(TypeError);
    expect(() => ((trace[3] as { time: number }).time = -1)).toThrow(TypeError);
    expect(() => ((trace.find((e) => e.kind === "send")!.msg as { from: string }).from = "x")).toThrow(TypeError);
    expect(sim.trace.length).toBe(n);
    expect(sim.trace.slice(0, 2).length).toBe(2);
    expect(structuredClone(sim.trace.slice()).length).toBe(n);
  });

  it("gives nodes a read-only peer list without themselves, shared at scale", () => {
    let seen: readonly string[] = [];
    class Look extends Node {
      onStart() {
        if (this.id === "n0") seen = this.peers;
      }
    }
    const sim = new Simulation();
    for (let i = 0; i < 1_500; i++) sim.add(`n${i}`, new Look());
    sim.run();
    expect(seen.length).toBe(1_499);
    expect(seen[0]).toBe("n1");
    expect(seen.includes("n0")).toBe(false);
    expect(Array.isArray(seen)).toBe(true);
    expect(() => (seen as string[]).push("x")).toThrow(/read-only/);
    // The fast reads (iteration, random.pick) see what the Proxy traps see.
    const copy = Array.prototype.slice.call(seen) as string[];
    expect([...seen]).toEqual(copy);
    expect(copy).toEqual(sim.nodeIds.slice(1));
    const picks = (list: readonly string[]) => Array.from({ length: 50 }, (_, k) => new Random(k).pick(list));
    expect(picks(seen)).toEqual(picks(copy));
    sim.add("late", new Look());
    expect(seen.length).toBe(1_500);
    expect(seen[1_499]).toBe("late");
    expect([...seen].pop()).toBe("late");
  });

  it("delivers to the id named, whichever id a peer view handed out last", () => {
    const got: string[] = [];
    class Sender extends Node {
      onStart() {
        if (this.id !== "n0") return;
        const seen = this.peers[5]; // the view notes n6's index
        this.send("n9", "to n9");
        this.send(["n", 6].join(""), `to ${seen} (another string, same id)`);
        for (const peer of this.peers) if (peer === "n3") break;
        this.send(this.random.pick(this.peers), "picked");
        this.send("n1", "to n1");
      }
      onMessage(from: string, msg: string) {
        got.push(`${this.id} got ${msg} from ${from}`);
        if (msg === "to n1") this.send("n0", "reply");
      }
    }
    const sim = new Simulation({ seed: 3 });
    for (let i = 0; i < 1_200; i++) sim.add(`n${i}`, new Sender());
    sim.run();
    const picked = sim.trace.find((e) => e.kind === "send" && e.msg === "picked")!;
    expect(got.sort()).toEqual(
      ["n9 got to n9 from n0", "n6 got to n6 (another string, same id) from n0", `${(picked as { to: string }).to} got picked from n0`, "n1 got to n1 from n0", "n0 got reply from n1"].sort(),
    );
  });

  it("keeps the simulation out of a node's reach", () => {
    let own: PropertyKey[] = ["unset"];
    let reachable: string[] = [];
    let handle: object | undefined;
    class Snoop extends Node {
      onStart() {
        own = Reflect.ownKeys(this);
        reachable = protoNames(this, Node);
        handle = runtimeOf(this);
      }
    }
    const sim = new Simulation();
    sim.add("a", new Snoop());
    sim.run();
    expect(own).toEqual([]);
    expect(reachable).toEqual(
      ["constructor", "onStart", "onMessage", "id", "now", "localTime", "random", "durable", "peers", "incarnation", "send", "broadcast", "setTimer", "every", "cancelTimer", "mark", "log"].sort(),
    );
    expect(Object.keys(handle!)).toEqual([]);
    expect(protoNames(handle!)).toEqual(
      ["constructor", "id", "now", "localTime", "random", "durable", "peers", "incarnation", "send", "setTimer", "cancelTimer", "mark", "log"].sort(),
    );
    let timerThis: unknown = "unset";
    class Callback extends Node {
      onStart() {
        this.setTimer(1, function (this: unknown) {
          timerThis = this;
        });
      }
    }
    sim.add("b", new Callback());
    sim.run();
    expect(timerThis).toBeUndefined();
  });

  it("shows only the documented network and partition members (routing and cuts stay inside)", () => {
    const sim = new Simulation();
    sim.add("a", new Idle());
    sim.add("b", new Idle());
    const p = sim.network.partition("a", "b");
    expect(Reflect.ownKeys(sim.network)).toEqual([]);
    expect(protoNames(sim.network)).toEqual(["constructor", "configure", "setLink", "link", "partition", "partitionOneWay", "heal", "isCut"].sort());
    expect(Reflect.ownKeys(p)).toEqual([]);
    expect(protoNames(p)).toEqual(["constructor", "id", "active", "heal"].sort());
    const scheduled = sim.partition("a", "b", { at: 10, until: 20 });
    expect(protoNames(scheduled)).toEqual(protoNames(p));
  });
});

/** Every property name on `obj`'s prototype chain, up to (and including) `upTo`'s prototype. */
function protoNames(obj: object, upTo?: abstract new (...args: never[]) => unknown): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(obj); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
    if (upTo && proto === upTo.prototype) break;
  }
  return Array.from(names).sort();
}
