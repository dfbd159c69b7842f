import { describe, expect, test } from "vitest";
import { atomicRegisterHistory } from "../lib/replication/atomic-history";
import { HistoryRecorder, type History } from "../lib/replication/history";
import { checkLinearizability, kvModel, registerModel, type RegisterInput } from "../lib/replication/linearizability";

const w = (client: string, value: number, call: number, ret: number) => ({ client, input: { op: "write" as const, value }, output: "ok", call, return: ret });
const r = (client: string, value: number | null, call: number, ret: number) => ({ client, input: { op: "read" as const }, output: value as unknown, call, return: ret });
const unknownWrite = (client: string, value: number, call: number) => ({ client, input: { op: "write" as const, value }, output: undefined, call, return: Infinity });
type H = History<RegisterInput, unknown>;

describe("checkLinearizability on a register", () => {
  test("sequential history: linearizable, in real-time order", () => {
    const h: H = [w("a", 1, 0, 10), r("b", 1, 20, 30), w("a", 2, 40, 50), r("b", 2, 60, 70)];
    expect(checkLinearizability(h, registerModel)).toEqual({ ok: true, linearization: [0, 1, 2, 3] });
  });

  test("a read concurrent with a write may see either value", () => {
    expect(checkLinearizability([w("a", 1, 0, 100), r("b", null, 10, 20)], registerModel).ok).toBe(true);
    expect(checkLinearizability([w("a", 1, 0, 100), r("b", 1, 10, 20)], registerModel).ok).toBe(true);
  });

  test("a stale read after a write completed is not linearizable, and the blocked read is named", () => {
    const h: H = [w("a", 1, 0, 10), w("a", 2, 20, 30), r("b", 1, 40, 50)];
    const result = checkLinearizability(h, registerModel);
    expect(result.ok).toBe(false);
    expect(result.failure!.reason).toBe("not linearizable");
    expect(result.failure!.blocked).toBe(2);
    expect(result.failure!.prefix).toEqual([0, 1]);
    expect(result.failure!.message).toMatch(/operation 2 \(client b/);
  });

  test("new-old inversion: two reads during one write that see new then old", () => {
    const h: H = [w("a", 1, 0, 100), r("b", 1, 10, 20), r("c", null, 30, 40)];
    expect(checkLinearizability(h, registerModel).ok).toBe(false);
    // the same reads the other way round are fine
    expect(checkLinearizability([w("a", 1, 0, 100), r("b", null, 10, 20), r("c", 1, 30, 40)], registerModel).ok).toBe(true);
  });

  test("the search must backtrack: linearizable only in an order that is not call order", () => {
    const h: H = [w("a", 1, 0, 50), w("b", 2, 5, 50), r("c", 1, 60, 70), r("c", 1, 80, 90)];
    const result = checkLinearizability(h, registerModel);
    expect(result.ok).toBe(true);
    expect(result.linearization!.slice(0, 2)).toEqual([1, 0]);
  });

  test("an unknown outcome may take effect late, or never", () => {
    expect(checkLinearizability([unknownWrite("a", 1, 0), r("b", null, 10, 20), r("b", 1, 30, 40)], registerModel).ok).toBe(true);
    expect(checkLinearizability([unknownWrite("a", 1, 0), r("b", null, 10, 20), r("b", null, 30, 40)], registerModel).ok).toBe(true);
    // but not before its call
    expect(checkLinearizability([r("b", 1, 0, 5), unknownWrite("a", 1, 10)], registerModel).ok).toBe(false);
    // and once seen, it has happened
    expect(checkLinearizability([unknownWrite("a", 1, 0), r("b", 1, 10, 20), r("b", null, 30, 40)], registerModel).ok).toBe(false);
  });

  test("touching intervals count as concurrent (Porcupine's convention)", () => {
    expect(checkLinearizability([w("a", 1, 0, 10), r("b", null, 10, 20)], registerModel).ok).toBe(true);
  });

  test("bad histories are rejected with the field named", () => {
    expect(() => checkLinearizability([{ ...r("a", 1, 10, 5) }], registerModel)).toThrow(/history\[0\]\.return must be a time ≥ its call/);
    expect(() => checkLinearizability([{ ...r("a", 1, 0, 5), output: undefined }], registerModel)).toThrow(/output undefined/);
  });

  test("generated atomic histories pass; one stale read fails", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(checkLinearizability(atomicRegisterHistory({ seed, clients: 5, operations: 200 }), registerModel).ok).toBe(true);
      const bad = checkLinearizability(atomicRegisterHistory({ seed, clients: 5, operations: 200, staleRead: true }), registerModel);
      expect(bad.ok).toBe(false);
      expect(bad.failure!.reason).toBe("not linearizable");
    }
  });

  test("1,000 operations of 10 clients on one register in well under a second", () => {
    const h = atomicRegisterHistory({ seed: 42, clients: 10, operations: 1_000 });
    const start = performance.now();
    expect(checkLinearizability(h, registerModel).ok).toBe(true);
    const bad = atomicRegisterHistory({ seed: 42, clients: 10, operations: 1_000, staleRead: true });
    expect(checkLinearizability(bad, registerModel).ok).toBe(false);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  test("a search budget that runs out says so instead of giving a verdict", () => {
    const h = atomicRegisterHistory({ seed: 3, clients: 5, operations: 100 });
    const result = checkLinearizability(h, registerModel, { maxSteps: 10 });
    expect(result.failure!.reason).toBe("budget exhausted");
  });
});

describe("kvModel", () => {
  test("keys are checked independently; a violation on one key fails the history", () => {
    const put = (key: string, value: number, call: number, ret: number) => ({ client: "a", input: { op: "put" as const, key, value }, output: "ok", call, return: ret });
    const get = (key: string, value: number | null, call: number, ret: number) => ({ client: "b", input: { op: "get" as const, key }, output: value as unknown, call, return: ret });
    const good = [put("x", 1, 0, 10), put("y", 2, 0, 10), get("x", 1, 20, 30), get("y", 2, 20, 30), get("z", null, 20, 30)];
    const ok = checkLinearizability(good, kvModel);
    expect(ok.ok).toBe(true);
    expect([...ok.linearization!].sort()).toEqual([0, 1, 2, 3, 4]);
    const bad = [...good, put("y", 3, 40, 50), get("y", 2, 60, 70)];
    const result = checkLinearizability(bad, kvModel);
    expect(result.ok).toBe(false);
    expect(result.failure!.blocked).toBe(6);
  });
});

describe("HistoryRecorder", () => {
  test("records the simulation's times; pending operations have an unknown outcome", () => {
    let now = 0;
    const rec = new HistoryRecorder<RegisterInput, unknown>(() => now);
    const a = rec.invoke("a", { op: "write", value: 1 });
    now = 5;
    const b = rec.invoke("b", { op: "read" });
    const c = rec.invoke("c", { op: "read" });
    now = 9;
    rec.complete(a, "ok");
    rec.discard(c);
    expect(rec.isPending(b)).toBe(true);
    expect(rec.history()).toEqual([
      { client: "a", input: { op: "write", value: 1 }, output: "ok", call: 0, return: 9 },
      { client: "b", input: { op: "read" }, output: undefined, call: 5, return: Infinity },
    ]);
    expect(() => rec.complete(a, "ok")).toThrow(/already completed/);
    expect(() => rec.complete(b, undefined)).toThrow(/unknown outcome/);
    expect(() => rec.complete(99, "ok")).toThrow(/no such operation/);
  });
});
