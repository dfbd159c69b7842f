/** Chapter 00, the tour: the flooding runs its notebook and grader share (a failing seed replays in the notebook). */
export { floodScenario, floodPlan, runFlood } from "./flood";
export type { Flooder, FloodOptions, FloodPlan, FloodRun } from "./flood";
export { scenarios } from "./scenarios";
export type { FloodData, FloodImplementation, RumourMessage } from "./scenarios";
