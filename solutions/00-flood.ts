/**
 * Exercise 00 — Flood a rumour (notebook 00, "Your turn").
 *
 * Write `FloodNode`, a node that spreads rumours to every node of the cluster by flooding.
 *
 *   spread(rumour)   called on the node where a rumour starts. The node learns the rumour and
 *                    sends it to every peer (this.peers) as { type: "rumour", text: rumour }.
 *   onMessage        a node that receives a rumour it does not know yet learns it and forwards it
 *                    to every peer except the one it came from. A rumour it already knows is
 *                    ignored, so every flood comes to an end.
 *   known()          the rumours this node has learned, in the order it learned them.
 *
 * Why forward at all, when the origin already sends to everyone? Because messages get lost and
 * nodes crash: a node whose copy from the origin was lost still hears it from the others.
 *
 * Graded (npm run grade -- --only 00, or the check cell in the notebook), 9 points. Reaching
 * every node carries the most (5 of 9): a node that does not forward loses at least half.
 *   [2] every node learns a rumour, whoever starts it (3 to 12 nodes, no faults)
 *   [2] the flood ends: per rumour, a node sends at most one copy to each peer and none back
 *       to the node it heard it from, even when the network duplicates messages
 *   [3] flooding survives faults: 15% message loss and crashed nodes, yet every node that
 *       stays up learns every rumour
 * Every check first asks that a node knows only what it spread or what a message brought it from
 * a node that knew it: rumours worked out any other way (from the run's seed, say) cost every check.
 *   [2] rumours spread one after another (with 10% loss) are known in that order, at every node;
 *       their names do not sort in that order
 * A failing check names the seed and the line to replay it in the notebook: replay("00", "faults", 7).
 */
// BEGIN SOLUTION
import { Node } from "../lib";
// END SOLUTION
/* STUB
import { Node, notImplemented } from "../lib";
*/

export interface Rumour {
  type: "rumour";
  text: string;
}

export class FloodNode extends Node<Rumour> {
  // BEGIN SOLUTION
  private readonly learned: string[] = [];

  // END SOLUTION
  spread(rumour: string): void {
    // BEGIN SOLUTION
    this.learn(rumour, undefined);
    // END SOLUTION
    /* STUB
    notImplemented("00", "FloodNode.spread(rumour)");
    */
  }

  onMessage(from: string, msg: Rumour): void {
    // BEGIN SOLUTION
    if (msg.type === "rumour") this.learn(msg.text, from);
    // END SOLUTION
    /* STUB
    notImplemented("00", "FloodNode.onMessage(from, msg)");
    */
  }

  known(): string[] {
    // BEGIN SOLUTION
    return this.learned.slice();
    // END SOLUTION
    /* STUB
    return notImplemented("00", "FloodNode.known()");
    */
  }
  // BEGIN SOLUTION

  private learn(rumour: string, from: string | undefined): void {
    if (this.learned.includes(rumour)) return;
    this.learned.push(rumour);
    for (const peer of this.peers) {
      if (peer !== from) this.send(peer, { type: "rumour", text: rumour });
    }
  }
  // END SOLUTION
}
