/**
 * Value flow: did a register's writes and reads go through its replicas, as messages?
 *
 *   const problems = registerFlow(sim.trace, history, ["r1", "r2", "r3", "r4", "r5"]);
 *   // [] when every write had reached a majority of replicas when it returned, and every read
 *   // that returned a written value had heard of that write through messages, as had a majority
 *
 * Knowledge travels with messages, whatever they say: a node knows a write once it invoked it, or
 * once a message arrived that its sender sent while knowing it. Knowledge is never forgotten (a
 * crash does not erase it: this judges where values could have come from, not what a node stored).
 * A write must be known to a majority of replicas when it returns; a read that returned a written
 * value must know that write when it returns, and so must a majority of replicas. A read of the
 * initial value (null) needs neither. Operations at the same virtual time are taken in the order
 * invocation, then what the trace records, then return (a return caused by a delivery comes after
 * it).
 *
 * Why: linearizability judges a history alone, and a history can be made up. The workload of a
 * graded run comes from its seed, which a node can work out; a client that replays the workload
 * privately and answers each operation at once, with no replica and no message, writes a
 * linearizable history. A correct majority-quorum register (exercise 09's, however it orders its
 * phases) satisfies this. Knowledge travels with any message, so a cheat that sends messages all
 * the time and mirrors the whole run privately would too: this rules out answers from nowhere,
 * not every oracle.
 *
 * Each problem is a sentence for a grader's message. `history` and `trace` must come from the same
 * run (the trace on); operations are told apart by their written values, which must be distinct.
 */
import type { TraceEvent } from "../sim/trace";
import type { History } from "./history";
import type { RegisterInput } from "./linearizability";

export function registerFlow(trace: readonly TraceEvent[], history: History<RegisterInput<number>, unknown>, replicas: readonly string[]): string[] {
  // Writes as bits: knowledge is a bitset per node, and a message carries a copy of its sender's.
  const bitOf = new Map<number, number>();
  const writeOf = new Map<unknown, number>();
  history.forEach((op, i) => {
    if (op.input.op !== "write") return;
    bitOf.set(i, bitOf.size);
    writeOf.set(op.input.value, i);
  });
  const words = Math.max(1, Math.ceil(bitOf.size / 32));
  const known = new Map<string, Uint32Array>();
  const knowledge = (node: string) => known.get(node) ?? (known.set(node, new Uint32Array(words)), known.get(node)!);
  const knows = (node: string, write: number) => {
    const bit = bitOf.get(write)!;
    return (knowledge(node)[bit >>> 5] & (1 << (bit & 31))) !== 0;
  };
  const carried = new Map<number, Uint32Array>();
  // Invocations and returns, in time order; trace events between them at equal times.
  type Mark = { time: number; op: number };
  const calls: Mark[] = history.map((op, i) => ({ time: op.call, op: i })).sort((a, b) => a.time - b.time);
  const returns: Mark[] = history.map((op, i) => ({ time: op.return, op: i })).filter((m) => m.time !== Infinity).sort((a, b) => a.time - b.time);

  const majority = Math.floor(replicas.length / 2) + 1;
  const problems: string[] = [];
  const describe = (i: number) => {
    const op = history[i];
    return `${op.client}'s ${op.input.op === "write" ? `write of ${op.input.value}` : "read"} (called at ${Math.round(op.call)} ms, returned at ${Math.round(op.return)} ms)`;
  };
  const check = (i: number) => {
    const op = history[i];
    const write = op.input.op === "write" ? i : writeOf.get(op.output);
    if (write === undefined) return; // the initial value, or a value never written (the linearizability check's to judge)
    if (op.input.op === "read" && !knows(String(op.client), write)) {
      problems.push(`${describe(i)} returned ${op.output}, but no chain of messages from ${describe(write)} had reached ${op.client}`);
      return;
    }
    const holders = replicas.filter((r) => knows(r, write)).length;
    if (holders < majority) problems.push(`${describe(i)} returned when only ${holders} of the ${replicas.length} replicas had heard of ${op.input.op === "write" ? "it" : `the write of ${op.output}`} (a majority is ${majority})`);
  };

  let c = 0;
  let r = 0;
  const until = (time: number, strict: boolean) => {
    while (c < calls.length && (strict ? calls[c].time < time : calls[c].time <= time)) {
      const i = calls[c++].op;
      const bit = bitOf.get(i);
      if (bit !== undefined) knowledge(String(history[i].client))[bit >>> 5] |= 1 << (bit & 31);
    }
    while (r < returns.length && returns[r].time < time) check(returns[r++].op);
  };
  for (const e of trace) {
    if (e.kind !== "send" && e.kind !== "deliver") continue;
    until(e.time, false);
    if (e.kind === "send") carried.set(e.id, knowledge(e.from).slice());
    else {
      const bits = carried.get(e.id);
      if (bits === undefined) continue;
      const into = knowledge(e.to);
      for (let w = 0; w < words; w++) into[w] |= bits[w];
    }
  }
  until(Infinity, true);
  return problems;
}
