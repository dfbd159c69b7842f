/**
 * Hybrid logical clocks (Kulkarni et al., 2014): Lamport's rules on top of a physical clock.
 *
 * A timestamp is (l, c): `l` is the largest physical reading the node has heard of, `c` a small
 * counter that orders events sharing the same `l`. Like a Lamport clock it respects causality
 * (a → b implies hlc(a) < hlc(b)); unlike one it stays within the clock skew of physical time,
 * so it can stand in for a wall-clock timestamp (CockroachDB, YugabyteDB and MongoDB use it).
 *
 *   const hlc = new HybridClock();
 *   const stamp = hlc.now(this.localTime);              // a local event or a send
 *   hlc.receive(msg.stamp, this.localTime);             // a receive
 *
 * Rules, with pt the node's physical reading:
 *   local/send:  l' = max(l, pt);           c' = (l' == l) ? c + 1 : 0
 *   receive m:   l' = max(l, m.l, pt);      c' = c+1, m.c+1, max(c, m.c)+1 or 0, by which of
 *                                             l, m.l (or both, or neither) equals l'
 * A physical clock that jumps backwards does not move `l` back: the counter grows instead.
 */

export interface HlcStamp {
  l: number;
  c: number;
}

export class HybridClock {
  l = -Infinity;
  c = 0;

  /** A local event or a send at physical reading `pt`: returns its stamp. */
  now(pt: number): HlcStamp {
    const l = Math.max(this.l, pt);
    this.c = l === this.l ? this.c + 1 : 0;
    this.l = l;
    return { l: this.l, c: this.c };
  }

  /** Receiving a message stamped `m` at physical reading `pt`: returns the receive's stamp. */
  receive(m: HlcStamp, pt: number): HlcStamp {
    const l = Math.max(this.l, m.l, pt);
    if (l === this.l && l === m.l) this.c = Math.max(this.c, m.c) + 1;
    else if (l === this.l) this.c = this.c + 1;
    else if (l === m.l) this.c = m.c + 1;
    else this.c = 0;
    this.l = l;
    return { l: this.l, c: this.c };
  }
}

/** Lexicographic order on (l, c). */
export function compareHlc(a: HlcStamp, b: HlcStamp): number {
  return a.l !== b.l ? a.l - b.l : a.c - b.c;
}
