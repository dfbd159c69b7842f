// A bug planted in a closed form must turn the notebook's verdict into a disagreement on stderr.
//
// Chapter 01 plots M/M/1's response time W = 1/(μ − λ) (lib/queueing/theory.ts) beside the
// simulated shared server (lib/queueing/experiments.ts) with theoryVsSimulated. Here the same
// figure is built twice: with the real closed form it agrees; with the closed form off by half
// (a module mock of lib/queueing/theory.ts, as if someone had broken it) the verdict disagrees
// and exactly one "✗ DISAGREE" line goes to stderr, which the notebook runner turns into a
// failed notebook (test/notebook-runner.test.ts proves that any stderr fails it).
import { afterEach, describe, expect, it, vi } from "vitest";

type Lib = typeof import("../lib");

function responseTimeFigure(lib: Lib) {
  const sharing = [5, 10, 15];
  const seeds = [1, 2, 3, 4];
  const samples = sharing.map((clients) => seeds.map((seed) => lib.queueing.sharedServer({ clients, seed, durationMs: 20_000 }).meanMs));
  const W = (n: number) => 1000 * lib.queueing.mm1ResponseTime(n * 4, 100);
  return lib.theoryVsSimulated({
    title: "Response time of one shared server",
    theory: { name: "M/M/1", x: sharing, y: sharing.map(W), at: W },
    simulated: { name: "simulated", x: sharing, samples },
    k: 3,
  });
}

describe("a planted bug in a closed form fails the verdict", () => {
  afterEach(() => {
    vi.doUnmock("../lib/queueing/theory");
    vi.resetModules();
    vi.restoreAllMocks();
  });

  it("the real M/M/1 closed form agrees with the simulation, and nothing is written to stderr", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const fig = responseTimeFigure(await import("../lib"));
    expect(fig.verdict.agree).toBe(true);
    expect(err).not.toHaveBeenCalled();
  });

  it("M/M/1's response time off by half disagrees, on the figure and on stderr", async () => {
    vi.resetModules();
    vi.doMock("../lib/queueing/theory", async (importOriginal) => {
      const real = await importOriginal<typeof import("../lib/queueing/theory")>();
      return { ...real, mm1ResponseTime: (lambda: number, mu: number) => real.mm1ResponseTime(lambda, mu) / 2 };
    });
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const fig = responseTimeFigure(await import("../lib"));
    expect(fig.verdict.agree).toBe(false);
    expect(String((fig.layout.annotations as Array<{ text: string }>)[0].text)).toMatch(/DISAGREES/);
    expect(err).toHaveBeenCalledTimes(1);
    expect(String(err.mock.calls[0][0])).toMatch(/^✗ DISAGREE: Response time of one shared server: \d of 3 points not within 3 SE/);
  });
});
