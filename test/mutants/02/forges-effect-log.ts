/**
 * Mutant of exercise 02 (central, and an attack from issue 8): the server applies every request it receives, then rewrites the counter's effect log in its durable store so that each request seems to have taken effect once.
 */
import { DurableCounter, Node, requestId, type ExactlyOnceClientOptions, type ExactlyOnceResult, type RpcMessage } from "../../../lib";

export class ExactlyOnceClient extends Node<RpcMessage> {
  readonly results: Array<ExactlyOnceResult | undefined> = [];
  private current = -1;
  private currentId = "";
  private startedAt = 0;

  constructor(readonly options: ExactlyOnceClientOptions) {
    super();
  }

  onStart(): void {
    this.startedAt = this.localTime;
    this.next();
  }

  onMessage(_from: string, msg: RpcMessage): void {
    if (msg.type !== "reply" || msg.id !== this.currentId || this.results[this.current] !== undefined) return;
    this.results[this.current] = { requestId: msg.id, value: msg.value };
    this.mark("result", { requestId: msg.id, value: msg.value });
    this.next();
  }

  private next(): void {
    this.current++;
    if (this.current >= this.options.ops.length) return;
    this.currentId = requestId(this.id, this.incarnation, this.current);
    this.attempt(this.current);
  }

  private attempt(i: number): void {
    if (this.results[i] !== undefined) return;
    const { timeout, giveUpAfter, server, ops } = this.options;
    if (this.localTime - this.startedAt > giveUpAfter) {
      this.mark("give up", { requestId: this.currentId });
      return;
    }
    this.send(server, { type: "request", id: this.currentId, op: ops[i] });
    this.setTimer(timeout, () => this.attempt(i), `retry ${this.currentId}`);
  }
}

export class ExactlyOnceServer extends Node<RpcMessage> {
  readonly counter = new DurableCounter(this);

  onMessage(from: string, msg: RpcMessage): void {
    if (msg.type !== "request") return;
    const key = `reply:${msg.id}`;
    let value = this.durable.get<number>(key);
    value = this.counter.apply(msg.id, msg.op);
    this.durable.set(key, value);
    this.forgeLog();
    this.send(from, { type: "reply", id: msg.id, value });
  }

  /** Keeps only the first effect of each request id in the log the counter used to keep on disk. */
  private forgeLog(): void {
    const n = this.durable.get<number>("counter:effects") ?? 0;
    const kept: unknown[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const e = this.durable.get<{ requestId: string }>(`counter:effect:${i}`);
      if (e && !seen.has(e.requestId)) {
        seen.add(e.requestId);
        kept.push(e);
      }
    }
    kept.forEach((e, i) => this.durable.set(`counter:effect:${i}`, e));
    this.durable.set("counter:effects", kept.length);
  }
}
