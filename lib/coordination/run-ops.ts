/**
 * runOpsWorkload: N clients, one or more central managers, one call. Notebook 07 and the
 * exercise 07 grader both run their experiments with it.
 *
 *   const run = runOpsWorkload({
 *     seed: 1, clients: 8, ratePerSec: 200,                 // per client, open loop (or outstanding: 1)
 *     client: (workload) => new NaiveOpsClient(workload),   // any OpsClient
 *     manager: { perMessageMs: 2, perOpMs: 0.2 },           // CentralManagerOptions
 *     network: { latency: latency.normal(10, 2), fifo: true },
 *     durationMs: 5_000, warmupMs: 1_000, drainMs: 2_000,
 *   });
 *   run.metrics.throughputPerSec; run.managers[0].applied; run.clients[0].completions;
 *
 * Nodes: managers "manager" (or "m0", "m1", ... with `shards` > 1), clients "c1".."cN". Clients
 * issue until `durationMs`; metrics cover [warmupMs, durationMs); then the run goes on for
 * `drainMs` more (default 0) so that operations in flight can finish. `faults(sim)` is called
 * before the run to schedule crashes, pauses or partitions. The trace is off unless `trace: true`.
 */
import type { LinkOptions } from "../sim/network";
import { Simulation } from "../sim/simulation";
import { CentralManager, type CentralManagerOptions } from "./state-manager";
import { opsMetrics, type OpsMetrics } from "./measure";
import type { OpsClient, OpsWorkload } from "./op-client";

export interface OpsRunOptions {
  seed: number;
  clients: number;
  client: (workload: OpsWorkload, index: number) => OpsClient;
  ratePerSec?: number;
  outstanding?: number;
  keys?: number;
  shards?: number;
  manager?: CentralManagerOptions;
  network?: LinkOptions;
  durationMs: number;
  warmupMs?: number;
  drainMs?: number;
  trace?: boolean;
  faults?: (sim: Simulation) => void;
}

export interface OpsRun {
  sim: Simulation;
  managers: CentralManager[];
  clients: OpsClient[];
  metrics: OpsMetrics;
}

export function runOpsWorkload(options: OpsRunOptions): OpsRun {
  const sim = new Simulation({ seed: options.seed, network: options.network, trace: options.trace ?? false });
  const shards = options.shards ?? 1;
  const managerIds = shards === 1 ? ["manager"] : Array.from({ length: shards }, (_, i) => `m${i}`);
  for (const id of managerIds) sim.add(id, () => new CentralManager(options.manager));
  const clientIds = Array.from({ length: options.clients }, (_, i) => `c${i + 1}`);
  clientIds.forEach((id, i) => {
    const workload: OpsWorkload = {
      managers: managerIds,
      ratePerSec: options.ratePerSec,
      outstanding: options.outstanding,
      keys: options.keys,
      stopAtMs: options.durationMs,
    };
    sim.add(id, () => options.client(workload, i));
  });
  options.faults?.(sim);
  sim.run({ until: options.durationMs + (options.drainMs ?? 0) });
  const clients = clientIds.map((id) => sim.node<OpsClient>(id));
  return {
    sim,
    managers: managerIds.map((id) => sim.node<CentralManager>(id)),
    clients,
    metrics: opsMetrics(clients, { from: options.warmupMs ?? 0, to: options.durationMs }),
  };
}
