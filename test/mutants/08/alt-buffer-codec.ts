/**
 * A correct answer to exercise 08, built differently from solutions/: encode assembles Node
 * Buffers and concatenates them; decode is a small cursor over a Buffer view that checks each
 * field's bounds before reading it, and validates UTF-8 by re-encoding the decoded text.
 * Kept as a whole file, not a patch of the solution: encode and decode are written over Node
 * Buffers instead of a DataView, so a patch would replace nearly every line.
 */
import type { Reading, WireFormatReason } from "../../../solutions/08-wire-format";

// The interface, as the exercise declares it.
export type { Reading, WireFormatReason };

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

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function text(s: string): Buffer {
  const bytes = Buffer.from(s, "utf8");
  return Buffer.concat([u32(bytes.length), bytes]);
}

export function encode(reading: Reading): Uint8Array {
  const { version, id, temperature, tags } = reading;
  const fail = (why: string) => new WireFormatError("value", why);
  if (version !== 1 && version !== 2) throw fail(`version ${version}`);
  if (typeof id !== "bigint" || BigInt.asIntN(64, id) !== id) throw fail(`id ${String(id)}`);
  if (typeof temperature !== "number") throw fail("temperature is not a number");
  if (version === 1 && tags.length !== 0) throw fail("tags in version 1");
  if (tags.length > 65_535) throw fail("too many tags");
  const idBytes = Buffer.alloc(8);
  idBytes.writeBigInt64BE(id);
  const t = Buffer.alloc(8);
  t.writeDoubleBE(temperature !== temperature ? NaN : temperature);
  const fields = [idBytes, text(reading.name), t];
  if (version === 2) {
    const count = Buffer.alloc(2);
    count.writeUInt16BE(tags.length);
    fields.push(count, ...tags.map(text));
  }
  const body = Buffer.concat(fields);
  const head = Buffer.from([FORMAT_TAG, version, 0, 0, 0, 0]);
  head.writeUInt32BE(body.length, 2);
  return new Uint8Array(Buffer.concat([head, body]));
}

export function decode(bytes: Uint8Array): Reading {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 0) throw new WireFormatError("truncated", "empty");
  if (b[0] !== FORMAT_TAG) throw new WireFormatError("tag", `tag ${b[0]}`);
  if (b.length === 1) throw new WireFormatError("truncated", "no version");
  const version = b[1];
  if (version < 1 || version > 127) throw new WireFormatError("version", `version ${version}`);
  if (b.length < 6) throw new WireFormatError("truncated", "short header");
  const end = 6 + b.readUInt32BE(2);
  if (b.length < end) throw new WireFormatError("truncated", "short body");
  if (b.length !== end) throw new WireFormatError("length", "bytes after the body");
  let pos = 6;
  const field = (size: number): number => {
    if (end - pos < size) throw new WireFormatError("length", `field of ${size} bytes at ${pos}`);
    pos += size;
    return pos - size;
  };
  const str = (): string => {
    const size = b.readUInt32BE(field(4));
    const start = field(size);
    const raw = b.subarray(start, start + size);
    const s = raw.toString("utf8");
    if (!Buffer.from(s, "utf8").equals(raw)) throw new WireFormatError("text", "not UTF-8");
    return s;
  };
  const id = b.readBigInt64BE(field(8));
  const name = str();
  const temperature = b.readDoubleBE(field(8));
  const tags: string[] = [];
  if (version > 1) {
    let count = b.readUInt16BE(field(2));
    while (count-- > 0) tags.push(str());
  }
  if (version < 3 && pos < end) throw new WireFormatError("length", "bytes left over");
  return { version, id, name, temperature, tags };
}
