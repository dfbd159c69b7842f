/**
 * A correct answer to exercise 06, built differently from solutions/: it counts the markers
 * still expected instead of keeping a set of open channels, and keeps the recorded channels in a
 * Map until it copies them into `recorded`.
 */
import { BankNode } from "../../../lib";

export interface MarkerMessage {
  type: "marker";
}

export interface RecordedState {
  balance: number;
  channels: Record<string, number[]>;
  complete: boolean;
}

export class SnapshotBankNode extends BankNode {
  recorded: RecordedState | null = null;
  private closed: Record<string, boolean> = {};
  private markersDue = 0;

  startSnapshot(): void {
    if (!this.recorded) this.takeSnapshot();
  }

  onMessage(from: string, msg: any): void {
    if (msg !== null && typeof msg === "object" && msg.type === "marker") {
      if (!this.recorded) this.takeSnapshot();
      if (!this.closed[from]) {
        this.closed[from] = true;
        this.markersDue -= 1;
      }
      this.recorded!.complete = this.markersDue === 0;
      return;
    }
    super.onMessage(from, msg);
    if (this.recorded && !this.closed[from] && msg && msg.type === "transfer") this.recorded.channels[from].push(msg.amount);
  }

  private takeSnapshot(): void {
    const before = this.balance;
    const marker: MarkerMessage = { type: "marker" };
    this.broadcast(marker);
    const channels: Record<string, number[]> = {};
    this.peers.forEach((p) => (channels[p] = []));
    this.markersDue = this.peers.length;
    this.recorded = { balance: before, channels, complete: this.markersDue === 0 };
  }
}
