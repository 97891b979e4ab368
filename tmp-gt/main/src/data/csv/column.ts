/**
 * A table column as pandas types it: int64, float64, bool or str. The kind decides how the
 * column prints (pandas formats each dtype its own way) and whether it can be a feature.
 */
import { ValueError } from "../../errors.js";
import { isIntegral } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";

export type ColumnKind = "int" | "float" | "bool" | "string";

export interface Column {
  name: string;
  kind: ColumnKind;
  /** Numbers for int / float / bool (0 or 1) columns, strings for string columns. */
  values: readonly (number | string)[];
}

/** What a DataFrame column can be built from: a 1-D tensor or a JS array. */
export type ColumnValues = Tensor | readonly number[] | readonly string[] | readonly boolean[];

export function isNumericKind(kind: ColumnKind): boolean {
  return kind !== "string";
}

/** The kind numpy/pandas would give these values: a tensor's dtype, or the JS types. */
export function columnFrom(name: string, values: ColumnValues): Column {
  if (values instanceof Tensor) {
    if (values.ndim !== 1) {
      throw new ValueError(`Column "${name}": expected a 1-D tensor, got shape [${values.shape.join(", ")}] (select one column, e.g. X.select(1, 0))`);
    }
    const kind: ColumnKind = isIntegral(values.dtype) ? "int" : values.dtype === "bool" ? "bool" : "float";
    return { name, kind, values: Array.from(values.data) };
  }
  const list = [...values] as (number | string | boolean)[];
  if (list.every((v) => typeof v === "boolean")) return { name, kind: "bool", values: list.map(Number) };
  if (list.every((v) => typeof v === "number")) {
    // A JS array of whole numbers is what a Python list of ints would be.
    const kind = list.every((v) => Number.isInteger(v)) ? "int" : "float";
    return { name, kind, values: list as number[] };
  }
  return { name, kind: "string", values: list.map(String) };
}
