/**
 * Bad input gives a clear error: torchmetrics' own message where it has one (checked against
 * the fixtures), and Kindling's where torchmetrics would silently miscount.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import {
  checkCase, describeCase, loadFixture, metricFunction, toOptions, toTensor, type FunctionFixture,
} from "./fixture-utils.js";

const fx = loadFixture<FunctionFixture>("errors.json");

describe("torchmetrics' messages (errors.json)", () => {
  it.each(fx.cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const input = fx.inputs[c.input];
    const fn = metricFunction(c.fn);
    checkCase(() => fn(toTensor(input.preds), toTensor(input.target), toOptions(c.args)), c.out, describeCase(c));
  });
});

const long = (v: kd.NestedArray): kd.Tensor => kd.tensor(v, { dtype: "int64" });

describe("errors where torchmetrics has none", () => {
  it("refuses labels outside [0, numClasses) instead of miscounting them", () => {
    // torchmetrics' confusion matrix would file the 5 under another cell without a word
    expect(() => kd.metrics.multiclassConfusionMatrix(long([0, 1, 5]), long([0, 1, 2]), { numClasses: 4 })).toThrow(
      "Detected the following values in `preds`: tensor([0, 1, 5]) but expected only class labels in [0, 3] (num_classes=4).",
    );
    // a -1 target without ignoreIndex, with scores as predictions
    const scores = kd.tensor([[0.9, 0.1], [0.2, 0.8]]);
    expect(() => kd.metrics.multiclassAccuracy(scores, long([0, -1]), { numClasses: 2 })).toThrow(kd.ValueError);
    expect(() => kd.metrics.multiclassAccuracy(scores, long([0, 2]), { numClasses: 2 })).toThrow(
      "but expected only class labels in [0, 1] (num_classes=2).",
    );
    expect(() => kd.metrics.multiclassAuroc(scores, long([0, 3]), { numClasses: 2 })).toThrow(kd.ValueError);
  });

  it("names a missing or unknown task", () => {
    const p = kd.tensor([0.2, 0.8]);
    const t = long([0, 1]);
    const noTask = {} as unknown as kd.metrics.StatTaskOptions;
    expect(() => kd.metrics.accuracy(p, t, noTask)).toThrow(
      "Invalid Classification: expected one of ['BINARY', 'MULTICLASS', 'MULTILABEL'], but got None.",
    );
    expect(() => new kd.metrics.F1Score(noTask)).toThrow(kd.ValueError);
    expect(kd.metrics.accuracy(p, t, { task: "BINARY" as kd.metrics.Task }).item()).toBe(1);
  });

  it("uses Kindling's error classes: shapes, dtypes and values", () => {
    expect(() => kd.metrics.binaryAccuracy(kd.tensor([0.1, 0.9]), long([0, 1, 1]))).toThrow(kd.ShapeError);
    expect(() => kd.metrics.binaryAuroc(long([0, 1]), long([0, 1]))).toThrow(kd.DTypeError);
    expect(() => kd.metrics.binaryAccuracy(kd.tensor([0.1, 0.9]), long([0, 2]))).toThrow(kd.ValueError);
    expect(() => kd.metrics.multilabelAccuracy(kd.tensor([[0.1, 0.9]]), long([[0, 1]]), { numLabels: 3 })).toThrow(kd.ShapeError);
    expect(() => kd.metrics.multiclassAccuracy(kd.full([3, 4], 0.25), long([0, 1, 2]), { numClasses: 3 })).toThrow(
      "If `preds` have one dimension more than `target`, `preds.shape[1]` should be equal to number of classes.",
    );
  });

  it("takes whole-number float targets for the curves (Kindling's tensor() makes float32), but not fractions", () => {
    const p = kd.tensor([0.1, 0.4, 0.35, 0.8]);
    const asFloat = kd.metrics.binaryAuroc(p, kd.tensor([0, 0, 1, 1]));
    const asLong = kd.metrics.binaryAuroc(p, long([0, 0, 1, 1]));
    expect(asFloat.item()).toBe(asLong.item());
    expect(asFloat.item()).toBeCloseTo(0.75, 6);
    expect(() => kd.metrics.binaryAuroc(p, kd.tensor([0, 0.5, 1, 1]))).toThrow(
      "Expected argument `target` to be an int or long tensor with ground truth labels but got tensor with dtype torch.float32",
    );
  });

  it("checks max_fpr, which torchmetrics 1.9 lets through to an IndexError", () => {
    expect(() => kd.metrics.binaryAuroc(kd.tensor([0.2, 0.7]), long([0, 1]), { maxFpr: 1.5 })).toThrow(
      "Arguments `max_fpr` should be a float in range (0, 1], but got: 1.5",
    );
  });

  it("refuses to compute an exact curve or a calibration error before any update, as torchmetrics does", () => {
    expect(() => new kd.metrics.BinaryROC().compute()).toThrow("No samples to concatenate");
    expect(() => new kd.metrics.MulticlassCalibrationError({ numClasses: 3 }).compute()).toThrow("No samples to concatenate");
    // binned curves and counts start from zeros
    expect(new kd.metrics.BinaryAUROC({ thresholds: 5 }).compute().item()).toBe(0);
    expect(new kd.metrics.MulticlassAccuracy({ numClasses: 3 }).compute().item()).toBe(0);
  });

  it("needs scores of shape (N, C) for top-k", () => {
    expect(() => kd.metrics.multiclassAccuracy(long([0, 1]), long([0, 1]), { numClasses: 3, topK: 2 })).toThrow(kd.ShapeError);
  });
});
