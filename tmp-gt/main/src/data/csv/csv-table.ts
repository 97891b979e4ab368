/**
 * What readCsv returns: the whole table (a DataFrame that prints like pandas) plus the
 * model's view of it — X (float32 features), y (int64 encoded labels) and their names.
 */
import { Tensor } from "../../tensor/tensor.js";
import { pyFloatRepr } from "../datasets/python-text.js";
import { compareLabels } from "../preprocessing/labels.js";
import type { Column } from "./column.js";
import { CsvError, cellText, NUMBERING } from "./csv-error.js";
import { DataFrame, TYPED } from "./data-frame.js";
import { firstNonNumeric, nonFiniteError } from "./infer.js";

export interface TableSelection {
  target?: string;
  features?: readonly string[];
}

function listColumns(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(", ");
}

/** A class value as a string: ints as ints, floats as Python prints them, booleans as True / False. */
export function classText(col: Column, v: number | string): string {
  if (col.kind === "bool") return v ? "True" : "False";
  if (col.kind === "float") return pyFloatRepr(v as number);
  return String(v);
}

export class CsvTable extends DataFrame {
  /** The target column's name, or null when none was given. */
  readonly target: string | null;
  /** The feature columns, in the order of X's columns. */
  readonly featureNames: readonly string[];
  private readonly featureColumns: { col: Column; position: number }[];
  private readonly rowNumbers: readonly number[];
  private readonly labels: { y: Tensor; classNames: string[] } | null;
  private features: Tensor | null = null;

  /**
   * With a target or named features the table is checked at once (every feature numeric);
   * without either it is a plain table to look at, and X is checked when first read.
   */
  constructor(columns: readonly Column[], rows: readonly number[], selection: TableSelection) {
    super({ [TYPED]: columns });
    const names = columns.map((c) => c.name);
    const byName = new Map(columns.map((c, i) => [c.name, { col: c, position: i + 1 }]));
    const target = selection.target ?? null;
    if (target !== null && !byName.has(target)) {
      throw new CsvError(`Target column ${JSON.stringify(target)} not found; the columns are: ${listColumns(names)}`);
    }
    for (const f of selection.features ?? []) {
      if (!byName.has(f)) throw new CsvError(`Feature column ${JSON.stringify(f)} not found; the columns are: ${listColumns(names)}`);
      if (f === target) throw new CsvError(`Column ${JSON.stringify(f)} is the target and cannot also be a feature`);
    }
    const features = selection.features ? [...selection.features] : names.filter((n) => n !== target);
    if (features.length === 0) throw new CsvError("No feature columns: the table has only the target column");
    this.featureNames = features;
    this.featureColumns = features.map((f) => byName.get(f)!);
    this.rowNumbers = rows;
    this.target = target;

    if (target === null) {
      this.labels = null;
    } else {
      const col = byName.get(target)!.col;
      // LabelEncoder's classes: the distinct values sorted (numbers numerically, strings by code point).
      const classes = [...new Set(col.values)].sort(compareLabels);
      const index = new Map(classes.map((c, i) => [c, i]));
      const y = new Tensor(Float64Array.from(col.values, (v) => index.get(v)!), [this.numRows], "int64");
      this.labels = { y, classNames: classes.map((c) => classText(col, c)) };
    }
    if (target !== null || selection.features !== undefined) this.features = this.buildX();
  }

  private buildX(): Tensor {
    const n = this.numRows;
    const width = this.featureColumns.length;
    const X = new Float32Array(n * width);
    this.featureColumns.forEach(({ col, position }, j) => {
      if (col.kind === "string") {
        const i = firstNonNumeric(col);
        const row = this.rowNumbers[i];
        throw new CsvError(
          `Column ${JSON.stringify(col.name)} is a feature but is not numeric: ${JSON.stringify(col.values[i])} at ${cellText(row, position)}; ${NUMBERING}. Name the numeric columns with {features}, or make this one the target.`,
          row,
          position,
        );
      }
      col.values.forEach((v, i) => {
        X[i * width + j] = v as number;
        // Finite in float64 but beyond float32 (e.g. 1e39): an error, not an infinity in X.
        if (!Number.isFinite(X[i * width + j])) throw nonFiniteError(pyFloatRepr(v as number), col.name, this.rowNumbers[i], position, "float32");
      });
    });
    return new Tensor(X, [n, width], "float32");
  }

  /** The features as a float32 tensor (numRows × featureNames.length). */
  get X(): Tensor {
    this.features ??= this.buildX();
    return this.features;
  }

  private requireTarget(): { y: Tensor; classNames: string[] } {
    if (this.labels === null) {
      throw new CsvError(`No target column was given: pass {target: name} to readCsv (the columns are: ${listColumns(this.columns)})`);
    }
    return this.labels;
  }

  /** The target encoded as class indices (int64), in the order of classNames. */
  get y(): Tensor {
    return this.requireTarget().y;
  }

  /** The original target values, sorted as LabelEncoder sorts them; y holds indices into this list. */
  get classNames(): readonly string[] {
    return this.requireTarget().classNames;
  }
}
