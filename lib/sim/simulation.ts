/**
 * The simulation: virtual time, one thread, one seed.
 *
 *   const sim = new Simulation({ seed: 7, network: { latency: latency.normal(40, 10), loss: 0.05 } });
 *   sim.add("a", new Pinger());
 *   sim.add("b", () => new Ponger());          // a factory: used again at every restart
 *   sim.crash("b", { at: 5_000 });
 *   sim.restart("b", { at: 8_000 });
 *   sim.pause("a", { at: 2_000, for: 1_500 });   // a GC pause: frozen while the world moves on
 *   sim.partition(["a"], ["b"], { at: 3_000, until: 4_000 });
 *   sim.run({ until: 10_000 });
 *   sim.trace;                                  // everything that happened (see trace.ts)
 *
 * Time is a number of milliseconds that only the simulator advances: `run` repeatedly takes the
 * earliest event from the queue (ties in the order they were scheduled), moves `now` to it and
 * hands it to its node. Every random choice comes from a stream derived from `seed`, so the same
 * seed gives the same trace, byte for byte.
 *
 * Options: `seed` (number or string, default 1), `network` (link defaults, see network.ts),
 * `trace` (false turns the trace off for big runs; `stats` are kept either way).
 *
 * Runs have limits so a mistake cannot hang a notebook: `run({ until, maxEvents, maxTime })`.
 * Without `until` a run ends when nothing is left to do; at `maxEvents` (default 5,000,000 per
 * call) or `maxTime` it throws a SimulationLimitError saying which limit it hit. `stopWhen` ends a
 * run early once a condition holds (checked after every event).
 *
 * Errors: bad configuration throws a ConfigError at once (field, value, what is allowed); an
 * exception in a node's handler is rethrown as a NodeHandlerError naming the node, the time and
 * the event.
 */
import { type LocalClock, perfectClock } from "./clock";
import { ConfigError, NodeHandlerError, SimulationLimitError } from "./errors";
import { EventQueue } from "./event-queue";
import { type LinkOptions, Network } from "./network";
import { DurableStore, Node, type NodeRuntime, type TimerId } from "./node";
import { Random, type Seed } from "./random";
import { brief, type DropReason, type TraceEvent } from "./trace";

export interface SimulationOptions {
  seed?: Seed;
  network?: LinkOptions;
  trace?: boolean;
}

export interface AddOptions {
  /** The node's local clock (default: perfect). See clock.ts. */
  clock?: LocalClock;
}

export interface RunOptions {
  /** Stop when the next event is later than this virtual time (ms); `now` then becomes `until`. */
  until?: number;
  /** Throw after this many events in this call. Default 5,000,000. */
  maxEvents?: number;
  /** Throw if an event is due after this virtual time (ms). Default: no limit. */
  maxTime?: number;
  /** Stop as soon as this returns true (checked after every event). */
  stopWhen?: () => boolean;
}

export interface RunResult {
  /** Virtual time at the end of the run. */
  time: number;
  /** Events processed in this call. */
  events: number;
  stoppedBy: "until" | "idle" | "stopWhen";
}

export interface SimulationStats {
  events: number;
  sent: number;
  delivered: number;
  dropped: Record<DropReason, number>;
  duplicated: number;
  timers: number;
}

export type NodeFactory = () => Node;

const DEFAULT_MAX_EVENTS = 5_000_000;

// Kinds of scheduled jobs (numbers keep the hot dispatch switch cheap).
const DELIVER = 0;
const TIMER = 1;
const START = 2;
const ACTION = 3;

/**
 * One scheduled event. A single class with every field keeps the hot path monomorphic; delivery
 * jobs are recycled once handled (the run allocates no garbage per message but the trace).
 */
class Job {
  constructor(
    readonly kind: number,
    public slot: NodeSlot | null,
    readonly incarnation: number,
    // DELIVER
    public from: string,
    public msg: unknown,
    public id: number,
    public sentAt: number,
    // TIMER and ACTION
    readonly fn: (() => void) | null,
    readonly label: string,
  ) {}
}

