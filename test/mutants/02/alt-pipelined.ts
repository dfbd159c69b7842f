/**
 * A correct answer to exercise 02 built differently: the client sends every op at once (ids
 * "<client>/<incarnation>/<i>") and retries each one on its own timer; the server keeps one durable
 * table of every reply it sent, written together with the effect.
 */
import { DurableCounter, Node, type ExactlyOnceClientOptions, type ExactlyOnceResult, type RpcMessage } from "../../../lib";

export class ExactlyOnceClient extends Node<RpcMessage> {
  readonly results: Array<ExactlyOnceResult | undefined> = [];
  private deadline = 0;

  constructor(readonly options: ExactlyOnceClientOptions) {
    super();
  }

  onStart(): void {
    this.deadline = this.localTime + this.options.giveUpAfter;
    this.options.ops.forEach((_op, i) => this.send1(i));
  }

  onMessage(_from: string, msg: RpcMessage): void {
    if (msg.type !== "reply") return;
    const i = this.options.ops.findIndex((_op, k) => this.idOf(k) === msg.id);
    if (i >= 0 && this.results[i] === undefined) this.results[i] = { requestId: msg.id, value: msg.value };
  }

  private idOf(i: number): string {
    return `${this.id}/${this.incarnation}/${i}`;
  }

  private send1(i: number): void {
    if (this.results[i] !== undefined || this.localTime >= this.deadline) return;
    this.send(this.options.server, { type: "request", id: this.idOf(i), op: this.options.ops[i] });
    this.setTimer(this.options.timeout, () => this.send1(i), "retry");
  }
}

export class ExactlyOnceServer extends Node<RpcMessage> {
  readonly counter = new DurableCounter(this);

  onMessage(from: string, msg: RpcMessage): void {
    if (msg.type !== "request") return;
    const table = this.durable.get<Record<string, number>>("replies") ?? {};
    if (!(msg.id in table)) {
      table[msg.id] = this.counter.apply(msg.id, msg.op);
      this.durable.set("replies", table);
    }
    this.send(from, { type: "reply", id: msg.id, value: table[msg.id] });
  }
}
