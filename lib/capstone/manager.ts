/**
 * The configuration manager: decides who is primary and who is backup, and leases the primary role.
 *
 *   sim.add("manager", () => new ConfigManager({ servers: ["s1", "s2", "s3"] }));
 *
 * It is consulted when the configuration changes, never per operation: servers ping it every
 * `pingMs` (100 ms) and clients ask it (`get-config`) only when the primary they know stops
 * answering. Each configuration has a number, its **epoch**, that only grows: epochs are the
 * fencing tokens the servers compare.
 *
 * Rules (checked every `pingMs / 2`, on the manager's own clock, which is perfect):
 *   - a server is alive while its last ping is less than `deadMs` (300 ms) old;
 *   - the first configuration is { epoch 1, primary: the first live server by id, backup: none };
 *   - each ping from the current primary carrying the current epoch renews its **lease** for
 *     `leaseMs` (1000 ms) from the moment the manager received it (answer: `lease: true`, with the
 *     ping's `sentAt` echoed);
 *   - a member of the configuration that pings epoch 0 after having pinged the current epoch has
 *     lost its state: it counts as failed until the next configuration;
 *   - a failed primary (no recent ping, or lost its state) is replaced by its backup, but only once the primary's lease has run out and
 *     only if that backup has reported `ready` in the current epoch (it holds the state);
 *     otherwise the manager waits (the service is unavailable, nothing is lost);
 *   - a missing or failed backup is replaced by a live spare (a server in no role), or by none;
 *   - every change makes a new epoch, with a new backup that must receive the state again.
 *
 * Ground truth for the graders is written here, in marks only this node makes: "config"
 * ({ epoch, primary, backup }) at every change and "lease" ({ server, epoch, until }) at every
 * grant. A student's node cannot write them (the checks keep marks whose node is the manager's id).
 * `managerTruth(trace, id)` reads them back as plain data.
 */
import { Node } from "../sim/node";
import type { TraceEvent } from "../sim/trace";
import type { CapstoneMsg, Config, ConfigMsg, PingMsg } from "./protocol";

export interface ManagerOptions {
  servers: string[];
  leaseMs?: number;
  pingMs?: number;
  deadMs?: number;
}

export const DEFAULT_LEASE_MS = 1_000;
export const DEFAULT_PING_MS = 100;
const DEFAULT_DEAD_MS = 300;

interface Heard {
  at: number;
  epoch: number;
  ready: boolean;
}

export class ConfigManager extends Node<CapstoneMsg> {
  readonly servers: string[];
  readonly leaseMs: number;
  readonly pingMs: number;
  readonly deadMs: number;
  config: Config = { epoch: 0, primary: null, backup: null };
  /** Manager-clock time until which the current primary holds its lease. */
  leaseUntil = -Infinity;
  /** Members of the current configuration that pinged epoch 0 after having adopted it: they lost their state. */
  private lost = new Set<string>();
  private readonly heard = new Map<string, Heard>();

  constructor(options: ManagerOptions) {
    super();
    if (!Array.isArray(options.servers) || options.servers.length === 0) {
      throw new Error(`ConfigManager: options.servers must list the server ids, got ${JSON.stringify(options.servers)}`);
    }
    this.servers = options.servers.slice().sort();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pingMs = options.pingMs ?? DEFAULT_PING_MS;
    this.deadMs = options.deadMs ?? DEFAULT_DEAD_MS;
  }

  onStart(): void {
    this.every(this.pingMs / 2, () => this.tick(), "reconfigure");
  }

  onMessage(from: string, msg: CapstoneMsg): void {
    if (msg.type === "get-config") return this.send(from, this.answer());
    if (msg.type !== "ping" || !this.servers.includes(from)) return;
    const before = this.heard.get(from);
    const member = from === this.config.primary || from === this.config.backup;
    if (member && msg.epoch === 0 && before !== undefined && before.epoch === this.config.epoch && this.config.epoch > 0) this.lost.add(from);
    this.heard.set(from, { at: this.localTime, epoch: msg.epoch, ready: msg.ready });
    const reply: ConfigMsg = { ...this.answer(), sentAt: msg.sentAt };
    if (from === this.config.primary) this.fromPrimary(msg, reply);
    this.send(from, reply);
  }

  private fromPrimary(msg: PingMsg, reply: ConfigMsg): void {
    if (msg.epoch !== this.config.epoch || this.lost.has(this.config.primary!)) return;
    this.leaseUntil = this.localTime + this.leaseMs;
    reply.lease = true;
    this.mark("lease", { server: this.config.primary, epoch: this.config.epoch, until: this.now + this.leaseMs });
  }

  private answer(): ConfigMsg {
    return { type: "config", v: 1, epoch: this.config.epoch, primary: this.config.primary, backup: this.config.backup };
  }

  private alive(id: string | null): boolean {
    if (id === null || this.lost.has(id)) return false;
    const h = this.heard.get(id);
    return h !== undefined && this.localTime - h.at < this.deadMs;
  }

  private spare(...taken: Array<string | null>): string | null {
    return this.servers.find((s) => !taken.includes(s) && this.alive(s)) ?? null;
  }

  private tick(): void {
    const { epoch, primary, backup } = this.config;
    if (primary === null) {
      const first = this.spare();
      if (first !== null) this.change(first, null);
      return;
    }
    if (!this.alive(primary)) {
      if (this.localTime < this.leaseUntil) return;
      const h = backup === null ? undefined : this.heard.get(backup);
      if (backup !== null && this.alive(backup) && h !== undefined && h.ready && h.epoch === epoch) {
        this.change(backup, this.spare(backup, primary));
      }
      return;
    }
    if (backup !== null && this.alive(backup)) return;
    const next = this.spare(primary, backup);
    if (backup === null && next === null) return;
    this.change(primary, next);
  }

  private change(primary: string, backup: string | null): void {
    const samePrimary = primary === this.config.primary;
    this.config = { epoch: this.config.epoch + 1, primary, backup };
    this.lost.clear();
    if (!samePrimary) this.leaseUntil = -Infinity;
    this.mark("config", { ...this.config });
  }
}

/** One configuration as the manager made it, with the true time it was made. */
export interface ConfigChange extends Config {
  time: number;
}

/** One lease grant: `server` may act as primary of `epoch` until true time `until`. */
export interface LeaseGrant {
  time: number;
  server: string;
  epoch: number;
  until: number;
}

/** The manager's marks in `trace` (only those the node `managerId` made), as plain data. */
export function managerTruth(trace: readonly TraceEvent[], managerId = "manager"): { configs: ConfigChange[]; grants: LeaseGrant[] } {
  const configs: ConfigChange[] = [];
  const grants: LeaseGrant[] = [];
  for (const e of trace) {
    if (e.kind !== "mark" || e.node !== managerId) continue;
    if (e.name === "config") configs.push({ time: e.time, ...(e.data as Config) });
    else if (e.name === "lease") grants.push({ time: e.time, ...(e.data as Omit<LeaseGrant, "time">) });
  }
  return { configs, grants };
}
