/**
 * The simulation: virtual time, one thread, one seed.
 *
 *   const sim = new Simulation({ seed: 7, network: { latency: latency.normal(40, 10), loss: 0.05 } });
 *   sim.add("a", new Pinger());
 *   sim.add("b", () => new Ponger());          // a factory: used again at every restart
 *   sim.crash("b", { at: 5_000 });
 *   sim.restart("b", { at: 8_000 });
 *   sim.pause("a", { at: 2_000, for: 1_500 });   // a GC pause: frozen while the world moves on
 *   const p = sim.partition(["a"], ["b"], { at: 3_000, until: 4_000 });   // p.heal() ends it early
 *   sim.run({ until: 10_000 });
 *   sim.trace;                                  // everything that happened (see trace.ts)
 *   sim.step();                                 // or one event at a time: what it was, or null
 *
 * Time is a number of milliseconds that only the simulator advances: `run` repeatedly takes the
 * earliest event from the queue (ties in the order they were scheduled), moves `now` to it and
 * hands it to its node. Every random choice comes from a stream derived from `seed`, so the same
 * seed gives the same trace, byte for byte. The network (network.ts) decides every fault; the
 * simulation schedules and dispatches.
 *
 * Options: `seed` (number or string, default 1), `network` (link defaults, see network.ts),
 * `trace` (false turns the trace off for big runs; `stats` are kept either way).
 *
 * Messages are values: `send` copies the message (values.ts), so a sender that changes it later
 * changes neither what arrives nor what the trace recorded, and each delivery hands the receiver
 * its own copy. What cannot be copied (a function, a class instance, a cycle) is refused at once
 * with a MessageError naming the node, the time and the path.
 *
 * Runs have limits so a mistake cannot hang a notebook: `run({ until, maxEvents, maxTime,
 * maxWallMs })`. Without `until` a run ends when nothing is left to do; at `maxEvents` (default
 * 5,000,000 per call), `maxTime` (virtual ms) or `maxWallMs` (real ms, checked every 4,096 events)
 * it throws a SimulationLimitError saying which limit it hit. `stopWhen` ends a run early once a
 * condition holds (checked after every event). A run cannot be started from inside a run.
 *
 * Errors: bad configuration throws a ConfigError at once (field, value as written, what is
 * allowed); an exception in a node's handler is rethrown as a NodeHandlerError naming the node,
 * the time and the event.
 *
 * Ground truth stays out of the nodes' reach: the queue, the node table, the network state and
 * the trace live in a private engine that only this module can reach (`#engine`), a node acts only
 * through its own runtime handle, and `sim.trace` is a read-only view of frozen events.
 */
import { type LocalClock, perfectClock } from "./clock";
import { ConfigError, MessageError, NodeHandlerError, SimulationLimitError, listOf } from "./errors";
import { EventQueue } from "./event-queue";
import { type CutRecord, type LinkOptions, Network, NetworkCore, Partition, PARTITIONED } from "./network";
import { bindRuntime, DurableStore, Node, type NodeRuntime, runtimeOf, type TimerId } from "./node";
import { type LastRead, peerList, SMALL } from "./peers";
import { Random, type Seed } from "./random";
import { brief, type DropReason, type TraceEvent } from "./trace";
import * as traceLog from "./trace-log";
import { TraceLog } from "./trace-log";
import { copyValue, ValueProblem } from "./values";

// The one place lib/ reads a real clock: the wall-clock budget of run({ maxWallMs }), read once at
// the start of a run and then every 4,096 events. It never changes what a run does, only whether
// it is stopped. (Imported under another name because the repository's hook rejects the usual
// spelling anywhere in lib/, to keep real clocks out of simulated code.)
import { performance as wallClock } from "perf_hooks";

// The trace's event kinds, copied once into a plain object: under tsx (esbuild's CommonJS output,
// what `npm run bench` and the tests run) every read of an imported name is a getter call, too
// dear on the per-message path.
const kinds = { ...traceLog };

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
  /** Throw once this call has taken more than this many real milliseconds. Default: no limit. */
  maxWallMs?: number;
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

