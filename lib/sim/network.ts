/**
 * The network: where the faults live. Every fault is a named knob, and is decided here.
 *
 * Defaults for every link come from the simulation's `network` option; any directed link can
 * override them. A message from `a` to `b` is, in order:
 *   - dropped ("partition") if a cut separates a→b when it is sent or when it would arrive;
 *   - dropped ("loss") with probability `loss`;
 *   - otherwise delivered after a draw from `latency`, plus, with probability `reorder`, an extra
 *     draw from `reorderDelay` (so it overtakes later messages);
 *   - and, with probability `duplicate`, sent twice (the copy draws its own latency).
 * With `fifo: true` a link never reorders: a message never arrives before one sent earlier on
 * the same link (TCP-like channels, as the Chandy–Lamport snapshot assumes). A latency that draws
 * a negative, NaN or infinite delay is an error naming the link and the draw.
 *
 *   const sim = new Simulation({ seed: 1, network: { latency: latency.normal(40, 10), loss: 0.05 } });
 *   sim.network.setLink("a", "b", { loss: 0.5 });            // a→b and b→a lose half
 *   sim.network.setLink("a", "b", { latency: 300 }, { oneWay: true });   // only a→b is slow
 *   const p = sim.network.partition(["a", "b"], ["c"]);      // two-way cut between the groups
 *   sim.network.partition(["c"]);                             // c against everyone else
 *   sim.network.partitionOneWay("a", "b");                   // a's messages to b vanish; b→a works
 *   p.heal();                                                 // only that cut ends
 *   sim.network.heal(["c"]);                                  // every cut lets c's links through
 *   sim.network.heal();                                       // every cut restored
 *
 * Partitions compose: each call makes its own cut (two groups, stored as sets: O(nodes), never
 * O(nodes²)), and a link is down while any cut separates it. Overlapping and nested partitions
 * behave as their union, and each heals on its own schedule (`sim.partition(a, b, { at, until })`)
 * or by its handle. Cuts are recorded in the trace as "partition" and "heal" events with their
 * groups (see trace.ts); `e.links` lists the directed links the event cut or restored.
 *
 * Two classes: `Network` (what `sim.network` is) is the facade above and holds the state in a
 * private field; `NetworkCore` is that state and the simulation's side of it (routing, scheduled
 * cuts). The core, `NetworkHost`, `CutRecord`, `Cut`, `LOST`/`PARTITIONED` and `linkDifference`
 * are exported from this file only for simulation.ts and trace-log.ts; index.ts exports none.
 */
import { ConfigError, listOf } from "./errors";
import { checkLatency, constant, uniform, type Latency } from "./latency";
import type { Random } from "./random";

export interface LinkOptions {
  /** Latency in ms: a number or a distribution from `latency`. Default 10 ms. */
  latency?: Latency | number;
  /** Probability that a message is lost, in [0, 1]. Default 0. */
  loss?: number;
  /** Probability that a message is delivered twice, in [0, 1]. Default 0. */
  duplicate?: number;
  /** Probability that a message gets an extra `reorderDelay`, in [0, 1]. Default 0. */
  reorder?: number;
  /** The extra delay of a reordered message. Default uniform 0–100 ms. */
  reorderDelay?: Latency | number;
  /** Deliver in send order on this link. Default false. Cannot be combined with reorder > 0. */
  fifo?: boolean;
}

/** A fully resolved link configuration. */
export interface Link {
  readonly latency: Latency;
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly reorderDelay: Latency;
  readonly fifo: boolean;
}

const LINK_FIELDS = ["latency", "loss", "duplicate", "reorder", "reorderDelay", "fifo"];

export const DEFAULT_LINK: Link = Object.freeze({
  latency: constant(10),
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelay: uniform(0, 100),
  fifo: false,
});

type Group = string | readonly string[];

/** What `route` answers when a message will not arrive (an arrival time is ≥ 0). */
export const LOST = -1;
export const PARTITIONED = -2;

/**
 * One cut: every link from group `a` to group `b` (and back unless `oneWay`). Immutable; a partial
 * heal replaces it with a narrower cut under the same id.
 */
export class Cut {
  readonly a: ReadonlySet<string>;
  readonly b: ReadonlySet<string>;
  constructor(
    readonly id: number,
    readonly aIds: readonly string[],
    readonly bIds: readonly string[],
    readonly oneWay: boolean,
  ) {
    this.a = new Set(aIds);
    this.b = new Set(bIds);
  }

