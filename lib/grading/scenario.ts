/**
 * The one shape of a graded scenario, in every chapter.
 *
 * A chapter's graded scenarios live in `lib/<chapter>/scenarios.ts` and are exported as one
 * `ExerciseScenarios` value. A scenario has a name and its graded seeds; it builds its fault
 * schedule from a seed as plain data (so a failing schedule can be shrunk by dropping or
 * shortening faults); it runs a student's implementation on a schedule and returns plain data
 * (the trace and whatever the checks need: numbers, strings, arrays and plain objects that survive
 * a structured clone). Checks are pure functions of that data and live with the grader; they never
 * see the student's objects.
 *
 *   export const scenarios: ExerciseScenarios<typeof import("../../exercises/04-leases-and-fencing")> = {
 *     exercise: "04-leases-and-fencing",
 *     scenarios: {
 *       safety: {
 *         seeds: range(1, 20),
 *         schedule: (seed) => ({ faults: [...] }),
 *         run: (impl, seed, schedule) => ({ trace: sim.trace.slice(), ... }),
 *       },
 *     },
 *   };
 *
 * The same call replays a graded run in a notebook (`replay`), in the grader's sandbox and in the
 * failure message a student reads ("replay: ...").
 */

/** One fault of a schedule: plain data, e.g. `{ kind: "partition", groups: [["a"], ["b", "c"]], from: 1000, to: 3000 }`. */
export interface Fault {
  kind: string;
  [field: string]: unknown;
}

/**
 * A scenario's fault schedule for one seed: plain data. `faults` is what a shrinker may drop
 * entries from or shorten (`to - from`); other fields are the scenario's own parameters
 * (workload size, node count) that a shrinker may lower where the scenario says so in `shrink`.
 */
export interface Schedule {
  faults: Fault[];
  [parameter: string]: unknown;
}

export interface Scenario<Impl = unknown, Data = unknown> {
  /** One sentence for the student: what happens in this scenario. */
  describe: string;
  /** The seeds the grader runs (under a secret, others drawn from it: tools/grading/secret-seeds.ts). */
  seeds: readonly number[];
  /**
   * True when the seeds number scripted cases (`[1_000, 400][seed - 1]`) rather than seed random
   * choices: such a scenario is graded on its own seeds even under a secret. Only for scenarios with
   * nothing to foresee (a pure function called on fixed inputs, no simulated schedule).
   */
  scripted?: boolean;
  /** The fault schedule of `seed`, as plain data. */
  schedule(seed: number): Schedule;
  /**
   * Runs `impl` on `schedule` (its seed drives every other random choice) and returns plain data.
   * `fresh()`, where given, evaluates the student's module again: an implementation that shares no
   * module state with `impl` (nor with any other `fresh()`). Use it where a property depends on
   * two parties not sharing memory, as two machines do not: decode in `fresh()` what `impl`
   * encoded, or give each node of an exchange its own. The grading sandbox always gives it (node
   * classes are isolated per object there anyway); a caller in process may leave it out, so a
   * scenario falls back to `impl`: `const receiver = fresh?.() ?? impl`.
   */
  run(impl: Impl, seed: number, schedule: Schedule, fresh?: () => Impl): Data;
  /** Smaller variants of a schedule's parameters worth trying when shrinking (optional). */
  shrink?(schedule: Schedule): Schedule[];
}

export interface ExerciseScenarios<Impl = any> {
  /** The exercise file's name without extension, e.g. "04-leases-and-fencing". */
  exercise: string;
  scenarios: Record<string, Scenario<Impl, any>>;
}

/**
 * One graded check, declared as data beside its points. A check is a pure function of the plain
 * data a scenario returned: `verify` judges one seed's run, `verifyAll` (for properties of many runs
 * together, such as fairness or a rate) judges all of them. Both throw (`expectThat` in
 * test/graders/support.ts) with a message for the student when the property does not hold. The
 * message never names the seed or the replay line: the referee adds both. A `verifyAll` error may
 * carry a numeric `seed` (`expectThat`'s third argument), the run to replay.
 */
export interface GradedCheck<Data = any> {
  title: string;
  points: number;
  /** The scenario's name in the exercise's `ExerciseScenarios`. */
  scenario: string;
  /** The seeds to run; the scenario's own seeds when left out. */
  seeds?: readonly number[];
  verify?(data: Data, seed: number): void;
  verifyAll?(runs: ReadonlyArray<{ seed: number; data: Data }>): void;
}

/** A grader: test/graders/NN-topic.grader.ts exports one as `default`. */
export interface Grader {
  /** "04-leases-and-fencing": the exercise file graded. */
  exercise: string;
  /** The module (path from the repository root, no extension) exporting `scenarios: ExerciseScenarios`. */
  scenarios: string;
  checks: GradedCheck[];
}