/** What `step()` processed. */
export interface StepResult {
  /** Virtual time of the event. */
  time: number;
  /** The event, for people: `deliver #4 a → b`, `timer "ping" at a`, `start b`, `crash b`. */
  event: string;
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

export interface PartitionOptions {
  /** When the cut starts (default now). */
  at?: number;
  /** When it heals (default: when healed by handle or by `heal`). */
  until?: number;
  /** Cut only a → b; b's messages to a still pass. */
  oneWay?: boolean;
}

const DEFAULT_MAX_EVENTS = 5_000_000;
const WALL_CHECK_EVERY = 4096;
const RUN_OPTIONS = ["until", "maxEvents", "maxTime", "maxWallMs", "stopWhen"];

// Kinds of scheduled jobs (numbers keep the hot dispatch switch cheap).
const DELIVER = 0;
const TIMER = 1;
const START = 2;
const ACTION = 3;

/**
 * One scheduled event. A single class with every field keeps the hot path monomorphic; delivery
 * jobs are recycled once handled (the run allocates no garbage per message).
 */
class Job {
  constructor(
    readonly kind: number,
    public slot: NodeSlot | null,
    readonly incarnation: number,
    // DELIVER
    public source: NodeSlot | null,
    public msg: unknown,
    public id: number,
    public sentAt: number,
    // TIMER and ACTION
    readonly fn: (() => void) | null,
    readonly label: string,
  ) {}
  /** A timer's: set by cancelTimer (a repeating timer's job stays on the queue until it comes up). */
  cancelled = false;
}

export class Simulation {
  readonly seed: Seed;
  readonly random: Random;
  readonly network: Network;
  readonly stats: SimulationStats;
  readonly tracing: boolean;
  readonly #engine: Engine;

  constructor(options: SimulationOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new ConfigError("new Simulation(options)", options, "an object such as { seed: 1 }");
    }
    checkKeys("Simulation options", options, ["seed", "network", "trace"]);
    if (options.trace !== undefined && typeof options.trace !== "boolean") {
      throw new ConfigError("Simulation options.trace", options.trace, "true or false");
    }
    this.seed = options.seed ?? 1;
    this.random = new Random(this.seed);
    this.tracing = options.trace ?? true;
    this.#engine = new Engine(this.random, this.tracing, options.network ?? {});
    this.network = new Network(this.#engine.network);
    this.stats = this.#engine.stats;
  }

  /** Every event of the run, in order: a read-only array of frozen events (empty when the trace is off). */
  get trace(): readonly TraceEvent[] {
    return this.#engine.log.view;
  }

  /** The current virtual time, ms. */
  get now(): number {
    return this.#engine.time;
  }

  /** Node ids in the order they were added (a copy). */
  get nodeIds(): string[] {
    return this.#engine.ids.slice();
  }

  /** How many nodes have been added. */
  get nodeCount(): number {
    return this.#engine.ids.length;
  }

  /**
   * Adds a node under `id`; it starts (onStart) at the current virtual time. Give a factory
   * (`() => new Server(config)`) when the constructor takes arguments, so a restart can rebuild it.
   */
  add<T extends Node>(id: string, node: T | (() => T), options: AddOptions = {}): T {
    return this.#engine.add(id, node, options);
  }

  /** The current object of node `id` (a new one after each restart). */
  node<T extends Node = Node>(id: string): T {
    return this.#engine.slot("sim.node(id)", id).node as T;
  }

  isAlive(id: string): boolean {
    return this.#engine.slot("sim.isAlive(id)", id).alive;
  }

  isPaused(id: string): boolean {
    return this.#engine.slot("sim.isPaused(id)", id).paused;
  }

  /** The durable store of node `id` (it outlives crashes). */
  durable(id: string): DurableStore {
    return this.#engine.slot("sim.durable(id)", id).durable;
  }

  /** Runs `fn` at virtual time `time` (finite, not in the past). */
  at(time: number, fn: () => void, label = "action"): void {
    this.#engine.at(time, fn, label);
  }

