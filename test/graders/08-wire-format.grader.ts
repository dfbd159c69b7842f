// Grader for exercise 08: a platform-independent, versioned wire format.
import { describe } from "vitest";
import { PLATFORMS, Random, isNotImplemented, asReceived, hex, randomCorruption, randomReading, runByteExchange, sameReading, showReading, truncations, type Codec, type SensorReading } from "../../lib";
import * as ex from "@exercise/08-wire-format";
import { acrossSeeds, expectThat, graded, seedRange } from "./support";

// ---- A referee: the format of the stub's docstring, written independently with Buffer. ----

class RefereeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function refEncode(r: SensorReading, version = r.version, extra: Buffer = Buffer.alloc(0)): Uint8Array {
  const text = (s: string) => {
    const b = Buffer.from(s, "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const id = Buffer.alloc(8);
  id.writeBigInt64BE(r.id);
  const t = Buffer.alloc(8);
  t.writeDoubleBE(Number.isNaN(r.temperature) ? NaN : r.temperature);
  const parts: Uint8Array[] = [id, text(r.name), t];
  if (version >= 2) {
    const count = Buffer.alloc(2);
    count.writeUInt16BE(r.tags.length);
    parts.push(count, ...r.tags.map(text));
  }
  parts.push(extra);
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(6);
  head[0] = 0xd5;
  head[1] = version;
  head.writeUInt32BE(body.length, 2);
  return new Uint8Array(Buffer.concat([head, body]));
}

function refDecode(input: Uint8Array): SensorReading {
  const b = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (b.length < 1) throw new RefereeError("truncated");
  if (b[0] !== 0xd5) throw new RefereeError("tag");
  if (b.length < 2) throw new RefereeError("truncated");
  const version = b[1];
  if (version === 0 || version >= 128) throw new RefereeError("version");
  if (b.length < 6) throw new RefereeError("truncated");
  const end = 6 + b.readUInt32BE(2);
  if (b.length < end) throw new RefereeError("truncated");
  if (b.length > end) throw new RefereeError("length");
  let at = 6;
  const take = (n: number) => {
    if (at + n > end) throw new RefereeError("length");
    at += n;
    return at - n;
  };
  const text = () => {
    const n = b.readUInt32BE(take(4));
    const start = take(n);
    const s = b.toString("utf8", start, start + n);
    if (!Buffer.from(s, "utf8").equals(b.subarray(start, start + n))) throw new RefereeError("text");
    return s;
  };
  const id = b.readBigInt64BE(take(8));
  const name = text();
  const temperature = b.readDoubleBE(take(8));
  const tags: string[] = [];
  if (version >= 2) for (let k = b.readUInt16BE(take(2)); k > 0; k--) tags.push(text());
  if (version <= 2 && at !== end) throw new RefereeError("length");
  return { version, id, name, temperature, tags };
}

const referee: Codec = { encode: (r) => refEncode(r), decode: refDecode };
const student: Codec = { encode: (r) => ex.encode(r), decode: (b) => ex.decode(b) };

// ---- Helpers ----

function decodeOutcome(bytes: Uint8Array): { reading?: SensorReading; error?: unknown } {
  try {
    return { reading: ex.decode(bytes) };
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    return { error };
  }
}

function describeError(error: unknown): string {
  if (error instanceof ex.WireFormatError) return `WireFormatError(${error.reason}): ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function expectRejected(bytes: Uint8Array, reason: string | undefined, what: string): void {
  const out = decodeOutcome(bytes);
  expectThat(out.error !== undefined, `${what}: decode returned ${out.reading ? showReading(out.reading) : "a value"} for ${hex(bytes)}; it must throw a WireFormatError${reason ? ` with reason "${reason}"` : ""}`);
  expectThat(out.error instanceof ex.WireFormatError, `${what}: decode threw ${describeError(out.error)}, not a WireFormatError (bytes ${hex(bytes)})`);
  if (reason) expectThat(out.error.reason === reason, `${what}: decode threw reason "${out.error.reason}", expected "${reason}" (bytes ${hex(bytes)})`);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

const replayRandom = (seed: number) =>
  `in notebook 08, section "Exercise 08", run replayWire(${seed}) (it uses randomReading(new Random(${seed})))`;
const replayExchange = (seed: number) =>
  `in notebook 08, section "Exercise 08", run replayExchange(${seed}) to see the run and the failed deliveries`;

const EXAMPLES: Array<[SensorReading, string]> = [
  [{ version: 1, id: 1n, name: "é", temperature: 0, tags: [] }, "d5 01 00 00 00 16 00 00 00 00 00 00 00 01 00 00 00 02 c3 a9 00 00 00 00 00 00 00 00"],
  [{ version: 2, id: -2n, name: "", temperature: -0, tags: ["a", "東"] }, "d5 02 00 00 00 22 ff ff ff ff ff ff ff fe 00 00 00 00 80 00 00 00 00 00 00 00 00 02 00 00 00 01 61 00 00 00 03 e6 9d b1"],
  [{ version: 2, id: (1n << 63n) - 1n, name: "🌡", temperature: NaN, tags: [] }, "d5 02 00 00 00 1a 7f ff ff ff ff ff ff ff 00 00 00 04 f0 9f 8c a1 7f f8 00 00 00 00 00 00 00 00"],
  [{ version: 1, id: -(1n << 63n), name: "Zürich", temperature: 21.5, tags: [] }, "d5 01 00 00 00 1b 80 00 00 00 00 00 00 00 00 00 00 07 5a c3 bc 72 69 63 68 40 35 80 00 00 00 00 00"],
];

describe("exercise 08: a platform-independent, versioned wire format", () => {
  graded(3, "round trip: decode(encode(r)) equals r on random readings, also from views into larger buffers", () =>
    acrossSeeds(seedRange(1, 40), (seed) => {
      const random = new Random(seed);
      for (let i = 0; i < 60; i++) {
        const r = randomReading(random);
        const bytes = ex.encode(r);
        expectThat(bytes instanceof Uint8Array, `encode returned ${typeof bytes}, not a Uint8Array`);
        const back = ex.decode(asReceived(bytes, { buffers: i % 2 === 0 ? "pooled" : "exact" }, random));
        expectThat(sameReading(r, back), `round trip changed the reading:\n  sent     ${showReading(r)}\n  received ${showReading(back)}`);
      }
    }, replayRandom));

  graded(3, "exact bytes: reference readings encode to the bytes the format specifies", () => {
    for (const [r, expected] of EXAMPLES) {
      const got = hex(ex.encode(r), 200);
      expectThat(got === expected, `encode(${showReading(r)})\n  gave     ${got}\n  expected ${expected}`);
    }
    return acrossSeeds(seedRange(1, 30), (seed) => {
      const random = new Random(seed);
      for (let i = 0; i < 40; i++) {
        const r = randomReading(random);
        const got = ex.encode(r);
        const want = refEncode(r);
        expectThat(sameBytes(got, want), `encode(${showReading(r)})\n  gave     ${hex(got, 80)}\n  expected ${hex(want, 80)}`);
      }
    }, replayRandom);
  });

  graded(1, 'encode rejects readings it cannot write (reason "value")', () => {
    const ok: SensorReading = { version: 2, id: 5n, name: "x", temperature: 1, tags: ["t"] };
    const bad: Array<[string, SensorReading]> = [
      ["version 3", { ...ok, version: 3 }],
      ["version 0", { ...ok, version: 0 }],
      ["id 2^63", { ...ok, id: 1n << 63n }],
      ["id -(2^63) - 1", { ...ok, id: -(1n << 63n) - 1n }],
      ["id given as a number", { ...ok, id: 5 as unknown as bigint }],
      ["temperature given as a string", { ...ok, temperature: "21" as unknown as number }],
      ["a version 1 reading with tags", { ...ok, version: 1 }],
      ["65,536 tags", { ...ok, tags: new Array<string>(65_536).fill("") }],
    ];
    for (const [what, r] of bad) {
      let error: unknown;
      try {
        ex.encode(r);
      } catch (e) {
        if (isNotImplemented(e)) throw e;
        error = e;
      }
      expectThat(error instanceof ex.WireFormatError && error.reason === "value", `encode with ${what} ${error === undefined ? "returned bytes" : `threw ${describeError(error)}`}; it must throw WireFormatError with reason "value"`);
    }
    expectThat(ex.encode({ ...ok, tags: new Array<string>(65_535).fill("") }).length === 6 + 8 + 5 + 8 + 2 + 4 * 65_535, "encode of 65,535 empty tags has the wrong length (65,535 is allowed)");
  });

  graded(3, "interoperability: nodes on different platforms exchange readings as bytes, with a reference implementation and each other", () =>
    acrossSeeds(seedRange(1, 15), (seed) => {
      const random = new Random(seed);
      const platforms = [PLATFORMS.x86_64, PLATFORMS.sparc32, PLATFORMS.cortexM, PLATFORMS.power64];
      const nodes = platforms.map((platform, i) => ({ id: `n${i}`, platform, codec: random.chance(0.5) ? student : referee }));
      nodes[0].codec = student;
      nodes[1].codec = referee;
      const { deliveries } = runByteExchange({ seed, nodes, perNode: 15, interval: 30, network: { latency: 20, reorder: 0.3, duplicate: 0.1 } });
      expectThat(deliveries.length >= 60, `only ${deliveries.length} deliveries`);
      for (const d of deliveries) {
        const how = `${d.from} → ${d.to} (${nodes.find((n) => n.id === d.from)!.codec === student ? "your encode" : "reference encode"} → ${nodes.find((n) => n.id === d.to)!.codec === student ? "your decode" : "reference decode"}, ${nodes.find((n) => n.id === d.to)!.platform.name})`;
        expectThat(d.error === undefined, `${how}: decoding failed with ${describeError(d.error)}\n  sent ${showReading(d.sent)}\n  bytes ${hex(d.bytes)}`);
        expectThat(sameReading(d.sent, d.received!), `${how}: the reading changed on the way\n  sent     ${showReading(d.sent)}\n  received ${showReading(d.received!)}`);
      }
    }, replayExchange));

  graded(3, "compatibility: version 1 bytes get tags = []; versions 3 to 127 keep the known fields and skip the rest", () =>
    acrossSeeds(seedRange(1, 30), (seed) => {
      const random = new Random(seed);
      for (let i = 0; i < 20; i++) {
        const old = randomReading(random, 1);
        const fromOld = ex.decode(refEncode(old));
        expectThat(sameReading(fromOld, { ...old, tags: [] }), `a version 1 message from an old node decoded to ${showReading(fromOld)}, expected ${showReading(old)}`);
        const newer = randomReading(random, 2);
        const version = random.int(3, 128);
        const extra = Buffer.from(Array.from({ length: random.int(0, 40) }, () => random.int(0, 256)));
        const bytes = refEncode(newer, version, extra);
        const out = decodeOutcome(bytes);
        expectThat(out.reading !== undefined, `a version ${version} message (version 2 fields + ${extra.length} unknown bytes) was rejected: ${describeError(out.error)}; newer versions only add fields, skip them`);
        expectThat(sameReading(out.reading, { ...newer, version }), `a version ${version} message decoded to ${showReading(out.reading)}, expected ${showReading({ ...newer, version })}`);
      }
    }, replayRandom));

  graded(2, "malformed input: truncations, bad tags and versions, inconsistent lengths, bad UTF-8 throw WireFormatError with the right reason", () => {
    const good = refEncode({ version: 2, id: 7n, name: "Zürich", temperature: 1.5, tags: ["α", "b"] });
    for (const cut of truncations(good)) expectRejected(cut, "truncated", `the first ${cut.length} of ${good.length} bytes`);
    expectRejected(Uint8Array.from([0x7b, 0x22]), "tag", "JSON text instead of a message");
    const withByte = (i: number, v: number) => {
      const b = Uint8Array.from(good);
      b[i] = v;
      return b;
    };
    expectRejected(withByte(0, 0xd4), "tag", "format tag 0xd4");
    for (const v of [0, 128, 200, 255]) expectRejected(withByte(1, v), "version", `version ${v}`);
    expectRejected(Uint8Array.from([...good, 0]), "length", "one byte more than the header says");
    const body = good.length - 6;
    const lying = (len: number) => {
      const b = Uint8Array.from(good);
      new DataView(b.buffer).setUint32(2, len);
      return b;
    };
    expectRejected(lying(body + 1), "truncated", "body length one more than the bytes");
    expectRejected(lying(body - 1), "length", "body length one less than the bytes");
    // name length too long for the body: a length field that runs past the end
    const longName = Uint8Array.from(good);
    new DataView(longName.buffer).setUint32(14, 0xffffffff);
    expectRejected(longName, "length", "name length 4,294,967,295");
    const manyTags = refEncode({ version: 2, id: 1n, name: "", temperature: 0, tags: [] });
    new DataView(manyTags.buffer).setUint16(manyTags.length - 2, 0xffff);
    expectRejected(manyTags, "length", "tag count 65,535 with no tags in the body");
    // a version 1 body with bytes left over (a version 2 body relabelled as version 1)
    expectRejected(withByte(1, 1), "length", "a version 2 body labelled version 1");
    expectRejected(refEncode({ version: 2, id: 1n, name: "", temperature: 0, tags: [] }, 2, Buffer.from([1, 2, 3])), "length", "a version 2 body with 3 bytes left over");
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const b = refEncode({ version: 1, id: 1n, name: "ab", temperature: 0, tags: [] });
      b.set(bad.slice(0, 2), 18);
      expectRejected(b, "text", `name bytes ${hex(b.subarray(18, 20))} (not UTF-8)`);
    }
  });

  graded(3, "fuzzing: random corruptions give a WireFormatError or exactly what the bytes say, never anything else", () =>
    acrossSeeds(seedRange(1, 40), (seed) => {
      const random = new Random(seed);
      for (let i = 0; i < 100; i++) {
        const original = refEncode(randomReading(random));
        const { bytes, corruption } = randomCorruption(original, random);
        let expected: SensorReading | undefined;
        let reason: string | undefined;
        try {
          expected = refDecode(bytes);
        } catch (error) {
          reason = (error as RefereeError).reason;
        }
        const out = decodeOutcome(bytes);
        const what = `after ${JSON.stringify(corruption)} of ${hex(original, 24)}`;
        if (expected === undefined) {
          expectThat(out.error instanceof ex.WireFormatError, `${what}: decode ${out.error ? `threw ${describeError(out.error)}` : `returned ${showReading(out.reading!)}`}, expected a WireFormatError (${reason})`);
        } else {
          expectThat(out.reading !== undefined, `${what}: decode threw ${describeError(out.error)}, but the bytes are a valid message: ${showReading(expected)}`);
          expectThat(sameReading(out.reading, expected), `${what}: decode returned ${showReading(out.reading)}, the bytes say ${showReading(expected)}`);
        }
      }
    }, replayRandom));
});
