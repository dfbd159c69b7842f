/**
 * The graded scenarios of exercise 08 (a platform-independent, versioned wire format), in the one
 * shape every chapter uses (lib/grading/scenario.ts). Each runs the student's `encode`/`decode` on
 * seeded inputs and returns the inputs and what came back, as plain data; the checks in
 * test/graders/08-wire-format.grader.ts judge it against the referee codec beside the grader.
 *
 *   replay("08", "versions", 7)      // the graded run, in notebook 08
 *
 * Scenarios (no faults: a schedule is `{ faults: [] }`; fuzzed bytes are drawn from the seed):
 *   roundTrip    60 random readings: encode, hand the bytes over as a view into a larger buffer (or
 *                an exact copy), decode in another instance of your module (`fresh`: no memory shared)
 *   exactBytes   four reference readings and 40 random ones: the bytes encode wrote
 *   encodeRejects readings encode cannot write (version 0 or 3, ids out of range, wrong types, ...)
 *   interop      four simulated nodes on different platforms (x86-64, SPARC, a sensor, POWER)
 *                exchange readings as bytes, each with your codec (its own module instance) or the
 *                referee's
 *   versions     version 1 bytes from an old node, versions 3–127 (version 2 fields then unknown
 *                bytes) from newer ones, and bodies relabelled with another version
 *   malformed    every truncation, bad tags and versions, lying lengths, leftover bytes, bad UTF-8
 *   fuzz         random bit flips, cuts, inserted bytes and relabelled version bytes
 *
 * A decode outcome is `{ reading }` or `{ error: { wire, reason, text } }` (`wire`: it was your
 * WireFormatError). Bytes are Uint8Arrays; readings keep their bigint ids, NaN and −0.
 */
import { Random } from "../sim/random";
import { isNotImplemented } from "../grading/exercise";
import type { ExerciseScenarios, Schedule } from "../grading/scenario";
import { asReceived, randomCorruption, truncations } from "./bytes";
import { PLATFORMS } from "./platform";
import { randomReading, runByteExchange, type Codec, type SensorReading } from "./readings";
import { refDecode, refEncode, RefereeError } from "../../test/graders/08-wire-format.referee";
import type * as Exercise08 from "../../exercises/08-wire-format";

type Impl = typeof Exercise08;

