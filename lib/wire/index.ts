/**
 * lib/wire: heterogeneity (chapter 08). Machines that differ in role, configuration and platform.
 *
 *   platform.ts   Platform habits (byte order, word width, reals, text, epoch) and "send the struct"
 *   native-exchange.ts  platforms sending raw memory to each other; a random value workload
 *   bytes.ts      hex dumps, received-buffer views, truncations, bit flips, seeded corruption
 *   readings.ts   the sensor reading of exercise 08, random nasty readings, a byte-exchange cluster
 *   routing.ts    front end, cache and partitioned databases; a stale shard map
 *   upgrade.ts    a rolling upgrade with strict and tolerant decoders, and its expected error rate
 *   scenarios.ts  exercise 08's graded scenarios (loaded by path by the grader and replay, not re-exported)
 */
export * from "./platform";
export * from "./bytes";
export * from "./native-exchange";
export * from "./readings";
export * from "./routing";
export * from "./upgrade";
