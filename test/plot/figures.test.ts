import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import * as plot from "../../src/plot/index.js";
import { rings } from "./data.js";
import { countMarks, countSeries, markGroup, texts } from "./helpers.js";

describe("scatter", () => {
  it("draws each point coloured by its label with a legend", async () => {
    const { X, y } = rings(16);
    const svg = await plot.scatter(X, y, { classNames: ["outer", "inner"] }).toSVG();
    expect(texts(svg)).toEqual(expect.arrayContaining(["Data", "X1", "X2", "Class", "outer", "inner"]));
    expect(countMarks(svg, "points")).toBe(16);
    expect(markGroup(svg, "points").match(/Class: inner"/g)).toHaveLength(8);
  });

  it("draws unlabelled points in one colour", async () => {
    const svg = await plot.scatter([[0, 1], [2, 3], [4, 5]]).toSVG();
    expect(countMarks(svg, "points")).toBe(3);
    expect(texts(svg)).not.toContain("Class");
  });
});

describe("plotPredictions", () => {
  const x = kd.arange(0, 1, 0.1, { dtype: "float32" });
  const yv = x.mul(0.7).add(0.3);
  const [xTrain, xTest] = [x.slice([0, 8]), x.slice([8, null])];
  const [yTrain, yTest] = [yv.slice([0, 8]), yv.slice([8, null])];

  it("shows training data, testing data and predictions", async () => {
    const svg = await plot.plotPredictions(xTrain, yTrain, xTest, yTest, yTest.add(0.05)).toSVG();
    expect(texts(svg)).toEqual(expect.arrayContaining(["Predictions", "Training data", "Testing data", "X", "y"]));
    expect(countMarks(svg, "points")).toBe(8 + 2 + 2);
  });

  it("leaves predictions out when there are none", async () => {
    const svg = await plot.plotPredictions(xTrain, yTrain, xTest, yTest).toSVG();
    expect(texts(svg)).not.toContain("Predictions");
    expect(countMarks(svg, "points")).toBe(10);
  });

  it("checks lengths", () => {
    expect(() => plot.plotPredictions(xTrain, yTest, xTest, yTest)).toThrow(/has 8 inputs but 2 values/);
  });
});

describe("plotLossCurves", () => {
  const records = [
    { trainLoss: 0.9, testLoss: 1.0, trainAcc: 50, testAcc: 48 },
    { trainLoss: 0.5, testLoss: 0.6, trainAcc: 75, testAcc: 70 },
    { trainLoss: 0.3, testLoss: 0.4, trainAcc: 90, testAcc: 85 },
  ];

  it("draws loss and accuracy panels with train and test series", async () => {
    const svg = await plot.plotLossCurves(records).toSVG();
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(["Training curves", "Loss", "Accuracy", "Epoch", "train", "test"]));
    expect(countMarks(svg, "loss_points")).toBe(6);
    expect(countMarks(svg, "accuracy_points")).toBe(6);
    expect(countSeries(svg, "loss")).toBe(2); // one line per series
  });

  it("takes the tutorial's arrays per metric, and loss alone", async () => {
    const svg = await plot.plotLossCurves({ trainLoss: [1, 0.5, 0.25, 0.2], testLoss: [1.1, 0.6, 0.4, 0.35] }).toSVG();
    expect(texts(svg)).not.toContain("Accuracy");
    expect(countMarks(svg, "loss_points")).toBe(8);
  });

  it("refuses a history without numbers", () => {
    expect(() => plot.plotLossCurves([])).toThrow(/no trainLoss, testLoss, trainAcc or testAcc/);
  });
});

describe("plotConfusionMatrix", () => {
  it("annotates every cell with its count and names the classes", async () => {
    const m = [[5, 1, 0], [2, 7, 1], [0, 0, 9]];
    const svg = await plot.plotConfusionMatrix(m, { classNames: ["cat", "dog", "hedgehog"] }).toSVG();
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(["Confusion matrix", "Predicted label", "True label", "cat", "dog", "hedgehog"]));
    expect(countMarks(svg, "cells")).toBe(9);
    const counts = markGroup(svg, "counts").match(/>(\d+)<\/text>/g)?.map((s) => Number(s.slice(1, -7)));
    expect(counts?.sort((a, b) => a - b)).toEqual(m.flat().sort((a, b) => a - b));
  });

  it("names every one of Fashion-MNIST's ten classes on both axes, slanted names included", async () => {
    const names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    const m = names.map((_, i) => names.map((_, j) => (i === j ? 90 : 1)));
    const svg = await plot.plotConfusionMatrix(m, { classNames: names }).toSVG();
    // Vega hides a label it thinks overlaps with opacity 0; every name must show, down and across.
    for (const n of names) expect(svg.match(new RegExp(`<text[^>]*opacity="1"[^>]*>${n}</text>`, "g"))?.length, n).toBe(2);
  });

  it("counts predictions against targets itself, with row percentages", async () => {
    const fig = plot.plotConfusionMatrix(
      { preds: kd.tensor([0, 1, 1, 2, 2, 2], { dtype: "int64" }), target: kd.tensor([0, 1, 2, 2, 2, 1], { dtype: "int64" }) },
      { showPercent: true },
    );
    const rows = (fig.spec as { data: { values: { actual: string; predicted: string; count: number; percent: string }[] } }).data.values;
    const cell = (a: string, p: string) => rows.find((r) => r.actual === a && r.predicted === p);
    expect(cell("2", "2")).toMatchObject({ count: 2, percent: "66.7%" });
    expect(cell("1", "2")).toMatchObject({ count: 1, percent: "50.0%" });
    expect(cell("0", "0")).toMatchObject({ count: 1, percent: "100.0%" });
    const svg = await fig.toSVG();
    expect(texts(svg)).toContain("66.7%");
  });

  it("refuses a matrix that is not square", () => {
    expect(() => plot.plotConfusionMatrix(kd.zeros([2, 3]))).toThrow(/square/);
    expect(() => plot.plotConfusionMatrix([[1, 2], [3]])).toThrow(/row 1 has 1 entries/);
  });
});

