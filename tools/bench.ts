/**
 * npm run bench: how close the simulator runs to the speed of a bare event queue.
 *
 *   npm run bench                        # a table
 *   npm run bench -- --json out.json     # {"simulator":{"traceOff":R,"traceOn":R},"bareHeap":R}
 *   npm run bench -- --deliveries 200000 --repeats 1     # a quicker look
 *
 * The standard workload: 100 nodes; each starts by sending one message; every delivery makes the
 * receiver send one message to a random peer with a random (exponential, mean 10 ms) latency;
 * 1,000,000 deliveries. It runs three ways in one process:
 *   bareHeap            the same scheduling on lib/sim's EventQueue with no nodes, network or trace
 *   simulator traceOff  the full simulator (Node objects, network, stats) with the trace off
 *   simulator traceOn   the same with every send and delivery traced
 * R is deliveries per second of wall time (best of --repeats runs, default 3). Aim: traceOff at
 * least 40% of bareHeap, traceOn at least 15%.
 */
import fs from "node:fs";
import { EventQueue, Node, Random, Simulation, latency } from "../lib/sim";

const NODES = 100;
const MEAN_LATENCY = 10;

function parseArgs(argv: string[]) {
  const args = { deliveries: 1_000_000, repeats: 3, json: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) fail(`${flag} needs a value`);
    if (flag === "--json") args.json = value;
    else if (flag === "--deliveries") args.deliveries = positive(flag, value);
    else if (flag === "--repeats") args.repeats = positive(flag, value);
    else fail(`unknown option ${flag}`);
  }
  return args;
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} needs a whole number > 0, got ${value}`);
  return n;
}

function fail(message: string): never {
  console.error(`bench: ${message}\nusage: npm run bench -- [--json FILE] [--deliveries N] [--repeats N]`);
  process.exit(2);
}

/** Seconds taken by fn, and what it returned (the number of deliveries). */
function timed(fn: () => number): { seconds: number; deliveries: number } {
  const start = process.hrtime.bigint();
  const deliveries = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, deliveries };
}

function bareHeap(deliveries: number): number {
  const random = new Random("bench");
  const queue = new EventQueue<number>();
  let sent = 0;
  for (let node = 0; node < NODES; node++) {
    queue.push(random.exponential(MEAN_LATENCY), random.int(0, NODES));
    sent++;
  }
  let delivered = 0;
  while (queue.size > 0) {
    const time = queue.peekTime();
    queue.pop();
    delivered++;
    if (sent < deliveries) {
      queue.push(time + random.exponential(MEAN_LATENCY), random.int(0, NODES));
      sent++;
    }
  }
  return delivered;
}

function simulator(deliveries: number, trace: boolean): number {
  const budget = { sent: 0 };
  class Relay extends Node<number> {
    onStart() {
      this.relay();
    }
    onMessage() {
      this.relay();
    }
    private relay() {
      if (budget.sent >= deliveries) return;
      budget.sent++;
      const peers = this.peers;
      this.send(peers[this.random.int(0, peers.length)], 0);
    }
  }
  const sim = new Simulation({ seed: "bench", trace, network: { latency: latency.exponential(MEAN_LATENCY) } });
  for (let i = 0; i < NODES; i++) sim.add(`n${i}`, new Relay());
  sim.run({ maxEvents: deliveries + NODES + 1 });
  return sim.stats.delivered;
}

function best(repeats: number, run: () => number, expected: number): number {
  let rate = 0;
  for (let i = 0; i < repeats; i++) {
    const { seconds, deliveries } = timed(run);
    if (deliveries !== expected) throw new Error(`bench workload delivered ${deliveries}, expected ${expected}`);
    rate = Math.max(rate, deliveries / seconds);
  }
  return rate;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const n = args.deliveries;
  console.log(`workload: ${NODES} nodes, ${n.toLocaleString("en")} deliveries, best of ${args.repeats}`);
  const bare = best(args.repeats, () => bareHeap(n), n);
  const off = best(args.repeats, () => simulator(n, false), n);
  const on = best(args.repeats, () => simulator(n, true), n);
  const row = (name: string, rate: number) =>
    `${name.padEnd(20)} ${Math.round(rate).toLocaleString("en").padStart(12)} deliveries/s  ${((100 * rate) / bare).toFixed(0).padStart(4)}% of bare heap`;
  console.log(row("bare heap", bare));
  console.log(row("simulator, trace off", off) + "   (aim ≥ 40%)");
  console.log(row("simulator, trace on", on) + "   (aim ≥ 15%)");
  if (args.json) {
    const report = { simulator: { traceOff: Math.round(off), traceOn: Math.round(on) }, bareHeap: Math.round(bare) };
    fs.writeFileSync(args.json, JSON.stringify(report, null, 2) + "\n");
  }
}

main();