export class Simulation {
  readonly seed: Seed;
  readonly random: Random;
  readonly network: Network;
  readonly stats: SimulationStats = {
    events: 0,
    sent: 0,
    delivered: 0,
    dropped: { loss: 0, partition: 0, crashed: 0 },
    duplicated: 0,
    timers: 0,
  };
  /** Every event of the run, in order. Empty when the trace is off. */
  readonly trace: TraceEvent[] = [];
  readonly tracing: boolean;

  private time = 0;
  private readonly queue = new EventQueue<Job>();
  private readonly slots = new Map<string, NodeSlot>();
  private readonly ids: string[] = [];
  private readonly networkRandom: Random;
  private messageCount = 0;
  private fifoTail = new Map<string, Map<string, number>>();
  private readonly spareJobs: Job[] = [];

  constructor(options: SimulationOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new ConfigError("new Simulation(options)", options, "an object such as { seed: 1 }");
    }
    const known = ["seed", "network", "trace"];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        throw new ConfigError(`Simulation options.${key}`, (options as Record<string, unknown>)[key], `no such option; the options are ${known.join(", ")}`);
      }
    }
    this.seed = options.seed ?? 1;
    this.random = new Random(this.seed);
    this.networkRandom = this.random.stream("network");
    this.tracing = options.trace ?? true;
    this.network = new Network(
      options.network ?? {},
      (field, id) => this.checkNode(field, id),
      (event) => this.record({ ...event, time: this.time } as TraceEvent),
    );
    this.network.allNodes = () => this.ids.slice();
  }

  /** The current virtual time, ms. */
  get now(): number {
    return this.time;
  }

  /** Node ids in the order they were added. */
  get nodeIds(): string[] {
    return this.ids.slice();
  }

  /** How many nodes have been added. */
  get nodeCount(): number {
    return this.ids.length;
  }

  /**
   * Adds a node under `id`; it starts (onStart) at the current virtual time. Give a factory
   * (`() => new Server(config)`) when the constructor takes arguments, so a restart can rebuild it.
   */
  add<T extends Node>(id: string, node: T | (() => T), options: AddOptions = {}): T {
    if (typeof id !== "string" || id.length === 0) {
      throw new ConfigError("sim.add(id)", id, "a non-empty string");
    }
    if (this.slots.has(id)) {
      throw new ConfigError(`sim.add("${id}")`, id, `an id not yet used (the nodes are ${this.ids.join(", ")})`);
    }
    const factory: NodeFactory =
      typeof node === "function" ? (node as () => T) : rebuilderOf(id, node as Node);
    const first = typeof node === "function" ? (node as () => T)() : (node as T);
    if (!(first instanceof Node)) {
      throw new ConfigError(`sim.add("${id}")`, first, "a Node (an instance of a class that extends Node) or a function returning one");
    }
    const slot = new NodeSlot(this, id, factory, first, options.clock ?? perfectClock);
    this.slots.set(id, slot);
    this.ids.push(id);
    this.queue.push(this.time, new Job(START, slot, slot.incarnation, "", null, 0, 0, null, "start"));
    return first;
  }

  /** The current object of node `id` (a new one after each restart). */
  node<T extends Node = Node>(id: string): T {
    return this.slot("sim.node(id)", id).node as T;
  }

  isAlive(id: string): boolean {
    return this.slot("sim.isAlive(id)", id).alive;
  }

  isPaused(id: string): boolean {
    return this.slot("sim.isPaused(id)", id).paused;
  }

  /** The durable store of node `id` (it outlives crashes). */
  durable(id: string): DurableStore {
    return this.slot("sim.durable(id)", id).durable;
  }

  /** Runs `fn` at virtual time `time` (not in the past). */
  at(time: number, fn: () => void, label = "action"): void {
    this.checkTime(`sim.at(time) for "${label}"`, time);
    if (typeof fn !== "function") throw new ConfigError(`sim.at(time, fn) for "${label}"`, fn, "a function");
    this.queue.push(time, new Job(ACTION, null, 0, "", null, 0, 0, fn, label));
  }

  /** Runs `fn` after `delay` ms of virtual time. */
  after(delay: number, fn: () => void, label = "action"): void {
    this.checkDelay(`sim.after(delay) for "${label}"`, delay);
    this.at(this.time + delay, fn, label);
  }

  /** Crashes node `id` now, or at `at`. Volatile state is lost; `durable` is kept. */
  crash(id: string, { at }: { at?: number } = {}): void {
    const slot = this.slot("sim.crash(id)", id);
    this.when(at, `crash ${id}`, () => slot.crash());
  }

  /** Restarts a crashed node now, or at `at`, with a fresh object and its durable state. */
  restart(id: string, { at }: { at?: number } = {}): void {
    const slot = this.slot("sim.restart(id)", id);
    this.when(at, `restart ${id}`, () => slot.restart());
  }

  /** Freezes node `id` now or at `at`, for `for` ms or until `until` (or until `resume`). */
  pause(id: string, options: { at?: number; for?: number; until?: number } = {}): void {
    const slot = this.slot("sim.pause(id)", id);
    const start = options.at ?? this.time;
    this.when(options.at, `pause ${id}`, () => slot.pause());
    if (options.for !== undefined) {
      this.checkDelay(`sim.pause("${id}").for`, options.for);
      this.at(start + options.for, () => slot.resume(), `resume ${id}`);
    } else if (options.until !== undefined) {
      if (!(options.until >= start)) {
        throw new ConfigError(`sim.pause("${id}").until`, options.until, `a time ≥ the pause start (${start} ms)`);
      }
      this.at(options.until, () => slot.resume(), `resume ${id}`);
    }
  }

  /** Resumes a paused node now, or at `at`; what waited for it is handled in order. */
  resume(id: string, { at }: { at?: number } = {}): void {
    const slot = this.slot("sim.resume(id)", id);
    this.when(at, `resume ${id}`, () => slot.resume());
  }

  /** Cuts the links between groups `a` and `b` (both ways, or only a→b with `oneWay`), now or at `at`, until `until`. */
  partition(
    a: string | readonly string[],
    b?: string | readonly string[],
    options: { at?: number; until?: number; oneWay?: boolean } = {},
  ): void {
    const groupA = a;
    const start = options.at ?? this.time;
    if (options.oneWay && b === undefined) {
      throw new ConfigError("sim.partition(a, b, { oneWay: true }).b", b, "the group on the receiving side");
    }
    this.when(options.at, "partition", () =>
      options.oneWay ? this.network.partitionOneWay(groupA, b!) : this.network.partition(groupA, b),
    );
    if (options.until !== undefined) {
      if (!(options.until >= start)) {
        throw new ConfigError("sim.partition().until", options.until, `a time ≥ the partition start (${start} ms)`);
      }
      const touched = typeof a === "string" ? [a] : Array.from(a);
      this.at(options.until, () => this.network.heal(touched), "heal");
    }
  }

  /** Processes events in time order until `until`, until idle, or until `stopWhen` holds. */
  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    const maxTime = options.maxTime ?? Infinity;
    const stopWhen = options.stopWhen;
    if (options.until !== undefined) this.checkTime("sim.run({ until })", until);
    if (!(maxEvents > 0)) throw new ConfigError("sim.run({ maxEvents })", maxEvents, "a number > 0");
    const queue = this.queue;
    let events = 0;
    let stoppedBy: RunResult["stoppedBy"] = "idle";
    while (queue.size > 0) {
      const next = queue.peekTime();
      if (next > until) {
        stoppedBy = "until";
        break;
      }
      if (next > maxTime) throw new SimulationLimitError("maxTime", maxTime, this.time, events);
      if (events >= maxEvents) throw new SimulationLimitError("maxEvents", maxEvents, this.time, events);
      const job = queue.pop()!;
      this.time = next;
      events++;
      this.dispatch(job);
      if (stopWhen !== undefined && stopWhen()) {
        stoppedBy = "stopWhen";
        break;
      }
    }
    if (stoppedBy !== "stopWhen" && until !== Infinity && until > this.time) {
      this.time = until;
      stoppedBy = "until";
    }
    this.stats.events += events;
    return { time: this.time, events, stoppedBy };
  }

  // ---- internals used by NodeSlot ----

  /** @internal */
  record(event: TraceEvent): void {
    if (this.tracing) this.trace.push(event);
  }

  /** @internal Puts a message from `slot` to `to` on the network. */
  send(slot: NodeSlot, to: string, msg: unknown): void {
    const target = this.slots.get(to);
    if (target === undefined) {
      throw new ConfigError(`send(to) from "${slot.id}"`, to, `a node id (the nodes are ${this.ids.join(", ")})`);
    }
    this.transmit(slot.id, target, msg, undefined);
  }

  /** @internal */
  schedule(time: number, job: Job): void {
    this.queue.push(time, job);
  }

  /** @internal */
  newJob(kind: number, slot: NodeSlot, from: string, msg: unknown, id: number, sentAt: number, fn: (() => void) | null, label: string): Job {
    return new Job(kind, slot, slot.incarnation, from, msg, id, sentAt, fn, label);
  }

  private transmit(from: string, target: NodeSlot, msg: unknown, duplicateOf: number | undefined): void {
    const to = target.id;
    const id = ++this.messageCount;
    const now = this.time;
    this.stats.sent++;
    if (this.tracing) {
      this.trace.push(
        duplicateOf === undefined
          ? { kind: "send", time: now, id, from, to, msg }
          : { kind: "send", time: now, id, from, to, msg, duplicateOf },
      );
    }
    const network = this.network;
    const link = network.link(from, to);
    const random = this.networkRandom;
    if (network.isCut(from, to)) {
      this.drop(from, to, msg, id, now, "partition");
    } else if (link.loss > 0 && random.chance(link.loss)) {
      this.drop(from, to, msg, id, now, "loss");
    } else {
      let delay = link.latency.sample(random);
      if (link.reorder > 0 && random.chance(link.reorder)) delay += link.reorderDelay.sample(random);
      let arrival = now + delay;
      if (link.fifo) arrival = this.fifoArrival(from, to, arrival);
      this.queue.push(arrival, this.deliveryJob(target, from, msg, id, now));
    }
    if (duplicateOf === undefined && link.duplicate > 0 && random.chance(link.duplicate)) {
      this.stats.duplicated++;
      this.transmit(from, target, msg, id);
    }
  }

  private deliveryJob(target: NodeSlot, from: string, msg: unknown, id: number, sentAt: number): Job {
    const job = this.spareJobs.pop();
    if (job === undefined) return new Job(DELIVER, target, 0, from, msg, id, sentAt, null, "");
    job.slot = target;
    job.from = from;
    job.msg = msg;
    job.id = id;
    job.sentAt = sentAt;
    return job;
  }

  private recycle(job: Job): void {
    job.slot = null;
    job.msg = null;
    this.spareJobs.push(job);
  }

  private fifoArrival(from: string, to: string, arrival: number): number {
    let row = this.fifoTail.get(from);
    if (!row) this.fifoTail.set(from, (row = new Map()));
    const last = row.get(to) ?? -Infinity;
    const at = arrival < last ? last : arrival;
    row.set(to, at);
    return at;
  }

  private drop(from: string, to: string, msg: unknown, id: number, sentAt: number, reason: DropReason): void {
    this.stats.dropped[reason]++;
    if (this.tracing) this.trace.push({ kind: "drop", time: this.time, id, from, to, msg, sentAt, reason });
  }

  private dispatch(job: Job): void {
    switch (job.kind) {
      case DELIVER: {
        const slot = job.slot!;
        if (slot.paused && slot.alive) return slot.defer(job);
        if (!slot.alive) this.drop(job.from, slot.id, job.msg, job.id, job.sentAt, "crashed");
        else if (this.network.isCut(job.from, slot.id)) this.drop(job.from, slot.id, job.msg, job.id, job.sentAt, "partition");
        else {
          this.stats.delivered++;
          if (this.tracing) {
            this.trace.push({ kind: "deliver", time: this.time, id: job.id, from: job.from, to: slot.id, msg: job.msg, sentAt: job.sentAt });
          }
          slot.deliver(job);
        }
        return this.recycle(job);
      }
      case TIMER:
        return job.slot!.fire(job);
      case START:
        return job.slot!.start(job);
      case ACTION:
        return job.fn!();
    }
  }

  private when(at: number | undefined, label: string, fn: () => void): void {
    if (at === undefined) fn();
    else this.at(at, fn, label);
  }

  private slot(field: string, id: string): NodeSlot {
    this.checkNode(field, id);
    return this.slots.get(id)!;
  }

  private checkNode(field: string, id: string): void {
    if (!this.slots.has(id)) {
      const known = this.ids.length ? `one of ${this.ids.map((x) => `"${x}"`).join(", ")}` : "a node added with sim.add(id, node) first";
      throw new ConfigError(field, id, known);
    }
  }

  /** @internal */
  checkTime(field: string, time: number): void {
    if (typeof time !== "number" || Number.isNaN(time)) throw new ConfigError(field, time, "a virtual time in ms");
    if (time < this.time) throw new ConfigError(field, time, `a time not in the past (now is ${this.time} ms)`);
  }

  /** @internal */
  checkDelay(field: string, delay: number): void {
    if (typeof delay !== "number" || !(delay >= 0) || delay === Infinity) {
      throw new ConfigError(field, delay, "a finite delay in ms ≥ 0");
    }
  }
}

