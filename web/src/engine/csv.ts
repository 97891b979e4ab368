/**
 * An uploaded CSV's text → the playground's data, with kd.data.parseCsv doing the reading
 * (and its errors, which name the row and column, reaching the page as they are). The
 * shown code makes the same parseCsv call with the chosen target and features.
 */
import * as kd from "kindling";
import { LIMITS } from "../state/config.js";
import { chooseColumns, type CsvSummary } from "../data/csv-table.js";

export interface CsvData {
  /** float32 [n, 2] */
  X: kd.Tensor;
  /** int64 [n], indices into summary.classNames */
  y: kd.Tensor;
  summary: CsvSummary;
  /** Every column of the file, for the label picker. */
  columns: string[];
}

/** `label` is the label column the person picked (null: the page chooses, see chooseColumns). */
export function readCsvData(text: string, label: string | null = null): CsvData {
  const all = kd.data.parseCsv(text);
  if (all.numRows < 4) throw new Error(`The CSV needs at least 4 data rows; it has ${all.numRows}.`);
  if (all.numRows > LIMITS.points.max) {
    throw new Error(`The CSV has ${all.numRows} rows; the playground takes at most ${LIMITS.points.max}.`);
  }
  const choice = chooseColumns(all, label);
  const table = kd.data.parseCsv(text, { target: choice.labelName, features: choice.featureNames });
  const classNames = [...table.classNames];
  if (classNames.length < 2) throw new Error(`The label column "${choice.labelName}" has only one class.`);
  if (classNames.length > LIMITS.classes.max) {
    throw new Error(
      `The label column "${choice.labelName}" has ${classNames.length} classes; the playground shows at most ${LIMITS.classes.max}.`,
    );
  }
  return { X: table.X, y: table.y, summary: { ...choice, classNames, rows: all.numRows }, columns: [...all.columns] };
}
