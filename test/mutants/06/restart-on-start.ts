/**
 * Mutant of exercise 06: startSnapshot records the state again even when this node has already recorded it (a second initiator restarts the node's part of the snapshot).
 */
import { BankNode, isTransfer } from "../../../lib";

/** The marker message: exactly this shape. */
export interface MarkerMessage {
  type: "marker";
}

/** What one node recorded. See the docstring above. */
export interface RecordedState {
  balance: number;
  channels: Record<string, number[]>;
  complete: boolean;
}

export class SnapshotBankNode extends BankNode {
  /** null until this node records its state. */
  recorded: RecordedState | null = null;
  /** Incoming channels still being recorded (no marker from them yet). */
  private open = new Set<string>();

  /** Start the snapshot here (or do nothing if this node has already recorded its state). */
  startSnapshot(): void {
    this.recordState();
  }

  onMessage(from: string, msg: any): void {
    if (msg && msg.type === "marker") {
      if (this.recorded === null) this.recordState();
      this.open.delete(from);
      if (this.open.size === 0) this.recorded!.complete = true;
      return;
    }
    if (this.recorded !== null && this.open.has(from) && isTransfer(msg)) this.recorded.channels[from].push(msg.amount);
    super.onMessage(from, msg);
  }

  /** Record the local state, start recording every incoming channel, send a marker on every outgoing one. */
  private recordState(): void {
    const recorded: RecordedState = { balance: this.balance, channels: {}, complete: this.peers.length === 0 };
    for (const peer of this.peers) {
      recorded.channels[peer] = [];
      this.open.add(peer);
    }
    this.recorded = recorded;
    this.mark("recorded", { balance: this.balance });
    const marker: MarkerMessage = { type: "marker" };
    for (const peer of this.peers) this.send(peer, marker);
  }
}
