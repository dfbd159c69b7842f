/**
 * Consistency models as properties of histories, strongest first. The same register history
 * (history.ts; writes write distinct values) is judged four ways:
 *
 *   checkLinearizability(h, registerModel)   one order of all operations, legal, respecting real time
 *   checkSequential(h, registerModel)        one legal order respecting each client's own order only
 *   checkCausal(h)                           each client may see its own legal order of all writes and
 *                                            its reads, respecting causality (program order and
 *                                            "read the value that write wrote", transitively)
 *   checkEventual(h, settleMs)               once writes stop, reads begun settleMs later all return
 *                                            the same written value
 *
 * Each returns { ok, order?, message? }: a witness order (indices into the history) or why none
 * exists. Every linearizable history is sequential, every sequential one causal; eventual
 * consistency promises only convergence, nothing about order. Operations with an unknown outcome
 * (return Infinity) may be left out of an order. The searches are exhaustive with memoisation, for
 * the small histories the notebook draws (tens of operations).
 */
import type { History } from "./history";
import type { Model, RegisterInput } from "./linearizability";
import { registerModel } from "./linearizability";

export interface ModelVerdict {
  ok: boolean;
  order?: number[];
  message?: string;
}

type RegisterHistory = History<RegisterInput, unknown>;

/** A legal order of `ids` in which `before(a, b)` ⇒ a comes first; unknown outcomes are optional. */
function legalOrder<S>(history: History, ids: number[], before: (a: number, b: number) => boolean, model: Model<S>): number[] | null {
  const key = model.key ?? ((s: S) => JSON.stringify(s));
  const placed = new Set<number>();
  const seen = new Set<string>();
  const order: number[] = [];
  const required = ids.filter((i) => history[i].return !== Infinity).length;
  const search = (state: S, placedRequired: number): boolean => {
    if (placedRequired === required) return true;
    const memo = `${ids.filter((i) => placed.has(i)).join(",")}|${key(state)}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    for (const i of ids) {
      if (placed.has(i) || ids.some((j) => j !== i && !placed.has(j) && before(j, i))) continue;
      const [ok, next] = model.step(state, history[i].input, history[i].output);
      if (!ok) continue;
      placed.add(i);
      order.push(i);
      if (search(next, placedRequired + (history[i].return !== Infinity ? 1 : 0))) return true;
      placed.delete(i);
      order.pop();
    }
    return false;
  };
  return search(model.init(), 0) ? order : null;
}

const all = (history: History) => history.map((_, i) => i);
const programOrder = (history: History) => (a: number, b: number) => history[a].client === history[b].client && history[a].call < history[b].call;

export function checkSequential<S>(history: History, model: Model<S>): ModelVerdict {
  const order = legalOrder(history, all(history), programOrder(history), model);
  return order ? { ok: true, order } : { ok: false, message: "no order of all the operations that keeps each client's own order is legal" };
}

/** Causal order of a register history: program order and reads-from, transitively closed. */
function causalOrder(history: RegisterHistory): boolean[][] {
  const n = history.length;
  const hb = history.map(() => new Array<boolean>(n).fill(false));
  const po = programOrder(history);
  const writerOf = new Map<string, number>();
  history.forEach((op, i) => {
    if (op.input.op === "write") writerOf.set(JSON.stringify(op.input.value), i);
  });
  history.forEach((op, i) => {
    for (let j = 0; j < n; j++) if (po(j, i)) hb[j][i] = true;
    if (op.input.op === "read" && op.output !== null && op.output !== undefined) {
      const w = writerOf.get(JSON.stringify(op.output));
      if (w !== undefined) hb[w][i] = true;
    }
  });
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (hb[i][k]) for (let j = 0; j < n; j++) if (hb[k][j]) hb[i][j] = true;
  return hb;
}

export function checkCausal(history: RegisterHistory): ModelVerdict {
  const written = new Set(history.filter((op) => op.input.op === "write").map((op) => JSON.stringify((op.input as { value: unknown }).value)));
  const ghost = history.findIndex((op) => op.input.op === "read" && op.output !== null && op.output !== undefined && !written.has(JSON.stringify(op.output)));
  if (ghost >= 0) return { ok: false, message: `operation ${ghost} reads ${JSON.stringify(history[ghost].output)}, which no write wrote` };
  const hb = causalOrder(history);
  const cycle = history.findIndex((_, i) => hb[i][i]);
  if (cycle >= 0) return { ok: false, message: `operation ${cycle} causally precedes itself: a read saw a write from its own future` };
  for (const client of Array.from(new Set(history.map((op) => op.client)))) {
    const ids = all(history).filter((i) => history[i].input.op === "write" || history[i].client === client);
    if (!legalOrder(history, ids, (a, b) => hb[a][b], registerModel)) {
      return { ok: false, message: `client ${String(client)} has no order of all writes and its own reads that respects causality` };
    }
  }
  return { ok: true };
}

export function checkEventual(history: RegisterHistory, settleMs: number): ModelVerdict {
  const writes = history.filter((op) => op.input.op === "write");
  const quiet = Math.max(0, ...writes.map((op) => op.return)) + settleMs;
  if (quiet === Infinity) return { ok: false, message: "a write never returned, so the history never goes quiet" };
  const late = all(history).filter((i) => history[i].input.op === "read" && history[i].call >= quiet && history[i].return !== Infinity);
  const values = Array.from(new Set(late.map((i) => JSON.stringify(history[i].output))));
  const written = new Set(writes.map((op) => JSON.stringify((op.input as { value: unknown }).value)));
  if (values.length > 1) return { ok: false, message: `reads begun ${settleMs} ms after the last write still disagree: ${values.join(", ")}` };
  if (values.length === 1 && !written.has(values[0]) && !(writes.length === 0 && values[0] === "null")) return { ok: false, message: `reads converged on ${values[0]}, which no write wrote` };
  return { ok: true, order: late };
}
