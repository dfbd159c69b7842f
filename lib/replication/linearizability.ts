/**
 * Is a history linearizable? The Wing–Gong search with Lowe's memoisation, as Porcupine does it.
 *
 *   const result = checkLinearizability(history, registerModel);
 *   result.ok;              // true: some order of the operations, each placed between its call and
 *                           //   its return, is legal for the model
 *   result.linearization;   // that order (indices into `history`; partitions one after another)
 *   result.failure;         // when not: which operation no order can place, the longest legal
 *                           //   prefix found, and a sentence saying so
 *
 * A history is an array of `{ client, input, output, call, return }` (history.ts). An operation
 * with `return: Infinity` and `output: undefined` has an unknown outcome (a timeout): it may take
 * effect at any time after its call, or never. Operations whose intervals touch (one's return time
 * equals another's call time) count as concurrent, as in Porcupine.
 *
 * A model is a sequential specification:
 *   init()                         the initial state
 *   step(state, input, output)     [ok, next]: may `input` return `output` in `state`, and the state after.
 *                                  `output` is undefined for an unknown outcome: accept any result.
 *   partition?(history)            independent sub-histories (e.g. one per key), checked one by one
 *   key?(state)                    a string equal for equal states (default: JSON.stringify)
 * States are treated as values: `step` must return a new state, never change the one it got.
 *
 * Built-in models: `registerModel` (input `{ op: "read" }` → the value; `{ op: "write", value }` →
 * anything; initial value null) and `kvModel` (`{ op: "get", key }` → value or null,
 * `{ op: "put", key, value }`; partitioned by key).
 *
 * The search (Wing & Gong 1993; Lowe 2017): walk the call and return events in time order; at a
 * call, try to linearize that operation now (the model must accept its output), remove it, and
 * start again from the first event; at a return whose operation is not yet linearized, this branch
 * failed: undo the last choice and try the next call after it. Lowe's memoisation skips a choice
 * whose (set of linearized operations, state) was seen before. Worst case exponential, in practice
 * fast: `options.maxSteps` (default 10,000,000 search steps) bounds it, and a history that exhausts
 * it is reported with `failure.reason: "budget exhausted"` (not a verdict).
 */
import type { History, Operation } from "./history";

export interface Model<S = any, I = any, O = any> {
  init(): S;
  step(state: S, input: I, output: O | undefined): [boolean, S];
  partition?(history: History<I, O>): Array<History<I, O>>;
  key?(state: S): string;
}

export interface LinearizabilityOptions {
  /** Search steps (events visited) before giving up. Default 10,000,000. */
  maxSteps?: number;
}

export interface LinearizabilityFailure {
  reason: "not linearizable" | "budget exhausted";
  /** Indices (into `history`) of the partition that failed. */
  operations: number[];
  /** The longest legal order found, as indices into `history`. */
  prefix: number[];
  /** The operation no order could place before its return (index into `history`), or -1. */
  blocked: number;
  message: string;
}

export interface LinearizabilityResult {
  ok: boolean;
  linearization?: number[];
  failure?: LinearizabilityFailure;
}

export function checkLinearizability<S, I, O>(history: History<I, O>, model: Model<S, I, O>, options: LinearizabilityOptions = {}): LinearizabilityResult {
  validate(history);
  const maxSteps = options.maxSteps ?? 10_000_000;
  if (!(maxSteps > 0)) throw new Error(`checkLinearizability: options.maxSteps must be > 0, got ${maxSteps}`);
  const index = new Map<Operation<I, O>, number>();
  history.forEach((op, i) => index.set(op, i));
  const parts = model.partition ? model.partition(history) : [history];
  const linearization: number[] = [];
  for (const part of parts) {
    const ids = part.map((op) => {
      const i = index.get(op);
      if (i === undefined) throw new Error("checkLinearizability: model.partition returned an operation that is not in the history; return the history's own operation objects");
      return i;
    });
    const result = search(history, ids, model, maxSteps);
    if (!result.ok) return result;
    linearization.push(...result.linearization!);
  }
  return { ok: true, linearization };
}

