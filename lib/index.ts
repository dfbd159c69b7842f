/**
 * The course library. Notebooks import everything from here: `import { Simulation, Node } from "./lib"`.
 *
 *   sim/       the deterministic simulator: time, nodes, network faults, clocks, the trace
 *   viz/       plots shown under a cell: space-time diagrams and charts (plotly, offline)
 *   stats/     mean, standard error, quantiles, normal CDF; verdict: theory within k standard errors
 *   grading/   `check("00")` and `replay("00", scenario, seed)` for notebooks, `ifDone` for cells that use a student's code
 *
 * Each chapter's building blocks live in a folder of their own, re-exported below in course order.
 */
export * from "./sim";
export * from "./viz";
export * from "./stats"; // mean, standard error, quantiles, normal CDF, and the theory-vs-simulation verdict
export * from "./grading";
export * from "./tour"; // 00 a tour of the simulator: the flooding scenario
export * from "./queueing"; // 01 why distribute: queues, load balancing, availability
export * from "./rpc"; // 02 partial failure: requests, retries, outcomes
export * from "./failure"; // 03 dead or slow: failure detectors, QoS, SWIM
export * from "./locks"; // 04 locks whose holder died: lock server, storage, checker
export * from "./clocks"; // 05 clocks and order: physical clocks, sync, Lamport, HLC
export * from "./snapshot"; // 06 global state: the bank, cuts, audits
export * from "./coordination"; // 07 the central coordinator: managers, batching workloads
export * from "./wire"; // 08 heterogeneity: platforms, encodings, rolling upgrades
export * from "./replication"; // 09 copies that disagree: histories, linearizability, quorums, CRDTs
export * from "./capstone"; // 10 the capstone: primary-backup under a configuration manager, the nemesis
