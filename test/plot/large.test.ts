/**
 * Every figure, the command line's report and the metrics it uses at the sizes users
 * reach: a million points, 500 classes. Before, `Math.max(...values)` overflowed the
 * stack here ("Maximum call stack size exceeded", exit 70 after the training finished),
 * and a 100k-point scatter drew every point (8.6 s, 820 MB). Figures now draw an even
 * sample and say so in their subtitle; curves are thinned; a 500-class matrix is summed
 * into blocks.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { finalReport } from "../../src/cli/pipeline/report.js";
import { countMarks, pngSize } from "./helpers.js";

const N = 1_000_000;
const C = 500;

kd.manualSeed(7);
const uniform = kd.rand([5 * N + 5000 * C], { dtype: "float64" }).data;
let drawn = 0;
const rand = (): number => uniform[drawn++];
const points = new Float32Array(2 * N);
const binary = new Float64Array(N);
const many = new Float64Array(N);
const predMany = new Float64Array(N);
for (let i = 0; i < N; i++) {
  binary[i] = i % 2;
  points[2 * i] = rand() + binary[i];
  points[2 * i + 1] = rand() * 3 - 1;
  many[i] = Math.floor(rand() * C);
  predMany[i] = rand() < 0.8 ? many[i] : Math.floor(rand() * C);
}
const X = kd.fromArray(points, [N, 2]);
const yBinary = kd.fromArray(binary, [N], { dtype: "int64" });
const yMany = kd.fromArray(many, [N], { dtype: "int64" });
const predManyT = kd.fromArray(predMany, [N], { dtype: "int64" });

/** The figure's words, lines of wrapped titles joined by spaces. */
const joined = (svg: string): string => svg.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("figures of a million points", () => {
  it("scatter draws an even sample of 5,000 and says so", async () => {
    const svg = await kd.plot.scatter(X, yBinary).toSVG();
    expect(countMarks(svg, "points")).toBe(5000);
    expect(joined(svg)).toContain("showing 5,000 of 1,000,000 points, evenly sampled");
  });

  it("decision boundaries sample each panel but cover every point's range", async () => {
    const model = new kd.nn.Linear(2, 1);
    const fig = kd.plot.plotDecisionBoundaries({ Train: [X, yBinary], Test: [X, yBinary] }, model);
    const svg = await fig.toSVG();
    expect(countMarks(svg, "points_Train")).toBe(5000);
    expect(joined(svg)).toContain("showing 5,000 of 1,000,000 points, evenly sampled");
    // The x axis spans every point (0 to 2 plus the margin), not only the sample's range.
    const spec = fig.spec as { hconcat: { layer: { encoding: { x: { scale: { domain: number[] } } } }[] }[] };
    const [lo, hi] = spec.hconcat[0].layer[0].encoding.x.scale.domain;
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(2);
  });

  it("plotPredictions samples each series", async () => {
    const xs = kd.arange(N).float();
    const svg = await kd.plot.plotPredictions(xs, xs, xs, xs, xs).toSVG();
    expect(countMarks(svg, "points")).toBe(15000);
    expect(joined(svg)).toContain("of 3,000,000 points");
  });

  it("a million epochs of curves draw 2,000 vertices a series and no markers", async () => {
    const loss = Array.from({ length: N }, (_, i) => 1 / (1 + i));
    const fig = kd.plot.plotLossCurves({ trainLoss: loss, testLoss: loss, trainAcc: loss, testAcc: loss });
    const svg = await fig.toSVG();
    expect(svg).not.toContain("loss_points_marks");
    expect(joined(svg)).toContain("showing 2,000 of 1,000,000 epochs");
  });

  it("a binary ROC curve of a million scores is thinned, its AUC from every score", async () => {
    const scores = kd.fromArray(Float32Array.from(points.filter((_, k) => k % 2 === 0)), [N]);
    const svg = await kd.plot.plotRocCurve(scores, yBinary).toSVG();
    const curve = /role-mark curves_marks[\s\S]*?<path[^>]* d="([^"]*)"/.exec(svg);
    expect(curve).not.toBeNull();
    // A path of at most a few thousand vertices (every vertex is one "L" command).
    expect((curve![1].match(/L/g) ?? []).length).toBeLessThan(2100);
    const r = kd.plot.rocCurve(Array.from(scores.data), Array.from(binary, (b) => b === 1));
    expect(joined(svg)).toContain(`AUC = ${r.auc.toFixed(3)}`);
    expect(joined(svg)).toMatch(/curves drawn through [\d,]+ of their [\d,]+ vertices/);
  });
});

describe("500 classes", () => {
  it("the confusion matrix of a million labels is summed into blocks, named in the subtitle", async () => {
    const fig = kd.plot.plotConfusionMatrix({ preds: predManyT, target: yMany });
    const svg = await fig.toSVG();
    expect(countMarks(svg, "cells")).toBe(56 * 56);
    expect(joined(svg)).toContain("500 classes in blocks of 9: each cell sums 9 × 9 class pairs");
    const png = await fig.toPNG({ scale: 1 });
    expect(pngSize(png).width).toBeLessThan(1000);
  });

  it("one-vs-rest ROC curves for 500 classes sum up their AUCs instead of a 500-line legend", async () => {
    const n = 5_000;
    const probs = new Float32Array(n * C);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) probs[i * C + c] = rand();
      probs[i * C + many[i]] += 0.5;
    }
    const svg = await kd.plot.plotRocCurve(kd.fromArray(probs, [n, C]), kd.fromArray(many.slice(0, n), [n], { dtype: "int64" })).toSVG();
    expect(joined(svg)).toMatch(/500 one-vs-rest curves; mean AUC 0\.\d{3}, lowest 0\.\d{3} \(class \d+\)/);
    expect(svg).not.toContain("role-legend");
  });

  it("the report of a million rows and 500 classes prints, the matrix left to --json", () => {
    const model = new kd.nn.Linear(2, C);
    const n = 20_000;
    const report = finalReport(model, X.slice([0, n]), yMany.slice([0, n]), Array.from({ length: C }, (_, i) => `class ${i}`));
    expect(report.text).toContain("class 499");
    expect(report.text).toContain("500 × 500, too wide to print");
    expect(report.confusionMatrix.length).toBe(C);
    const text = kd.metrics.classificationReport(yMany, predManyT, { digits: 4 }) as string;
    expect(text.split("\n").length).toBeGreaterThan(C);
  });

  it("multi-class metrics take a million labels of 500 classes", () => {
    let right = 0;
    for (let i = 0; i < N; i++) if (many[i] === predMany[i]) right++;
    expect(kd.metrics.multiclassAccuracy(predManyT, yMany, { numClasses: C, average: "micro" }).item()).toBeCloseTo(right / N, 6);
    const cm = kd.metrics.multiclassConfusionMatrix(predManyT, yMany, { numClasses: C });
    expect(cm.sum().item()).toBe(N);
    expect(kd.metrics.multiclassF1Score(predManyT, yMany, { numClasses: C, average: "macro" }).item()).toBeGreaterThan(0.7);
    const dict = kd.metrics.classificationReport(yMany, predManyT, { outputDict: true }) as { accuracy: number };
    expect(dict.accuracy).toBeCloseTo(right / N, 12);
  });
});
