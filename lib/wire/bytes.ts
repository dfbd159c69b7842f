/**
 * Bytes for people and for fuzzing.
 *
 *   hex(bytes)                      "d5 02 00 00 00 1c …" (at most `max` bytes shown)
 *   asReceived(bytes, platform, r)  the bytes as the receiving platform's network stack hands them
 *                                   over: a fresh copy, or a view at a random offset inside a
 *                                   larger pooled Buffer (byteOffset ≠ 0, foreign bytes around it)
 *   truncations(bytes)              every proper prefix (including the empty one)
 *   flipBit(bytes, bit)             a copy with one bit inverted
 *   randomCorruption(bytes, random) a copy with a few random bit flips, a random cut, or a
 *                                   random byte spliced in (seeded, so every failure replays)
 */
import type { Random } from "../sim/random";
import type { Platform } from "./platform";

export function hex(bytes: Uint8Array, max = 48): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return bytes.length > max ? `${shown} … (${bytes.length} bytes)` : shown;
}

export function asReceived(bytes: Uint8Array, platform: Pick<Platform, "buffers">, random: Random): Uint8Array {
  if (platform.buffers === "exact") return Uint8Array.from(bytes);
  const offset = random.int(1, 64);
  const pool = Buffer.alloc(offset + bytes.length + random.int(1, 64), 0xee);
  pool.set(bytes, offset);
  return pool.subarray(offset, offset + bytes.length);
}

export function truncations(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = 0; n < bytes.length; n++) out.push(bytes.slice(0, n));
  return out;
}

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

export type Corruption = { kind: "flip"; bits: number[] } | { kind: "cut"; at: number } | { kind: "insert"; at: number; byte: number };

/** A seeded random corruption of `bytes` (two flips of the same bit give the input back). */
export function randomCorruption(bytes: Uint8Array, random: Random): { bytes: Uint8Array; corruption: Corruption } {
  const roll = random.next();
  if (roll < 0.6 && bytes.length > 0) {
    const bits: number[] = [];
    const count = random.int(1, 4);
    for (let i = 0; i < count; i++) bits.push(random.int(0, bytes.length * 8));
    let out = bytes;
    for (const b of bits) out = flipBit(out, b);
    return { bytes: out, corruption: { kind: "flip", bits } };
  }
  if (roll < 0.8 && bytes.length > 0) {
    const at = random.int(0, bytes.length);
    return { bytes: bytes.slice(0, at), corruption: { kind: "cut", at } };
  }
  const at = random.int(0, bytes.length + 1);
  const byte = random.int(0, 256);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes.subarray(0, at));
  out[at] = byte;
  out.set(bytes.subarray(at), at + 1);
  return { bytes: out, corruption: { kind: "insert", at, byte } };
}
