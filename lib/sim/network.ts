/**
 * The network: where the faults live. Every fault is a named knob.
 *
 * Defaults for every link come from the simulation's `network` option; any directed link can
 * override them. A message from `a` to `b` is, in order:
 *   - dropped ("partition") if the link a→b is cut when it is sent or when it would arrive;
 *   - dropped ("loss") with probability `loss`;
 *   - otherwise delivered after a draw from `latency`, plus, with probability `reorder`, an extra
 *     draw from `reorderDelay` (so it overtakes later messages);
 *   - and, with probability `duplicate`, sent twice (the copy draws its own latency).
 * With `fifo: true` a link never reorders: a message never arrives before one sent earlier on
 * the same link (TCP-like channels, as the Chandy–Lamport snapshot assumes).
 *
 *   const sim = new Simulation({ seed: 1, network: { latency: latency.normal(40, 10), loss: 0.05 } });
 *   sim.network.setLink("a", "b", { loss: 0.5 });            // a→b and b→a lose half
 *   sim.network.setLink("a", "b", { latency: 300 }, { oneWay: true });   // only a→b is slow
 *   sim.network.partition(["a", "b"], ["c"]);                 // two-way cut between the groups
 *   sim.network.partition(["c"]);                             // c against everyone else
 *   sim.network.partitionOneWay("a", "b");                   // a's messages to b vanish; b→a works
 *   sim.network.heal();                                       // every cut restored
 *   sim.network.heal(["c"]);                                  // only cuts that touch c
 *
 * Cuts are recorded in the trace ("partition" and "heal" events) with the virtual time they
 * happened. To schedule one, use `sim.partition(a, b, { at, until })` or `sim.at(t, () => ...)`.
 */
import { ConfigError } from "./errors";
import { checkLatency, constant, uniform, type Latency } from "./latency";
import type { HealEvent, PartitionEvent } from "./trace";

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

export const DEFAULT_LINK: Link = {
  latency: constant(10),
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelay: uniform(0, 100),
  fifo: false,
};

type Group = string | readonly string[];

export class Network {
  private defaults: Link;
  private readonly overrides = new Map<string, Map<string, Link>>();
  private readonly cuts = new Map<string, Set<string>>();
  private cutCount = 0;

  /** @internal The simulation wires these: node validation and trace recording. */
  constructor(
    options: LinkOptions,
    private readonly checkNode: (field: string, id: string) => void,
    private readonly record: (event: Omit<PartitionEvent, "time"> | Omit<HealEvent, "time">) => void,
  ) {
    this.defaults = resolveLink("network", options, DEFAULT_LINK);
  }

  /** Changes the defaults of every link that has no override of its own for that field. */
  configure(options: LinkOptions): void {
    const previous = this.defaults;
    this.defaults = resolveLink("network", options, previous);
    for (const row of this.overrides.values()) {
      for (const [to, link] of row) row.set(to, rebase(link, previous, this.defaults));
    }
  }

  /** Overrides the link from→to (and to→from unless `oneWay`). */
  setLink(from: string, to: string, options: LinkOptions, { oneWay = false } = {}): void {
    this.checkNode("setLink(from)", from);
    this.checkNode("setLink(to)", to);
    const field = `setLink("${from}", "${to}")`;
    this.setDirected(from, to, resolveLink(field, options, this.link(from, to)));
    if (!oneWay) this.setDirected(to, from, resolveLink(field, options, this.link(to, from)));
  }

  /** The configuration in force on the directed link from→to. */
  link(from: string, to: string): Link {
    if (this.overrides.size === 0) return this.defaults;
    const row = this.overrides.get(from);
    return (row && row.get(to)) || this.defaults;
  }

  /** Cuts every link between group `a` and group `b` both ways (`b` defaults to everyone else). */
  partition(a: Group, b?: Group): void {
    const left = this.group("partition", a);
    const right = b === undefined ? this.everyoneBut(left) : this.group("partition", b);
    const links: Array<[string, string]> = [];
    for (const x of left) for (const y of right) links.push([x, y], [y, x]);
    this.cut(links, `${show(left)} ⟂ ${show(right)}`);
  }

  /** Cuts the links from every node in `from` to every node in `to`; replies still pass. */
  partitionOneWay(from: Group, to: Group): void {
    const left = this.group("partitionOneWay(from)", from);
    const right = this.group("partitionOneWay(to)", to);
    const links: Array<[string, string]> = [];
    for (const x of left) for (const y of right) links.push([x, y]);
    this.cut(links, `${show(left)} → ${show(right)} cut`);
  }

  /** Restores every cut link, or only those touching a node of `nodes`. */
  heal(nodes?: Group): void {
    if (nodes === undefined) {
      this.cuts.clear();
      this.cutCount = 0;
      this.record({ kind: "heal", links: [], description: "all links restored" });
      return;
    }
    const touched = new Set(this.group("heal", nodes));
    const links: Array<[string, string]> = [];
    for (const [from, row] of this.cuts) {
      for (const to of Array.from(row)) {
        if (touched.has(from) || touched.has(to)) {
          row.delete(to);
          this.cutCount--;
          links.push([from, to]);
        }
      }
    }
    this.record({ kind: "heal", links, description: `links of ${show([...touched])} restored` });
  }

  /** Is the directed link from→to cut right now? */
  isCut(from: string, to: string): boolean {
    if (this.cutCount === 0) return false;
    const row = this.cuts.get(from);
    return row !== undefined && row.has(to);
  }

  private cut(links: Array<[string, string]>, description: string): void {
    for (const [from, to] of links) {
      if (from === to) continue;
      let row = this.cuts.get(from);
      if (!row) this.cuts.set(from, (row = new Set()));
      if (!row.has(to)) {
        row.add(to);
        this.cutCount++;
      }
    }
    this.record({ kind: "partition", links: links.filter(([f, t]) => f !== t), description });
  }

  private setDirected(from: string, to: string, link: Link): void {
    let row = this.overrides.get(from);
    if (!row) this.overrides.set(from, (row = new Map()));
    row.set(to, link);
  }

  private group(field: string, g: Group): string[] {
    const ids = typeof g === "string" ? [g] : Array.from(g);
    if (ids.length === 0) throw new ConfigError(field, g, "a node id or a non-empty array of node ids");
    for (const id of ids) this.checkNode(field, id);
    return ids;
  }

  private everyoneBut(nodes: string[]): string[] {
    const excluded = new Set(nodes);
    return this.allNodes().filter((id) => !excluded.has(id));
  }

  /** @internal Set by the simulation: every node id in add order. */
  allNodes: () => string[] = () => [];
}

function show(ids: readonly string[]): string {
  return `{${ids.join(", ")}}`;
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
  const link: Link = {
    latency: options.latency === undefined ? base.latency : checkLatency(`${where}.latency`, options.latency),
    loss: options.loss === undefined ? base.loss : probability(`${where}.loss`, options.loss),
    duplicate: options.duplicate === undefined ? base.duplicate : probability(`${where}.duplicate`, options.duplicate),
    reorder: options.reorder === undefined ? base.reorder : probability(`${where}.reorder`, options.reorder),
    reorderDelay:
      options.reorderDelay === undefined ? base.reorderDelay : checkLatency(`${where}.reorderDelay`, options.reorderDelay),
    fifo: options.fifo === undefined ? base.fifo : checkBoolean(`${where}.fifo`, options.fifo),
  };
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
  return out as unknown as Link;
}
