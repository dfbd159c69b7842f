/**
 * The simulator: a deterministic discrete-event simulation of nodes on a faulty network.
 * Start with simulation.ts (the run), node.ts (writing a node) and network.ts (the faults);
 * values.ts says what a message may carry, trace.ts what a run records.
 */
export { Simulation } from "./simulation";
export type { SimulationOptions, AddOptions, RunOptions, RunResult, StepResult, SimulationStats, NodeFactory, PartitionOptions } from "./simulation";
export { Node, DurableStore } from "./node";
export type { TimerId } from "./node";
export { Network, Partition, DEFAULT_LINK } from "./network";
export type { LinkOptions, Link } from "./network";
export * as latency from "./latency";
export type { Latency } from "./latency";
export { Random } from "./random";
export type { Seed } from "./random";
export { EventQueue } from "./event-queue";
export { PhysicalClock, perfectClock } from "./clock";
export type { LocalClock, ClockJump, PhysicalClockOptions } from "./clock";
export { ConfigError, MessageError, NodeHandlerError, SimulationLimitError } from "./errors";
export * from "./trace";
