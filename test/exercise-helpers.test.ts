// lib/grading/exercise.ts: stubs, the "finish exercise NN" note, and what is not a stub.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Node, NodeHandlerError, Simulation, ifDone, isNotImplemented, notImplemented } from "../lib";

class StubNode extends Node {
  onStart() {
    notImplemented("42", "StubNode.onStart()");
  }
}

describe("ifDone", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows a note instead of an error when a stub is reached, even inside a node's handler", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const sim = new Simulation();
    sim.add("a", new StubNode());
    expect(ifDone("42", () => sim.run())).toBeUndefined();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^✎ Finish exercise 42 to see this \(exercise 42 is not done yet: implement StubNode\.onStart\(\)/));
  });

  it("recognises a stub wrapped by the simulator", () => {
    const sim = new Simulation();
    sim.add("a", new StubNode());
    let caught: unknown;
    try {
      sim.run();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NodeHandlerError);
    expect(isNotImplemented(caught)).toBe(true);
    expect(isNotImplemented(new Error("a real bug"))).toBe(false);
  });

  it("rethrows the student's own bugs, sync and async, and returns results", async () => {
    expect(() => ifDone("42", () => { throw new RangeError("off by one"); })).toThrow("off by one");
    await expect(ifDone("42", async () => { throw new RangeError("async bug"); })).rejects.toThrow("async bug");
    expect(ifDone("42", () => 7)).toBe(7);
    vi.spyOn(console, "log").mockImplementation(() => {});
    await expect(ifDone("42", async () => notImplemented("42", "x"))).resolves.toBeUndefined();
  });
});