export interface ErrorOutcome {
  wire: boolean;
  reason?: string;
  text: string;
}
export type Outcome<T> = { value: T; error?: undefined } | { value?: undefined; error: ErrorOutcome };
export interface DecodeCase {
  what: string;
  bytes: Uint8Array;
  outcome: Outcome<SensorReading>;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const noFaults = (): Schedule => ({ faults: [] });

function plainReading(r: unknown): SensorReading {
  const x = (r ?? {}) as Partial<SensorReading>;
  return { version: x.version as number, id: x.id as bigint, name: x.name as string, temperature: x.temperature as number, tags: Array.isArray(x.tags) ? x.tags.map((t) => t) : (x.tags as never) };
}

function attempt<T>(impl: Impl, fn: () => T, plain: (v: T) => T): Outcome<T> {
  try {
    return { value: plain(fn()) };
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    const wire = error instanceof impl.WireFormatError;
    const text = `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}${wire ? "" : " (not a WireFormatError)"}`;
    return { error: { wire, reason: wire ? String((error as { reason?: unknown }).reason) : undefined, text } };
  }
}

const decodeWith = (impl: Impl, bytes: Uint8Array) => attempt(impl, () => impl.decode(bytes), plainReading);
const encodeWith = (impl: Impl, r: SensorReading) => attempt(impl, () => impl.encode(r), (b) => (b instanceof Uint8Array ? Uint8Array.from(b) : (b as never)));
const decodeCase = (impl: Impl, what: string, bytes: Uint8Array): DecodeCase => ({ what, bytes, outcome: decodeWith(impl, bytes) });

/** The reference readings, with the exact bytes the docstring's format gives them. */
const EXAMPLES: Array<[SensorReading, string]> = [
  [{ version: 1, id: 1n, name: "é", temperature: 0, tags: [] }, "d5 01 00 00 00 16 00 00 00 00 00 00 00 01 00 00 00 02 c3 a9 00 00 00 00 00 00 00 00"],
  [{ version: 2, id: -2n, name: "", temperature: -0, tags: ["a", "東"] }, "d5 02 00 00 00 22 ff ff ff ff ff ff ff fe 00 00 00 00 80 00 00 00 00 00 00 00 00 02 00 00 00 01 61 00 00 00 03 e6 9d b1"],
  [{ version: 2, id: (1n << 63n) - 1n, name: "🌡", temperature: NaN, tags: [] }, "d5 02 00 00 00 1a 7f ff ff ff ff ff ff ff 00 00 00 04 f0 9f 8c a1 7f f8 00 00 00 00 00 00 00 00"],
  [{ version: 1, id: -(1n << 63n), name: "Zürich", temperature: 21.5, tags: [] }, "d5 01 00 00 00 1b 80 00 00 00 00 00 00 00 00 00 00 07 5a c3 bc 72 69 63 68 40 35 80 00 00 00 00 00"],
];

const withByte = (bytes: Uint8Array, i: number, v: number) => {
  const b = Uint8Array.from(bytes);
  b[i] = v;
  return b;
};
const randomBytes = (random: Random, n: number) => Uint8Array.from({ length: n }, () => random.int(0, 256));

/** A version byte other than `not`: mostly 1 to 127, sometimes 0 or 128 to 255. */
function otherVersion(random: Random, not: number): number {
  for (;;) {
    const v = random.chance(0.85) ? random.pick([1, 2, 1, 2, random.int(3, 128)]) : random.pick([0, random.int(128, 256)]);
    if (v !== not) return v;
  }
}

function malformedCases(): Array<[string, Uint8Array]> {
  const good = refEncode({ version: 2, id: 7n, name: "Zürich", temperature: 1.5, tags: ["α", "b"] });
  const cases: Array<[string, Uint8Array]> = truncations(good).map((cut) => [`the first ${cut.length} of ${good.length} bytes`, cut]);
  cases.push(["JSON text instead of a message", Uint8Array.from([0x7b, 0x22])], ["format tag 0xd4", withByte(good, 0, 0xd4)]);
  for (const v of [0, 128, 200, 255]) cases.push([`version ${v}`, withByte(good, 1, v)]);
  cases.push(["one byte more than the header says", Uint8Array.from([...good, 0])]);
  const lying = (len: number) => {
    const b = Uint8Array.from(good);
    new DataView(b.buffer).setUint32(2, len);
    return b;
  };
  cases.push(["body length one more than the bytes", lying(good.length - 5)], ["body length one less than the bytes", lying(good.length - 7)]);
  const longName = Uint8Array.from(good);
  new DataView(longName.buffer).setUint32(14, 0xffffffff);
  cases.push(["name length 4,294,967,295", longName]);
  const manyTags = refEncode({ version: 2, id: 1n, name: "", temperature: 0, tags: [] });
  new DataView(manyTags.buffer).setUint16(manyTags.length - 2, 0xffff);
  cases.push(["tag count 65,535 with no tags in the body", manyTags]);
  cases.push(["a version 2 body labelled version 1", withByte(good, 1, 1)]);
  cases.push(["a version 2 body with 3 bytes left over", refEncode({ version: 2, id: 1n, name: "", temperature: 0, tags: [] }, 2, Uint8Array.from([1, 2, 3]))]);
  for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
    const b = refEncode({ version: 1, id: 1n, name: "ab", temperature: 0, tags: [] });
    b.set(bad.slice(0, 2), 18);
    cases.push([`name bytes ${Array.from(b.subarray(18, 20), (x) => x.toString(16)).join(" ")} (not UTF-8)`, b]);
  }
  return cases;
}

export interface InteropDelivery {
  how: string;
  sent: SensorReading;
  bytes: Uint8Array;
  received?: SensorReading;
  error?: ErrorOutcome;
}

