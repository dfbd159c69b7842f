/**
 * Heterogeneity of function and configuration: a front end, a cache and databases that each hold
 * a different slice of the users. A request must find the node that has what it needs.
 *
 *   const run = runRouting({ seed: 1, staleFrontEnd: "fe2", redirects: false });
 *   spaceTime(run.sim);  run.outcomes;   // per front end: how many lookups ended how
 *
 * Roles (three kinds of node, all different programs):
 *   RoutingDatabase   stores some users (its configuration); answers { type: "get" } with the
 *                     value, or, for a user it does not store, "moved" (naming the owner in its
 *                     own map, when it knows one) and marks "wrong node" on the trace
 *   RoutingCache      remembers values front ends put into it for `ttl` ms; answers hit or miss
 *   RoutingFrontEnd   looks each user up: cache first, then the database its shard map names;
 *                     after a database answer it fills the cache. With `redirects`, a "moved"
 *                     reply sends the request on to the named owner, and the front end adopts the
 *                     database's map if it is newer (configuration carries a version number)
 *
 * A shard map gives each user to a database by the first letter of the name:
 *   { version: 1, ranges: [{ from: "a", db: "db1" }, { from: "m", db: "db2" }] }  (a–l, m–z)
 * The scenario: at `rebalanceAt` the users from "s" on move from db2 to a new db3; every database
 * and every front end learns map version 2, except the front end named `staleFrontEnd`, which
 * keeps version 1 and goes on asking db2 for users db2 no longer has.
 */
import * as latency from "../sim/latency";
import { Node } from "../sim/node";
import { Simulation } from "../sim/simulation";

export interface ShardMap {
  version: number;
  ranges: Array<{ from: string; db: string }>;
}

export function ownerOf(map: ShardMap, user: string): string {
  let owner = map.ranges[0].db;
  for (const r of map.ranges) if (user >= r.from) owner = r.db;
  return owner;
}

export type RoutingMessage =
  | { type: "get"; rid: number; user: string }
  | { type: "value"; rid: number; user: string; value: string; source: string }
  | { type: "miss"; rid: number; user: string }
  | { type: "moved"; rid: number; user: string; owner?: string; map: ShardMap }
  | { type: "put"; user: string; value: string };

export class RoutingDatabase extends Node<RoutingMessage> {
  map: ShardMap;
  constructor(
    readonly users: Map<string, string>,
    map: ShardMap,
  ) {
    super();
    this.map = map;
  }

  onMessage(from: string, msg: RoutingMessage): void {
    if (msg.type !== "get") return;
    const value = this.users.get(msg.user);
    if (value !== undefined) return this.send(from, { type: "value", rid: msg.rid, user: msg.user, value, source: this.id });
    const owner = ownerOf(this.map, msg.user);
    this.mark("wrong node", { user: msg.user });
    this.send(from, { type: "moved", rid: msg.rid, user: msg.user, owner: owner === this.id ? undefined : owner, map: this.map });
  }
}

export class RoutingCache extends Node<RoutingMessage> {
  private readonly values = new Map<string, { value: string; storedAt: number }>();
  constructor(private readonly ttl: number) {
    super();
  }
  onMessage(from: string, msg: RoutingMessage): void {
    if (msg.type === "put") this.values.set(msg.user, { value: msg.value, storedAt: this.now });
    if (msg.type !== "get") return;
    const entry = this.values.get(msg.user);
    const value = entry !== undefined && this.now - entry.storedAt < this.ttl ? entry.value : undefined;
    this.send(from, value === undefined ? { type: "miss", rid: msg.rid, user: msg.user } : { type: "value", rid: msg.rid, user: msg.user, value, source: this.id });
  }
}

export type LookupOutcome = "cache hit" | "database" | "redirected" | "failed";
export const LOOKUP_OUTCOMES: LookupOutcome[] = ["cache hit", "database", "redirected", "failed"];

export class RoutingFrontEnd extends Node<RoutingMessage> {
  map: ShardMap;
  readonly outcomes: Array<{ user: string; outcome: LookupOutcome; at: number }> = [];
  private readonly redirected = new Set<number>();

  constructor(
    map: ShardMap,
    private readonly lookups: string[],
    private readonly interval: number,
    private readonly redirects: boolean,
  ) {
    super();
    this.map = map;
  }

