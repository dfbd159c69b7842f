/**
 * The experiments of chapter 01, as functions (the notebook plots them; tests re-run them).
 *
 *   sharedServer({ clients, seed })      n PoissonClients (4 req/s each by default) share one
 *                                        QueueServer (μ = 100/s); network time 0. Returns the
 *                                        server's utilisation and the mean response time (ms)
 *                                        of the requests sent after the warm-up.
 *   scaledOut({ design, lambda, seed })  capacity 400 req/s as one 4× server, or 4 servers
 *                                        behind a random or join-shortest-queue LoadBalancer;
 *                                        returns the mean response time (ms, after the queue
 *                                        drained) and the throughput while the load was on.
 *
 * Both run without a trace (fast) and are deterministic in the seed.
 */
import { Simulation } from "../sim/simulation";
import { mean } from "../stats";
import { QueueServer } from "./server";
import { PoissonClient } from "./load";
import { LoadBalancer, type BalancingPolicy } from "./balancer";

export interface SharedServerOptions {
  clients: number;
  seed: number;
  /** Requests per second the server finishes (μ). Default 100. */
  serviceRate?: number;
  /** Requests per second each client sends (λ per client). Default 4. */
  perClient?: number;
  /** Length of the load, ms (the queue then drains for 5 s). Default 60,000. */
  durationMs?: number;
  /** Requests sent before this are not measured, ms. Default 2,000. */
  warmupMs?: number;
}

/** n clients share one server: utilisation (share of the load period busy) and mean response time. */
export function sharedServer(o: SharedServerOptions): { busy: number; meanMs: number } {
  const duration = o.durationMs ?? 60_000;
  const sim = new Simulation({ seed: o.seed, network: { latency: 0 }, trace: false });
  const server = sim.add("server", () => new QueueServer({ serviceRate: o.serviceRate ?? 100 }));
  const clients: PoissonClient[] = [];
  for (let i = 0; i < o.clients; i++) {
    clients.push(sim.add(`c${i}`, () => new PoissonClient({ target: "server", rate: o.perClient ?? 4, stopAt: duration, warmup: o.warmupMs ?? 2_000 })));
  }
  sim.run({ until: duration + 5_000 });
  const latencies: number[] = [];
  for (const c of clients) for (const l of c.latencies) latencies.push(l);
  return { busy: server.busyMs / duration, meanMs: mean(latencies) };
}

export type ScaleDesign = "one 4× server" | "4 servers, random" | "4 servers, JSQ";
export const SCALE_DESIGNS: ScaleDesign[] = ["one 4× server", "4 servers, random", "4 servers, JSQ"];

export interface ScaledOutOptions {
  design: ScaleDesign;
  /** Offered load, requests per second. */
  lambda: number;
  seed: number;
  /** Total capacity, requests per second. Default 400. */
  capacity?: number;
  /** Length of the load, s. Default 20. */
  seconds?: number;
  /** Requests sent before this are not measured, ms (near capacity the queue needs a while to fill). Default 2,000. */
  warmupMs?: number;
}

/** One 4× server, or four 1× servers behind a balancer, at the same total capacity. */
export function scaledOut(o: ScaledOutOptions): { meanMs: number; throughput: number } {
  const capacity = o.capacity ?? 400;
  const seconds = o.seconds ?? 20;
  const sim = new Simulation({ seed: o.seed, network: { latency: 0 }, trace: false });
  const servers: QueueServer[] = [];
  if (o.design === "one 4× server") servers.push(sim.add("lb", () => new QueueServer({ serviceRate: capacity })));
  else {
    const backends = ["s1", "s2", "s3", "s4"];
    for (const b of backends) servers.push(sim.add(b, () => new QueueServer({ serviceRate: capacity / 4 })));
    const policy: BalancingPolicy = o.design === "4 servers, random" ? "random" : "jsq";
    sim.add("lb", () => new LoadBalancer({ backends, policy }));
  }
  const client = sim.add("client", () => new PoissonClient({ target: "lb", rate: o.lambda, stopAt: seconds * 1000, warmup: o.warmupMs ?? 2_000 }));
  sim.run({ until: seconds * 1000 });
  const throughput = servers.reduce((s, x) => s + x.served, 0) / seconds;
  sim.run({ until: seconds * 1000 + 5_000 }); // let the queue drain, so slow requests count too
  return { meanMs: mean(client.latencies), throughput };
}
