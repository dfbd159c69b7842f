/**
 * The course library. Notebooks import from here:
 *
 *   import { Simulation, Node, plot, mean, check, replay, locks, failure } from "./lib";
 *   const report = locks.checkLocks(sim.trace);
 *
 * The core every notebook needs is flat:
 *
 *   sim/       the deterministic simulator: time, nodes, network faults, clocks, the trace
 *   viz/       plots shown under a cell: space-time diagrams and charts (plotly, offline)
 *   stats/     mean, standard error, quantiles, normal CDF; verdict: theory within k standard errors
 *   grading/   `check("00")` and `replay("00", scenario, seed)` for notebooks, `ifDone` for cells that use a student's code
 *
 * Each chapter is a namespace named after its folder (its names need no chapter prefix: `rpc.scenarios`,
 * `failure.scenarios`). Exercises, graders and tests import a chapter directly: `from "../lib/locks"`.
 */
export * from "./sim";
export * from "./viz";
export * from "./stats";
export * from "./grading";
export * as tour from "./tour"; // 00 a tour of the simulator: the flooding scenario
export * as queueing from "./queueing"; // 01 why distribute: queues, load balancing, availability
export * as rpc from "./rpc"; // 02 partial failure: requests, retries, outcomes
export * as failure from "./failure"; // 03 dead or slow: failure detectors, QoS, SWIM
export * as locks from "./locks"; // 04 locks whose holder died: lock server, storage, checker
export * as clocks from "./clocks"; // 05 clocks and order: physical clocks, sync, Lamport, HLC
export * as snapshot from "./snapshot"; // 06 global state: the bank, cuts, audits
export * as coordination from "./coordination"; // 07 the central coordinator: managers, batching workloads
export * as wire from "./wire"; // 08 heterogeneity: platforms, encodings, rolling upgrades
export * as replication from "./replication"; // 09 copies that disagree: histories, linearizability, quorums, CRDTs
export * as capstone from "./capstone"; // 10 the capstone: primary-backup under a configuration manager, the nemesis
