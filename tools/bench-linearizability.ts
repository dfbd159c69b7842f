/**
 * The linearizability checker's section of `npm run bench` (tools/bench.ts runs it after the
 * simulator's sections; its JSON key is `linearizability`).
 *
 *   benchLinearizability()   // { linearizableMs, violationMs, operations: 1000, clients: 10 }
 *
 * The workload: `atomicRegisterHistory` with 1,000 operations of 10 clients on one register
 * (linearizable by construction, concurrent enough to make the search branch), and the same
 * history with one stale read (not linearizable: the search must find that no order is legal).
 * Each time is the best of `repeats` runs (default 3), in ms of wall time. Aim: both under 1,000 ms.
 */
import { performance } from "node:perf_hooks";
import { atomicRegisterHistory } from "../lib/replication/atomic-history";
import { checkLinearizability, registerModel } from "../lib/replication/linearizability";

export interface LinearizabilityBench {
  operations: number;
  clients: number;
  linearizableMs: number;
  violationMs: number;
}

export function benchLinearizability(repeats = 3): LinearizabilityBench {
  const options = { seed: 42, clients: 10, operations: 1_000 };
  const good = atomicRegisterHistory(options);
  const bad = atomicRegisterHistory({ ...options, staleRead: true });
  const best = (history: typeof good, expected: boolean) => {
    let fastest = Infinity;
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      const ok = checkLinearizability(history, registerModel).ok;
      fastest = Math.min(fastest, performance.now() - start);
      if (ok !== expected) throw new Error(`bench-linearizability: the checker said ${ok ? "linearizable" : "not linearizable"} for a history that is ${expected ? "" : "not "}linearizable by construction`);
    }
    return fastest;
  };
  return { operations: options.operations, clients: options.clients, linearizableMs: best(good, true), violationMs: best(bad, false) };
}
