/** Chapter 00, the tour: the flooding scenario its notebook and grader both run (a failing seed replays in the notebook). */
export { floodScenario } from "./flood";
export type { Flooder, FloodOptions, FloodRun } from "./flood";
