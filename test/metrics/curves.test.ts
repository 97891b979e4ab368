/** Precision-recall curves, ROC, AUROC and average precision against torchmetrics. */
import { describe, it } from "vitest";
import {
  checkCase, describeCase, loadFixture, metricFunction, toOptions, toTensor, type FunctionFixture,
} from "./fixture-utils.js";

const FILES = ["curves_binary.json", "curves_multiclass.json", "curves_multilabel.json", "curves_large.json"];

for (const file of FILES) {
  const fx = loadFixture<FunctionFixture>(file);
  describe(file, () => {
    it.each(fx.cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
      const input = fx.inputs[c.input];
      const fn = metricFunction(c.fn);
      checkCase(() => fn(toTensor(input.preds), toTensor(input.target), toOptions(c.args)), c.out, describeCase(c));
    });
  });
}
