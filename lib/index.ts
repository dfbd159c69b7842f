/**
 * The course library. Notebooks import everything from here: `import { Simulation, Node } from "./lib"`.
 *
 *   sim/       the deterministic simulator: time, nodes, network faults, clocks, the trace
 *   viz/       plots shown under a cell: space-time diagrams and charts (plotly, offline)
 *   grading/   `check("00")` for notebooks, and the helpers graders use
 */
export * from "./sim";
export * from "./grading";
