/** The loss chart's fixed-size history: bounded, exact means, every epoch counted once. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LossSummary } from "../../web/src/ui/loss-summary.js";

const rec = (epoch: number, trainLoss: number, testLoss = trainLoss) => ({ epoch, trainLoss, testLoss, trainAcc: 0, testAcc: 0, trainR2: NaN, testR2: NaN, trainRmse: NaN, testRmse: NaN, lr: 0 });

describe("the loss chart's summary", () => {
  it("keeps a million epochs in at most capacity + 1 points, ending at the last epoch", () => {
    const s = new LossSummary(1024);
    for (let e = 0; e < 1_000_000; e++) s.add(rec(e, 1 / (e + 1)));
    const pts = s.points();
    expect(pts.length).toBeLessThanOrEqual(1025);
    expect(pts.length).toBeGreaterThan(512);
    expect(pts[pts.length - 1].epoch).toBe(999_999);
    expect(s.count).toBe(1_000_000);
    for (let i = 1; i < pts.length; i++) expect(pts[i].epoch).toBeGreaterThan(pts[i - 1].epoch);
  });

  it("gives bucket means whose count-weighted total is the mean of all losses (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(2, 4, 8), (losses, cap) => {
        const s = new LossSummary(cap);
        losses.forEach((l, e) => s.add(rec(e, l)));
        const pts = s.points();
        expect(pts.length).toBeLessThanOrEqual(cap + 1);
        // Bucket sizes follow from the epochs: each point covers the epochs since the previous one.
        let total = 0, prev = -1;
        for (const p of pts) {
          total += p.trainLoss * (p.epoch - prev);
          prev = p.epoch;
        }
        const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
        expect(total / losses.length).toBeCloseTo(mean, 9);
      }),
    );
  });

  it("leaves non-finite losses out of the means", () => {
    const s = new LossSummary(4);
    s.add(rec(0, 1, 2));
    s.add(rec(1, NaN, Infinity));
    const pts = s.points();
    expect(pts.map((p) => [p.trainLoss, p.testLoss])).toEqual([[1, 2], [NaN, NaN]]);
  });
});

describe("the charts' axes", () => {
  const pt = (epoch: number, trainLoss: number) => ({ epoch, trainLoss, testLoss: NaN, trainAcc: NaN, testAcc: NaN, trainR2: NaN, testR2: NaN });

  it("set the linear top by the values that are not spikes, so one bad epoch does not flatten the rest", async () => {
    const { robustTop } = await import("../../web/src/ui/loss-chart.js");
    // A smooth descent from 2: nothing cut, the first value is the top.
    const smooth = Array.from({ length: 50 }, (_, e) => pt(e, 2 * Math.exp(-e / 10)));
    expect(robustTop(smooth, ["trainLoss"])).toEqual({ top: 2, cut: false });
    // The same with one epoch at 40: cut, and the top stays 2.
    const spiky = smooth.map((p) => (p.epoch === 30 ? pt(30, 40) : p));
    expect(robustTop(spiky, ["trainLoss"])).toEqual({ top: 2, cut: true });
    // A run that diverges and stays high is not a spike for long: the plateau sets the top.
    const diverged = Array.from({ length: 40 }, (_, e) => pt(e, e < 20 ? 1 : 50));
    expect(robustTop(diverged, ["trainLoss"]).top).toBe(50);
  });

  it("put gridlines at round values covering the range, and log ticks at powers of ten", async () => {
    const { logTicks, niceTicks, shortNumber } = await import("../../web/src/ui/loss-chart.js");
    expect(niceTicks(1.155, 4)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0.7, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(60, 4)).toEqual([0, 20, 40, 60]);
    expect(logTicks(0.003, 2)).toEqual([0.01, 0.1, 1]);
    expect(logTicks(0.3, 2)).toEqual([0.5, 1, 2]);
    expect([0, 0.05, 1.25, 0.0003, 25000].map(shortNumber)).toEqual(["0", "0.05", "1.25", "3e−4", "25k"]);
  });
});
