/**
 * The referee of exercise 08: the wire format of the exercise's docstring, written independently
 * with Node's Buffer. lib/wire/scenarios.ts builds its inputs with `refEncode` (version 1 and 2
 * bodies, later versions with extra bytes, relabelled versions); the grader judges every decode
 * against `refDecode`, which throws a RefereeError naming the docstring's reason.
 *
 *   refEncode(reading)                  // the bytes the format specifies
 *   refEncode(reading, 7, extraBytes)   // a version 7 message: version 2 fields, then extraBytes
 *   refDecode(bytes)                    // the reading, or throws RefereeError("truncated" | "tag" | ...)
 *
 * It lives beside the graders, not in lib/, so that an exercise file cannot import it.
 */
import type { SensorReading } from "../../lib/wire/readings";

export class RefereeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function refEncode(r: SensorReading, version = r.version, extra: Uint8Array = new Uint8Array(0)): Uint8Array {
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

export function refDecode(input: Uint8Array): SensorReading {
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
