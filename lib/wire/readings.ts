/**
 * Sensor readings: the message that exercise 08 puts on the wire, random ones for testing, and a
 * cluster of machines that exchange them as bytes.
 *
 *   const r = randomReading(new Random(1));         // { version: 2, id: -12n, name: "Zürich 🌡", ... }
 *   sameReading(a, b)                               // field by field; NaN equals NaN, −0 is not +0
 *   const run = runByteExchange({ seed: 1, nodes: [{ id: "a", platform: PLATFORMS.x86_64, codec }, ...] });
 *   run.deliveries                                  // { from, to, sent, received | error } per message
 *
 * `randomReading` is deliberately nasty: ids at the edges of 64 bits, negative and tiny; names
 * with accents, CJK, emoji (surrogate pairs), empty ones; temperatures that are NaN, −0, ±∞, the
 * smallest subnormal, the largest double. Version 1 readings have no tags.
 *
 * `runByteExchange` runs one simulated node per entry. Every node sends `perNode` random readings,
 * one every `interval` ms, to random peers, as BYTES made by its own codec's `encode` (a copy, so
 * nothing is shared); the receiver gets them the way its platform's network stack hands them over
 * (see `asReceived`) and decodes them with its own codec. Nodes may run different codecs (an old
 * version, another implementation): that is the point. Deliveries are marked on the trace
 * ("decoded" or "rejected").
 */
import { Node } from "../sim/node";
import { Random } from "../sim/random";
import { Simulation } from "../sim/simulation";
import type { LinkOptions } from "../sim/network";
import { asReceived } from "./bytes";
import type { Platform } from "./platform";

/** Exercise 08's message (the exercise calls it Reading; its docstring specifies the layout). */
export interface SensorReading {
  /** The layout version the bytes were (or will be) written with. */
  version: number;
  /** A signed 64-bit integer: -(2^63) ≤ id ≤ 2^63 − 1. */
  id: bigint;
  /** Any well-formed text (accents, CJK, emoji ...), sent as UTF-8. */
  name: string;
  /** Any double: NaN, −0, ±Infinity, subnormals included. */
  temperature: number;
  /** Version 2 only; a version 1 message has no tags ([]). */
  tags: string[];
}

export interface Codec {
  encode(reading: SensorReading): Uint8Array;
  decode(bytes: Uint8Array): SensorReading;
}

const NAME_PARTS = ["Zürich", "東京", "São Paulo", "Łódź", "🌡️", "naïve café", "ring-3", "", "Ωmega", "𝄞 clef", "€uro", "\u0000nul"];
const SPECIAL_TEMPERATURES = [Number.NaN, -0, 0, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-310];
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export function randomReading(random: Random, version: 1 | 2 = random.chance(0.25) ? 1 : 2): SensorReading {
  const tags: string[] = [];
  if (version === 2) for (let i = random.int(0, 5); i > 0; i--) tags.push(randomText(random, 3));
  return { version, id: randomId(random), name: randomText(random, 4), temperature: randomTemperature(random), tags };
}

function randomId(random: Random): bigint {
  const roll = random.next();
  if (roll < 0.15) return random.pick([INT64_MAX, INT64_MIN, 0n, -1n, 1n << 31n, -(1n << 31n) - 1n, 1n << 53n]);
  const magnitude = BigInt(random.int(0, 1 << 30)) * BigInt(random.int(1, 1 << 30)) * BigInt(random.int(1, 8));
  const small = roll < 0.5 ? BigInt(random.int(0, 1000)) : magnitude;
  return random.chance(0.5) ? -small : small;
}

function randomTemperature(random: Random): number {
  if (random.chance(0.25)) return random.pick(SPECIAL_TEMPERATURES);
  return random.normal(20, 15);
}

/** Well-formed text (no lone surrogates): pieces, ASCII and random code points up to U+10FFFF. */
function randomText(random: Random, maxParts: number): string {
  let text = "";
  for (let i = random.int(0, maxParts + 1); i > 0; i--) {
    const roll = random.next();
    if (roll < 0.4) text += random.pick(NAME_PARTS);
    else if (roll < 0.7) text += String.fromCharCode(random.int(32, 127));
    else {
      let code = random.int(0x80, 0x110000);
      if (code >= 0xd800 && code <= 0xdfff) code = 0xe9;
      text += String.fromCodePoint(code);
    }
  }
  return text;
}

/** Field by field; temperatures with Object.is (NaN equals NaN, −0 differs from +0). */
export function sameReading(a: SensorReading, b: SensorReading): boolean {
  return (
    a.version === b.version &&
    a.id === b.id &&
    a.name === b.name &&
    Object.is(a.temperature, b.temperature) &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

export function showReading(r: SensorReading): string {
  const t = Object.is(r.temperature, -0) ? "-0" : String(r.temperature);
  return `v${r.version} id=${r.id} name=${JSON.stringify(r.name)} temperature=${t} tags=${JSON.stringify(r.tags)}`;
}

export interface ExchangeNode {
  id: string;
  platform: Platform;
  codec: Codec;
  /** Version of the readings this node writes (default 2). */
  writes?: 1 | 2;
}

export interface Delivery {
  from: string;
  to: string;
  sent: SensorReading;
  bytes: Uint8Array;
  received?: SensorReading;
  error?: unknown;
}

export interface ByteExchangeOptions {
  seed: number;
  nodes: ExchangeNode[];
  perNode?: number;
  interval?: number;
  network?: LinkOptions;
}

/** What crosses the network: bytes, and a number that lets the referee find what was sent. */
interface WireMessage {
  seq: number;
  bytes: Uint8Array;
}

class ByteNode extends Node<WireMessage> {
  constructor(
    private readonly spec: ExchangeNode,
    private readonly perNode: number,
    private readonly interval: number,
    private readonly sent: SensorReading[],
    private readonly deliveries: Delivery[],
  ) {
    super();
  }

  onStart(): void {
    let left = this.perNode;
    const timer = this.every(this.interval, () => {
      if (left-- <= 0) return this.cancelTimer(timer);
      const reading = randomReading(this.random, this.spec.writes ?? 2);
      const bytes = Uint8Array.from(this.spec.codec.encode(reading));
      this.sent.push(reading);
      this.send(this.random.pick(this.peers), { seq: this.sent.length - 1, bytes });
    }, "send reading");
  }

  onMessage(from: string, msg: WireMessage): void {
    const delivery: Delivery = { from, to: this.id, sent: this.sent[msg.seq], bytes: msg.bytes };
    try {
      delivery.received = this.spec.codec.decode(asReceived(msg.bytes, this.spec.platform, this.random));
      this.mark("decoded");
    } catch (error) {
      delivery.error = error;
      this.mark("rejected", { error: error instanceof Error ? error.message : String(error) });
    }
    this.deliveries.push(delivery);
  }
}

export function runByteExchange(options: ByteExchangeOptions): { sim: Simulation; deliveries: Delivery[] } {
  const sim = new Simulation({ seed: options.seed, network: options.network ?? { latency: 20 } });
  const sent: SensorReading[] = [];
  const deliveries: Delivery[] = [];
  for (const spec of options.nodes) sim.add(spec.id, () => new ByteNode(spec, options.perNode ?? 20, options.interval ?? 50, sent, deliveries));
  sim.run({ maxEvents: 1_000_000 });
  return { sim, deliveries };
}