  /** Runs `fn` after `delay` ms of virtual time. */
  after(delay: number, fn: () => void, label = "action"): void {
    const engine = this.#engine;
    checkDelay(`sim.after(delay) for "${label}"`, delay);
    engine.at(engine.time + delay, fn, label);
  }

  /** Crashes node `id` now, or at `at`. Volatile state is lost; `durable` is kept. */
  crash(id: string, { at }: { at?: number } = {}): void {
    const slot = this.#engine.slot("sim.crash(id)", id);
    this.#engine.when(at, `crash ${id}`, () => slot.crash());
  }

  /** Restarts a crashed node now, or at `at`, with a fresh object and its durable state. */
  restart(id: string, { at }: { at?: number } = {}): void {
    const slot = this.#engine.slot("sim.restart(id)", id);
    this.#engine.when(at, `restart ${id}`, () => slot.restart());
  }

  /** Freezes node `id` now or at `at`, for `for` ms or until `until` (or until `resume`). */
  pause(id: string, options: { at?: number; for?: number; until?: number } = {}): void {
    const engine = this.#engine;
    const slot = engine.slot("sim.pause(id)", id);
    const start = options.at ?? engine.time;
    engine.when(options.at, `pause ${id}`, () => slot.pause());
    if (options.for !== undefined) {
      checkDelay(`sim.pause("${id}").for`, options.for);
      engine.at(start + options.for, () => slot.resume(), `resume ${id}`);
    } else if (options.until !== undefined) {
      if (!(options.until >= start) || options.until === Infinity) {
        throw new ConfigError(`sim.pause("${id}").until`, options.until, `a finite time ≥ the pause start (${start} ms)`);
      }
      engine.at(options.until, () => slot.resume(), `resume ${id}`);
    }
  }

  /** Resumes a paused node now, or at `at`; what waited for it is handled in order. */
  resume(id: string, { at }: { at?: number } = {}): void {
    const slot = this.#engine.slot("sim.resume(id)", id);
    this.#engine.when(at, `resume ${id}`, () => slot.resume());
  }

  /**
   * Cuts the links between groups `a` and `b` (both ways, or only a→b with `oneWay`; `b` defaults
   * to everyone else), now or at `at`, until `until`. Returns its handle: `p.heal()` ends this cut
   * alone. Cuts compose: a link is down while any cut separates it.
   */
  partition(a: string | readonly string[], b?: string | readonly string[], options: PartitionOptions = {}): Partition {
    const engine = this.#engine;
    checkKeys("sim.partition() options", options, ["at", "until", "oneWay"]);
    const start = options.at ?? engine.time;
    if (options.at !== undefined) engine.checkTime("sim.partition().at", options.at);
    if (options.until !== undefined && (!(options.until >= start) || options.until === Infinity)) {
      throw new ConfigError("sim.partition().until", options.until, `a finite time ≥ the partition start (${start} ms)`);
    }
    const network = engine.network;
    const cut = network.prepare("sim.partition", a, b, options.oneWay === true);
    engine.when(options.at, "partition", () => network.activate(cut.id));
    if (options.until !== undefined) engine.at(options.until, () => network.healCut(cut.id), "heal");
    return new Partition(network, cut.id);
  }

  /** Processes events in time order until `until`, until idle, or until `stopWhen` holds. */
  run(options: RunOptions = {}): RunResult {
    return this.#engine.run(options);
  }

  /** Processes the next event only (whatever its time); null when nothing is left to do. */
  step(): StepResult | null {
    return this.#engine.step();
  }
}

/**
 * Everything a run changes: time, queue, nodes, network, trace. Reachable only from the
 * Simulation's and the node runtimes' private fields.
 */
class Engine {
  time = 0;
  readonly queue = new EventQueue<Job>();
  readonly slots = new Map<string, NodeSlot>();
  /** Node ids in add order; only ever grows (the nodes' peer views read it). */
  readonly ids: string[] = [];
  /** The slots in the same order (slotAt[i].id is ids[i]). */
  readonly slotAt: NodeSlot[] = [];
  /**
   * The index of the id last handed to a node (by a peer view, or as the sender of a delivery):
   * most sends go to it, and `send` then finds the slot without a lookup in `slots`.
   */
  readonly lastRead: LastRead = { index: -1 };
  readonly log = new TraceLog(this.ids);
  readonly network: NetworkCore;
  readonly stats: SimulationStats = {
    events: 0,
    sent: 0,
    delivered: 0,
    dropped: { loss: 0, partition: 0, crashed: 0 },
    duplicated: 0,
    timers: 0,
  };
  private readonly networkRandom: Random;
  private messageCount = 0;
  private readonly spareJobs: Job[] = [];
  private running = false;

