/**
 * The trace: one ordered record of everything that happened in a run.
 *
 * Every send, delivery, drop, timer firing, crash, restart, pause, resume, partition change and
 * node annotation is one `TraceEvent`, appended in the order the simulator processed it (which is
 * virtual-time order). Plots, metrics, checkers and graders all read this one array; nothing else
 * keeps history.
 *
 *   sim.trace                        // a read-only view: index it, filter it, iterate it, slice it
 *                                    // (each event is frozen; sim.trace.slice() is a plain copy)
 *   sim.trace.filter(isMessageEvent) // sends, deliveries and drops
 *   traceHash(sim.trace)             // a short hex digest: same seed, same hash
 *
 * Message events share an `id` (one per copy put on the wire; a duplicate made by the network
 * gets its own id and names the original in `duplicateOf`), so a send can be matched with its
 * delivery or drop. Nodes add their own events with `this.mark(name, data)` (for example a
 * failure detector's "suspect") and `this.log(text)`.
 *
 * A trace can be turned off for big runs (`new Simulation({ trace: false })`); the counters in
 * `sim.stats` are kept either way.
 */
import { createHash } from "crypto";
import { stableJson } from "./values";

/** Why the network or the simulator did not deliver a message. */
export type DropReason = "loss" | "partition" | "crashed";

interface MessageFields {
  time: number;
  /** Unique per copy on the wire. */
  id: number;
  from: string;
  to: string;
  msg: unknown;
}

export interface SendEvent extends MessageFields {
  kind: "send";
  /** Set when the network duplicated a message: the id of the copy this one repeats. */
  duplicateOf?: number;
}
export interface DeliverEvent extends MessageFields {
  kind: "deliver";
  sentAt: number;
}
export interface DropEvent extends MessageFields {
  kind: "drop";
  sentAt: number;
  reason: DropReason;
}
export interface TimerEvent {
  kind: "timer";
  time: number;
  node: string;
  label: string;
}
export interface LifecycleEvent {
  kind: "start" | "crash" | "restart" | "pause" | "resume";
  time: number;
  node: string;
}
export interface PartitionEvent {
  kind: "partition";
  time: number;
  /** The partition's number (its handle's `id`); the heal that ends it carries the same number. */
  cut?: number;
  /** The two groups: links from `a` to `b` are cut, and back unless `oneWay`. */
  a?: string[];
  b?: string[];
  oneWay?: boolean;
  description: string;
  /**
   * Directed links cut by this change, as [from, to] pairs. Worked out from the groups when first
   * read (not stored, not in `traceHash` or JSON: half of 10,000 nodes against the other half is
   * 50 million pairs).
   */
  links: Array<[string, string]>;
}
export interface HealEvent {
  kind: "heal";
  time: number;
  /** The partition this heal ended (absent for `heal()` and `heal(nodes)`). */
  cut?: number;
  /** The healed partition's groups; for `heal(nodes)`, `a` lists the nodes. */
  a?: string[];
  b?: string[];
  oneWay?: boolean;
  description: string;
  /** Directed links restored (no longer cut by any partition), worked out when first read. */
  links: Array<[string, string]>;
}
export interface MarkEvent {
  kind: "mark";
  time: number;
  node: string;
  name: string;
  data?: unknown;
}
export interface LogEvent {
  kind: "log";
  time: number;
  node: string;
  text: string;
}

export type MessageEvent = SendEvent | DeliverEvent | DropEvent;
export type TraceEvent =
  | SendEvent
  | DeliverEvent
  | DropEvent
  | TimerEvent
  | LifecycleEvent
  | PartitionEvent
  | HealEvent
  | MarkEvent
  | LogEvent;
export type TraceKind = TraceEvent["kind"];

export function isMessageEvent(e: TraceEvent): e is MessageEvent {
  return e.kind === "send" || e.kind === "deliver" || e.kind === "drop";
}

/** The events of one kind, typed: `eventsOf(trace, "deliver")`. */
export function eventsOf<K extends TraceKind>(
  trace: readonly TraceEvent[],
  kind: K,
): Array<Extract<TraceEvent, { kind: K }>> {
  return trace.filter((e) => e.kind === kind) as Array<Extract<TraceEvent, { kind: K }>>;
}

/** The `mark` events with a given name, e.g. `marks(trace, "suspect")`. */
export function marks(trace: readonly TraceEvent[], name: string): MarkEvent[] {
  return trace.filter((e): e is MarkEvent => e.kind === "mark" && e.name === name);
}

/**
 * A SHA-256 digest (hex, 16 characters) of the whole trace: equal traces, equal hashes, for
 * everything a message may carry (NaN, BigInt, Map, Set, Date and typed arrays included).
 */
export function traceHash(trace: readonly TraceEvent[]): string {
  const hash = createHash("sha256");
  for (const event of trace) hash.update(stableJson(event) + "\n");
  return hash.digest("hex").slice(0, 16);
}

/** One line per event, for printing a short trace in a notebook or a failure message. */
export function formatEvent(e: TraceEvent): string {
  const t = `t=${formatTime(e.time)}`;
  switch (e.kind) {
    case "send":
      return `${t} ${e.from} → ${e.to} send #${e.id} ${brief(e.msg)}${e.duplicateOf !== undefined ? ` (duplicate of #${e.duplicateOf})` : ""}`;
    case "deliver":
      return `${t} ${e.from} → ${e.to} deliver #${e.id} ${brief(e.msg)}`;
    case "drop":
      return `${t} ${e.from} → ${e.to} drop #${e.id} (${e.reason}) ${brief(e.msg)}`;
    case "timer":
      return `${t} ${e.node} timer ${e.label}`;
    case "mark":
      return `${t} ${e.node} ${e.name}${e.data === undefined ? "" : " " + brief(e.data)}`;
    case "log":
      return `${t} ${e.node}: ${e.text}`;
    case "partition":
    case "heal":
      return `${t} ${e.kind} ${e.description}`;
    default:
      return `${t} ${e.node} ${e.kind}`;
  }
}

/** Virtual time for people: "1234.5 ms". */
export function formatTime(ms: number): string {
  return `${Number.isInteger(ms) ? ms : ms.toFixed(1)} ms`;
}

/** A message or value as short JSON (at most `max` characters). */
export function brief(value: unknown, max = 80): string {
  let text: string;
  try {
    text = stableJson(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}
