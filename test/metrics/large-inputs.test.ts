/**
 * A million predictions through the main metrics. Only results are checked here, against
 * computations that share nothing with the implementation (counting loops, AUROC as the
 * share of positive-negative pairs ranked right); the time they take is measured by scripts/metrics-timing.ts.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { xorshift32 } from "../../programs/xorshift.js";

const N = 1_000_000;
const C = 4;

// xorshift32, so the inputs do not come from the random module.
const rand = xorshift32(12345);
const target = new Float64Array(N);
const scores = new Float32Array(N * C);
for (let i = 0; i < N; i++) {
  target[i] = Math.floor(rand() * C);
  for (let c = 0; c < C; c++) scores[i * C + c] = rand() + (c === target[i] ? 0.3 : 0);
}
const targetT = kd.fromArray(target, [N], { dtype: "int64" });
const scoresT = kd.fromArray(scores, [N, C], { dtype: "float32" });
const predLabels = new Float64Array(N);
for (let i = 0; i < N; i++) {
  let best = 0;
  for (let c = 1; c < C; c++) if (scores[i * C + c] > scores[i * C + best]) best = c;
  predLabels[i] = best;
}

/**
 * AUROC as the probability that a positive outscores a negative (ties count half), counted
 * pair by pair over the sorted positive and negative scores: no curve, no trapezoids.
 */
function pairAuroc(s: Float32Array, pos: (i: number) => boolean): number {
  const p: number[] = [], n: number[] = [];
  for (let i = 0; i < s.length; i++) (pos(i) ? p : n).push(s[i]);
  const ps = Float64Array.from(p).sort(), ns = Float64Array.from(n).sort();
  let below = 0, equal = 0, wins = 0;
  for (const v of ps) {
    while (below < ns.length && ns[below] < v) below++;
    equal = below;
    while (equal < ns.length && ns[equal] === v) equal++;
    wins += below + (equal - below) / 2;
  }
  return wins / (ps.length * ns.length);
}

describe("a million predictions", () => {
  it("multi-class accuracy, confusion matrix, F1 and the report agree with direct counts", () => {
    const cm = new Float64Array(C * C);
    for (let i = 0; i < N; i++) cm[target[i] * C + predLabels[i]]++;
    let right = 0;
    for (let c = 0; c < C; c++) right += cm[c * C + c];
    expect(kd.metrics.multiclassAccuracy(scoresT, targetT, { numClasses: C, average: "micro" }).item()).toBeCloseTo(right / N, 6);
    expect(Array.from(kd.metrics.multiclassConfusionMatrix(scoresT, targetT, { numClasses: C }).data)).toEqual(Array.from(cm));
    const f1 = Array.from({ length: C }, (_, c) => {
      let col = 0, row = 0;
      for (let j = 0; j < C; j++) {
        col += cm[j * C + c];
        row += cm[c * C + j];
      }
      return (2 * cm[c * C + c]) / (col + row);
    });
    const got = kd.metrics.multiclassF1Score(scoresT, targetT, { numClasses: C, average: "none" });
    f1.forEach((v, c) => expect(got.data[c]).toBeCloseTo(v, 6));
    const report = kd.metrics.classificationReport(targetT, kd.fromArray(predLabels, [N], { dtype: "int64" }), { outputDict: true });
    expect(report.accuracy).toBeCloseTo(right / N, 12);
  });

  it("binary AUROC (exact and binned) and average precision from a million scores", () => {
    const s = new Float32Array(N);
    const t = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      t[i] = target[i] === 0 ? 1 : 0;
      s[i] = scores[i * C];
    }
    const sT = kd.fromArray(s, [N], { dtype: "float32" });
    const tT = kd.fromArray(t, [N], { dtype: "int64" });
    const expected = pairAuroc(s, (i) => t[i] === 1);
    expect(kd.metrics.binaryAuroc(sT, tT).item()).toBeCloseTo(expected, 6);
    // 1000 thresholds: the staircase loses at most the area between neighbouring thresholds
    expect(Math.abs(kd.metrics.binaryAuroc(sT, tT, { thresholds: 1000 }).item() - expected)).toBeLessThan(2e-3);
    const ap = kd.metrics.binaryAveragePrecision(sT, tT).item();
    expect(ap).toBeGreaterThan(0.25);
    expect(ap).toBeLessThan(1);
    const macro = kd.metrics.multiclassAuroc(scoresT, targetT, { numClasses: C, average: "none" });
    expect(macro.data[0]).toBeCloseTo(kd.metrics.binaryAuroc(kd.softmax(scoresT, 1).select(1, 0).contiguous(), tT).item(), 6);
  });
});
