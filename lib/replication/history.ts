/**
 * A history of operations, as clients saw them: what each asked for, when it asked (call), what it
 * got back and when (return). The linearizability checker (linearizability.ts) judges histories
 * in this shape, whoever recorded them.
 *
 *   const recorder = new HistoryRecorder<RegisterInput, RegisterOutput>(() => sim.now);
 *   const op = recorder.invoke("c1", { op: "write", value: 3 });   // at the simulation's time
 *   ...
 *   recorder.complete(op, "ok");          // the reply came: output and return time recorded
 *   recorder.discard(op);                 // it certainly did not take effect (rejected before sending)
 *   // an operation never completed (timed out, client crashed) stays with an unknown outcome:
 *   recorder.history();   // [{ client, input, output, call, return }], plain data
 *
 * An operation whose outcome is unknown has `return: Infinity` and `output: undefined`: it may
 * have taken effect at any time after its call, or never (the checker tries both). This is how a
 * timed-out request must be recorded: the client cannot tell a lost request from a lost reply
 * (chapter 02). Outputs must therefore never be `undefined` for a completed operation: use `null`
 * or "ok". Times are the simulation's virtual milliseconds, read through the `now` function given
 * to the recorder (never the wall clock).
 *
 * Errors: completing an operation twice, completing before its call, or an id the recorder never
 * gave out throws, naming the operation.
 */

/** One operation of a history: plain data. */
export interface Operation<I = unknown, O = unknown> {
  client: string | number;
  input: I;
  /** `undefined` when the outcome is unknown. */
  output: O | undefined;
  /** Virtual time (ms) of the invocation. */
  call: number;
  /** Virtual time (ms) of the response; `Infinity` when the outcome is unknown. */
  return: number;
}

export type History<I = unknown, O = unknown> = Array<Operation<I, O>>;

/** Records invocations and completions with the simulation's time. */
export class HistoryRecorder<I = unknown, O = unknown> {
  private readonly ops: Array<Operation<I, O> | null> = [];
  private readonly done: boolean[] = [];

  constructor(private readonly now: () => number) {}

  /** Records that `client` invoked `input` now; returns the operation's id for `complete`. */
  invoke(client: string | number, input: I): number {
    this.ops.push({ client, input: copy(input), output: undefined, call: this.now(), return: Infinity });
    this.done.push(false);
    return this.ops.length - 1;
  }

  /** Records that operation `id` returned `output` now. */
  complete(id: number, output: O): void {
    const op = this.pending(id, "complete");
    if (output === undefined) throw new Error(`HistoryRecorder.complete(${id}): output undefined means "unknown outcome"; record a completed operation's output as null or "ok" instead`);
    op.output = copy(output);
    op.return = this.now();
    this.done[id] = true;
  }

  /** Removes operation `id`: it certainly never took effect (e.g. rejected before it was sent). */
  discard(id: number): void {
    this.pending(id, "discard");
    this.ops[id] = null;
    this.done[id] = true;
  }

  /** Whether operation `id` is still waiting for its outcome. */
  isPending(id: number): boolean {
    return id >= 0 && id < this.ops.length && !this.done[id];
  }

  /** The history so far, as plain data; operations still pending have an unknown outcome. */
  history(): History<I, O> {
    const out: History<I, O> = [];
    for (const op of this.ops) if (op) out.push({ ...op });
    return out;
  }

  private pending(id: number, what: string): Operation<I, O> {
    const op = this.ops[id];
    if (!Number.isInteger(id) || id < 0 || id >= this.ops.length) throw new Error(`HistoryRecorder.${what}(${id}): no such operation; use the id invoke() returned`);
    if (this.done[id] || !op) throw new Error(`HistoryRecorder.${what}(${id}): operation ${id} (client ${String(op?.client ?? "?")}) already completed or discarded`);
    return op;
  }
}

/** Plain values are copied so a client that mutates its input later does not rewrite history. */
function copy<T>(value: T): T {
  return value === null || typeof value !== "object" ? value : (JSON.parse(JSON.stringify(value)) as T);
}
