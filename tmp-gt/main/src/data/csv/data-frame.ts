/**
 * kd.data.DataFrame: a small table of named columns that prints as pandas prints a
 * DataFrame — enough to look at data the way the tutorial does
 * (`pd.DataFrame({"X1": X[:, 0], "X2": X[:, 1], "label": y}).head(10)`).
 */
import { ValueError } from "../../errors.js";
import { columnFrom, type Column, type ColumnValues } from "./column.js";
import { frameRepr, type ReprOptions } from "./pandas-repr.js";

/** Columns by name (insertion order; note JS puts integer-like keys first) or as [name, values] pairs. */
export type DataFrameInput = Readonly<Record<string, ColumnValues>> | readonly (readonly [string, ColumnValues])[];

/** Marks columns whose kinds are already known (a parsed CSV, a head()): used as they are. */
export const TYPED: unique symbol = Symbol("kindling.typedColumns");
export interface TypedColumns {
  readonly [TYPED]: readonly Column[];
}

function isTyped(data: DataFrameInput | TypedColumns): data is TypedColumns {
  return TYPED in data;
}

export class DataFrame {
  protected readonly cols: Column[];
  /** Row labels: 0 … n-1 for a new frame; head() keeps them. */
  readonly index: readonly number[];

  constructor(data: DataFrameInput | TypedColumns, index?: readonly number[]) {
    if (isTyped(data)) {
      this.cols = data[TYPED].map((c) => ({ ...c, values: [...c.values] }));
    } else {
      const entries = Array.isArray(data) ? (data as readonly (readonly [string, ColumnValues])[]) : Object.entries(data as Record<string, ColumnValues>);
      this.cols = entries.map(([name, values]) => columnFrom(name, values));
    }
    const lengths = [...new Set(this.cols.map((c) => c.values.length))];
    if (lengths.length > 1) throw new ValueError("All arrays must be of the same length");
    const n = lengths[0] ?? 0;
    this.index = index ? [...index] : Array.from({ length: n }, (_, i) => i);
    if (this.index.length !== n) throw new ValueError(`Length of values (${n}) does not match length of index (${this.index.length})`);
  }

  /** The column names, in order. */
  get columns(): string[] {
    return this.cols.map((c) => c.name);
  }
  get numRows(): number {
    return this.index.length;
  }
  /** [rows, columns], as pandas' shape. */
  get shape(): [number, number] {
    return [this.numRows, this.cols.length];
  }
  /** pandas' dtype of each column: "int64", "float64", "bool" or "str". */
  get dtypes(): Record<string, string> {
    const names = { int: "int64", float: "float64", bool: "bool", string: "str" } as const;
    return Object.fromEntries(this.cols.map((c) => [c.name, names[c.kind]]));
  }

  /** A column's values (numbers, booleans as 0/1, or strings). */
  column(name: string): readonly (number | string)[] {
    const c = this.cols.find((k) => k.name === name);
    if (!c) throw new ValueError(`Column "${name}" not found; the columns are: ${this.columns.map((n) => `"${n}"`).join(", ")}`);
    return [...c.values];
  }

  /** The first n rows (all but the last |n| when n is negative), as pandas' head(). */
  head(n = 5): DataFrame {
    const total = this.numRows;
    const end = n >= 0 ? Math.min(n, total) : Math.max(total + n, 0);
    return new DataFrame(
      { [TYPED]: this.cols.map((c) => ({ ...c, values: c.values.slice(0, end) })) },
      this.index.slice(0, end),
    );
  }

  /** What `print(df)` shows in pandas (80-column terminal). */
  toString(options?: ReprOptions): string {
    return frameRepr(this.cols, this.index, options);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
