/**
 * The course library. Notebooks import everything from here: `import { Simulation, Node } from "./lib"`.
 *
 *   sim/       the deterministic simulator: time, nodes, network faults, clocks, the trace
 *   viz/       plots shown under a cell: space-time diagrams and charts (plotly, offline)
 *   grading/   `check("00")` for notebooks, `ifDone` for cells that use a student's code
 *
 * Each chapter's building blocks live in a folder of their own and are re-exported below.
 */
export * from "./sim";
export * from "./viz";
export * from "./grading";
export * from "./clocks";
export * from "./snapshot";
export * from "./rpc";
export * from "./failure";
export * from "./scenarios";
export * from "./locks";
export * from "./queueing";
export * from "./coordination";
export * from "./wire";
