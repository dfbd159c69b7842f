/**
 * Exercise 08: a platform-independent, versioned wire format.
 *
 * Machines in one system differ: byte order, word width, text encoding (notebook 08). Bytes that
 * cross between them must mean the same thing everywhere, so the format says EVERYTHING: the
 * order of every byte, the width of every number, the encoding and length of every string, and
 * the version of the layout. Write `encode` and `decode` for this message:
 *
 *   interface Reading {
 *     version: number;      // the layout version the bytes were (or will be) written with
 *     id: bigint;           // a signed 64-bit integer: -(2^63) ≤ id ≤ 2^63 − 1
 *     name: string;         // any well-formed text (accents, CJK, emoji ...), sent as UTF-8
 *     temperature: number;  // any double: NaN, −0, ±Infinity, subnormals included
 *     tags: string[];       // version 2 only; a version 1 message has no tags ([])
 *   }
 *
 * THE FORMAT. All integers are BIG-ENDIAN (most significant byte first), unsigned unless said.
 *
 *   offset 0   u8    format tag, always 0xD5
 *   offset 1   u8    version: 1 or 2 are defined below; 3 to 127 are later versions that only
 *                    ADD fields at the end of the body; 0 and 128 to 255 are invalid
 *   offset 2   u32   body length B: the number of bytes after this header (the whole message is
 *                    exactly 6 + B bytes)
 *   offset 6   body, B bytes:
 *     version 1 fields, in this order:
 *       id            i64, two's complement (8 bytes)
 *       name          u32 byte length L, then L bytes of UTF-8
 *       temperature   f64, IEEE 754 binary64 (8 bytes). encode writes every NaN as
 *                     7f f8 00 00 00 00 00 00; decode reads any NaN bit pattern as NaN
 *     version 2 adds, after them:
 *       tags          u16 count K, then K times: u32 byte length, then that many bytes of UTF-8
 *     version 3 and later: more fields after these, unknown to you
 *
 *   Example: { version: 1, id: 1n, name: "é", temperature: 0, tags: [] } is 28 bytes:
 *     d5 01 00 00 00 16 | 00 00 00 00 00 00 00 01 | 00 00 00 02 c3 a9 | 00 00 00 00 00 00 00 00
 *
 * encode(reading): Uint8Array
 *   Writes `reading` in layout `reading.version`, which must be 1 or 2. Throws a WireFormatError
 *   with reason "value" (and writes nothing) when the reading cannot be written: version not 1 or
 *   2, id not a bigint or out of the 64-bit range, temperature not a number, a version 1 reading
 *   with tags, more than 65,535 tags.
 *
 * decode(bytes): Reading
 *   `bytes` may be a view into a larger buffer (byteOffset ≠ 0, a Node Buffer): read only its own
 *   bytes. COMPATIBILITY: a version 1 message decodes with tags = []; a message of version 3 to 127
 *   decodes to the fields you know (version = the version in the bytes) and the bytes after them
 *   in the body are skipped. MALFORMED input throws a WireFormatError, never a RangeError, never
 *   garbage, never a hang. Check in this order and report the first problem:
 *     "truncated"  fewer bytes than the header needs (including no bytes at all), or fewer than
 *                  6 + B (tag and version are checked as soon as their byte is there)
 *     "tag"        byte 0 is not 0xD5
 *     "version"    version 0 or ≥ 128
 *     "length"     more bytes than 6 + B; or a field runs past the end of the body; or, for
 *                  version 1 or 2, the body has bytes left over after the last field
 *     "text"       a string's bytes are not valid UTF-8 (tip: new TextDecoder("utf-8", { fatal: true }))
 *   (Check "length" and "text" field by field, in the order of the fields.)
 *
 * Graded (npm run grade -- --only 08, or the check cell in notebook 08), 20 points. VERSION
 * HANDLING CARRIES HALF (10 points, the two checks marked *): a decoder that ignores the version
 * byte, rejects later versions or reports another version than the bytes say loses at least half.
 *   - round trip (2): decode(encode(r)) equals r for hundreds of seeded random readings
 *     (non-ASCII text, ids at the edges of 64 bits, NaN, −0, ±Infinity), with bytes handed over
 *     as views;
 *   - exact bytes (2) for reference readings (the example above among them);
 *   - encode rejects what it cannot write, with reason "value" (1);
 *   - interoperability in the simulator (3): nodes on different platforms (x86-64, SPARC, a
 *     sensor, POWER) exchange readings as bytes with a reference implementation and each other;
 *   * versions (6): version 1 bytes from an old node, version 3 to 127 bytes from newer ones, and
 *     bodies relabelled with another version byte (the version byte decides the layout: a version
 *     2 body labelled 1 has bytes left over, a version 1 body labelled 2 has no tag count);
 *   - malformed input (2): every truncation, bad tags and versions, inconsistent lengths,
 *     invalid UTF-8, with the right reason;
 *   * fuzzing (4): a thousand seeded random corruptions (bit flips, cuts, inserted bytes,
 *     relabelled version bytes) give either a WireFormatError or exactly what the bytes say.
 * A failure names the seed and the line that replays it in notebook 08, e.g.
 * replay("08", "versions", 3) (scenarios: "roundTrip", "exactBytes", "encodeRejects", "interop",
 * "versions", "malformed", "fuzz").
 */
