/**
 * Mutant of exercise 08: encode writes the length of each string in UTF-16 code units (string.length), not in UTF-8 bytes.
 */
import { TextDecoder } from "util";

export interface Reading {
  version: number;
  id: bigint;
  name: string;
  temperature: number;
  tags: string[];
}

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

const HEADER = 6;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function encode(reading: Reading): Uint8Array {
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
}

function writeText(out: Uint8Array, view: DataView, at: number, text: Uint8Array): number {
  view.setUint32(at, Buffer.from(text).toString("utf8").length);
  out.set(text, at + 4);
  return at + 4 + text.length;
}

export function decode(bytes: Uint8Array): Reading {
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
}
