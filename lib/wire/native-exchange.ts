/**
 * "Just send the struct": machines of different platforms send values to each other as the raw
 * bytes of their memory, and each reads what arrives with its own habits.
 *
 *   const run = runNativeExchange({ seed: 1, nodes: { pc: PLATFORMS.x86_64, sun: PLATFORMS.sparc32 },
 *                                   values: [{ kind: "int", value: 1000n }] });
 *   run.receipts     // { from, to, sent, received, intact } for every value and ordered pair
 *
 * Every node sends every value in `values` to every other node, one message per value
 * (`{ kind, bytes }`: the kind travels as a label, the value only as bytes). The receiver decodes
 * the bytes with `nativeDecode` on its own platform.
 *
 * `randomNativeValue(random, kind)` draws a workload value: ints mostly small, some beyond 32
 * bits; reals with two decimals; text half plain ASCII, half with accents, CJK or emoji;
 * timestamps in whole seconds between 2000 and 2030.
 */
import type { Random } from "../sim/random";
import { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";
import { nativeDecode, nativeEncode, sameNativeValue, type NativeKind, type NativeValue, type Platform } from "./platform";

export interface NativeReceipt {
  from: string;
  to: string;
  sent: NativeValue;
  received: NativeValue;
  intact: boolean;
}

class RawNode extends Node<{ kind: NativeKind; seq: number; bytes: Uint8Array }> {
  constructor(
    private readonly platform: Platform,
    private readonly values: NativeValue[],
    private readonly receipts: NativeReceipt[],
  ) {
    super();
  }
  onStart(): void {
    this.values.forEach((v, seq) => {
      for (const peer of this.peers) this.send(peer, { kind: v.kind, seq, bytes: nativeEncode(this.platform, v) });
    });
  }
  onMessage(from: string, msg: { kind: NativeKind; seq: number; bytes: Uint8Array }): void {
    const sent = this.values[msg.seq];
    const received = nativeDecode(this.platform, msg.kind, msg.bytes);
    const intact = sameNativeValue(sent, received);
    if (!intact) this.mark("garbled", { kind: msg.kind });
    this.receipts.push({ from, to: this.id, sent, received, intact });
  }
}

export function runNativeExchange(options: { seed: number; nodes: Record<string, Platform>; values: NativeValue[] }): { sim: Simulation; receipts: NativeReceipt[] } {
  const sim = new Simulation({ seed: options.seed, network: { latency: 20 } });
  const receipts: NativeReceipt[] = [];
  for (const [id, platform] of Object.entries(options.nodes)) sim.add(id, new RawNode(platform, options.values, receipts));
  sim.run({ maxEvents: 1_000_000 });
  return { sim, receipts };
}

const WORDS = ["ok", "pump-7", "Zürich", "crème brûlée", "東京", "🌡️ hot", "naïve", "Ελλάδα", "plain text"];

export function randomNativeValue(random: Random, kind: NativeKind): NativeValue {
  switch (kind) {
    case "int": {
      const roll = random.next();
      const magnitude = roll < 0.5 ? random.int(0, 1000) : roll < 0.8 ? random.int(0, 2 ** 31) : random.int(0, 2 ** 31) * 2 ** 20 + random.int(0, 2 ** 20);
      return { kind, value: BigInt(random.chance(0.3) ? -magnitude : magnitude) };
    }
    case "real":
      return { kind, value: Math.round(random.normal(20, 15) * 100) / 100 };
    case "text":
      return { kind, value: random.chance(0.5) ? random.pick(["ok", "pump-7", "plain text"]) : random.pick(WORDS) };
    case "time":
      return { kind, value: 1000 * random.int(946_684_800, 1_893_456_000) };
  }
}
