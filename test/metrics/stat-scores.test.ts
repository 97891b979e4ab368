/** The accuracy family against torchmetrics' results, every task, average and option in the fixtures. */
import { describe, it } from "vitest";
import {
  checkCase, describeCase, loadFixture, metricFunction, toOptions, toTensor, type FunctionFixture,
} from "./fixture-utils.js";

for (const file of ["stat_scores_binary.json", "stat_scores_multiclass.json", "stat_scores_multilabel.json"]) {
  const fx = loadFixture<FunctionFixture>(file);
  describe(file, () => {
    it.each(fx.cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
      const input = fx.inputs[c.input];
      const fn = metricFunction(c.fn);
      checkCase(() => fn(toTensor(input.preds), toTensor(input.target), toOptions(c.args)), c.out, describeCase(c));
    });
  });
}
