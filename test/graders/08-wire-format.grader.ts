/**
 * Grader for exercise 08 (a platform-independent, versioned wire format), as data: every check is
 * a pure function of the plain data a scenario of lib/wire/scenarios.ts returned, judged against
 * the referee codec (08-wire-format.referee.ts, written independently with Buffer).
 *
 * Weights (20 points): version handling carries half (10): compatibility with old and newer
 * versions and relabelled versions 6, fuzzing with corrupted and relabelled version bytes 4;
 * interoperability across platforms 3; round trip 2; exact bytes 2; malformed input 2; encode
 * rejects what it cannot write 1.
 */
import type { Grader } from "../../lib/grading/scenario";
import { hex } from "../../lib/wire/bytes";
import { sameReading, showReading, type SensorReading } from "../../lib/wire/readings";
import type { DecodeCase, ErrorOutcome, InteropDelivery, Outcome } from "../../lib/wire/scenarios";
import { refDecode, refEncode, RefereeError } from "./08-wire-format.referee";
import { expectThat } from "./support";

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const showError = (e: ErrorOutcome) => (e.wire ? `WireFormatError(${e.reason})` : e.text);
const showOutcome = (o: Outcome<SensorReading>) => (o.error ? `threw ${showError(o.error)}` : `returned ${showReading(o.value)}`);

/** What the referee makes of `bytes`: the reading, or the reason it rejects them. */
function referee(bytes: Uint8Array): { reading?: SensorReading; reason?: string } {
  try {
    return { reading: refDecode(bytes) };
  } catch (error) {
    if (error instanceof RefereeError) return { reason: error.reason };
    throw error;
  }
}

/** Every decode agrees with the referee: the same reading, or a WireFormatError (with the same reason when `reasons`). */
function expectAsReferee(cases: DecodeCase[], reasons: boolean): void {
  for (const c of cases) {
    const want = referee(c.bytes);
    const what = `${c.what}: decode(${hex(c.bytes, 32)})`;
    if (want.reading) {
      expectThat(c.outcome.error === undefined && sameReading(c.outcome.value, want.reading), `${what} ${showOutcome(c.outcome)}, expected ${showReading(want.reading)}`);
    } else {
      const e = c.outcome.error;
      const ok = e !== undefined && e.wire && (!reasons || e.reason === want.reason);
      expectThat(ok, `${what} ${showOutcome(c.outcome)}, expected WireFormatError(${want.reason})`);
    }
  }
}

const grader: Grader = {
  exercise: "08-wire-format",
  scenarios: "lib/wire/scenarios",
  checks: [
    {
      title: "round trip: decode(encode(r)) equals r on random readings, also from views into larger buffers",
      points: 2,
      scenario: "roundTrip",
      verify(data: { cases: Array<{ reading: SensorReading; encoded: Outcome<Uint8Array>; back?: Outcome<SensorReading> }> }) {
        for (const c of data.cases) {
          expectThat(c.encoded.error === undefined, `encode(${showReading(c.reading)}) threw ${c.encoded.error && showError(c.encoded.error)}, expected bytes`);
          expectThat(c.encoded.value instanceof Uint8Array, `encode returned ${typeof c.encoded.value}, expected a Uint8Array`);
          const back = c.back!;
          expectThat(back.error === undefined && sameReading(c.reading, back.value), `round trip changed the reading:\n  sent     ${showReading(c.reading)}\n  decode   ${showOutcome(back)}`);
        }
      },
    },
    {
      title: "exact bytes: reference readings encode to the bytes the format specifies",
      points: 2,
      scenario: "exactBytes",
      verify(data: { cases: Array<{ reading: SensorReading; encoded: Outcome<Uint8Array> }> }) {
        for (const c of data.cases) {
          const want = refEncode(c.reading);
          const got = c.encoded.value;
          expectThat(got instanceof Uint8Array && sameBytes(got, want), `encode(${showReading(c.reading)})\n  gave     ${got instanceof Uint8Array ? hex(got, 80) : c.encoded.error ? `an error: ${showError(c.encoded.error)}` : String(got)}\n  expected ${hex(want, 80)}`);
        }
      },
    },
    {
      title: 'encode rejects readings it cannot write (reason "value")',
      points: 1,
      scenario: "encodeRejects",
      verify(data: { cases: Array<{ what: string; length?: number; error?: ErrorOutcome }>; mostTags: { length?: number; error?: ErrorOutcome } }) {
        for (const c of data.cases) {
          expectThat(c.error !== undefined && c.error.wire && c.error.reason === "value", `encode with ${c.what} ${c.error ? `threw ${showError(c.error)}` : `returned ${c.length} bytes`}, expected WireFormatError("value")`);
        }
        const want = 6 + 8 + 5 + 8 + 2 + 4 * 65_535;
        expectThat(data.mostTags.length === want, `encode of a reading with 65,535 empty tags ${data.mostTags.error ? `threw ${showError(data.mostTags.error)}` : `gave ${data.mostTags.length} bytes`}, expected ${want} bytes (65,535 tags are allowed)`);
      },
    },
    {
      title: "interoperability: nodes on different platforms exchange readings as bytes, with the referee's codec and each other",
      points: 3,
      scenario: "interop",
      verify(data: { deliveries: InteropDelivery[] }) {
        expectThat(data.deliveries.length >= 60, `only ${data.deliveries.length} deliveries, expected at least 60`);
        for (const d of data.deliveries) {
          expectThat(d.error === undefined, `${d.how}: decoding failed with ${d.error && showError(d.error)}, expected ${showReading(d.sent)}\n  bytes ${hex(d.bytes)}`);
          expectThat(sameReading(d.sent, d.received!), `${d.how}: the reading changed on the way\n  sent     ${showReading(d.sent)}\n  received ${showReading(d.received!)}`);
        }
      },
    },
    {
      title: "versions: version 1 bytes get tags = []; versions 3 to 127 keep the known fields, their version, and skip the rest; a body relabelled with another version is read by the version byte",
      points: 6,
      scenario: "versions",
      verify: (data: { cases: DecodeCase[] }) => expectAsReferee(data.cases, true),
    },
    {
      title: "malformed input: truncations, bad tags and versions, inconsistent lengths, bad UTF-8 throw WireFormatError with the right reason",
      points: 2,
      scenario: "malformed",
      verify: (data: { cases: DecodeCase[] }) => expectAsReferee(data.cases, true),
    },
    {
      title: "fuzzing: random corruptions and relabelled versions give a WireFormatError or exactly what the bytes say, never anything else",
      points: 4,
      scenario: "fuzz",
      verify: (data: { cases: DecodeCase[] }) => expectAsReferee(data.cases, false),
    },
  ],
};

export default grader;
