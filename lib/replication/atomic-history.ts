/**
 * Histories of an ideal register, for tests, the bench and the notebook's pictures.
 *
 *   const h = atomicRegisterHistory({ seed: 1, clients: 10, operations: 1_000 });
 *   checkLinearizability(h, registerModel).ok;   // true: every operation took effect at one instant
 *
 * Each client runs its operations one after another (think time, then a call lasting a random
 * time); every operation takes effect at a random instant inside its interval, in that order, on
 * a single register. Half the operations are reads; writes write unique values 1, 2, 3... The
 * result is linearizable by construction and concurrent enough to make the checker search.
 * `staleRead: true` then replaces one read's output by a value overwritten before its call: a
 * history that is certainly not linearizable.
 */
import { Random } from "../sim/random";
import type { History } from "./history";
import type { RegisterInput } from "./linearizability";

export interface AtomicHistoryOptions {
  seed: number;
  clients: number;
  operations: number;
  /** Mean duration of an operation (ms). Default 10. */
  duration?: number;
  /** Mean think time between a client's operations (ms). Default 5. */
  think?: number;
  staleRead?: boolean;
}

export function atomicRegisterHistory(options: AtomicHistoryOptions): History<RegisterInput<number>, unknown> {
  const { seed, clients, operations, duration = 10, think = 5 } = options;
  if (!(clients >= 1) || !(operations >= 1)) throw new Error(`atomicRegisterHistory: clients and operations must be ≥ 1, got ${clients} and ${operations}`);
  const random = new Random(seed).stream("atomic-history");
  const clock = new Array<number>(clients).fill(0);
  const planned: Array<{ client: number; call: number; ret: number; at: number; write: boolean }> = [];
  for (let i = 0; i < operations; i++) {
    const client = i % clients;
    const call = clock[client] + random.exponential(think);
    const ret = call + random.exponential(duration);
    planned.push({ client, call, ret, at: random.uniform(call, ret), write: random.chance(0.5) });
    clock[client] = ret;
  }
  const byEffect = planned.map((_, i) => i).sort((a, b) => planned[a].at - planned[b].at);
  const history: History<RegisterInput<number>, unknown> = planned.map((p) => ({ client: `c${p.client}`, input: { op: "read" }, output: null, call: p.call, return: p.ret }));
  let value: number | null = null;
  let writes = 0;
  for (const i of byEffect) {
    if (planned[i].write) {
      value = ++writes;
      history[i].input = { op: "write", value };
      history[i].output = "ok";
    } else history[i].output = value;
  }
  if (options.staleRead) makeStale(history);
  return history;
}

/** Makes the first read that follows two writes in real time (W1 before W2 before it) return W1's value. */
function makeStale(history: History<RegisterInput<number>, unknown>): void {
  const writes = history.filter((op) => op.input.op === "write");
  for (const read of history) {
    if (read.input.op !== "read") continue;
    for (const w2 of writes) {
      if (w2.return >= read.call) continue;
      const w1 = writes.find((w) => w.return < w2.call);
      if (w1 && w1.input.op === "write") {
        read.output = w1.input.value;
        return;
      }
    }
  }
  throw new Error("atomicRegisterHistory: no read follows two writes in real time; use more operations to make one stale");
}
