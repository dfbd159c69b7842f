/**
 * The linearizability checker's section of `npm run bench` (the lead wires it into tools/bench.ts;
 * it also runs alone: `npx tsx tools/bench-linearizability.ts [--json out.json]`).
 *
 *   benchLinearizability()   // { linearizableMs, violationMs, operations: 1000, clients: 10 }
 *
 * The workload: `atomicRegisterHistory` with 1,000 operations of 10 clients on one register
 * (linearizable by construction, concurrent enough to make the search branch), and the same
 * history with one stale read (not linearizable: the search must find that no order is legal).
 * Each time is the best of `repeats` runs (default 3), in ms of wall time. Aim: both under 1,000 ms.
 */
import fs from "node:fs";
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

if (require.main === module) {
  const json = process.argv.indexOf("--json");
  const result = benchLinearizability();
  console.log(`linearizability checker, ${result.operations} operations of ${result.clients} clients on one register:`);
  console.log(`  linearizable history      ${result.linearizableMs.toFixed(1)} ms`);
  console.log(`  one stale read (violation) ${result.violationMs.toFixed(1)} ms`);
  if (json >= 0) fs.writeFileSync(process.argv[json + 1], JSON.stringify({ linearizability: result }, null, 2) + "\n");
}
