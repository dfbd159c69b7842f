import { describe, expect, test } from "vitest";
import { Random } from "../lib";
import {
  PLATFORMS, asReceived, differingHabits, expectedUpgradeErrors, flipHabit, hex, nativeDecode, nativeEncode,
  randomCorruption, randomNativeValue, randomReading, runNativeExchange, runRollingUpgrade, runRouting,
  sameNativeValue, sameReading, truncations, decodeRecord, encodeRecord, ownerOf, SHARD_MAP_V1, SHARD_MAP_V2,
  type NativeKind,
} from "../lib/wire";

describe("wire: platforms", () => {
  test("the same platform reads back what it wrote (ints within its width, reals to two decimals)", () => {
    const random = new Random(1);
    for (const p of Object.values(PLATFORMS)) {
      for (const kind of ["int", "real", "text", "time"] as NativeKind[]) {
        for (let i = 0; i < 50; i++) {
          const v = randomNativeValue(random, kind);
          const fits = kind === "int" ? p.wordBits === 64 || BigInt.asIntN(32, v.value as bigint) === v.value : kind === "time" ? p.wordBits === 64 || p.epoch === "s" : kind === "text" ? p.text === "utf-8" || /^[\x00-\xff]*$/.test(v.value as string) : true;
          if (fits) expect(sameNativeValue(v, nativeDecode(p, kind, nativeEncode(p, v)))).toBe(true);
        }
      }
    }
  });

  test("byte order, width, reals, text and epoch each garble what they should", () => {
    const x = PLATFORMS.x86_64;
    expect(hex(nativeEncode(x, { kind: "int", value: 1000n }))).toBe("e8 03 00 00 00 00 00 00");
    expect(hex(nativeEncode(PLATFORMS.sparc32, { kind: "int", value: 1000n }))).toBe("00 00 03 e8");
    expect(nativeDecode(flipHabit(x, "byteOrder"), "int", nativeEncode(x, { kind: "int", value: 1000n })).value).toBe(-1728537831980138496n);
    expect(nativeDecode(flipHabit(x, "wordBits"), "int", nativeEncode(x, { kind: "int", value: 3_000_000_000n })).value).toBe(-1294967296n);
    expect(nativeDecode(flipHabit(x, "wordBits"), "int", nativeEncode(x, { kind: "int", value: 7n })).value).toBe(7n);
    expect(nativeDecode(flipHabit(x, "reals"), "real", nativeEncode(x, { kind: "real", value: 21.5 })).value).not.toBe(21.5);
    expect(nativeDecode(flipHabit(x, "text"), "text", nativeEncode(x, { kind: "text", value: "Zürich" })).value).toBe("ZÃ¼rich");
    expect(nativeEncode(PLATFORMS.sparc32, { kind: "text", value: "東" })).toEqual(Uint8Array.from([63]));
    expect(nativeDecode(flipHabit(x, "epoch"), "time", nativeEncode(x, { kind: "time", value: 1_000_000 })).value).toBe(1_000_000_000);
    expect(differingHabits(x, PLATFORMS.sparc32)).toEqual(["byteOrder", "wordBits", "text", "epoch"]);
  });

  test("raw exchange in the simulator: same platform intact, every value garbled across byte orders", () => {
    const values = [{ kind: "int" as const, value: 1000n }, { kind: "real" as const, value: 2.5 }];
    const run = runNativeExchange({ seed: 1, nodes: { a: PLATFORMS.x86_64, b: PLATFORMS.x86_64, c: flipHabit(PLATFORMS.x86_64, "byteOrder") }, values });
    expect(run.receipts).toHaveLength(12);
    for (const r of run.receipts) expect(r.intact).toBe((r.from === "c") === (r.to === "c"));
    expect(run.sim.trace.filter((e) => e.kind === "mark" && e.name === "garbled")).toHaveLength(8);
  });
});

