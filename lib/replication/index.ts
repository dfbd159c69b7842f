/** Chapter 09, copies that disagree: histories, the linearizability checker, quorums, CRDTs, gossip. */
export * from "./history";
export * from "./linearizability";
export * from "./atomic-history";