  onStart(): void {
    this.lookups.forEach((user, rid) => this.setTimer(rid * this.interval, () => this.send("cache", { type: "get", rid, user }), "lookup"));
  }

  onMessage(from: string, msg: RoutingMessage): void {
    if (msg.type === "miss") this.send(ownerOf(this.map, msg.user), { type: "get", rid: msg.rid, user: msg.user });
    if (msg.type === "value") {
      const outcome: LookupOutcome = from === "cache" ? "cache hit" : this.redirected.has(msg.rid) ? "redirected" : "database";
      this.outcomes.push({ user: msg.user, outcome, at: this.now });
      if (from !== "cache") this.send("cache", { type: "put", user: msg.user, value: msg.value });
    }
    if (msg.type === "moved") {
      if (this.redirects && msg.owner !== undefined && !this.redirected.has(msg.rid)) {
        this.redirected.add(msg.rid);
        if (msg.map.version > this.map.version) {
          this.map = msg.map;
          this.mark("map updated", { version: msg.map.version });
        }
        this.send(msg.owner, { type: "get", rid: msg.rid, user: msg.user });
      } else {
        this.mark("lookup failed", { user: msg.user, askedWrongNode: from });
        this.outcomes.push({ user: msg.user, outcome: "failed", at: this.now });
      }
    }
  }
}

export const ROUTING_USERS = ["ada", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "ursula", "victor", "walter", "xena", "yves", "zoe"];
export const SHARD_MAP_V1: ShardMap = { version: 1, ranges: [{ from: "a", db: "db1" }, { from: "m", db: "db2" }] };
export const SHARD_MAP_V2: ShardMap = { version: 2, ranges: [{ from: "a", db: "db1" }, { from: "m", db: "db2" }, { from: "s", db: "db3" }] };

export interface RoutingOptions {
  seed: number;
  /** The front end that never hears of map version 2 (default "fe2"; null: nobody is stale). */
  staleFrontEnd?: string | null;
  /** Follow "moved" replies (default false). */
  redirects?: boolean;
  rebalanceAt?: number;
  lookupsPerFrontEnd?: number;
  interval?: number;
  /** How long the cache keeps a value (ms, default 400). */
  cacheTtl?: number;
}

export function runRouting(options: RoutingOptions): { sim: Simulation; outcomes: Record<string, Record<LookupOutcome, number>>; frontEnds: RoutingFrontEnd[] } {
  const { seed, redirects = false, rebalanceAt = 1_000, lookupsPerFrontEnd = 30, interval = 100, cacheTtl = 400 } = options;
  const stale = options.staleFrontEnd === undefined ? "fe2" : options.staleFrontEnd;
  const sim = new Simulation({ seed, network: { latency: latency.normal(10, 2) } });
  const random = sim.random.stream("routing");
  const stores = { db1: new Map<string, string>(), db2: new Map<string, string>(), db3: new Map<string, string>() };
  for (const user of ROUTING_USERS) stores[ownerOf(SHARD_MAP_V1, user) as "db1" | "db2"].set(user, `profile of ${user}`);
  const dbs = (["db1", "db2", "db3"] as const).map((id) => sim.add(id, new RoutingDatabase(stores[id], SHARD_MAP_V1)));
  sim.add("cache", new RoutingCache(cacheTtl));
  const frontEnds = ["fe1", "fe2"].map((id) =>
    sim.add(id, new RoutingFrontEnd(SHARD_MAP_V1, Array.from({ length: lookupsPerFrontEnd }, () => random.pick(ROUTING_USERS)), interval, redirects)),
  );
  sim.at(rebalanceAt, () => {
    for (const [user, value] of Array.from(stores.db2)) {
      if (ownerOf(SHARD_MAP_V2, user) === "db3") {
        stores.db2.delete(user);
        stores.db3.set(user, value);
      }
    }
    for (const db of dbs) db.map = SHARD_MAP_V2;
    for (const fe of frontEnds) if (fe.id !== stale) fe.map = SHARD_MAP_V2;
  }, "rebalance");
  sim.run({ maxEvents: 100_000 });
  const outcomes: Record<string, Record<LookupOutcome, number>> = {};
  for (const fe of frontEnds) {
    const counts = { "cache hit": 0, database: 0, redirected: 0, failed: 0 };
    for (const o of fe.outcomes) counts[o.outcome]++;
    outcomes[fe.id] = counts;
  }
  return { sim, outcomes, frontEnds };
}
