/** LabelEncoder: class labels ↔ 0 … nClasses-1, classes sorted as scikit-learn sorts them. */
import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyRepr } from "../datasets/python-text.js";
import { labelsOf, labelText, sortedUnique, type Label, type LabelsLike } from "./labels.js";
import { checkIsFitted } from "./not-fitted.js";

export class LabelEncoder {
  private fitted: { classes: Label[]; index: Map<Label, number> } | null = null;

  /** The sorted distinct labels seen in fit (`classes_`). */
  get classes(): Label[] {
    return [...checkIsFitted("LabelEncoder", this.fitted).classes];
  }

  fit(y: LabelsLike): this {
    const classes = sortedUnique(labelsOf(y));
    this.fitted = { classes, index: new Map(classes.map((c, i) => [c, i])) };
    return this;
  }

  /** The class index of each label, as an int64 tensor. */
  transform(y: LabelsLike): Tensor {
    const { classes, index } = checkIsFitted("LabelEncoder", this.fitted);
    const values = labelsOf(y);
    const out = new Float64Array(values.length);
    const unseen: Label[] = [];
    values.forEach((v, i) => {
      const k = index.get(v);
      if (k === undefined) unseen.push(v);
      else out[i] = k;
    });
    if (unseen.length > 0) {
      // scikit-learn lists every unseen number, but names only the first unseen string.
      const numeric = typeof classes[0] === "number" || typeof unseen[0] === "number";
      const shown = numeric
        ? labelText(sortedUnique(unseen), classes.some((c) => typeof c === "number" && !Number.isInteger(c)))
        : pyRepr(unseen[0]);
      throw new ValueError(`y contains previously unseen labels: ${shown}`);
    }
    return new Tensor(out, [values.length], "int64");
  }

  fitTransform(y: LabelsLike): Tensor {
    return this.fit(y).transform(y);
  }

  /** The labels of class indices. */
  inverseTransform(y: Tensor | readonly number[]): Label[] {
    const { classes } = checkIsFitted("LabelEncoder", this.fitted);
    const idx = y instanceof Tensor ? Array.from(y.data) : [...y];
    const bad = [...new Set(idx.filter((i) => !(Number.isInteger(i) && i >= 0 && i < classes.length)))].sort((a, b) => a - b);
    if (bad.length > 0) throw new ValueError(`y contains previously unseen labels: ${pyRepr(bad)}`);
    return idx.map((i) => classes[i]);
  }
}