  constructor(
    readonly random: Random,
    readonly tracing: boolean,
    network: LinkOptions,
  ) {
    this.networkRandom = random.stream("network");
    this.network = new NetworkCore(network, {
      checkNode: (field, id) => this.checkNode(field, id),
      ids: () => this.ids,
      recordCut: (kind, info: CutRecord) => {
        if (this.tracing) this.log.cut(kind === "partition" ? kinds.PARTITION : kinds.HEAL, this.time, info);
      },
      now: () => this.time,
    });
  }

  add<T extends Node>(id: string, node: T | (() => T), options: AddOptions): T {
    if (typeof id !== "string" || id.length === 0) throw new ConfigError("sim.add(id)", id, "a non-empty string");
    if (this.slots.has(id)) throw new ConfigError(`sim.add("${id}")`, id, "an id not yet used");
    if (options === null || typeof options !== "object") throw new ConfigError(`sim.add("${id}", node, options)`, options, "an object such as { clock }");
    checkKeys(`sim.add("${id}") options`, options, ["clock"]);
    const isFactory = typeof node === "function" && !(node.prototype instanceof Node);
    const factory: NodeFactory = isFactory ? (node as () => T) : rebuilderOf(id, node as Node);
    const first = isFactory ? (node as () => T)() : (node as T);
    checkFresh(`sim.add("${id}")`, first, isFactory);
    const slot = new NodeSlot(this, id, this.ids.length, factory, first, options.clock ?? perfectClock);
    this.slots.set(id, slot);
    this.ids.push(id);
    this.slotAt.push(slot);
    this.queue.push(this.time, new Job(START, slot, slot.incarnation, null, null, 0, 0, null, "start"));
    return first;
  }

  at(time: number, fn: () => void, label: string): void {
    this.checkTime(`sim.at(time) for "${label}"`, time);
    if (typeof fn !== "function") throw new ConfigError(`sim.at(time, fn) for "${label}"`, fn, "a function");
    this.queue.push(time, new Job(ACTION, null, 0, null, null, 0, 0, fn, label));
  }

  when(at: number | undefined, label: string, fn: () => void): void {
    if (at === undefined) fn();
    else this.at(at, fn, label);
  }