/** A node's place in the simulation: its current object, its state of health and its timers. */
class NodeSlot implements NodeRuntime {
  node: Node;
  alive = true;
  paused = false;
  incarnation = 0;
  readonly durable = new DurableStore();
  readonly random: Random;
  private readonly liveTimers = new Set<TimerId>();
  private nextTimer = 1;
  private deferred: Job[] = [];
  private peerIds: string[] | null = null;
  private peerCount = -1;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly factory: NodeFactory,
    first: Node,
    private readonly clock: LocalClock,
  ) {
    this.random = sim.random.stream(`node/${id}`);
    this.node = first;
    this.bind(first);
  }

  get now(): number {
    return this.sim.now;
  }

  get localTime(): number {
    return this.clock.read(this.sim.now);
  }

  get peers(): string[] {
    const count = this.sim.nodeCount;
    if (this.peerIds === null || this.peerCount !== count) {
      this.peerIds = this.sim.nodeIds.filter((x) => x !== this.id);
      this.peerCount = count;
    }
    return this.peerIds;
  }

  send(to: string, msg: unknown): void {
    this.sim.send(this, to, msg);
  }

  setTimer(delay: number, fn: () => void, label: string, repeat: boolean): TimerId {
    this.sim.checkDelay(`node "${this.id}" ${repeat ? "every" : "setTimer"}(ms) for "${label}"`, delay);
    if (repeat && delay === 0) {
      throw new ConfigError(`node "${this.id}" every(ms) for "${label}"`, delay, "a period > 0 ms");
    }
    if (typeof fn !== "function") throw new ConfigError(`node "${this.id}" setTimer(ms, fn)`, fn, "a function");
    const id = this.nextTimer++;
    this.liveTimers.add(id);
    this.armTimer(id, delay, fn, label, repeat);
    return id;
  }

  cancelTimer(id: TimerId): void {
    this.liveTimers.delete(id);
  }

  mark(name: string, data?: unknown): void {
    this.sim.record(data === undefined ? { kind: "mark", time: this.sim.now, node: this.id, name } : { kind: "mark", time: this.sim.now, node: this.id, name, data });
  }

  log(text: string): void {
    this.sim.record({ kind: "log", time: this.sim.now, node: this.id, text: String(text) });
  }

  // ---- called by the simulation ----

  start(job: Job): void {
    if (job.incarnation !== this.incarnation || !this.alive) return;
    if (this.paused) return this.defer(job);
    this.sim.record({ kind: this.incarnation === 0 ? "start" : "restart", time: this.sim.now, node: this.id });
    try {
      this.node.onStart();
    } catch (error) {
      throw this.handlerError(error, "onStart()");
    }
  }

  deliver(job: Job): void {
    try {
      this.node.onMessage(job.from, job.msg);
    } catch (error) {
      throw this.handlerError(error, `message #${job.id} from "${job.from}" ${brief(job.msg)}`);
    }
  }

  fire(job: Job): void {
    const timer = job.id;
    if (job.incarnation !== this.incarnation || !this.alive || !this.liveTimers.has(timer)) return;
    if (this.paused) return this.defer(job);
    const repeating = job.sentAt > 0;
    if (repeating) this.armTimer(timer, job.sentAt, job.fn!, job.label, true);
    else this.liveTimers.delete(timer);
    this.sim.stats.timers++;
    this.sim.record({ kind: "timer", time: this.sim.now, node: this.id, label: job.label });
    try {
      job.fn!();
    } catch (error) {
      throw this.handlerError(error, `timer "${job.label}"`);
    }
  }

  defer(job: Job): void {
    this.deferred.push(job);
  }

  crash(): void {
    if (!this.alive) return;
    this.alive = false;
    this.paused = false;
    this.deferred = [];
    this.liveTimers.clear();
    this.sim.record({ kind: "crash", time: this.sim.now, node: this.id });
  }

  restart(): void {
    if (this.alive) {
      throw new ConfigError(`sim.restart("${this.id}")`, this.id, "a crashed node (crash it first, or schedule the restart after the crash)");
    }
    this.alive = true;
    this.incarnation++;
    this.nextTimer = 1;
    const fresh = this.factory();
    if (fresh.runtime && fresh.runtime !== this) {
      throw new ConfigError(`restart of "${this.id}"`, fresh, "a new Node object from the factory (it returned one already in use)");
    }
    this.node = fresh;
    this.bind(fresh);
    this.sim.schedule(this.sim.now, this.sim.newJob(START, this, "", null, 0, 0, null, "restart"));
  }

  pause(): void {
    if (!this.alive || this.paused) return;
    this.paused = true;
    this.sim.record({ kind: "pause", time: this.sim.now, node: this.id });
  }

  resume(): void {
    if (!this.alive || !this.paused) return;
    this.paused = false;
    this.sim.record({ kind: "resume", time: this.sim.now, node: this.id });
    const waiting = this.deferred;
    this.deferred = [];
    for (const job of waiting) this.sim.schedule(this.sim.now, job);
  }

  private armTimer(id: TimerId, delay: number, fn: () => void, label: string, repeat: boolean): void {
    const trueDelay = this.clock.trueDelay(delay, this.sim.now);
    // A timer job keeps its id in `id` and, when repeating, its period in `sentAt`.
    this.sim.schedule(this.sim.now + trueDelay, this.sim.newJob(TIMER, this, "", null, id, repeat ? delay : 0, fn, label));
  }

  private bind(node: Node): void {
    node.runtime = this;
  }

  /** The error to throw when this node's handler threw `error` while handling `event`. */
  private handlerError(error: unknown, event: string): unknown {
    if (error instanceof NodeHandlerError || error instanceof SimulationLimitError) return error;
    return new NodeHandlerError(this.id, this.sim.now, event, error);
  }
}

/** For a node added as an object: rebuild it on restart by calling its constructor again. */
function rebuilderOf(id: string, node: Node): NodeFactory {
  const Ctor = node.constructor as new () => Node;
  return () => {
    if (Ctor.length > 0) {
      throw new ConfigError(
        `sim.restart("${id}")`,
        Ctor.name,
        `a node added with a factory, because ${Ctor.name}'s constructor takes arguments: sim.add("${id}", () => new ${Ctor.name}(...))`,
      );
    }
    return new Ctor();
  };
}
