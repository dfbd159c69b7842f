/**
 * lib/failure: is it dead, or just slow? Failure detectors and the tools to judge them.
 *
 *   detector.ts       the FailureDetector interface and the suspect/trust trace convention
 *   fixed-timeout.ts  FixedTimeoutDetector: suspect after T ms of silence
 *   adaptive.ts       AdaptiveTimeoutDetector: timeout = mean recent inter-arrival + safety margin
 *   heartbeat.ts      HeartbeatSender, Monitor (runs any detector), HeartbeatPeer (all-to-all)
 *   qos.ts            measureQoS: T_D, T_MR, T_M, P_A of any detector, from a trace
 *   theory.ts         closed forms: heartbeat detector QoS, SWIM's time to first detection
 *   swim.ts           SwimMember: SWIM probing with indirect pings and gossip
 *   scenarios.ts      exercise 03's graded scenarios (`scenarios`), QOS_NETWORKS for its part B
 */
export { SUSPECT, TRUST, suspicionMarks } from "./detector";
export type { FailureDetector, SuspicionData, SuspicionMark } from "./detector";
export { FixedTimeoutDetector } from "./fixed-timeout";
export type { FixedTimeoutOptions } from "./fixed-timeout";
export { AdaptiveTimeoutDetector } from "./adaptive";
export type { AdaptiveTimeoutOptions } from "./adaptive";
export { HeartbeatSender, Monitor, HeartbeatPeer } from "./heartbeat";
export type { HeartbeatMessage, HeartbeatSenderOptions, MonitorOptions, HeartbeatPeerOptions } from "./heartbeat";
export { measureQoS } from "./qos";
export type { QoS, QoSOptions } from "./qos";
export { heartbeatQoS, fixedTimeoutDetectionTime, swimFirstDetection, swimFirstDetectionLimit } from "./theory";
export type { HeartbeatQoSTheory } from "./theory";
export { SwimMember } from "./swim";
export type { SwimMessage, SwimOptions } from "./swim";
export { scenarios, QOS_NETWORKS } from "./scenarios";
export type { NetworkProfile, QoSTarget, PhiOptions, PhiImplementation, PhiStep, PhiScriptData, FormulaData, WatchData, QoSData } from "./scenarios";