  run(options: RunOptions): RunResult {
    if (options === null || typeof options !== "object") throw new ConfigError("sim.run(options)", options, "an object such as { until: 10_000 }");
    checkKeys("sim.run() options", options, RUN_OPTIONS);
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    const maxTime = options.maxTime ?? Infinity;
    const maxWallMs = options.maxWallMs;
    const stopWhen = options.stopWhen;
    if (options.until !== undefined) this.checkTime("sim.run({ until })", until, true);
    if (typeof maxEvents !== "number" || !(maxEvents > 0)) throw new ConfigError("sim.run({ maxEvents })", maxEvents, "a number > 0");
    if (typeof maxTime !== "number" || Number.isNaN(maxTime)) throw new ConfigError("sim.run({ maxTime })", maxTime, "a virtual time in ms");
    if (maxWallMs !== undefined && (typeof maxWallMs !== "number" || !(maxWallMs > 0) || maxWallMs === Infinity)) {
      throw new ConfigError("sim.run({ maxWallMs })", maxWallMs, "a finite number of real milliseconds > 0");
    }
    if (stopWhen !== undefined && typeof stopWhen !== "function") throw new ConfigError("sim.run({ stopWhen })", stopWhen, "a function returning true to stop");
    this.enter("sim.run()");
    const deadline = maxWallMs === undefined ? Infinity : wallClock.now() + maxWallMs;
    const queue = this.queue;
    let events = 0;
    let stoppedBy: RunResult["stoppedBy"] = "idle";
    try {
      while (queue.size > 0) {
        const next = queue.peekTime();
        if (next > until) {
          stoppedBy = "until";
          break;
        }
        if (next > maxTime) throw new SimulationLimitError("maxTime", maxTime, this.time, events);
        if (events >= maxEvents) throw new SimulationLimitError("maxEvents", maxEvents, this.time, events);
        if (deadline !== Infinity && events % WALL_CHECK_EVERY === 0 && events > 0 && wallClock.now() > deadline) {
          throw new SimulationLimitError("maxWallMs", maxWallMs!, this.time, events);
        }
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
    } finally {
      this.stats.events += events;
      this.running = false;
    }
    return { time: this.time, events, stoppedBy };
  }

  step(): StepResult | null {
    this.enter("sim.step()");
    try {
      if (this.queue.size === 0) return null;
      const time = this.queue.peekTime();
      const job = this.queue.pop()!;
      const event = describeJob(job);
      this.time = time;
      this.stats.events++;
      this.dispatch(job);
      return { time, event };
    } finally {
      this.running = false;
    }
  }

  private enter(call: string): void {
    if (this.running) {
      throw new ConfigError(
        call,
        "a call made while the simulation is running",
        "a call from outside the run (a handler, a sim.at action or stopWhen cannot start a run: schedule the work with sim.at(time, fn) or a timer)",
      );
    }
    this.running = true;
  }

  /** Puts a copy of `msg` from `slot` to `to` on the network. */
  send(slot: NodeSlot, to: string, msg: unknown): void {
    const last = this.lastRead.index;
    const target = last >= 0 && this.ids[last] === to ? this.slotAt[last] : this.slots.get(to);
    if (target === undefined) {
      throw new ConfigError(`send(to) from "${slot.id}"`, to, `a node id (${this.known()})`);
    }
    const plain = typeof msg !== "object" && typeof msg !== "function" && typeof msg !== "symbol";
    this.transmit(slot, target, plain ? msg : this.copy(slot.id, msg, "msg"), undefined);
  }

  /** A copy of a node's value, or a MessageError naming the node, the time and the path. */
  copy(node: string, value: unknown, root: string): unknown {
    try {
      return copyValue(value, root);
    } catch (error) {
      if (error instanceof ValueProblem) throw new MessageError(node, this.time, error.path, error.problem);
      throw error;
    }
  }

  schedule(time: number, job: Job): void {
    this.queue.push(time, job);
  }

  private transmit(source: NodeSlot, target: NodeSlot, wire: unknown, duplicateOf: number | undefined): void {
    const from = source.id;
    const to = target.id;
    const id = ++this.messageCount;
    const now = this.time;
    this.stats.sent++;
    if (this.tracing) this.log.send(now, id, source.index, target.index, wire, duplicateOf === undefined ? NaN : duplicateOf);
    const network = this.network;
    const random = this.networkRandom;
    const arrival = network.route(from, to, now, random);
    if (arrival >= 0) this.queue.push(arrival, this.deliveryJob(target, source, wire, id, now));
    else this.drop(source, target, id, now, arrival === PARTITIONED ? kinds.DROP_PARTITION : kinds.DROP_LOSS);
    if (duplicateOf === undefined && network.duplicates(from, to, random)) {
      this.stats.duplicated++;
      // The duplicate gets its own copy: no two deliveries share an object.
      this.transmit(source, target, copyValue(wire, "msg"), id);
    }
  }

  private deliveryJob(target: NodeSlot, source: NodeSlot, msg: unknown, id: number, sentAt: number): Job {
    const job = this.spareJobs.pop();
    if (job === undefined) return new Job(DELIVER, target, 0, source, msg, id, sentAt, null, "");
    job.slot = target;
    job.source = source;
    job.msg = msg;
    job.id = id;
    job.sentAt = sentAt;
    return job;
  }

  private recycle(job: Job): void {
    job.slot = null;
    job.source = null;
    job.msg = null;
    this.spareJobs.push(job);
  }

  private drop(source: NodeSlot, target: NodeSlot, id: number, sentAt: number, kind: number): void {
    this.stats.dropped[kind === kinds.DROP_LOSS ? "loss" : kind === kinds.DROP_PARTITION ? "partition" : "crashed"]++;
    if (this.tracing) this.log.arrival(kind, this.time, id, source.index, target.index, sentAt);
  }

  private dispatch(job: Job): void {
    switch (job.kind) {
      case DELIVER: {
        const slot = job.slot!;
        if (slot.paused && slot.alive) return slot.defer(job);
        const source = job.source!;
        if (!slot.alive) this.drop(source, slot, job.id, job.sentAt, kinds.DROP_CRASHED);
        else if (this.network.isCut(source.id, slot.id)) this.drop(source, slot, job.id, job.sentAt, kinds.DROP_PARTITION);
        else {
          this.stats.delivered++;
          let msg = job.msg;
          if (this.tracing) {
            this.log.arrival(kinds.DELIVER, this.time, job.id, source.index, slot.index, job.sentAt);
            // The trace keeps the sent copy; the receiver gets its own.
            if (typeof msg === "object" && msg !== null) msg = copyValue(msg, "msg");
          }
          slot.deliver(job, msg);
        }
        return this.recycle(job);
      }
      case TIMER:
        return job.slot!.fire(job);
      case START:
        return job.slot!.start(job);
      case ACTION: {
        // Called unbound: `this` inside fn must never be the job (it leads to the engine).
        const action = job.fn!;
        return action();
      }
    }
  }

  slot(field: string, id: string): NodeSlot {
    this.checkNode(field, id);
    return this.slots.get(id)!;
  }

  checkNode(field: string, id: string): void {
    if (!this.slots.has(id)) throw new ConfigError(field, id, this.ids.length ? `one of ${listOf(this.ids)}` : "a node added with sim.add(id, node) first");
  }

  private known(): string {
    return this.ids.length ? `the nodes are ${listOf(this.ids)}` : "no node has been added yet";
  }

  /** A time for the queue: finite (or Infinity where `infinite` allows it) and not in the past. */
  checkTime(field: string, time: number, infinite = false): void {
    if (typeof time !== "number" || Number.isNaN(time) || time === -Infinity || (time === Infinity && !infinite)) {
      throw new ConfigError(field, time, "a finite virtual time in ms");
    }
    if (time < this.time) throw new ConfigError(field, time, `a time not in the past (now is ${this.time} ms)`);
  }
}

/** The runtime a node acts through: its own id, clock, timers, sends and marks; nothing else. */
class NodeRuntimeHandle implements NodeRuntime {
  readonly #slot: NodeSlot;
  readonly #incarnation: number;
  constructor(slot: NodeSlot) {
    this.#slot = slot;
    this.#incarnation = slot.incarnation;
  }
  get id(): string {
    return this.#slot.id;
  }
  get now(): number {
    return this.#slot.engine.time;
  }
  get localTime(): number {
    return this.#slot.localTime;
  }
  get random(): Random {
    return this.#slot.random;
  }
  get durable(): DurableStore {
    return this.#slot.durable;
  }
  get peers(): readonly string[] {
    return this.#slot.peers;
  }
  get incarnation(): number {
    return this.#incarnation;
  }
  send(to: string, msg: unknown): void {
    this.#live("send").engine.send(this.#slot, to, msg);
  }
  setTimer(delay: number, fn: () => void, label: string, repeat: boolean): TimerId {
    return this.#live(repeat ? "every" : "setTimer").setTimer(delay, fn, label, repeat);
  }
  cancelTimer(id: TimerId): void {
    // An old incarnation's timers are dead already; its ids must not cancel the new one's.
    if (this.#slot.incarnation === this.#incarnation) this.#slot.cancelTimer(id);
  }
  mark(name: string, data?: unknown): void {
    this.#live("mark").mark(name, data);
  }
  log(text: string): void {
    this.#live("log").log(text);
  }
  /** The slot, if this object is the node's current, living incarnation. */
  #live(call: string): NodeSlot {
    const slot = this.#slot;
    if (slot.incarnation !== this.#incarnation || !slot.alive) {
      throw new ConfigError(
        `node "${slot.id}" ${call}()`,
        `an object from incarnation ${this.#incarnation}`,
        `the node's current object (this one crashed at or before t=${slot.engine.time} ms; after a restart the simulation uses sim.node("${slot.id}"))`,
      );
    }
    return slot;
  }
}

/** A node's place in the simulation: its current object, its state of health and its timers. */
class NodeSlot {
  node: Node;
  alive = true;
  paused = false;
  incarnation = 0;
  private durableStore: DurableStore | null = null;
  private randomStream: Random | null = null;
  /** The timers set and not yet fired (one-shot) or cancelled, by id: what cancelTimer finds (made on first use). */
  private liveTimers: Map<TimerId, Job> | null = null;
  private nextTimer = 1;
  private deferred: Job[] | null = null;
  private peerList: readonly string[] | null = null;
  /** How many nodes there were when peerList was made (a view needs no remaking). */
  private peerCount = 0;

