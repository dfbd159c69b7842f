/** Scenarios that a notebook and its grader both run, so a failing seed replays in the notebook. */
export { floodScenario } from "./flood";
export type { Flooder, FloodOptions, FloodRun } from "./flood";
