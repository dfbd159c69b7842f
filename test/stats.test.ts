// lib/stats: the statistics and the verdict every theory-vs-simulation figure relies on.
import { describe, expect, it } from "vitest";
import {
  mean, variance, stdDev, standardError, proportionStandardError, shareStandardError, summarize, confidenceInterval,
  quantile, quantiles, erf, normalCdf, normalQuantile, studentCdf, studentQuantile, tolerance, verdict, announce,
} from "../lib/stats";
import { vi } from "vitest";

describe("sample statistics", () => {
  it("mean, variance (n − 1), sd, standard error", () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(variance(xs)).toBeCloseTo(32 / 7, 12);
    expect(stdDev(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardError(xs)).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 12);
    expect(summarize(xs)).toMatchObject({ n: 8, mean: 5 });
    expect(variance([3])).toBe(0);
  });
  it("refuses what it cannot estimate, saying why", () => {
    expect(() => mean([])).toThrow(/empty/);
    expect(() => standardError([1])).toThrow(/at least 2 samples/);
    expect(() => proportionStandardError(1.2, 10)).toThrow(/\[0, 1\]/);
    expect(() => quantile([1, 2], 99)).toThrow(/q = 0.99/);
  });
  it("proportion standard error and a 95% interval", () => {
    expect(proportionStandardError(0.5, 100)).toBeCloseTo(0.05, 12);
    expect(shareStandardError(0, 40)).toBeCloseTo(Math.sqrt((2 / 44) * (42 / 44) / 44), 12);
    expect(shareStandardError(40, 40)).toBeGreaterThan(0);
    expect(() => shareStandardError(41, 40)).toThrow(/0 ≤ successes ≤ n/);
    const ci = confidenceInterval([1, 2, 3, 4, 5], 0.95);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo(1.959964 * standardError([1, 2, 3, 4, 5]), 5);
  });
  it("quantiles interpolate between ranks, like numpy", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantiles([1, 2, 3, 4, 5], [0, 0.25, 1])).toEqual([1, 2, 5]);
    expect(quantile([10, 20], 0.9)).toBeCloseTo(19, 12);
  });
  it("erf, Φ and Φ⁻¹ match published values", () => {
    expect(erf(1)).toBeCloseTo(0.8427008, 6);
    expect(erf(-0.5)).toBeCloseTo(-0.5204999, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(130, 100, 15)).toBeCloseTo(0.9772499, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });
});

describe("verdict: theory within k standard errors", () => {
  const points = [
    { x: 1, simulated: 10.2, stderr: 0.1, theory: 10 },
    { x: 2, simulated: 19.7, stderr: 0.2, theory: 20 },
  ];
  it("agrees when every point is within k SE, and names the worst", () => {
    const v = verdict({ what: "w", k: 3, points });
    expect(v.agree).toBe(true);
    expect(v.worst.x).toBe(1);
    expect(v.worst.z).toBeCloseTo(2, 9);
    expect(v.text).toMatch(/all 2 points within 3 SE/);
  });
  it("disagrees when one point is further, and says where", () => {
    const v = verdict({ what: "w", k: 1.6, points });
    expect(v.agree).toBe(false);
    expect(v.text).toMatch(/1 of 2 points not within 1.6 SE.*x = 1/);
  });
  it("bounds are one-sided", () => {
    const above = [{ x: 1, simulated: 50, stderr: 1, theory: 10 }];
    expect(verdict({ what: "b", k: 3, points: above, relation: "atLeast" }).agree).toBe(true);
    expect(verdict({ what: "b", k: 3, points: above, relation: "atMost" }).agree).toBe(false);
    expect(verdict({ what: "b", k: 3, points: above }).agree).toBe(false);
  });
  it("a zero standard error agrees only with the exact value", () => {
    expect(verdict({ what: "z", k: 3, points: [{ x: 0, simulated: 1, stderr: 0, theory: 1 }] }).agree).toBe(true);
    expect(verdict({ what: "z", k: 3, points: [{ x: 0, simulated: 1, stderr: 0, theory: 0.999 }] }).agree).toBe(false);
  });
  it("rejects missing numbers and a non-positive k", () => {
    expect(() => verdict({ what: "n", k: 0, points })).toThrow(/k must be/);
    expect(() => verdict({ what: "n", k: 3, points: [{ x: 1, simulated: NaN, stderr: 1, theory: 1 }] })).toThrow(/simulated = NaN/);
  });
  it("announce writes one stderr line on a disagreement, none on agreement", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    announce(verdict({ what: "ok", k: 3, points }));
    expect(err).not.toHaveBeenCalled();
    announce(verdict({ what: "planted", k: 1, points }));
    expect(err).toHaveBeenCalledTimes(1);
    expect(String(err.mock.calls[0][0])).toMatch(/^✗ DISAGREE: planted/);
    err.mockRestore();
    log.mockRestore();
  });
});

describe("Student's t: a standard error from few seeds is itself uncertain", () => {
  it("matches published quantiles and tends to the normal", () => {
    expect(studentQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentQuantile(0.975, 4)).toBeCloseTo(2.7764, 3);
    expect(studentQuantile(0.995, 9)).toBeCloseTo(3.2498, 3);
    expect(studentQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 3);
    expect(studentCdf(-2.7764, 4)).toBeCloseTo(0.025, 4);
  });
  it("tolerance widens k for few seeds, and a verdict uses it", () => {
    expect(tolerance(3)).toBe(3);
    expect(tolerance(3, 4)).toBeGreaterThan(6);
    expect(tolerance(3, 199)).toBeLessThan(3.1);
    const p = { x: 1, simulated: 14, stderr: 1, theory: 10 };
    expect(verdict({ what: "t", k: 3, points: [p] }).agree).toBe(false);
    expect(verdict({ what: "t", k: 3, points: [{ ...p, dof: 4 }] }).agree).toBe(true);
  });
});