  constructor(
    readonly engine: Engine,
    readonly id: string,
    readonly index: number,
    private readonly factory: NodeFactory,
    first: Node,
    private readonly clock: LocalClock,
  ) {
    this.node = first;
    bindRuntime(first, new NodeRuntimeHandle(this));
  }

  get localTime(): number {
    return this.clock.read(this.engine.time);
  }

  /** Made on first use: most nodes at scale never touch their disk. */
  get durable(): DurableStore {
    return (this.durableStore ??= new DurableStore());
  }

  /** The stream "node/<id>", made on first use. */
  get random(): Random {
    return (this.randomStream ??= this.engine.random.stream(`node/${this.id}`));
  }

  get peers(): readonly string[] {
    const count = this.engine.ids.length;
    if (this.peerList === null || (this.peerCount !== count && this.peerCount <= SMALL)) {
      this.peerList = peerList(this.engine.ids, this.index, this.engine.lastRead);
      this.peerCount = count;
    }
    return this.peerList;
  }

  setTimer(delay: number, fn: () => void, label: string, repeat: boolean): TimerId {
    checkDelay(`node "${this.id}" ${repeat ? "every" : "setTimer"}(ms) for "${label}"`, delay);
    if (repeat && delay === 0) {
      throw new ConfigError(`node "${this.id}" every(ms) for "${label}"`, delay, "a period > 0 ms");
    }
    if (typeof fn !== "function") throw new ConfigError(`node "${this.id}" setTimer(ms, fn)`, fn, "a function");
    const id = this.nextTimer++;
    const engine = this.engine;
    const trueDelay = this.clock.trueDelay(delay, engine.time);
    // A timer job keeps its id in `id` and, when repeating, its period in `sentAt`.
    const job = new Job(TIMER, this, this.incarnation, null, null, id, repeat ? delay : 0, fn, label);
    (this.liveTimers ??= new Map()).set(id, job);
    engine.schedule(engine.time + trueDelay, job);
    return id;
  }

