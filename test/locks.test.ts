// Unit tests of lib/locks: the lease-less lock server, the unfenced storage, the demo worker and
// the checker (it must find the pause-problem corruption without fencing, and none with it).
import { describe, expect, it } from "vitest";
import { Node, Simulation, latency } from "../lib";
import {
  ForeverLockServer, LockWorker, UnfencedStorage, beliefOverlaps, checkLocks, findStaleWrites, lockBeliefs,
  lockMarks, type Grant, type LockWorkerOptions, type StorageReply, type WriteRequest,
} from "../lib/locks";

/** The smallest lease: the server takes the lock back `leaseMs` after granting it. */
class TestLeaseServer extends ForeverLockServer {
  constructor(readonly leaseMs: number) {
    super();
  }
  protected onGranted(grant: Grant): void {
    this.setTimer(this.leaseMs, () => {
      if (this.holder?.token !== grant.token) return;
      this.free("expired");
      this.grantNext();
    }, "lease");
  }
}

/** Believes its lock for `leaseMs` of its own clock after the grant arrives. */
class TestLeaseWorker extends LockWorker {
  constructor(options: LockWorkerOptions, readonly leaseMs: number) {
    super(options);
  }
  protected onAcquired(token: number): void {
    this.setTimer(this.leaseMs, () => {
      if (this.token === token) this.stop("lease ran out");
    }, "lease");
  }
}

/** Fencing in six lines: refuse any token older than the newest accepted. */
class TestFencedStorage extends Node<WriteRequest | StorageReply> {
  newest = 0;
  value: string | null = null;
  onMessage(from: string, msg: WriteRequest | StorageReply): void {
    if (msg.type !== "write") return;
    if (msg.token < this.newest) {
      this.mark("write-rejected", { writer: from, token: msg.token, newest: this.newest });
      return this.send(from, { type: "write-rejected", token: msg.token, newest: this.newest });
    }
    this.newest = msg.token;
    this.value = msg.value;
    this.mark("write-accepted", { writer: from, token: msg.token, value: msg.value });
    this.send(from, { type: "write-ok", token: msg.token });
  }
}

/** a takes the lease, pauses between deciding to write and sending it, wakes after b wrote. */
function pauseScenario(fenced: boolean) {
  const sim = new Simulation({ seed: 1, network: { latency: latency.constant(10) } });
  sim.add("locks", () => new TestLeaseServer(1_000));
  sim.add("storage", () => (fenced ? new TestFencedStorage() : new UnfencedStorage()));
  const work = { server: "locks", storage: "storage", writeEveryMs: 100, prepareMs: 50 };
  sim.add("a", () => new TestLeaseWorker({ ...work, writes: 100 }, 1_000));
  sim.add("b", () => new TestLeaseWorker({ ...work, writes: 3, startAfterMs: 100 }, 1_000));
  sim.pause("a", { at: 530, for: 2_000 });
  sim.run({ until: 4_000 });
  return sim;
}