export const scenarios: ExerciseScenarios<Impl> = {
  exercise: "08-wire-format",
  scenarios: {
    roundTrip: {
      describe: "60 random readings: encode, hand the bytes over as a view into a larger buffer or as a copy, decode",
      seeds: range(1, 8),
      schedule: noFaults,
      run(impl, seed, _schedule, fresh) {
        const random = new Random(seed);
        // The receiver is another instance of your module: only the bytes travel, as between machines.
        const receiver = fresh?.() ?? impl;
        const cases = [];
        for (let i = 0; i < 60; i++) {
          const reading = randomReading(random);
          const encoded = encodeWith(impl, reading);
          const handed = encoded.value instanceof Uint8Array ? asReceived(encoded.value, { buffers: i % 2 === 0 ? "pooled" : "exact" }, random) : undefined;
          cases.push({ reading, encoded, back: handed ? decodeWith(receiver, handed) : undefined });
        }
        return { cases };
      },
    },
    exactBytes: {
      describe: "the four reference readings of the docstring and 40 random ones: the bytes encode writes",
      seeds: range(1, 6),
      schedule: noFaults,
      run(impl, seed) {
        const random = new Random(seed).stream("exact-bytes");
        const readings = EXAMPLES.map(([r]) => r);
        for (let i = 0; i < 40; i++) readings.push(randomReading(random));
        return { cases: readings.map((reading) => ({ reading, encoded: encodeWith(impl, reading) })) };
      },
    },
    encodeRejects: {
      describe: 'readings encode cannot write must throw WireFormatError("value"); 65,535 empty tags are allowed',
      seeds: [1],
      schedule: noFaults,
      run(impl) {
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
        const most = encodeWith(impl, { ...ok, tags: new Array<string>(65_535).fill("") });
        return {
          cases: bad.map(([what, r]) => ({ what, outcome: encodeWith(impl, r) })).map((c) => ({ what: c.what, length: c.outcome.value?.length, error: c.outcome.error })),
          mostTags: { length: most.value?.length, error: most.error },
        };
      },
    },
    interop: {
      describe: "four simulated platforms exchange readings as bytes, each node with your codec or the referee's",
      seeds: range(1, 6),
      schedule: noFaults,
      run(impl, seed, _schedule, fresh) {
        const random = new Random(seed);
        const referee: Codec = { encode: (r) => refEncode(r), decode: refDecode };
        // Each node with your codec runs its own instance of your module: only bytes travel.
        const yours = (mine: Impl): Codec & { mine: Impl } => ({ mine, encode: (r) => mine.encode(r), decode: (b) => plainReading(mine.decode(b)) });
        const platforms = [PLATFORMS.x86_64, PLATFORMS.sparc32, PLATFORMS.cortexM, PLATFORMS.power64];
        const nodes = platforms.map((platform, i) => ({ id: `n${i}`, platform, codec: i === 0 ? yours(impl) : i > 1 && random.chance(0.5) ? yours(fresh?.() ?? impl) : referee }));
        const { deliveries } = runByteExchange({ seed, nodes, perNode: 15, interval: 30, network: { latency: 20, reorder: 0.3, duplicate: 0.1 } });
        const instanceOf = (id: string) => (nodes.find((n) => n.id === id)!.codec as Partial<ReturnType<typeof yours>>).mine;
        const codecOf = (id: string) => (instanceOf(id) ? "your" : "the referee's");
        return {
          deliveries: deliveries.map((d): InteropDelivery => {
            if (isNotImplemented(d.error)) throw d.error;
            const to = nodes.find((n) => n.id === d.to)!;
            const how = `${d.from} → ${d.to} (${codecOf(d.from)} encode → ${codecOf(d.to)} decode on ${to.platform.name})`;
            const error = d.error === undefined ? undefined : d.error instanceof RefereeError ? { wire: false, text: `the referee's decode rejected the bytes (${d.error.reason})` } : attempt(instanceOf(d.to) ?? impl, () => { throw d.error; }, (x) => x).error;
            return { how, sent: d.sent, bytes: Uint8Array.from(d.bytes), received: d.received, error };
          }),
        };
      },
    },
    versions: {
      describe: "version 1 bytes from an old node, versions 3–127 (version 2 fields, then unknown bytes) from newer ones, and bodies relabelled with another version",
      seeds: range(1, 8),
      schedule: noFaults,
      run(impl, seed) {
        const random = new Random(seed).stream("versions");
        const cases: DecodeCase[] = [];
        for (let i = 0; i < 10; i++) {
          cases.push(decodeCase(impl, "a version 1 message from an old node", refEncode(randomReading(random, 1))));
          const version = random.int(3, 128);
          const extra = randomBytes(random, random.int(0, 41));
          cases.push(decodeCase(impl, `a version ${version} message (version 2 fields + ${extra.length} unknown bytes)`, refEncode(randomReading(random, 2), version, extra)));
          const from = random.pick([1, 2, random.int(3, 128)]);
          const to = otherVersion(random, from);
          const body = refEncode(randomReading(random, from === 1 ? 1 : 2), from, from > 2 ? randomBytes(random, random.int(0, 9)) : undefined);
          cases.push(decodeCase(impl, `a version ${from} body labelled version ${to}`, withByte(body, 1, to)));
        }
        return { cases };
      },
    },
    malformed: {
      describe: "every truncation, bad tags and versions, lying lengths, leftover bytes, invalid UTF-8",
      seeds: [1],
      schedule: noFaults,
      run: (impl) => ({ cases: malformedCases().map(([what, bytes]) => decodeCase(impl, what, bytes)) }),
    },
    fuzz: {
      describe: "100 random corruptions of valid messages: bit flips, cuts, inserted bytes and relabelled version bytes",
      seeds: range(1, 8),
      schedule: noFaults,
      run(impl, seed) {
        const random = new Random(seed);
        const cases: DecodeCase[] = [];
        for (let i = 0; i < 100; i++) {
          const reading = randomReading(random);
          const original = refEncode(reading, reading.version === 2 && random.chance(0.3) ? random.int(3, 128) : reading.version);
          if (random.chance(0.3)) {
            const to = otherVersion(random, original[1]);
            cases.push(decodeCase(impl, `version byte ${original[1]} relabelled ${to}`, withByte(original, 1, to)));
          } else {
            const { bytes, corruption } = randomCorruption(original, random);
            cases.push(decodeCase(impl, JSON.stringify(corruption), bytes));
          }
        }
        return { cases };
      },
    },
  },
};
