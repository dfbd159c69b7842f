/**
 * The capstone service as a sequential specification, for chapter 09's linearizability checker.
 *
 *   checkLinearizability(history, capstoneModel);   // history: HistoryOp[] from the clients' hosts
 *
 * The state of one key is its string value ("" at first); the history is checked one key at a time
 * (every operation touches one key). An operation with an unknown outcome (output undefined) may
 * take effect or not, with any output.
 */
import type { History } from "../replication/history";
import type { Model } from "../replication/linearizability";
import { stepKey, type Op } from "./protocol";

export const capstoneModel: Model<string, Op, string> = {
  init: () => "",
  step(state, input, output) {
    const { output: expected, next } = stepKey(state, input);
    return [output === undefined || output === expected, next];
  },
  partition(history) {
    const byKey = new Map<string, History<Op, string>>();
    for (const op of history) {
      const list = byKey.get(op.input.key) ?? [];
      list.push(op);
      byKey.set(op.input.key, list);
    }
    return Array.from(byKey.values());
  },
  key: (state) => state,
};