describe("ForeverLockServer", () => {
  it("grants in FIFO order with increasing tokens, and hands the lock on at release", () => {
    const sim = new Simulation({ seed: 3 });
    sim.add("locks", new ForeverLockServer());
    sim.add("storage", new UnfencedStorage());
    for (const [i, id] of ["a", "b", "c"].entries()) {
      sim.add(id, () => new LockWorker({ server: "locks", storage: "storage", startAfterMs: i * 5, rounds: 2 }));
    }
    sim.run({ until: 10_000 });
    const grants = lockMarks(sim.trace, "lock-granted").map((m) => [m.data.holder, m.data.token]);
    expect(grants).toEqual([["a", 1], ["b", 2], ["c", 3], ["a", 4], ["b", 5], ["c", 6]]);
    expect(checkLocks(sim.trace).ok).toBe(true);
    expect(sim.node<UnfencedStorage>("storage").history).toHaveLength(18);
  });

  it("keeps the lock forever when its holder crashes", () => {
    const sim = new Simulation({ seed: 1 });
    sim.add("locks", new ForeverLockServer());
    sim.add("storage", new UnfencedStorage());
    sim.add("a", () => new LockWorker({ server: "locks", storage: "storage", writes: 10 }));
    sim.add("b", () => new LockWorker({ server: "locks", storage: "storage", startAfterMs: 50 }));
    sim.crash("a", { at: 300 });
    sim.run({ until: 60_000 });
    expect(lockMarks(sim.trace, "lock-acquired").map((m) => m.data.holder)).toEqual(["a"]);
    expect(sim.node<ForeverLockServer>("locks").holder?.holder).toBe("a");
    expect(sim.node<ForeverLockServer>("locks").waiting).toEqual(["b"]);
    expect(lockBeliefs(sim.trace)[0]).toMatchObject({ holder: "a", endedBy: "crash", to: 300 });
  });

  it("answers a repeated acquire from the holder with the same grant, and never reuses a token after a restart", () => {
    const sim = new Simulation({ seed: 1 });
    sim.add("locks", () => new ForeverLockServer());
    sim.add("storage", new UnfencedStorage());
    sim.add("a", () => new LockWorker({ server: "locks", storage: "storage", retryMs: 5, writes: 1, rounds: 3 }));
    sim.crash("locks", { at: 150 });
    sim.restart("locks", { at: 200 });
    sim.run({ until: 5_000 });
    const tokens = lockMarks(sim.trace, "lock-acquired").map((m) => m.data.token);
    expect(tokens.length).toBe(3);
    expect(new Set(tokens).size).toBe(3);
    expect(tokens.slice().sort((x, y) => x - y)).toEqual(tokens);
  });
});

describe("checkLocks", () => {
  it("finds the corruption of the pause problem without fencing", () => {
    const sim = pauseScenario(false);
    const report = checkLocks(sim.trace);
    expect(report.ok).toBe(false);
    expect(report.staleWrites.length).toBeGreaterThan(0);
    const first = report.staleWrites[0];
    expect(first.write).toMatchObject({ writer: "a", token: 1 });
    expect(first.newer).toMatchObject({ writer: "b", token: 2 });
    expect(sim.node<UnfencedStorage>("storage").value).toMatch(/^a#1\./); // the old holder won
    expect(report.overlaps.map((o) => [o.first.holder, o.second.holder])).toEqual([["a", "b"]]);
    expect(report.describe().some((line) => line.startsWith("stale write"))).toBe(true);
  });

  it("finds no stale write with a fenced storage (the belief overlap remains)", () => {
    const sim = pauseScenario(true);
    const report = checkLocks(sim.trace);
    expect(report.staleWrites).toEqual([]);
    expect(report.overlaps).toHaveLength(1);
    expect(lockMarks(sim.trace, "write-rejected").map((m) => m.data.writer)).toContain("a");
    expect(sim.node<TestFencedStorage>("storage").value).toBe("b#2.3");
  });

  it("flags an equal token from another writer, and only overlaps between different clients", () => {
    const w = (time: number, writer: string, token: number) => ({ time, storage: "s", writer, token, value: `${writer}${token}` });
    expect(findStaleWrites([w(1, "a", 1), w(2, "a", 1), w(3, "b", 2), w(4, "a", 1), w(5, "c", 2)]).map((s) => s.write.time)).toEqual([4, 5]);
    const b = (holder: string, from: number, to: number) => ({ holder, token: 0, from, to, endedBy: "released" });
    expect(beliefOverlaps([b("a", 0, 10), b("a", 5, 20), b("b", 10, 30), b("c", 25, 40)]).map((o) => [o.first.holder, o.second.holder, o.from, o.to])).toEqual([
      ["a", "b", 10, 20],
      ["b", "c", 25, 30],
    ]);
  });
});