describe("ROC curves", () => {
  it("computes the curve and AUC as sklearn's roc_curve does", () => {
    // sklearn's docstring example: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], AUC 0.75.
    const r = plot.rocCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
    expect(r.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(r.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(r.thresholds.map((t) => Math.round(t * 1e6) / 1e6)).toEqual([1, 0.8, 0.4, 0.35, 0.1]);
    expect(r.auc).toBeCloseTo(0.75, 12);
    // Logits rank the same as their probabilities: the same curve.
    expect(plot.rocCurve([-2.2, -0.4, -0.6, 1.4], [false, false, true, true]).tpr).toEqual(r.tpr);
  });

  it("treats tied scores as one threshold", () => {
    const r = plot.rocCurve([0.5, 0.5, 0.5, 0.5], [true, false, true, false]);
    expect(r.fpr).toEqual([0, 1]);
    expect(r.tpr).toEqual([0, 1]);
    expect(r.auc).toBe(0.5);
    expect(() => plot.rocCurve([1, 2], [true, true])).toThrow(/both positive and negative/);
  });

  it("plots a binary curve from logits with its AUC", async () => {
    const svg = await plot.plotRocCurve(kd.tensor([[-2], [-1], [0.5], [3]]), kd.tensor([0, 0, 1, 1])).toSVG();
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(["ROC curve", "False positive rate", "True positive rate", "ROC (AUC = 1.000)"]));
    expect(countMarks(svg, "curves")).toBe(1);
    expect(countMarks(svg, "chance")).toBe(1);
  });

  it("plots one-vs-rest curves for several classes and names a class without samples", async () => {
    const scores = kd.tensor([[0.8, 0.1, 0.1, 0], [0.2, 0.7, 0.1, 0], [0.3, 0.3, 0.4, 0], [0.6, 0.2, 0.2, 0], [0.1, 0.2, 0.7, 0]]);
    const target = kd.tensor([0, 1, 2, 1, 2], { dtype: "int64" });
    const svg = await plot.plotRocCurve(scores, target, { classNames: ["a", "b", "c", "d"] }).toSVG();
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(["ROC curves (one-vs-rest)", "a (AUC = 1.000)", "c (AUC = 1.000)"]));
    expect(t.some((s) => /^b \(AUC = 0\.\d{3}\)$/.test(s))).toBe(true);
    expect(t.some((s) => s.includes("no curve for d"))).toBe(true);
    expect(countSeries(svg, "curves")).toBe(3);
  });

  it("refuses targets that do not fit the scores", () => {
    expect(() => plot.plotRocCurve([0.1, 0.9], [0, 2])).toThrow(/binary classifier/);
    expect(() => plot.plotRocCurve([[0.1, 0.2, 0.7]], [3])).toThrow(/only 3 score columns/);
    expect(() => plot.plotRocCurve([0.1, 0.9], [1, 1])).toThrow(/single class/);
  });
});
