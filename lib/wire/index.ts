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
export { differingHabits, flipHabit, nativeEncode, nativeDecode, sameNativeValue, showNativeValue, PLATFORMS, HABITS } from "./platform";
export type { Platform, NativeKind, NativeValue, Habit } from "./platform";
export { hex, asReceived, truncations, flipBit, randomCorruption } from "./bytes";
export type { Corruption } from "./bytes";
export { runNativeExchange, randomNativeValue } from "./native-exchange";
export type { NativeReceipt } from "./native-exchange";
export { randomReading, sameReading, showReading, runByteExchange } from "./readings";
export type { SensorReading, Codec, ExchangeNode, Delivery, ByteExchangeOptions } from "./readings";
export { ownerOf, runRouting, RoutingDatabase, RoutingCache, LOOKUP_OUTCOMES, RoutingFrontEnd, ROUTING_USERS, SHARD_MAP_V1, SHARD_MAP_V2 } from "./routing";
export type { ShardMap, RoutingMessage, LookupOutcome, RoutingOptions } from "./routing";
export { encodeRecord, decodeRecord, upgradeSchedule, runRollingUpgrade, expectedUpgradeErrors } from "./upgrade";
export type { DecoderMode, UpgradeRecord, RollingUpgradeOptions, Receipt } from "./upgrade";
