/**
 * Platforms: how one kind of machine lays a value out in bytes, and what goes wrong when another
 * kind of machine reads those bytes with its own habits.
 *
 *   const bytes = nativeEncode(PLATFORMS.sparc32, { kind: "int", value: 3_000_000_000n });
 *   nativeDecode(PLATFORMS.x86_64, "int", bytes);   // what a little-endian 64-bit reader makes of it
 *
 * A `Platform` is five habits (simplified from real ISAs, compilers and operating systems):
 *   byteOrder   "big" | "little"        the order of an integer's bytes in memory
 *   wordBits    32 | 64                 the width of its native integer (C `long`, `time_t`)
 *   reals       "float64" | "fixed-point"   IEEE 754 doubles, or integer hundredths (no FPU)
 *   text        "utf-8" | "latin-1"     the character encoding of its strings
 *   epoch       "s" | "ms"              the unit of its timestamps (Unix seconds or JavaScript ms)
 * plus `buffers` ("exact" | "pooled"): how its network stack hands received bytes to the program,
 * either a fresh array or a view at some offset inside a larger pooled buffer (as Node's Buffer
 * pool does). A correct decoder works with both.
 *
 * `nativeEncode` writes a value the way the platform keeps it in memory ("just send the struct");
 * `nativeDecode` reads bytes the way the platform would. A 32-bit platform wraps integers that do
 * not fit (two's complement); a latin-1 platform writes "?" for characters it cannot represent;
 * a reader short of bytes sees zeros where the missing bytes should be. Values come back in one
 * canonical form (int: bigint, real: number, text: string, time: ms since 1970) so that
 * `sameNativeValue` can say whether the value survived the trip.
 */

export interface Platform {
  name: string;
  byteOrder: "big" | "little";
  wordBits: 32 | 64;
  reals: "float64" | "fixed-point";
  text: "utf-8" | "latin-1";
  epoch: "s" | "ms";
  buffers: "exact" | "pooled";
}

/** Four machines with different habits (loosely modelled on real ones). */
export const PLATFORMS = {
  x86_64: { name: "x86-64 Linux, a Java or Node.js service", byteOrder: "little", wordBits: 64, reals: "float64", text: "utf-8", epoch: "ms", buffers: "pooled" },
  sparc32: { name: "SPARC Solaris 32-bit", byteOrder: "big", wordBits: 32, reals: "float64", text: "latin-1", epoch: "s", buffers: "exact" },
  cortexM: { name: "Cortex-M sensor", byteOrder: "little", wordBits: 32, reals: "fixed-point", text: "latin-1", epoch: "s", buffers: "exact" },
  power64: { name: "POWER AIX 64-bit", byteOrder: "big", wordBits: 64, reals: "float64", text: "utf-8", epoch: "s", buffers: "pooled" },
} satisfies Record<string, Platform>;

export type NativeKind = "int" | "real" | "text" | "time";

/** A value as the program means it: int as bigint, real as number, text, time in ms since 1970. */
export type NativeValue =
  | { kind: "int"; value: bigint }
  | { kind: "real"; value: number }
  | { kind: "text"; value: string }
  | { kind: "time"; value: number };

/** The habits in which two platforms differ (names of Platform fields). */
export type Habit = "byteOrder" | "wordBits" | "reals" | "text" | "epoch";
export const HABITS: Habit[] = ["byteOrder", "wordBits", "reals", "text", "epoch"];

export function differingHabits(a: Platform, b: Platform): Habit[] {
  return HABITS.filter((h) => a[h] !== b[h]);
}

/** `base` with one habit changed to its other setting. */
export function flipHabit(base: Platform, habit: Habit): Platform {
  const other: Record<Habit, Partial<Platform>> = {
    byteOrder: { byteOrder: base.byteOrder === "big" ? "little" : "big" },
    wordBits: { wordBits: base.wordBits === 32 ? 64 : 32 },
    reals: { reals: base.reals === "float64" ? "fixed-point" : "float64" },
    text: { text: base.text === "utf-8" ? "latin-1" : "utf-8" },
    epoch: { epoch: base.epoch === "s" ? "ms" : "s" },
  };
  return { ...base, ...other[habit], name: `${base.name} with other ${habit}` };
}