/** Wing–Gong over one partition (`ids`: indices into `history`), with dancing links over the events. */
function search<S, I, O>(history: History<I, O>, ids: number[], model: Model<S, I, O>, maxSteps: number): LinearizabilityResult {
  const key = model.key ?? ((s: S) => JSON.stringify(s));
  // Events: 1..m; 0 is the list head. For each event: the operation (local index), call or return.
  type Event = { op: number; time: number; isCall: boolean };
  const events: Event[] = [];
  ids.forEach((id, local) => {
    const op = history[id];
    events.push({ op: local, time: op.call, isCall: true });
    if (op.return !== Infinity) events.push({ op: local, time: op.return, isCall: false });
  });
  events.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? 0 : a.isCall ? -1 : 1));
  const m = events.length;
  const next = new Int32Array(m + 2);
  const prev = new Int32Array(m + 2);
  const evOp = new Int32Array(m + 1);
  const evCall = new Uint8Array(m + 1);
  const returnOf = new Int32Array(ids.length).fill(-1);
  for (let e = 1; e <= m; e++) {
    evOp[e] = events[e - 1].op;
    evCall[e] = events[e - 1].isCall ? 1 : 0;
    if (!evCall[e]) returnOf[evOp[e]] = e;
    prev[e] = e - 1;
    next[e] = e + 1 <= m ? e + 1 : -1;
  }
  next[0] = m >= 1 ? 1 : -1;
  const unlink = (e: number) => {
    next[prev[e]] = next[e];
    if (next[e] !== -1) prev[next[e]] = prev[e];
  };
  const relink = (e: number) => {
    next[prev[e]] = e;
    if (next[e] !== -1) prev[next[e]] = e;
  };

  const words = new Uint16Array(Math.ceil(ids.length / 16) || 1);
  const seen = new Set<string>();
  const stack: Array<{ event: number; state: S }> = [];
  let returnsLeft = events.filter((e) => !e.isCall).length;
  let state = model.init();
  let entry = next[0];
  let best: number[] = [];
  let blocked = -1;
  let steps = 0;
  const order = () => stack.map((s) => ids[evOp[s.event]]);

  while (returnsLeft > 0) {
    if (++steps > maxSteps) return failed("budget exhausted", ids, best, blocked, `gave up after ${maxSteps} search steps (${ids.length} operations); the verdict is unknown, not a violation: check a shorter history`);
    if (evCall[entry]) {
      const local = evOp[entry];
      const op = history[ids[local]];
      const [legal, after] = model.step(state, op.input, op.output);
      if (legal) {
        words[local >> 4] |= 1 << (local & 15);
        const memo = String.fromCharCode.apply(null, words as unknown as number[]) + key(after);
        if (!seen.has(memo)) {
          seen.add(memo);
          stack.push({ event: entry, state });
          state = after;
          unlink(entry);
          if (returnOf[local] !== -1) {
            unlink(returnOf[local]);
            returnsLeft--;
          }
          entry = next[0];
          continue;
        }
        words[local >> 4] &= ~(1 << (local & 15));
      }
      entry = next[entry];
    } else {
      if (stack.length >= best.length) {
        best = order();
        blocked = ids[evOp[entry]];
      }
      const top = stack.pop();
      if (!top) return failed("not linearizable", ids, best, blocked, undefined, history);
      const local = evOp[top.event];
      state = top.state;
      words[local >> 4] &= ~(1 << (local & 15));
      if (returnOf[local] !== -1) {
        relink(returnOf[local]);
        returnsLeft++;
      }
      relink(top.event);
      entry = next[top.event];
    }
  }
  return { ok: true, linearization: order() };
}

function failed<I, O>(reason: LinearizabilityFailure["reason"], ids: number[], prefix: number[], blocked: number, message?: string, history?: History<I, O>): LinearizabilityResult {
  let text = message ?? "";
  if (!message && history && blocked >= 0) {
    const op = history[blocked];
    const ms = (t: number) => `${Math.round(t * 10) / 10} ms`;
    text = `no order of the operations is legal: operation ${blocked} (client ${String(op.client)}, ${JSON.stringify(op.input)} → ${JSON.stringify(op.output)}, called at ${ms(op.call)}, returned at ${ms(op.return)}) cannot take effect anywhere between its call and its return, after the longest legal order found (${prefix.length} operations: failure.prefix)`;
  }
  return { ok: false, failure: { reason, operations: ids.slice(), prefix, blocked, message: text } };
}

function validate(history: History): void {
  if (!Array.isArray(history)) throw new Error(`checkLinearizability: history must be an array of { client, input, output, call, return }, got ${typeof history}`);
  history.forEach((op, i) => {
    if (typeof op.call !== "number" || !Number.isFinite(op.call)) throw new Error(`checkLinearizability: history[${i}].call must be a finite time in ms, got ${String(op.call)}`);
    if (typeof op.return !== "number" || Number.isNaN(op.return) || op.return < op.call) throw new Error(`checkLinearizability: history[${i}].return must be a time ≥ its call (${op.call}) or Infinity for an unknown outcome, got ${String(op.return)}`);
    if (op.return === Infinity && op.output !== undefined) throw new Error(`checkLinearizability: history[${i}] has return Infinity (unknown outcome) but an output (${JSON.stringify(op.output)}); an unknown outcome has output undefined`);
    if (op.return !== Infinity && op.output === undefined) throw new Error(`checkLinearizability: history[${i}] returned at ${op.return} ms with output undefined; undefined means an unknown outcome (return Infinity); record null or "ok" instead`);
  });
}

/** Plain-value equality for outputs (numbers, strings, null, plain objects and arrays). */
function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

export type RegisterInput<V = unknown> = { op: "read" } | { op: "write"; value: V };

/** A single read/write register, initially null. A read returns the value; a write's output is ignored. */
export const registerModel: Model<unknown, RegisterInput, unknown> = {
  init: () => null,
  step(state, input, output) {
    if (input.op === "write") return [true, input.value];
    if (input.op === "read") return [output === undefined || same(output, state), state];
    throw new Error(`registerModel: input.op must be "read" or "write", got ${JSON.stringify((input as { op?: unknown }).op)}`);
  },
};

export type KvInput<V = unknown> = { op: "get"; key: string } | { op: "put"; key: string; value: V };

/** A key-value map, every key initially null; checked one key at a time. */
export const kvModel: Model<Record<string, unknown>, KvInput, unknown> = {
  init: () => ({}),
  step(state, input, output) {
    const current = Object.prototype.hasOwnProperty.call(state, input.key) ? state[input.key] : null;
    if (input.op === "put") return [true, { ...state, [input.key]: input.value }];
    if (input.op === "get") return [output === undefined || same(output, current), state];
    throw new Error(`kvModel: input.op must be "get" or "put", got ${JSON.stringify((input as { op?: unknown }).op)}`);
  },
  partition(history) {
    const byKey = new Map<string, History<KvInput, unknown>>();
    for (const op of history) {
      const list = byKey.get(op.input.key) ?? [];
      list.push(op);
      byKey.set(op.input.key, list);
    }
    return [...byKey.values()];
  },
};
