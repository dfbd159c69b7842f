// lib/rpc: the durable counter and its effect log, RpcCaller's retries and outcomes, the demo
// server's dedup modes, outcome classification, the closed forms and the exercise 02 bench.
import { describe, expect, it } from "vitest";
import { Node, Simulation, latency } from "../lib/sim";
import {
  CounterClient,
  CounterServer,
  DurableCounter,
  RpcCaller,
  atLeastOnce,
  classifyRequests,
  effectCounts,
  effectLog,
  exactlyOnceProblems,
  exactlyOnceScenario,
  expectedAttemptsUnbounded,
  replyProbability,
  runExactlyOnce,
  tallyOutcomes,
  type CallOutcome,
  type RpcMessage,
} from "../lib/rpc";

class Applier extends Node<RpcMessage> {
  counter = new DurableCounter(this);
  onMessage(_from: string, msg: RpcMessage) {
    if (msg.type === "request") this.counter.apply(msg.id, msg.op);
  }
}

function counterRun(dedup: "none" | "volatile", opts: { loss?: number; crashAt?: number[]; attempts?: number; seed?: number } = {}) {
  const sim = new Simulation({ seed: opts.seed ?? 3, network: { latency: latency.normal(40, 10), loss: opts.loss ?? 0 } });
  sim.add("server", () => new CounterServer({ dedup }));
  const ops = Array.from({ length: 40 }, (_, i) => ({ add: i + 1 }));
  const client = sim.add("c", () => new CounterClient({ server: "server", ops, timeout: 200, attempts: opts.attempts ?? 5 }));
  for (const at of opts.crashAt ?? []) {
    sim.crash("server", { at });
    sim.restart("server", { at: at + 300 });
  }
  sim.run({ until: 60_000 });
  return { sim, client, log: effectLog(sim.durable("server")) };
}

describe("DurableCounter", () => {
  it("adds on every apply, records each effect durably, and the log survives a crash", () => {
    const sim = new Simulation({ seed: 1 });
    sim.add("s", () => new Applier());
    sim.add("c", new (class extends Node<RpcMessage> {
      onStart() {
        this.send("s", { type: "request", id: "r1", op: { add: 5 } });
        this.send("s", { type: "request", id: "r1", op: { add: 5 } });
        this.setTimer(100, () => this.send("s", { type: "request", id: "r2", op: { add: -2 } }));
      }
    })());
    sim.crash("s", { at: 50 });
    sim.restart("s", { at: 60 });
    sim.run();
    const log = effectLog(sim.durable("s"));
    expect(log.map((e) => [e.requestId, e.value])).toEqual([["r1", 5], ["r1", 10], ["r2", 8]]);
    expect(effectCounts(log).get("r1")).toBe(2);
    expect(sim.trace.filter((e) => e.kind === "mark" && e.name === "apply")).toHaveLength(3);
  });
});

describe("RpcCaller", () => {
  it("one attempt on a perfect network: ok with the server's value, 2 messages per call", () => {
    const { sim, client, log } = counterRun("none", { attempts: 1 });
    expect(client.outcomes).toHaveLength(40);
    expect(client.outcomes.every((o) => o.status === "ok")).toBe(true);
    expect(client.outcomes.map((o) => (o.status === "ok" ? o.value : -1))).toEqual(log.map((e) => e.value));
    expect(sim.stats.sent).toBe(80);
  });

  it("gives up with 'unknown' after exactly `attempts` timeouts, all with one request id", () => {
    const sim = new Simulation({ seed: 1 });
    sim.add("server", new (class extends Node {})());
    const outcomes: CallOutcome[] = [];
    sim.add("c", new (class extends Node<RpcMessage> {
      rpc = new RpcCaller(this);
      onStart() {
        this.rpc.call("server", { add: 1 }, { timeout: 100, attempts: 3 }, (o) => outcomes.push(o));
      }
    })());
    sim.run();
    expect(outcomes).toEqual([{ status: "unknown", requestId: "c#0.0", attempts: 3, latency: 300 }]);
    const sends = sim.trace.filter((e) => e.kind === "send");
    expect(sends.map((e) => (e.kind === "send" ? (e.msg as RpcMessage).id : ""))).toEqual(["c#0.0", "c#0.0", "c#0.0"]);
  });

  it("rejects a bad budget", () => {
    const sim = new Simulation({ seed: 1 });
    sim.add("server", new (class extends Node {})());
    sim.add("c", new (class extends Node<RpcMessage> {
      onStart() {
        new RpcCaller(this).call("server", { add: 1 }, { timeout: 100, attempts: 0 }, () => {});
      }
    })());
    expect(() => sim.run()).toThrow(/attempts must be an integer ≥ 1/);
  });
});