describe("wire: bytes and readings", () => {
  test("asReceived gives the same bytes, pooled ones at an offset in a larger buffer", () => {
    const random = new Random(2);
    const bytes = Uint8Array.from([1, 2, 3]);
    const pooled = asReceived(bytes, { buffers: "pooled" }, random);
    expect(Array.from(pooled)).toEqual([1, 2, 3]);
    expect(pooled.byteOffset).toBeGreaterThan(0);
    expect(pooled.buffer.byteLength).toBeGreaterThan(3);
    expect(asReceived(bytes, { buffers: "exact" }, random).byteOffset).toBe(0);
  });

  test("truncations and corruptions", () => {
    expect(truncations(Uint8Array.from([1, 2, 3])).map((t) => t.length)).toEqual([0, 1, 2]);
    const random = new Random(3);
    const kinds = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const { bytes, corruption } = randomCorruption(Uint8Array.from([1, 2, 3, 4]), random);
      kinds.add(corruption.kind);
      if (corruption.kind === "cut") expect(bytes.length).toBe(corruption.at);
      if (corruption.kind === "insert") expect(bytes.length).toBe(5);
    }
    expect(kinds).toEqual(new Set(["flip", "cut", "insert"]));
  });

  test("random readings are deterministic, nasty and well formed", () => {
    const a = Array.from({ length: 300 }, ((r) => () => randomReading(r))(new Random(4)));
    const b = Array.from({ length: 300 }, ((r) => () => randomReading(r))(new Random(4)));
    a.forEach((x, i) => expect(sameReading(x, b[i])).toBe(true));
    expect(a.some((r) => Number.isNaN(r.temperature))).toBe(true);
    expect(a.some((r) => Object.is(r.temperature, -0))).toBe(true);
    expect(a.some((r) => r.id === (1n << 63n) - 1n || r.id === -(1n << 63n))).toBe(true);
    expect(a.some((r) => /[^\x00-\x7f]/.test(r.name))).toBe(true);
    for (const r of a) {
      expect(Buffer.from(r.name, "utf8").toString("utf8")).toBe(r.name);
      if (r.version === 1) expect(r.tags).toEqual([]);
    }
    expect(sameReading({ ...a[0], temperature: 0 }, { ...a[0], temperature: -0 })).toBe(false);
  });
});

describe("wire: routing", () => {
  test("shard maps", () => {
    expect(ownerOf(SHARD_MAP_V1, "zoe")).toBe("db2");
    expect(ownerOf(SHARD_MAP_V2, "zoe")).toBe("db3");
    expect(ownerOf(SHARD_MAP_V2, "ada")).toBe("db1");
  });

  test("a stale front end fails lookups; redirects fix it; nobody stale, nothing fails", () => {
    const stale = runRouting({ seed: 1 });
    expect(stale.outcomes.fe2.failed).toBeGreaterThan(0);
    expect(stale.outcomes.fe1.failed).toBe(0);
    const fixed = runRouting({ seed: 1, redirects: true });
    expect(fixed.outcomes.fe2.failed).toBe(0);
    expect(fixed.outcomes.fe2.redirected).toBeGreaterThan(0);
    const fresh = runRouting({ seed: 1, staleFrontEnd: null });
    expect(fresh.outcomes.fe1.failed + fresh.outcomes.fe2.failed).toBe(0);
    for (const run of [stale, fixed, fresh]) for (const fe of ["fe1", "fe2"]) expect(Object.values(run.outcomes[fe]).reduce((s, n) => s + n, 0)).toBe(30);
  });
});

describe("wire: rolling upgrade", () => {
  test("strict rejects unknown and missing fields; tolerant ignores and defaults", () => {
    const v1 = encodeRecord({ v: 1, id: 1, name: "x", temperature: 2 }, 1);
    const v2 = encodeRecord({ v: 2, id: 1, name: "x", temperature: 2, unit: "F" }, 2);
    expect(() => decodeRecord(v2, 1, "strict")).toThrow("unknown field unit");
    expect(() => decodeRecord(v1, 2, "strict")).toThrow("missing field unit");
    expect(decodeRecord(v2, 1, "tolerant")).toEqual({ v: 2, id: 1, name: "x", temperature: 2 });
    expect(decodeRecord(v1, 2, "tolerant").unit).toBe("C");
  });

  test("closed form: peak 72 errors/s with 3 of 6 upgraded; zero before and after", () => {
    const o = { seed: 1, decoder: "strict" as const };
    expect(expectedUpgradeErrors(o, 1_000)).toBe(0);
    expect(expectedUpgradeErrors(o, 2_000 + 2 * 1_500 + 400)).toBeCloseTo(72, 6);
    expect(expectedUpgradeErrors(o, 12_000)).toBe(0);
  });

  test("simulated strict errors match the closed form over the run; tolerant has none", () => {
    let simulated = 0;
    let expected = 0;
    for (const seed of [1, 2, 3, 4]) {
      const run = runRollingUpgrade({ seed, decoder: "strict" });
      simulated += run.receipts.filter((r) => !r.ok).length;
      for (let t = 0; t < run.options.until; t += 10) expected += (expectedUpgradeErrors(run.options, t) * 10) / 1000;
      expect(runRollingUpgrade({ seed, decoder: "tolerant" }).receipts.every((r) => r.ok)).toBe(true);
    }
    expect(Math.abs(simulated - expected) / expected).toBeLessThan(0.1);
  });
});
