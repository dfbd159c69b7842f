/**
 * Lamport clocks: a counter per node that never contradicts causality.
 *
 * The clock condition: if event a happens before event b (a → b), then L(a) < L(b). Two rules
 * give it:
 *   1. before each local event or send, a node increments its counter (`tick()`, `send()`);
 *   2. on receiving a message stamped m, it sets its counter to max(counter, m) and then
 *      increments it (`receive(m)`).
 *
 *   const clock = new LamportClock();
 *   const stamp = clock.send();               // put `stamp` in the message
 *   clock.receive(msg.stamp);                 // in onMessage
 *
 * Ties are broken by node id to get a total order every node agrees on (`compareLamport`), the
 * order behind Lamport's mutual exclusion and many replicated logs. What they cannot tell you:
 * L(a) < L(b) does NOT mean a → b. Concurrent events get ordered stamps too; to detect
 * concurrency you need a vector clock (exercise 05).
 */

export class LamportClock {
  /** The counter: the stamp of this node's latest event (0 before any). */
  time = 0;

  /** A local event: increments and returns the new stamp. */
  tick(): number {
    return ++this.time;
  }

  /** A send is a local event: the returned stamp travels with the message. */
  send(): number {
    return this.tick();
  }

  /** Receiving a message stamped `stamp`: jump past it, then count the receive itself. */
  receive(stamp: number): number {
    if (stamp > this.time) this.time = stamp;
    return ++this.time;
  }
}

export interface LamportStamp {
  time: number;
  node: string;
}

/** The total order (time, then node id): negative if a comes first, 0 only for the same event. */
export function compareLamport(a: LamportStamp, b: LamportStamp): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}
