/**
 * Measurements of an ops workload, from what the clients recorded.
 *
 *   const m = opsMetrics(clients, { from: 1_000, to: 5_000 });
 *   m.throughputPerSec   // operations completed in [from, to), per second
 *   m.meanLatencyMs      // over operations ISSUED in [from, to) that completed (at any time)
 *   m.p50Ms, m.p99Ms     // percentiles of the same latencies
 *   m.idleMeanLatencyMs  // mean over those issued while their client had none outstanding
 *   m.unfinished         // operations issued in [from, to) that never completed
 *
 * Measuring over a window after a warm-up leaves out the empty start; counting the unfinished
 * keeps an overloaded manager honest (its latencies are only those of the lucky operations).
 * An operation issued while every earlier one of its client had completed ("idle") has nothing to
 * wait for but the network and the manager: its latency is what batching must not make worse.
 */
import type { OpsClient } from "./op-client";

export interface Window {
  from: number;
  to: number;
}

export interface OpsMetrics {
  issued: number;
  completed: number;
  unfinished: number;
  throughputPerSec: number;
  meanLatencyMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Operations issued in the window while their client had none outstanding, and their mean latency (NaN: none completed). */
  idleIssued: number;
  idleMeanLatencyMs: number;
}

export function opsMetrics(clients: readonly OpsClient[], window: Window): OpsMetrics {
  const latencies: number[] = [];
  let issued = 0;
  let idleIssued = 0;
  let completed = 0;
  const idle: number[] = [];
  for (const client of clients) {
    const done = new Map<string, number>();
    for (const c of client.completions) {
      done.set(c.id, c.doneAt);
      if (c.doneAt >= window.from && c.doneAt < window.to) completed++;
    }
    // When the last of the client's earlier operations completed (Infinity: one never did).
    let earlierDone = -Infinity;
    for (const { op, at } of client.issued) {
      const doneAt = done.get(op.id);
      const wasIdle = earlierDone <= at;
      earlierDone = Math.max(earlierDone, doneAt ?? Infinity);
      if (at < window.from || at >= window.to) continue;
      issued++;
      if (wasIdle) idleIssued++;
      if (doneAt === undefined) continue;
      latencies.push(doneAt - at);
      if (wasIdle) idle.push(doneAt - at);
    }
  }
  latencies.sort((a, b) => a - b);
  const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
  return {
    issued,
    completed,
    unfinished: issued - latencies.length,
    throughputPerSec: (completed * 1000) / (window.to - window.from),
    meanLatencyMs: mean(latencies),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    idleIssued,
    idleMeanLatencyMs: mean(idle),
  };
}

/** The q-quantile (0..1) of sorted values (nearest rank); NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}
