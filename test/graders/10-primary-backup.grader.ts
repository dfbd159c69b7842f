// Grader for exercise 10: the primary, the backup and the client of the capstone service. The
// scenarios are lib/capstone/scenarios.ts (a seeded nemesis mixing every fault of the course); each
// check below is a pure function of the plain data a run returns: the clients' histories (recorded by
// the kit's hosts), the manager's configurations and leases (its own marks), the replies and
// acknowledgements servers sent (the simulator's trace) and the final audit.
import type { HistoryOp } from "../../lib/capstone/clients";
import { capstoneModel } from "../../lib/capstone/model";
import type { PlayedFault } from "../../lib/capstone/nemesis";
import type { CapstoneRun } from "../../lib/capstone/scenarios";
import type { Grader } from "../../lib/grading/scenario";
import { checkLinearizability } from "../../lib/replication/linearizability";
import { expectThat } from "./support";

/** Completed operations a run must have for its verdicts to mean anything. */
const MIN_COMPLETED = 100;
/** Once the faults have healed (plus SETTLE_MS), an operation must complete within this. */
const PROGRESS_BOUND_MS = 1_000;
/** Client→manager messages per completed operation allowed once the faults have healed. */
const MANAGER_PER_OP = 0.05;

function faultsLine(run: CapstoneRun): string {
  const show = (f: PlayedFault) => `${f.kind} ${f.nodes.join("→") || ""} ${Math.round(f.from)}–${Math.round(f.to)} ms${f.skipped ? " (skipped)" : ""}`.replace("  ", " ");
  return run.faults.map(show).join("; ");
}

function faults(run: CapstoneRun): string {
  return `\n  faults: ${faultsLine(run)}`;
}

function completed(run: CapstoneRun): HistoryOp[] {
  return run.history.filter((op) => op.return !== Infinity);
}

function describeOp(op: HistoryOp): string {
  const v = op.input.value === undefined ? "" : `, ${JSON.stringify(op.input.value)}`;
  const out = op.output === undefined ? "no answer (unknown outcome)" : JSON.stringify(op.output.length > 60 ? `…${op.output.slice(-60)}` : op.output);
  return `${op.client}: ${op.input.f}(${op.input.key}${v}) called at ${op.call.toFixed(0)} ms → ${out}${op.return === Infinity ? "" : ` at ${op.return.toFixed(0)} ms`}`;
}

/**
 * Every check first asks that each completed operation was answered by a server: a reply to a
 * request of that kind from that client, sent between the call and the return. A client that
 * works the workload out from the seed could otherwise answer at once from a private replay, with
 * no server and no message, and its history would be linearizable, prompt and quiet.
 */
function answeredByServers(run: CapstoneRun): void {
  for (const op of completed(run)) {
    const answered = run.replies.some((r) => r.client === op.client && r.op === op.input.f && r.time >= op.call && r.time <= op.return);
    expectThat(answered, `${describeOp(op)}, but no server sent ${op.client} a reply to a ${op.input.f} request in that time: an operation completes when a server answers it${faults(run)}`);
  }
}

function linearizable(run: CapstoneRun): void {
  answeredByServers(run);
  const done = completed(run).length;
  expectThat(done >= MIN_COMPLETED, `only ${done} of ${run.history.length} operations completed (at least ${MIN_COMPLETED} are needed for a verdict): the service was mostly unavailable${faults(run)}`);
  const result = checkLinearizability(run.history, capstoneModel);
  if (!result.ok) {
    const f = result.failure!;
    const blocked = f.blocked >= 0 ? `\n  no order of the operations on its key can place: ${describeOp(run.history[f.blocked])}` : "";
    expectThat(false, `the history is not linearizable (${f.reason}): ${f.message}${blocked}${faults(run)}`);
  }
}

/** The tokens of every append ("c1.7;") in a value. */
function tokens(value: string): string[] {
  return value.split(";").filter((t) => t !== "").map((t) => `${t};`);
}

function noWriteLostOrDoubled(run: CapstoneRun): void {
  answeredByServers(run);
  expectThat(run.audit !== null, `after the faults healed, the auditor could not read every key within 5 s (is a primary serving again?)${faults(run)}`);
  const appends = run.history.filter((op) => op.input.f === "append");
  for (const key of Object.keys(run.audit)) {
    const seen = tokens(run.audit[key]);
    const counts = new Map<string, number>();
    for (const t of seen) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) expectThat(n === 1, `append ${JSON.stringify(t)} was applied ${n} times to "${key}" (a retried or duplicated request applied again?)${faults(run)}`);
    for (const op of appends) {
      if (op.input.key !== key || op.return === Infinity) continue;
      expectThat(counts.has(op.input.value!), `an acknowledged write is lost: ${describeOp(op)}, but the final value of "${key}" does not contain ${JSON.stringify(op.input.value)}${faults(run)}`);
    }
  }
}

