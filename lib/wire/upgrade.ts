/**
 * Schema evolution during a rolling upgrade: old and new versions of a program talk to each other
 * for as long as the upgrade takes. Their decoders decide whether that hurts.
 *
 *   const run = runRollingUpgrade({ seed: 1, decoder: "strict" });
 *   run.errorsPerSecond(500)                    // [{ time, errors }] in 500 ms bins
 *   expectedUpgradeErrors(run.options, t)       // the closed form for a strict decoder at time t
 *
 * The record, as JSON text in UTF-8 bytes:
 *   version 1   { "v": 1, "id": 17, "name": "Zürich", "temperature": 21.5 }
 *   version 2   adds "unit": "C" | "F" (a reader of version 2 defaults a missing unit to "C")
 * Two decoders:
 *   strict      the fields must be exactly the reader's own: an unknown field or a missing one is
 *               an error ("unknown field unit", "missing field unit")
 *   tolerant    unknown fields are ignored (old readers skip what newer writers add); missing
 *               fields get their default (new readers fill in what older writers never sent)
 *
 * The cluster: `nodes` nodes (n0, n1, ...), each sending one record every `period` ms to a random
 * other node. Node i is upgraded from version 1 to 2 at `start + i·step`: it goes down for
 * `downtime` ms (messages to it are lost) and comes back running version 2 (the version lives in
 * its durable store, as an installed binary would). Each decode error is marked on the trace.
 *
 * Closed form for the strict decoder: a live sender s sends 1/period messages per ms to each of
 * the n − 1 others with equal probability; each one reaching a live node of the other version
 * fails. So at time t the expected error rate is
 *     Σ over live s of (1/period) · (live nodes of the other version) / (n − 1)    per ms.
 * The tolerant decoder's expected error rate is 0 throughout.
 */
import { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";
import * as latency from "../sim/latency";

export type DecoderMode = "strict" | "tolerant";

export interface UpgradeRecord {
  v: number;
  id: number;
  name: string;
  temperature: number;
  unit?: "C" | "F";
}

const FIELDS: Record<number, Array<keyof UpgradeRecord>> = { 1: ["v", "id", "name", "temperature"], 2: ["v", "id", "name", "temperature", "unit"] };
const DEFAULTS: Partial<UpgradeRecord> = { unit: "C" };

export function encodeRecord(record: UpgradeRecord, version: 1 | 2): Uint8Array {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS[version]) out[f] = f === "v" ? version : record[f] ?? DEFAULTS[f];
  return new Uint8Array(Buffer.from(JSON.stringify(out), "utf8"));
}

/** Decodes as a reader of `version`; throws an Error naming the field on a mismatch (strict). */
export function decodeRecord(bytes: Uint8Array, version: 1 | 2, mode: DecoderMode): UpgradeRecord {
  const parsed = JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
  const known = FIELDS[version];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(parsed)) {
    if (known.indexOf(key as keyof UpgradeRecord) >= 0) out[key] = parsed[key];
    else if (mode === "strict") throw new Error(`unknown field ${key}`);
  }
  for (const f of known) {
    if (f in out) continue;
    if (mode === "strict" || !(f in DEFAULTS)) throw new Error(`missing field ${f}`);
    out[f] = DEFAULTS[f];
  }
  return out as unknown as UpgradeRecord;
}

export interface RollingUpgradeOptions {
  seed: number;
  decoder: DecoderMode;
  nodes?: number;
  period?: number;
  start?: number;
  step?: number;
  downtime?: number;
  until?: number;
}

type Resolved = Required<RollingUpgradeOptions>;

function resolve(o: RollingUpgradeOptions): Resolved {
  return { nodes: 6, period: 50, start: 2_000, step: 1_500, downtime: 300, until: 13_000, ...o };
}

export interface Receipt {
  time: number;
  from: string;
  to: string;
  ok: boolean;
  error?: string;
}

class UpgradeNode extends Node<{ bytes: Uint8Array }> {
  constructor(
    private readonly mode: DecoderMode,
    private readonly period: number,
    private readonly receipts: Receipt[],
  ) {
    super();
  }
  get version(): 1 | 2 {
    return this.durable.get<1 | 2>("version") ?? 1;
  }
  onStart(): void {
    this.every(this.period, () => {
      const record: UpgradeRecord = { v: this.version, id: this.random.int(0, 1_000_000), name: "Zürich", temperature: Math.round(this.random.normal(20, 5) * 10) / 10, unit: "C" };
      this.send(this.random.pick(this.peers), { bytes: encodeRecord(record, this.version) });
    }, "send");
  }
  onMessage(from: string, msg: { bytes: Uint8Array }): void {
    try {
      decodeRecord(msg.bytes, this.version, this.mode);
      this.receipts.push({ time: this.now, from, to: this.id, ok: true });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.mark("decode error", { error: text });
      this.receipts.push({ time: this.now, from, to: this.id, ok: false, error: text });
    }
  }
}

function upgradeNodeIds(options: RollingUpgradeOptions): string[] {
  return Array.from({ length: resolve(options).nodes }, (_, i) => `n${i}`);
}

/** When node i goes down and when it comes back on version 2. */
export function upgradeSchedule(options: RollingUpgradeOptions): Array<{ id: string; downAt: number; upAt: number }> {
  const o = resolve(options);
  return upgradeNodeIds(o).map((id, i) => ({ id, downAt: o.start + i * o.step, upAt: o.start + i * o.step + o.downtime }));
}

export function runRollingUpgrade(options: RollingUpgradeOptions) {
  const o = resolve(options);
  const sim = new Simulation({ seed: o.seed, network: { latency: latency.normal(10, 3) } });
  const receipts: Receipt[] = [];
  for (const id of upgradeNodeIds(o)) sim.add(id, () => new UpgradeNode(o.decoder, o.period, receipts));
  for (const s of upgradeSchedule(o)) {
    sim.crash(s.id, { at: s.downAt });
    sim.at(s.downAt, () => sim.durable(s.id).set("version", 2), `install v2 on ${s.id}`);
    sim.restart(s.id, { at: s.upAt });
  }
  sim.run({ until: o.until });
  const errorsPerSecond = (bin: number) => {
    const bins = Array.from({ length: Math.ceil(o.until / bin) }, (_, i) => ({ time: (i + 0.5) * bin, errors: 0 }));
    for (const r of receipts) if (!r.ok) bins[Math.min(bins.length - 1, Math.floor(r.time / bin))].errors += 1000 / bin;
    return bins;
  };
  return { sim, receipts, options: o, errorsPerSecond };
}

/** Expected decode errors per second at time t with the strict decoder (see the header). */
export function expectedUpgradeErrors(options: RollingUpgradeOptions, t: number): number {
  const o = resolve(options);
  const state = upgradeSchedule(o).map((s) => (t < s.downAt ? 1 : t < s.upAt ? 0 : 2));
  let perMs = 0;
  for (const s of state) {
    if (s === 0) continue;
    const others = state.filter((v) => v !== 0 && v !== s).length;
    perMs += (1 / o.period) * (others / (o.nodes - 1));
  }
  return perMs * 1000;
}
