/**
 * Typing CSV columns as pandas' read_csv does by default: int64 when every value is an
 * integer, float64 when every value is a number, bool for True/False words, else str —
 * except that a missing value is an error here, where pandas would turn it into NaN.
 */
import { CsvError, cellText, NUMBERING } from "./csv-error.js";
import type { Column, ColumnKind } from "./column.js";

/** pandas' default na_values: the texts read_csv treats as missing. */
const NA_TOKENS = new Set([
  "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
  "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
]);
const TRUE_WORDS = new Set(["True", "TRUE", "true"]);
const FALSE_WORDS = new Set(["False", "FALSE", "false"]);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INF = /^[+-]?(inf|infinity)$/i;

function numberOf(text: string): number | null {
  const t = text.trim();
  if (FLOAT.test(t)) return Number(t);
  if (INF.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  return null;
}

/**
 * One column from its raw cells (data rows only). `rows[i]` is the spreadsheet row of cell i.
 * Throws a CsvError naming the first missing cell.
 */
export function inferColumn(name: string, cells: readonly string[], rows: readonly number[], column: number): Column {
  cells.forEach((c, i) => {
    if (NA_TOKENS.has(c.trim())) {
      throw new CsvError(
        `Missing value ${c === "" ? "(empty cell)" : JSON.stringify(c)} in column "${name}" at ${cellText(rows[i], column)}; ${NUMBERING}. Fill it in or remove the row: missing values are not turned into NaN.`,
        rows[i],
        column,
      );
    }
  });
  let kind: ColumnKind;
  if (cells.every((c) => TRUE_WORDS.has(c) || FALSE_WORDS.has(c))) kind = "bool";
  else if (cells.every((c) => INT.test(c.trim()) && Number.isSafeInteger(Number(c.trim())))) kind = "int";
  else if (cells.every((c) => numberOf(c) !== null)) kind = "float";
  else kind = "string";
  const values = kind === "bool" ? cells.map((c) => (TRUE_WORDS.has(c) ? 1 : 0))
    : kind === "string" ? [...cells]
    : cells.map((c) => numberOf(c)!);
  return { name, kind, values };
}

/** The first cell that is not a number (for the "not numeric" report). */
export function firstNonNumeric(col: Column): number {
  return col.values.findIndex((v) => numberOf(String(v)) === null);
}