/** The bytes a platform would send if it wrote the value straight from memory. */
export function nativeEncode(platform: Platform, v: NativeValue): Uint8Array {
  const little = platform.byteOrder === "little";
  switch (v.kind) {
    case "int":
      return writeInt(platform, v.value);
    case "time":
      return writeInt(platform, BigInt(platform.epoch === "s" ? Math.floor(v.value / 1000) : Math.round(v.value)));
    case "real": {
      const view = new DataView(new ArrayBuffer(8));
      if (platform.reals === "float64") view.setFloat64(0, v.value, little);
      else view.setBigInt64(0, BigInt.asIntN(64, BigInt(Math.round(v.value * 100))), little);
      return new Uint8Array(view.buffer);
    }
    case "text":
      return platform.text === "utf-8" ? new Uint8Array(Buffer.from(v.value, "utf8")) : latin1Bytes(v.value);
  }
}

/** What a platform makes of bytes it believes hold a value of `kind`. */
export function nativeDecode(platform: Platform, kind: NativeKind, bytes: Uint8Array): NativeValue {
  const little = platform.byteOrder === "little";
  switch (kind) {
    case "int":
      return { kind, value: readInt(platform, bytes) };
    case "time": {
      const count = Number(readInt(platform, bytes));
      return { kind, value: platform.epoch === "s" ? count * 1000 : count };
    }
    case "real": {
      const view = new DataView(padded(bytes, 8).buffer);
      return { kind, value: platform.reals === "float64" ? view.getFloat64(0, little) : Number(view.getBigInt64(0, little)) / 100 };
    }
    case "text":
      return { kind, value: Buffer.from(bytes).toString(platform.text === "utf-8" ? "utf8" : "latin1") };
  }
}

/** True if the value survived (reals within a hundredth: fixed-point keeps two decimals). */
export function sameNativeValue(sent: NativeValue, received: NativeValue): boolean {
  if (sent.kind !== received.kind) return false;
  if (sent.kind === "real") {
    const r = received.value as number;
    return Number.isFinite(r) && Math.abs(r - sent.value) < 0.005 + 1e-12 * Math.abs(sent.value);
  }
  return sent.value === received.value;
}

export function showNativeValue(v: NativeValue): string {
  switch (v.kind) {
    case "int":
      return v.value.toString();
    case "real":
      return String(v.value);
    case "text":
      return JSON.stringify(v.value);
    case "time": {
      const d = new Date(v.value);
      return Number.isNaN(d.getTime()) ? `${v.value} ms (not a date)` : d.toISOString();
    }
  }
}

function writeInt(platform: Platform, value: bigint): Uint8Array {
  const little = platform.byteOrder === "little";
  const view = new DataView(new ArrayBuffer(platform.wordBits / 8));
  if (platform.wordBits === 64) view.setBigInt64(0, BigInt.asIntN(64, value), little);
  else view.setInt32(0, Number(BigInt.asIntN(32, value)), little);
  return new Uint8Array(view.buffer);
}

function readInt(platform: Platform, bytes: Uint8Array): bigint {
  const little = platform.byteOrder === "little";
  const view = new DataView(padded(bytes, platform.wordBits / 8).buffer);
  return platform.wordBits === 64 ? view.getBigInt64(0, little) : BigInt(view.getInt32(0, little));
}

/** The first `size` bytes, zeros where bytes are missing (a reader running past the end). */
function padded(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, size));
  return out;
}

/** Latin-1 (ISO 8859-1): one byte per character; "?" for anything above U+00FF. */
function latin1Bytes(text: string): Uint8Array {
  const chars = Array.from(text);
  return Uint8Array.from(chars, (c) => {
    const code = c.codePointAt(0) ?? 63;
    return code <= 0xff ? code : 63;
  });
}
