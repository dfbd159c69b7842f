/**
 * Exercises and grading as notebooks see them: stubs (`notImplemented`), cells that wait for the
 * student (`ifDone`), and the check cell (`await check("00")`).
 */
export { NotImplementedError, notImplemented, isNotImplemented, unfinishedStub, ifDone } from "./exercise";
export { check } from "./check";
export type { CheckedExercise } from "./check";
export { replay } from "./replay";
export type { ReplayedRun } from "./replay";
export type { ExerciseScenarios, Fault, GradedCheck, Grader, Scenario, Schedule } from "./scenario";
export { runChecksInProcess, verifyRuns } from "./run-checks";
export type { CheckOutcome } from "./run-checks";