// BEGIN SOLUTION
import { TextDecoder } from "util";
// END SOLUTION
/* STUB
import { notImplemented } from "../lib";
*/
import type { SensorReading } from "../lib/wire";

/** The message (declared in lib/wire/readings.ts, with the graders' random readings). */
export type Reading = SensorReading;

export type WireFormatReason = "truncated" | "tag" | "version" | "length" | "text" | "value";

/** The one error encode and decode throw. Given: use it as it is. */
export class WireFormatError extends Error {
  constructor(
    readonly reason: WireFormatReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = "WireFormatError";
  }
}

export const FORMAT_TAG = 0xd5;

// BEGIN SOLUTION
const HEADER = 6;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const utf8 = new TextDecoder("utf-8", { fatal: true });
// END SOLUTION

export function encode(reading: Reading): Uint8Array {
  // BEGIN SOLUTION
  const { version, id, temperature, tags } = reading;
  if (version !== 1 && version !== 2) throw new WireFormatError("value", `cannot write version ${version} (only 1 and 2)`);
  if (typeof id !== "bigint" || id < INT64_MIN || id > INT64_MAX) throw new WireFormatError("value", `id ${String(id)} is not a signed 64-bit bigint`);
  if (typeof temperature !== "number") throw new WireFormatError("value", `temperature ${String(temperature)} is not a number`);
  if (version === 1 && tags.length > 0) throw new WireFormatError("value", "a version 1 reading has no tags");
  if (tags.length > 0xffff) throw new WireFormatError("value", `${tags.length} tags (at most 65,535)`);

  const name = Buffer.from(reading.name, "utf8");
  const tagBytes = tags.map((t) => Buffer.from(t, "utf8"));
  let body = 8 + 4 + name.length + 8;
  if (version === 2) body += 2 + tagBytes.reduce((sum, t) => sum + 4 + t.length, 0);

  const out = new Uint8Array(HEADER + body);
  const view = new DataView(out.buffer);
  view.setUint8(0, FORMAT_TAG);
  view.setUint8(1, version);
  view.setUint32(2, body);
  let at = HEADER;
  view.setBigInt64(at, id);
  at += 8;
  at = writeText(out, view, at, name);
  view.setFloat64(at, Number.isNaN(temperature) ? NaN : temperature);
  at += 8;
  if (version === 2) {
    view.setUint16(at, tags.length);
    at += 2;
    for (const t of tagBytes) at = writeText(out, view, at, t);
  }
  return out;
  // END SOLUTION
  /* STUB
  notImplemented("08", "encode(reading)");
  */
}
// BEGIN SOLUTION

function writeText(out: Uint8Array, view: DataView, at: number, text: Uint8Array): number {
  view.setUint32(at, text.length);
  out.set(text, at + 4);
  return at + 4 + text.length;
}
// END SOLUTION

export function decode(bytes: Uint8Array): Reading {
  // BEGIN SOLUTION
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  if (size < 1) throw new WireFormatError("truncated", "no bytes at all");
  if (bytes[0] !== FORMAT_TAG) throw new WireFormatError("tag", `byte 0 is 0x${bytes[0].toString(16)}, not 0xd5`);
  if (size < 2) throw new WireFormatError("truncated", "no version byte");
  const version = bytes[1];
  if (version === 0 || version >= 128) throw new WireFormatError("version", `version ${version} is not 1 to 127`);
  if (size < HEADER) throw new WireFormatError("truncated", `${size} bytes, the header needs ${HEADER}`);
  const end = HEADER + view.getUint32(2);
  if (size < end) throw new WireFormatError("truncated", `${size} bytes, the header says ${end}`);
  if (size > end) throw new WireFormatError("length", `${size} bytes, the header says ${end}`);

  let at = HEADER;
  const need = (n: number, what: string) => {
    if (at + n > end) throw new WireFormatError("length", `${what} needs ${n} bytes at offset ${at}, the body ends at ${end}`);
  };
  const readText = (what: string): string => {
    need(4, `the length of ${what}`);
    const length = view.getUint32(at);
    at += 4;
    need(length, what);
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(at, at + length));
    } catch {
      throw new WireFormatError("text", `${what} is not valid UTF-8`);
    }
    at += length;
    return text;
  };

  need(8, "id");
  const id = view.getBigInt64(at);
  at += 8;
  const name = readText("name");
  need(8, "temperature");
  const temperature = view.getFloat64(at);
  at += 8;
  const tags: string[] = [];
  if (version >= 2) {
    need(2, "the tag count");
    const count = view.getUint16(at);
    at += 2;
    for (let i = 0; i < count; i++) tags.push(readText(`tag ${i}`));
  }
  if (version <= 2 && at !== end) throw new WireFormatError("length", `${end - at} bytes left over after the last field of version ${version}`);
  return { version, id, name, temperature, tags };
  // END SOLUTION
  /* STUB
  notImplemented("08", "decode(bytes)");
  */
}
