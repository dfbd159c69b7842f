// Grader for exercise 09: the ABD register. Scenarios: lib/replication/scenarios.ts (they return each
// run's client history and message count as plain data); every check below is a pure function of
// that data. The referee adds to a failure its seed and the line that replays it in notebook 09.
import type { Grader, GradedCheck } from "../../lib/grading/scenario";
import { checkLinearizability, registerModel } from "../../lib/replication/linearizability";
import { abdMinimumMessages, type AbdRunData } from "../../lib/replication/scenarios";
import { expectThat } from "./support";

/**
 * Every check first asks that the values went through the replicas (data.flow, value-flow.ts): a
 * client that works the workload out from the seed and answers at once, with no replica and no
 * message, writes a history that is linearizable, complete and cheap.
 */
function throughReplicas(data: AbdRunData): void {
  expectThat(
    data.flow.length === 0,
    `expected every value to go through the replicas: a write returns once a majority has it, a read returns a value that messages brought; actual: ${data.flow.length} operation(s) did not, the first: ${data.flow[0]}`,
  );
}

function linearizable(scenario: string, points: number, title: string): GradedCheck<AbdRunData> {
  return {
    title,
    points,
    scenario,
    verify(data) {
      expectThat(data.errors.length === 0, `${data.errors[0]}`);
      throughReplicas(data);
      const completed = data.history.filter((op) => op.return !== Infinity).length;
      expectThat(
        completed * 2 >= data.planned,
        `expected at least half of the ${data.planned} planned operations to complete (a register that never answers is trivially linearizable); actual: ${completed}`,
      );
      const result = checkLinearizability(data.history, registerModel);
      expectThat(
        result.ok,
        `expected a linearizable history of ${data.operations} operations; actual: ${result.failure?.message}`,
      );
    },
  };
}

const live: GradedCheck<AbdRunData> = {
  title: "every operation completes while a majority is reachable",
  points: 2,
  scenario: "minority-lost",
  verify(data) {
    throughReplicas(data);
    const pending = data.history.filter((op) => op.return === Infinity);
    const first = pending[0];
    expectThat(
      !first,
      `expected every operation to complete (three of the five replicas stay up); actual: ${pending.length} of ${data.operations} never completed by ${data.end} ms, the first by client ${first?.client} (${JSON.stringify(first?.input)}, called at ${Math.round(first?.call ?? 0)} ms)`,
    );
  },
};

const economical: GradedCheck<AbdRunData> = {
  title: "at most twice the algorithm's minimum messages per operation",
  points: 2,
  scenario: "faults",
  verify(data) {
    throughReplicas(data);
    const limit = 2 * abdMinimumMessages(data.replicas.length) * data.operations;
    expectThat(
      data.messages <= limit,
      `expected at most ${limit} messages (2 × 4 × ${data.replicas.length} replicas × ${data.operations} operations); actual: ${data.messages} (${(data.messages / data.operations).toFixed(1)} per operation). Resend only to replicas that have not answered, and not faster than every retryMs`,
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
