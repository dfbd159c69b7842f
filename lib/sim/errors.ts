/**
 * The simulator's errors, each written to teach: what went wrong, where, and how to fix it.
 *
 *   ConfigError        bad configuration or a bad call, thrown at once: names the field, the value as
 *                      written and what is allowed ("network.loss: got 1.5, expected a probability in
 *                      [0, 1]"; NaN and Infinity are shown as NaN and Infinity, never as null).
 *   MessageError       a value a node tried to send (or mark) is not a value: a function, a
 *                      class instance with methods, a cycle. Names the node, the virtual time and the
 *                      path to the offending part ("msg.reply", "msg.items[2]").
 *   NodeHandlerError   a node's handler threw: names the node, the virtual time and the event it
 *                      was handling; the original error is kept as `cause`.
 *   SimulationLimitError  a run hit its event, virtual-time or wall-clock limit (a livelock, a timer
 *                      loop, a run without `until`): says which limit and how to raise it.
 *
 * `listOf(ids)` writes a long list of node ids the way every error shows it: the first ten, then
 * "… and 99,990 more".
 */
import { brief, formatTime } from "./trace";

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field}: got ${describeValue(value)}, expected ${allowed}`);
    this.name = "ConfigError";
  }
}

export class MessageError extends Error {
  constructor(
    readonly node: string,
    readonly time: number,
    readonly path: string,
    readonly problem: string,
  ) {
    super(
      `node "${node}" at t=${formatTime(time)}: ${path} is ${problem}. Messages are values (copied as ` +
        `structuredClone copies): send plain objects, arrays, strings, numbers, booleans, null, BigInt, ` +
        `Map, Set, Date or typed arrays, without cycles; turn a class instance into plain data first ` +
        `(for example clock.toObject()).`,
    );
    this.name = "MessageError";
  }
}

export class NodeHandlerError extends Error {
  constructor(
    readonly node: string,
    readonly time: number,
    readonly event: string,
    readonly cause: unknown,
  ) {
    super(
      `node "${node}" threw at t=${formatTime(time)} while handling ${event}: ${causeMessage(cause)}`,
    );
    this.name = "NodeHandlerError";
    const stack = cause instanceof Error ? cause.stack : undefined;
    if (stack) this.stack = `${this.name}: ${this.message}\n--- thrown by ---\n${stack}`;
  }
}

export type Limit = "maxEvents" | "maxTime" | "maxWallMs";

export class SimulationLimitError extends Error {
  constructor(
    readonly limit: Limit,
    readonly value: number,
    readonly time: number,
    readonly events: number,
  ) {
    super(limitMessage(limit, value, time, events));
    this.name = "SimulationLimitError";
  }
}

function limitMessage(limit: Limit, value: number, time: number, events: number): string {
  if (limit === "maxEvents") {
    return (
      `the run stopped after ${events} events at t=${formatTime(time)} (limit maxEvents=${value}). ` +
      `Something keeps scheduling work forever (a timer loop, a message storm): give the run an end ` +
      `with sim.run({ until: ms }), or raise the limit with sim.run({ maxEvents: n }).`
    );
  }
  if (limit === "maxTime") {
    return (
      `the run reached t=${formatTime(time)} without finishing (limit maxTime=${value} ms). ` +
      `Give the run an end with sim.run({ until: ms }), or raise the limit with sim.run({ maxTime: ms }).`
    );
  }
  return (
    `the run used more than its wall-clock budget (maxWallMs=${value}) after ${events} events, at ` +
    `virtual t=${formatTime(time)}. Something keeps the simulator busy without an end (a zero-delay ` +
    `timer loop, a message storm): give the run an end with sim.run({ until: ms }), or raise the ` +
    `budget with sim.run({ maxWallMs: ms }).`
  );
}

/** A value as the reader wrote it: strings quoted, NaN and Infinity by name, objects as short JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (value === undefined) return "undefined";
  return brief(value, 60);
}

/** Ids for an error message, quoted: at most `max` of them, then how many more. */
export function listOf(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max).map((id) => JSON.stringify(id)).join(", ");
  const rest = ids.length - max;
  return rest > 0 ? `${shown} … and ${rest.toLocaleString("en")} more` : shown;
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return brief(cause);
}
