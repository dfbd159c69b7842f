/**
 * The simulator's errors, each written to teach: what went wrong, where, and how to fix it.
 *
 *   ConfigError        bad configuration, thrown at once: names the field, the value given and what
 *                      is allowed ("network.loss: got 1.5, expected a probability in [0, 1]").
 *   NodeHandlerError   a node's handler threw: names the node, the virtual time and the event it
 *                      was handling; the original error is kept as `cause`.
 *   SimulationLimitError  a run hit its event or time limit (a livelock, a timer loop, or a run
 *                      without `until`): says which limit and how to raise it.
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

export class SimulationLimitError extends Error {
  constructor(
    readonly limit: "maxEvents" | "maxTime",
    readonly value: number,
    readonly time: number,
    readonly events: number,
  ) {
    super(
      limit === "maxEvents"
        ? `the run stopped after ${events} events at t=${formatTime(time)} (limit maxEvents=${value}). ` +
            `Something keeps scheduling work forever (a timer loop, a message storm): give the run an end ` +
            `with sim.run({ until: ms }), or raise the limit with sim.run({ maxEvents: n }).`
        : `the run reached t=${formatTime(time)} without finishing (limit maxTime=${value} ms). ` +
            `Give the run an end with sim.run({ until: ms }), or raise the limit with sim.run({ maxTime: ms }).`,
    );
    this.name = "SimulationLimitError";
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  return brief(value, 60);
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return brief(cause);
}
