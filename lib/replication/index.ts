/** Chapter 09, copies that disagree: histories, consistency checkers, replication designs, quorums, CRDTs, gossip. */
export * from "./history";
export * from "./linearizability";
export * from "./consistency";
export * from "./atomic-history";
export * from "./timeline";
export * from "./client";
export * from "./async";
export * from "./primary-backup";
export * from "./theory";
export * from "./crdt";
export * from "./anti-entropy";