  separates(from: string, to: string): boolean {
    return (this.a.has(from) && this.b.has(to)) || (!this.oneWay && this.b.has(from) && this.a.has(to));
  }

  /** Its directed links, as [from, to] pairs (O(|a|·|b|): only for reading a trace). */
  links(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const x of this.aIds) {
      for (const y of this.bIds) {
        if (x === y) continue;
        out.push([x, y]);
        if (!this.oneWay) out.push([y, x]);
      }
    }
    return out;
  }

  describe(): string {
    return `${show(this.aIds)} ${this.oneWay ? "→" : "⟂"} ${show(this.bIds)}${this.oneWay ? " cut" : ""}`;
  }
}

/** A handle on one partition: heal it alone, whatever else is cut. */
export class Partition {
  readonly #core: NetworkCore;
  readonly #id: number;
  /** Made by `partition` calls; a handle made by hand reaches no simulation. */
  constructor(core: NetworkCore, id: number) {
    this.#core = core;
    this.#id = id;
  }
  /** Its number in the trace (`cut` of its partition and heal events). */
  get id(): number {
    return this.#id;
  }
  /** Is it cutting links right now? */
  get active(): boolean {
    return this.#core.isActive(this.#id);
  }
  /** Ends this cut now (before it started: it never starts). Other cuts stay. */
  heal(): void {
    this.#core.healCut(this.#id);
  }
}

/** What the simulation lends the network: node ids, validation and the trace. */
export interface NetworkHost {
  checkNode(field: string, id: string): void;
  ids(): readonly string[];
  recordCut(kind: "partition" | "heal", info: CutRecord): void;
  now(): number;
}

/** What a partition or heal event keeps: the cut(s) in force before and after it. */
export interface CutRecord {
  description: string;
  cut: number | undefined;
  a: readonly string[];
  b: readonly string[];
  oneWay: boolean;
  before: readonly Cut[];
  after: readonly Cut[];
}

/** `sim.network`: the link settings and partitions a course notebook or test may change. */
export class Network {
  readonly #core: NetworkCore;

  /** Made by the simulation; a Network made by hand reaches no simulation. */
  constructor(core: NetworkCore) {
    this.#core = core;
  }

  /** Changes the defaults of every link that has no override of its own for that field. */
  configure(options: LinkOptions): void {
    this.#core.configure(options);
  }

  /** Overrides the link from→to (and to→from unless `oneWay`). */
  setLink(from: string, to: string, options: LinkOptions, { oneWay = false } = {}): void {
    this.#core.setLink(from, to, options, oneWay);
  }

  /** The configuration in force on the directed link from→to. */
  link(from: string, to: string): Link {
    return this.#core.link(from, to);
  }

  /** Cuts every link between group `a` and group `b` both ways (`b` defaults to everyone else), now. */
  partition(a: Group, b?: Group): Partition {
    return this.#core.start(this.#core.prepare("partition", a, b, false));
  }

  /** Cuts the links from every node in `from` to every node in `to`, now; replies still pass. */
  partitionOneWay(from: Group, to: Group): Partition {
    return this.#core.start(this.#core.prepare("partitionOneWay", from, to, true));
  }

  /** Ends every cut in force, or (given nodes) lets every cut pass the links that touch them. */
  heal(nodes?: Group): void {
    this.#core.heal(nodes);
  }

  /** Is the directed link from→to cut right now (by any cut)? */
  isCut(from: string, to: string): boolean {
    return this.#core.isCut(from, to);
  }
}

/**
 * The network's state and the simulation's side of it: routing, duplicates, scheduled cuts.
 * `configure`, `setLink`, `link`, `heal` and `isCut` do what Network's methods of those names say.
 */
export class NetworkCore {
  #defaults: Link;
  readonly #overrides = new Map<string, Map<string, Link>>();
  /** Cuts in force, by id; cuts made with a start time still ahead wait in #pending. */
  readonly #cuts = new Map<number, Cut>();
  readonly #pending = new Map<number, Cut>();
  /** The cuts in force, as an array for the hot path. */
  #active: Cut[] = [];
  #nextCut = 1;
  readonly #fifoTail = new Map<string, Map<string, number>>();
  readonly #host: NetworkHost;

  constructor(options: LinkOptions, host: NetworkHost) {
    this.#defaults = resolveLink("network", options, DEFAULT_LINK);
    this.#host = host;
  }

