/**
 * OneHotEncoder: each categorical column becomes one 0/1 column per category (dense output),
 * categories sorted as scikit-learn sorts them, unknown categories an error or all zeros.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyRepr } from "../datasets/python-text.js";
import { sortedUnique, type Label } from "./labels.js";
import { checkIsFitted } from "./not-fitted.js";

export type CategoricalLike = Tensor | readonly (readonly Label[])[];

export interface OneHotEncoderOptions {
  /** "auto" (default): the sorted values seen in fit; or the categories of each column. */
  categories?: "auto" | readonly (readonly Label[])[];
  /** "error" (default) refuses unseen categories in transform; "ignore" encodes them as all zeros. */
  handleUnknown?: "error" | "ignore";
  /** Only dense output is implemented; true is refused rather than silently ignored. */
  sparseOutput?: boolean;
}

function columnsOf(X: CategoricalLike): Label[][] {
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw new ValueError(`Expected 2D array, got ${X.ndim === 0 ? "scalar array" : "1D array"} instead.`);
    const [r, c] = X.shape;
    return Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => X.data[i * c + j]));
  }
  const cols = X.length === 0 ? 0 : X[0].length;
  if (X.some((row) => row.length !== cols)) throw new ValueError("all rows must have the same number of columns");
  return Array.from({ length: cols }, (_, j) => X.map((row) => row[j]));
}

/** Python's str() of a category, for feature names: 1 → "1", 1.5 → "1.5". */
function categoryName(c: Label): string {
  return typeof c === "string" ? c : String(c);
}

interface Fitted {
  categories: Label[][];
  index: Map<Label, number>[];
}

export class OneHotEncoder {
  readonly handleUnknown: "error" | "ignore";
  private readonly categoriesOption: "auto" | readonly (readonly Label[])[];
  private fitted: Fitted | null = null;

  constructor(options: OneHotEncoderOptions = {}) {
    checkKeys("OneHotEncoder", options, keysOf<OneHotEncoderOptions>({ categories: true, handleUnknown: true, sparseOutput: true }));
    if (options.sparseOutput) throw new ValueError("sparseOutput=true is not supported: OneHotEncoder returns a dense tensor");
    this.handleUnknown = options.handleUnknown ?? "error";
    this.categoriesOption = options.categories ?? "auto";
  }

  private state(): Fitted {
    return checkIsFitted("OneHotEncoder", this.fitted);
  }
  /** The categories of each column (`categories_`). */
  get categories(): Label[][] {
    return this.state().categories.map((c) => [...c]);
  }
  get nFeaturesIn(): number {
    return this.state().categories.length;
  }

  fit(X: CategoricalLike): this {
    const cols = columnsOf(X);
    const categories = cols.map((col, j) => {
      if (this.categoriesOption === "auto") return sortedUnique(col);
      const given = [...(this.categoriesOption[j] ?? [])];
      const known = new Set(given);
      const unknown = sortedUnique(col.filter((v) => !known.has(v)));
      if (unknown.length > 0 && this.handleUnknown === "error") {
        throw new ValueError(`Found unknown categories ${pyRepr(unknown)} in column ${j} during fit`);
      }
      return given;
    });
    if (this.categoriesOption !== "auto" && this.categoriesOption.length !== cols.length) {
      throw new ValueError("Shape mismatch: if categories is an array, it has to be of shape (n_features,).");
    }
    this.fitted = { categories, index: categories.map((c) => new Map(c.map((v, i) => [v, i]))) };
    return this;
  }

  /** A float64 tensor of 0/1 columns, the columns of feature 0 first. */
  transform(X: CategoricalLike): Tensor {
    const { categories, index } = this.state();
    const cols = columnsOf(X);
    if (cols.length !== categories.length) {
      throw new ValueError(`X has ${cols.length} features, but OneHotEncoder is expecting ${categories.length} features as input.`);
    }
    const rows = cols[0]?.length ?? 0;
    const width = categories.reduce((s, c) => s + c.length, 0);
    const out = new Float64Array(rows * width);
    let offset = 0;
    cols.forEach((col, j) => {
      const unknown = sortedUnique(col.filter((v) => !index[j].has(v)));
      if (unknown.length > 0 && this.handleUnknown === "error") {
        throw new ValueError(`Found unknown categories ${pyRepr(unknown)} in column ${j} during transform`);
      }
      col.forEach((v, i) => {
        const k = index[j].get(v);
        if (k !== undefined) out[i * width + offset + k] = 1;
      });
      offset += categories[j].length;
    });
    return new Tensor(out, [rows, width], "float64");
  }

  fitTransform(X: CategoricalLike): Tensor {
    return this.fit(X).transform(X);
  }

  /** The category of each block's largest entry; null for an all-zero block (an ignored unknown). */
  inverseTransform(X: Tensor): (Label | null)[][] {
    const { categories } = this.state();
    const width = categories.reduce((s, c) => s + c.length, 0);
    if (X.ndim !== 2 || X.shape[1] !== width) {
      throw new ValueError(`Shape of the passed X data is not correct. Expected ${width} columns, got ${X.ndim === 2 ? X.shape[1] : X.numel()}.`);
    }
    const rows = X.shape[0];
    const allZero: number[] = [];
    const out = Array.from({ length: rows }, (_, i) => {
      let offset = 0;
      return categories.map((cats) => {
        let best = -1;
        let bestVal = -Infinity;
        for (let k = 0; k < cats.length; k++) {
          const v = X.data[i * width + offset + k];
          if (v > bestVal) {
            bestVal = v;
            best = k;
          }
        }
        offset += cats.length;
        if (bestVal === 0 || best < 0) {
          if (!allZero.includes(i)) allZero.push(i);
          return null;
        }
        return cats[best];
      });
    });
    if (allZero.length > 0 && this.handleUnknown === "error") {
      throw new ValueError(
        `Samples ${pyRepr(allZero)} can not be inverted when drop=None and handle_unknown='error' because they contain all zeros`,
      );
    }
    return out;
  }

  /** `get_feature_names_out`: "<feature>_<category>", features named x0, x1, ... unless given. */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const { categories } = this.state();
    const names = inputFeatures ?? categories.map((_, j) => `x${j}`);
    if (names.length !== categories.length) {
      throw new ValueError(`input_features should have length equal to number of features (${categories.length}), got ${names.length}`);
    }
    return categories.flatMap((cats, j) => cats.map((c) => `${names[j]}_${categoryName(c)}`));
  }
}
