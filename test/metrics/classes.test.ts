/**
 * Stateful classes against torchmetrics: `forward` on each batch returns that batch's value,
 * `compute` after several batches equals torchmetrics' compute, and after `reset` the same
 * batches given to `update` give the same value again.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import {
  camel, checkCase, expectMatches, loadFixture, toOptions, toTensor, type JsonResult, type JsonTensor,
} from "./fixture-utils.js";

interface ClassCase {
  cls: string;
  batches: string;
  args: Record<string, unknown>;
  forward?: JsonResult[];
  compute?: JsonResult;
  error?: string;
  message?: string;
}

interface ClassFixture {
  batches: Record<string, { preds: JsonTensor; target: JsonTensor }[]>;
  cases: ClassCase[];
}

type Constructor = new (options: Record<string, unknown>) => kd.metrics.MetricLike;

function metricClass(name: string): Constructor {
  const cls = (kd.metrics as unknown as Record<string, unknown>)[name];
  if (typeof cls !== "function") throw new Error(`kd.metrics.${name} is missing`);
  return cls as Constructor;
}

const fx = loadFixture<ClassFixture>("classes.json");

describe("classes.json", () => {
  it.each(fx.cases.map((c) => [`${c.cls}(${c.batches}, ${JSON.stringify(c.args)})`, c] as const))("%s", (name, c) => {
    const batches = fx.batches[c.batches].map((b) => [toTensor(b.preds), toTensor(b.target)] as const);
    const Cls = metricClass(c.cls);
    if (c.error !== undefined) {
      checkCase(() => {
        const m = new Cls(toOptions(c.args));
        for (const [p, t] of batches) m.forward(p, t);
        return m.compute();
      }, { error: c.error, message: c.message ?? "" }, name);
      return;
    }
    const metric = new Cls(toOptions(c.args));
    batches.forEach(([p, t], i) => expectMatches(metric.forward(p, t), c.forward![i], `${name} forward ${i}`));
    expectMatches(metric.compute(), c.compute!, `${name} compute`);
    metric.reset();
    for (const [p, t] of batches) metric.update(p, t);
    expectMatches(metric.compute(), c.compute!, `${name} compute after reset`);
  });
});

describe("task wrappers return the task-specific metric", () => {
  it("Accuracy({task: 'multiclass'}) is a MulticlassAccuracy, with the wrapper's micro default", () => {
    const m = new kd.metrics.Accuracy({ task: "multiclass", numClasses: 3 });
    expect(m).toBeInstanceOf(kd.metrics.MulticlassAccuracy);
    expect(m).toBeInstanceOf(kd.metrics.MulticlassStatScores);
    expect((kd.metrics.Accuracy as unknown as { name: string }).name).toBe("Accuracy");
    const direct = new kd.metrics.MulticlassAccuracy({ numClasses: 3 });
    const preds = kd.tensor([0, 0, 0, 0, 1, 2], { dtype: "int64" });
    const target = kd.tensor([0, 0, 0, 1, 1, 2], { dtype: "int64" });
    // micro: 5 of 6 right; macro: mean of per-class recalls (1, 1/2, 1)
    expect(m.forward(preds, target).item()).toBeCloseTo(5 / 6, 6);
    expect(direct.forward(preds, target).item()).toBeCloseTo(2.5 / 3, 6);
  });

  it("every wrapper builds each of its tasks", () => {
    const wrappers = [
      "StatScores", "Accuracy", "Precision", "Recall", "F1Score", "FBetaScore", "Specificity", "HammingDistance",
      "ConfusionMatrix", "JaccardIndex", "MatthewsCorrCoef", "PrecisionRecallCurve", "ROC", "AUROC", "AveragePrecision",
    ];
    for (const w of wrappers) {
      const Cls = metricClass(w);
      expect(new Cls({ task: "binary" })).toBeInstanceOf(metricClass(`Binary${w}`));
      expect(new Cls({ task: "multiclass", numClasses: 3 })).toBeInstanceOf(metricClass(`Multiclass${w}`));
      expect(new Cls({ task: "multilabel", numLabels: 3 })).toBeInstanceOf(metricClass(`Multilabel${w}`));
    }
    for (const w of ["CohenKappa", "CalibrationError"]) {
      const Cls = metricClass(w);
      expect(new Cls({ task: "binary" })).toBeInstanceOf(metricClass(`Binary${w}`));
      expect(new Cls({ task: "multiclass", numClasses: 3 })).toBeInstanceOf(metricClass(`Multiclass${w}`));
      expect(() => new Cls({ task: "multilabel", numLabels: 3 })).toThrow(
        "Invalid Classification: expected one of ['BINARY', 'MULTICLASS'], but got multilabel.",
      );
    }
    expect(camel("binary_f1_score")).toBe("binaryF1Score");
  });
});