describe("CounterServer dedup modes and outcome classification", () => {
  it("no dedup + retries over loss: some requests take effect more than once", () => {
    const { client, log } = counterRun("none", { loss: 0.3 });
    const tally = tallyOutcomes(classifyRequests(log, client.outcomes));
    expect(tally["more than once"]).toBeGreaterThan(0);
    expect(tally.once + tally["once, client unsure"] + tally.never + tally["more than once"]).toBe(40);
  });

  it("volatile dedup: never twice without crashes, but a crash-restart lets copies through", () => {
    const calm = counterRun("volatile", { loss: 0.3 });
    expect(tallyOutcomes(classifyRequests(calm.log, calm.client.outcomes))["more than once"]).toBe(0);
    let doubled = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = counterRun("volatile", { loss: 0.3, crashAt: [1_000, 3_000, 5_000], seed });
      doubled += tallyOutcomes(classifyRequests(r.log, r.client.outcomes))["more than once"];
    }
    expect(doubled).toBeGreaterThan(0);
  });

  it("classifies by applications first, then by what the client knows", () => {
    const ok = (id: string): CallOutcome => ({ status: "ok", requestId: id, value: 1, attempts: 1, latency: 1 });
    const unknown = (id: string): CallOutcome => ({ status: "unknown", requestId: id, attempts: 3, latency: 1 });
    const effect = (id: string) => ({ requestId: id, op: { add: 1 }, value: 1, time: 0 });
    const rows = classifyRequests([effect("a"), effect("b"), effect("c"), effect("c")], [ok("a"), unknown("b"), ok("c"), unknown("d")]);
    expect(rows.map((r) => r.outcome)).toEqual(["once", "once, client unsure", "more than once", "never"]);
  });
});

describe("theory", () => {
  it("closed forms agree with first principles", () => {
    expect(replyProbability(0.1)).toBeCloseTo(0.81);
    expect(expectedAttemptsUnbounded(0.5)).toBeCloseTo(4);
    const t = atLeastOnce(0.2, 1);
    expect(t.ok).toBeCloseTo(0.64);
    expect(t.applications).toBeCloseTo(0.8);
    expect(t.never).toBeCloseTo(0.2);
    expect(atLeastOnce(0.2, 200).attempts).toBeCloseTo(expectedAttemptsUnbounded(0.2));
    expect(atLeastOnce(0, 3)).toEqual({ ok: 1, never: 0, applications: 1, attempts: 1 });
  });

  it("a simulated at-least-once client matches them within sampling error", () => {
    const p = 0.2, k = 3;
    let ok = 0, applied = 0, n = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = counterRun("none", { loss: p, attempts: k, seed });
      n += r.client.outcomes.length;
      ok += r.client.outcomes.filter((o) => o.status === "ok").length;
      applied += r.log.length;
    }
    const theory = atLeastOnce(p, k);
    expect(Math.abs(ok / n - theory.ok)).toBeLessThan(0.03);
    expect(Math.abs(applied / n - theory.applications)).toBeLessThan(0.06);
  });
});

describe("exactly-once bench", () => {
  it("scenarios are a function of the seed", () => {
    const faults = (seed: number) => {
      const s = exactlyOnceScenario("crash", seed);
      return { crashes: s.crashes, clients: s.clients, loss: s.network.loss };
    };
    expect(faults(4)).toEqual(faults(4));
    expect(faults(4)).not.toEqual(faults(5));
  });

  it("names what went wrong: a CounterClient/volatile pair fails on a crash schedule", () => {
    const asReporter = (options: { server: string; ops: { add: number }[]; timeout: number }) => {
      const c = new CounterClient({ ...options, attempts: 3 });
      return Object.assign(c, {
        get results() {
          return c.outcomes.map((o) => (o.status === "ok" ? { requestId: o.requestId, value: o.value } : undefined));
        },
      });
    };
    let problems: string[] = [];
    for (let seed = 1; seed <= 20 && problems.length === 0; seed++) {
      problems = runExactlyOnce(asReporter, () => new CounterServer({ dedup: "volatile" }), exactlyOnceScenario("crash", seed)).problems;
    }
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/took effect \d+ times|has no result/);
  });

  it("flags a wrong value, a reused id and an unreported effect", () => {
    const scenario = { ...exactlyOnceScenario("baseline", 1), clients: { c1: [{ add: 2 }, { add: 3 }] } };
    const effects = [
      { requestId: "x", op: { add: 2 }, value: 2, time: 1 },
      { requestId: "y", op: { add: 3 }, value: 5, time: 2 },
      { requestId: "z", op: { add: 3 }, value: 8, time: 3 },
    ];
    expect(exactlyOnceProblems({ scenario, effects, results: { c1: [{ requestId: "x", value: 2 }, { requestId: "y", value: 5 }] } })).toEqual([
      `the server applied request "z" 1 time(s), but no client reports a result under that id (a new id per retry?)`,
    ]);
    const wrong = exactlyOnceProblems({ scenario, effects: effects.slice(0, 2), results: { c1: [{ requestId: "x", value: 2 }, { requestId: "x", value: 9 }] } });
    expect(wrong[0]).toMatch(/another op also uses/);
    const value = exactlyOnceProblems({ scenario, effects: effects.slice(0, 2), results: { c1: [{ requestId: "x", value: 2 }, { requestId: "y", value: 6 }] } });
    expect(value).toEqual([`c1's op #1 ({ add: 3 }): the client reports 6, but the server's counter read 5 after applying it`]);
  });
});