  configure(options: LinkOptions): void {
    const previous = this.#defaults;
    this.#defaults = resolveLink("network", options, previous);
    for (const row of this.#overrides.values()) {
      for (const [to, link] of row) row.set(to, rebase(link, previous, this.#defaults));
    }
  }

  setLink(from: string, to: string, options: LinkOptions, oneWay: boolean): void {
    this.#host.checkNode("setLink(from)", from);
    this.#host.checkNode("setLink(to)", to);
    const field = `setLink("${from}", "${to}")`;
    this.#setDirected(from, to, resolveLink(field, options, this.link(from, to)));
    if (!oneWay) this.#setDirected(to, from, resolveLink(field, options, this.link(to, from)));
  }

  link(from: string, to: string): Link {
    if (this.#overrides.size === 0) return this.#defaults;
    const row = this.#overrides.get(from);
    return (row && row.get(to)) || this.#defaults;
  }

  heal(nodes?: Group): void {
    const before = Array.from(this.#cuts.values());
    if (nodes === undefined) {
      this.#cuts.clear();
      this.#active = [];
      this.#host.recordCut("heal", { description: "all links restored", cut: undefined, a: [], b: [], oneWay: false, before, after: [] });
      return;
    }
    const touched = this.#group("heal(nodes)", nodes);
    const out = new Set(touched);
    for (const [id, cut] of Array.from(this.#cuts)) {
      if (!touched.some((x) => cut.a.has(x) || cut.b.has(x))) continue;
      const a = cut.aIds.filter((x) => !out.has(x));
      const b = cut.bIds.filter((x) => !out.has(x));
      if (a.length === 0 || b.length === 0) this.#cuts.delete(id);
      else this.#cuts.set(id, new Cut(id, a, b, cut.oneWay));
    }
    const after = (this.#active = Array.from(this.#cuts.values()));
    this.#host.recordCut("heal", { description: `links of ${show(touched)} restored`, cut: undefined, a: touched, b: [], oneWay: false, before, after });
  }

  isCut(from: string, to: string): boolean {
    const active = this.#active;
    for (let i = 0; i < active.length; i++) if (active[i].separates(from, to)) return true;
    return false;
  }

  /**
   * Decides the fate of one message sent now on from→to: its arrival time, or LOST or
   * PARTITIONED. Draws, in order: loss, latency, reorder (the order every seed's trace depends on).
   */
  route(from: string, to: string, now: number, random: Random): number {
    if (this.#active.length > 0 && this.isCut(from, to)) return PARTITIONED;
    const link = this.link(from, to);
    if (link.loss > 0 && random.chance(link.loss)) return LOST;
    let delay = link.latency.sample(random);
    if (!(delay >= 0 && delay < Infinity)) throw badDraw(from, to, "latency", link.latency, delay);
    if (link.reorder > 0 && random.chance(link.reorder)) {
      const extra = link.reorderDelay.sample(random);
      if (!(extra >= 0 && extra < Infinity)) throw badDraw(from, to, "reorderDelay", link.reorderDelay, extra);
      delay += extra;
    }
    let arrival = now + delay;
    if (link.fifo) arrival = this.#fifoArrival(from, to, arrival);
    return arrival;
  }

  /** Does the network send a second copy of a message on from→to? */
  duplicates(from: string, to: string, random: Random): boolean {
    const p = this.link(from, to).duplicate;
    return p > 0 && random.chance(p);
  }

  /** A cut checked now (ids, groups) but not yet in force. */
  prepare(call: string, a: Group, b: Group | undefined, oneWay: boolean): Cut {
    if (oneWay && b === undefined) throw new ConfigError(`${call}(from, to).to`, b, "the group on the receiving side");
    const left = this.#group(`${call}(a)`, a);
    let right: string[];
    if (b === undefined) {
      const excluded = new Set(left);
      right = this.#host.ids().filter((id) => !excluded.has(id));
    } else {
      right = this.#group(`${call}(b)`, b);
    }
    const cut = new Cut(this.#nextCut++, left, right, oneWay);
    this.#pending.set(cut.id, cut);
    return cut;
  }

  /** Puts a prepared cut in force (unless it was healed first). */
  activate(id: number): void {
    const cut = this.#pending.get(id);
    if (cut === undefined) return;
    this.#pending.delete(id);
    const before = Array.from(this.#cuts.values());
    this.#cuts.set(id, cut);
    this.#active = Array.from(this.#cuts.values());
    this.#host.recordCut("partition", { description: cut.describe(), cut: id, a: cut.aIds, b: cut.bIds, oneWay: cut.oneWay, before, after: this.#active });
  }

  /** Puts a prepared cut in force now and hands back its handle. */
  start(cut: Cut): Partition {
    this.activate(cut.id);
    return new Partition(this, cut.id);
  }

  /** Is cut `id` in force? */
  isActive(id: number): boolean {
    return this.#cuts.has(id);
  }

  /** Ends cut `id` (or cancels it if it has not started). */
  healCut(id: number): void {
    if (this.#pending.delete(id)) return;
    const cut = this.#cuts.get(id);
    if (cut === undefined) return;
    const before = Array.from(this.#cuts.values());
    this.#cuts.delete(id);
    this.#active = Array.from(this.#cuts.values());
    this.#host.recordCut("heal", { description: `${cut.describe()} healed`, cut: id, a: cut.aIds, b: cut.bIds, oneWay: cut.oneWay, before, after: this.#active });
  }

  #fifoArrival(from: string, to: string, arrival: number): number {
    let row = this.#fifoTail.get(from);
    if (!row) this.#fifoTail.set(from, (row = new Map()));
    const last = row.get(to) ?? -Infinity;
    const at = arrival < last ? last : arrival;
    row.set(to, at);
    return at;
  }

  #setDirected(from: string, to: string, link: Link): void {
    let row = this.#overrides.get(from);
    if (!row) this.#overrides.set(from, (row = new Map()));
    row.set(to, link);
  }

  #group(field: string, g: Group): string[] {
    const ids = typeof g === "string" ? [g] : Array.isArray(g) ? Array.from(g) : null;
    if (ids === null || ids.length === 0) throw new ConfigError(field, g, "a node id or a non-empty array of node ids");
    for (const id of ids) this.#host.checkNode(field, id);
    return ids;
  }
}

/** The directed links that are cut in `after` but not in `before` (or the reverse for a heal). */
export function linkDifference(now: readonly Cut[], then: readonly Cut[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const cut of now) {
    for (const [from, to] of cut.links()) {
      const key = `${from}\u0000${to}`;
      if (seen.has(key) || then.some((c) => c.separates(from, to))) continue;
      seen.add(key);
      out.push([from, to]);
    }
  }
  return out;
}

function badDraw(from: string, to: string, field: string, distribution: Latency, value: number): ConfigError {
  return new ConfigError(
    `the ${field} of link "${from}"→"${to}" (${distribution.description})`,
    value,
    "every draw a finite number of ms ≥ 0 (a custom distribution's sample() must never return a negative, NaN or infinite delay)",
  );
}

function show(ids: readonly string[]): string {
  return `{${listOf(ids, 8).replace(/"/g, "")}}`;
}

function probability(field: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new ConfigError(field, value, "a probability in [0, 1]");
  }
  return value;
}

/** Validates `options` field by field and layers them over `base`. */
export function resolveLink(where: string, options: LinkOptions, base: Link): Link {
  if (options === null || typeof options !== "object") {
    throw new ConfigError(where, options, "an object such as { latency: 20, loss: 0.1 }");
  }
  for (const key of Object.keys(options)) {
    if (!LINK_FIELDS.includes(key)) {
      throw new ConfigError(`${where}.${key}`, (options as Record<string, unknown>)[key], `no such option; the options are ${LINK_FIELDS.join(", ")}`);
    }
  }
  const link: Link = Object.freeze({
    latency: options.latency === undefined ? base.latency : checkLatency(`${where}.latency`, options.latency),
    loss: options.loss === undefined ? base.loss : probability(`${where}.loss`, options.loss),
    duplicate: options.duplicate === undefined ? base.duplicate : probability(`${where}.duplicate`, options.duplicate),
    reorder: options.reorder === undefined ? base.reorder : probability(`${where}.reorder`, options.reorder),
    reorderDelay:
      options.reorderDelay === undefined ? base.reorderDelay : checkLatency(`${where}.reorderDelay`, options.reorderDelay),
    fifo: options.fifo === undefined ? base.fifo : checkBoolean(`${where}.fifo`, options.fifo),
  });
  if (link.fifo && link.reorder > 0) {
    throw new ConfigError(`${where}.reorder`, link.reorder, "0 on a FIFO link (fifo: true never reorders)");
  }
  return link;
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ConfigError(field, value, "true or false");
  return value;
}

/** An override keeps its own fields and follows the new defaults for the rest. */
function rebase(link: Link, oldDefaults: Link, newDefaults: Link): Link {
  const out: Record<string, unknown> = {};
  for (const key of LINK_FIELDS as Array<keyof Link>) {
    out[key] = link[key] === oldDefaults[key] ? newDefaults[key] : link[key];
  }
  return Object.freeze(out) as unknown as Link;
}