  cancelTimer(id: TimerId): void {
    const job = this.liveTimers?.get(id);
    if (job === undefined) return;
    job.cancelled = true;
    this.liveTimers!.delete(id);
  }

  mark(name: string, data?: unknown): void {
    const engine = this.engine;
    const copy = data === undefined ? undefined : engine.copy(this.id, data, "data");
    if (engine.tracing) engine.log.node(kinds.MARK, engine.time, this.index, String(name), copy);
  }

  log(text: string): void {
    this.record(kinds.LOG, String(text));
  }

  start(job: Job): void {
    if (job.incarnation !== this.incarnation || !this.alive) return;
    if (this.paused) return this.defer(job);
    this.record(this.incarnation === 0 ? kinds.START : kinds.RESTART);
    try {
      this.node.onStart();
    } catch (error) {
      throw this.handlerError(error, "onStart()");
    }
  }

  deliver(job: Job, msg: unknown): void {
    const source = job.source!;
    this.engine.lastRead.index = source.index;
    try {
      this.node.onMessage(source.id, msg);
    } catch (error) {
      throw this.handlerError(error, `message #${job.id} from "${source.id}" ${brief(job.msg)}`);
    }
  }

  fire(job: Job): void {
    const timer = job.id;
    if (job.cancelled || job.incarnation !== this.incarnation || !this.alive) return;
    if (this.paused) return this.defer(job);
    const period = job.sentAt;
    // A repeating timer goes back on the queue as the same job.
    if (period > 0) this.engine.schedule(this.engine.time + this.clock.trueDelay(period, this.engine.time), job);
    else this.liveTimers!.delete(timer);
    this.engine.stats.timers++;
    this.record(kinds.TIMER, job.label);
    try {
      // Called unbound, like the action above: a `function` callback must not get the job as `this`.
      const callback = job.fn!;
      callback();
    } catch (error) {
      throw this.handlerError(error, `timer "${job.label}"`);
    }
  }

