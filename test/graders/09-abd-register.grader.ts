// Grader for exercise 09: the ABD register. Scenarios: lib/replication/scenarios.ts (they return each
// run's client history and message count as plain data); every check below is a pure function of
// that data. A failure names the seed and the line to replay it in notebook 09: replay("09", scenario, seed).
import type { Grader, GradedCheck } from "../../lib/grading/scenario";
import { checkLinearizability, registerModel } from "../../lib/replication/linearizability";
import { abdMinimumMessages, type AbdRunData } from "../../lib/replication/scenarios";
import { expectThat } from "./support";

const where = (scenario: string, seed: number) => `\n  replay: replay("09", "${scenario}", ${seed})`;

function linearizable(scenario: string, points: number, title: string): GradedCheck<AbdRunData> {
  return {
    title,
    points,
    scenario,
    verify(data, seed) {
      expectThat(data.errors.length === 0, `seed ${seed}: ${data.errors[0]}${where(scenario, seed)}`);
      const completed = data.history.filter((op) => op.return !== Infinity).length;
      expectThat(
        completed * 2 >= data.planned,
        `seed ${seed}: expected at least half of the ${data.planned} planned operations to complete (a register that never answers is trivially linearizable); actual: ${completed}${where(scenario, seed)}`,
      );
      const result = checkLinearizability(data.history, registerModel);
      expectThat(
        result.ok,
        `seed ${seed}: expected a linearizable history of ${data.operations} operations; actual: ${result.failure?.message}${where(scenario, seed)}`,
      );
    },
  };
}

const live: GradedCheck<AbdRunData> = {
  title: "every operation completes while a majority is reachable",
  points: 2,
  scenario: "minority-lost",
  verify(data, seed) {
    const pending = data.history.filter((op) => op.return === Infinity);
    const first = pending[0];
    expectThat(
      !first,
      `seed ${seed}: expected every operation to complete (three of the five replicas stay up); actual: ${pending.length} of ${data.operations} never completed by ${data.end} ms, the first by client ${first?.client} (${JSON.stringify(first?.input)}, called at ${Math.round(first?.call ?? 0)} ms)${where("minority-lost", seed)}`,
    );
  },
};

const economical: GradedCheck<AbdRunData> = {
  title: "at most twice the algorithm's minimum messages per operation",
  points: 2,
  scenario: "faults",
  verify(data, seed) {
    const limit = 2 * abdMinimumMessages(data.replicas.length) * data.operations;
    expectThat(
      data.messages <= limit,
      `seed ${seed}: expected at most ${limit} messages (2 × 4 × ${data.replicas.length} replicas × ${data.operations} operations); actual: ${data.messages} (${(data.messages / data.operations).toFixed(1)} per operation). Resend only to replicas that have not answered, and not faster than every retryMs${where("faults", seed)}`,
    );
  },
};

const grader: Grader = {
  exercise: "09-abd-register",
  scenarios: "lib/replication/scenarios",
  checks: [
    linearizable("calm", 3, "linearizable without faults: concurrent clients, varying latency, reordering"),
    linearizable("faults", 5, "linearizable while a minority crashes, restarts, pauses or is cut off, with loss and duplication"),
    live,
    economical,
  ],
};

export default grader;