function onePrimaryAtATime(run: CapstoneRun): void {
  answeredByServers(run);
  const primaryOf = new Map(run.configs.map((c) => [c.epoch, c.primary]));
  const newestAnswered = new Map<string, number>();
  const events = [
    ...run.replies.map((r) => ({ time: r.time, reply: r, ack: null as null | CapstoneRun["forwardAcks"][number] })),
    ...run.forwardAcks.map((a) => ({ time: a.time, reply: null, ack: a })),
  ].sort((a, b) => a.time - b.time);
  for (const { reply, ack } of events) {
    if (ack !== null) {
      const newest = newestAnswered.get(ack.server) ?? 0;
      expectThat(ack.epoch >= newest, `${ack.server} acknowledged a forwarded write of epoch ${ack.epoch} at ${ack.time.toFixed(0)} ms after answering clients as primary of epoch ${newest}: a backup must refuse writes from an older epoch (the epoch is the fencing token)${faults(run)}`);
      continue;
    }
    const r = reply!;
    if (r.op === "get") {
      const leased = run.grants.some((g) => g.server === r.server && g.time <= r.time && r.time <= g.until);
      expectThat(leased, `${r.server} answered ${r.client}'s read at ${r.time.toFixed(0)} ms without holding the manager's lease (a primary may answer reads alone only under its lease: another server may be primary already)${faults(run)}`);
    } else if (r.op !== null) {
      expectThat(primaryOf.get(r.epoch) === r.server, `${r.server} acknowledged ${r.client}'s ${r.op} at ${r.time.toFixed(0)} ms as epoch ${r.epoch}, whose primary was ${primaryOf.get(r.epoch) ?? "never made"} (replies carry the epoch the primary served in)${faults(run)}`);
    }
    newestAnswered.set(r.server, Math.max(newestAnswered.get(r.server) ?? 0, r.epoch));
  }
}

function progressAfterHealing(run: CapstoneRun): void {
  answeredByServers(run);
  const late = run.history.filter((op) => op.call >= run.settledAt && op.call < run.stopAt);
  expectThat(late.length >= 10, `only ${late.length} operations were called between ${run.settledAt} ms (faults healed + 2 s) and ${run.stopAt} ms: the clients were stuck${faults(run)}`);
  for (const op of late) {
    expectThat(op.return - op.call <= PROGRESS_BOUND_MS, `${describeOp(op)}: it took ${op.return === Infinity ? "forever" : `${(op.return - op.call).toFixed(0)} ms`}, more than ${PROGRESS_BOUND_MS} ms, though every fault had healed at ${run.healAt} ms${faults(run)}`);
  }
}

function managerUsedSparingly(run: CapstoneRun): void {
  answeredByServers(run);
  const ops = run.history.filter((op) => op.call >= run.settledAt && op.call < run.stopAt && op.return !== Infinity).length;
  const asked = run.traffic.settledClientToManager;
  expectThat(ops > 0 && asked <= MANAGER_PER_OP * ops, `after the faults healed, clients sent the manager ${asked} messages for ${ops} operations (at most ${MANAGER_PER_OP} per operation: ask only when the primary you know stops answering)${faults(run)}`);
}

const grader: Grader = {
  exercise: "10-primary-backup",
  scenarios: "lib/capstone/scenarios",
  checks: [
    { title: "linearizable under the nemesis: every client history, with timed-out operations as unknown outcomes", points: 25, scenario: "nemesis", verify: linearizable },
    { title: "linearizable while old primaries believe they still are (isolated from the manager, bridged, paused past the lease)", points: 20, scenario: "splitBrain", verify: linearizable },
    { title: "no acknowledged write lost, none applied twice (the final state holds every acknowledged append exactly once)", points: 15, scenario: "nemesis", verify: noWriteLostOrDoubled },
    { title: "one primary at a time: reads answered only under the lease, writes acknowledged only by their epoch's primary, no backup accepting an older epoch", points: 20, scenario: "nemesis", verify: onePrimaryAtATime },
    { title: `progress: once the faults heal (+2 s), every operation completes within ${PROGRESS_BOUND_MS} ms`, points: 12, scenario: "nemesis", verify: progressAfterHealing },
    { title: `the manager used sparingly: after the faults heal, at most ${MANAGER_PER_OP} client→manager messages per operation`, points: 8, scenario: "nemesis", verify: managerUsedSparingly },
  ],
};

export default grader;