  defer(job: Job): void {
    (this.deferred ??= []).push(job);
  }

  crash(): void {
    if (!this.alive) return;
    this.alive = false;
    this.paused = false;
    this.deferred = null;
    this.liveTimers = null;
    this.record(kinds.CRASH);
  }

  restart(): void {
    if (this.alive) {
      throw new ConfigError(`sim.restart("${this.id}")`, this.id, "a crashed node (crash it first, or schedule the restart after the crash)");
    }
    const fresh = this.factory();
    checkFresh(`restart of "${this.id}"`, fresh, true);
    this.alive = true;
    this.incarnation++;
    this.nextTimer = 1;
    this.node = fresh;
    bindRuntime(fresh, new NodeRuntimeHandle(this));
    this.engine.schedule(this.engine.time, new Job(START, this, this.incarnation, null, null, 0, 0, null, "restart"));
  }

  pause(): void {
    if (!this.alive || this.paused) return;
    this.paused = true;
    this.record(kinds.PAUSE);
  }

  resume(): void {
    if (!this.alive || !this.paused) return;
    this.paused = false;
    this.record(kinds.RESUME);
    const waiting = this.deferred ?? [];
    this.deferred = null;
    for (const job of waiting) this.engine.schedule(this.engine.time, job);
  }

  private record(kind: number, text?: string): void {
    const engine = this.engine;
    if (engine.tracing) engine.log.node(kind, engine.time, this.index, text, undefined);
  }

  /** The error to throw when this node's handler threw `error` while handling `event`. */
  private handlerError(error: unknown, event: string): unknown {
    if (error instanceof NodeHandlerError || error instanceof SimulationLimitError) return error;
    return new NodeHandlerError(this.id, this.engine.time, event, error);
  }
}

/** What a job is, for `step()`. */
function describeJob(job: Job): string {
  switch (job.kind) {
    case DELIVER:
      return `deliver #${job.id} ${job.source!.id} → ${job.slot!.id}`;
    case TIMER:
      return `timer "${job.label}" at ${job.slot!.id}`;
    case START:
      return `${job.label} ${job.slot!.id}`;
    default:
      return job.label;
  }
}

/** A node object for a new life: a Node, not yet serving any id. */
function checkFresh(field: string, node: unknown, fromFactory: boolean): void {
  if (!(node instanceof Node)) {
    throw new ConfigError(field, node, "a Node (an instance of a class that extends Node) or a function returning one");
  }
  const bound = runtimeOf(node);
  if (bound !== undefined) {
    throw new ConfigError(
      field,
      `a ${node.constructor.name} object already in a simulation (node "${bound.id}")`,
      fromFactory
        ? "a new object at every call of the factory: () => new X(...), not () => existing"
        : "a new object for each id (one node object cannot serve two ids or two simulations)",
    );
  }
}

function checkDelay(field: string, delay: number): void {
  if (typeof delay !== "number" || !(delay >= 0) || delay === Infinity) {
    throw new ConfigError(field, delay, "a finite delay in ms ≥ 0");
  }
}

function checkKeys(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${where}.${key}`, (options as Record<string, unknown>)[key], `no such option; the options are ${known.join(", ")}`);
    }
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
