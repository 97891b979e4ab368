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

/** A cell's number (±Infinity for inf words and out-of-range values such as 1e400), or null for text. */
export function numberOf(text: string): number | null {
  const t = text.trim();
  if (FLOAT.test(t)) return Number(t);
  if (INF.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  return null;
}

/** Whether pandas would read the cell as missing (NaN). */
export function isMissingToken(text: string): boolean {
  return NA_TOKENS.has(text.trim());
}

export function isBoolWord(text: string): boolean {
  return TRUE_WORDS.has(text) || FALSE_WORDS.has(text);
}

export function isTrueWord(text: string): boolean {
  return TRUE_WORDS.has(text);
}

/** Whether a numeric cell is an integer pandas would keep as int64. */
export function isIntText(text: string): boolean {
  const t = text.trim();
  return INT.test(t) && Number.isSafeInteger(Number(t));
}

export function missingValueError(text: string, name: string, row: number, column: number): CsvError {
  return new CsvError(
    `Missing value ${text === "" ? "(empty cell)" : JSON.stringify(text)} in column "${name}" at ${cellText(row, column)}; ${NUMBERING}. Fill it in or remove the row: missing values are not turned into NaN.`,
    row,
    column,
  );
}

/**
 * An infinite cell ("inf", "-Infinity") or one beyond the range of the type it is read into
 * ("1e400" as float64, "1e39" as float32): Kindling needs finite numbers, and an infinity
 * would only surface later as a NaN loss that names nothing.
 */
export function nonFiniteError(text: string, name: string, row: number, column: number, dtype: "float64" | "float32" = "float64"): CsvError {
  const what = INF.test(text.trim())
    ? `Non-finite value ${JSON.stringify(text)}`
    : `Value ${JSON.stringify(text)} is out of range for ${dtype} (it would be infinite), found`;
  return new CsvError(
    `${what} in column "${name}" at ${cellText(row, column)}; ${NUMBERING}. Kindling needs finite numbers: replace it or remove the row.`,
    row,
    column,
  );
}

/**
 * One column from its raw cells (data rows only). `rows[i]` is the spreadsheet row of cell i.
 * Throws a CsvError naming the first missing cell.
 */
export function inferColumn(name: string, cells: readonly string[], rows: readonly number[], column: number): Column {
  cells.forEach((c, i) => {
    if (isMissingToken(c)) throw missingValueError(c, name, rows[i], column);
  });
  let kind: ColumnKind;
  if (cells.every(isBoolWord)) kind = "bool";
  else if (cells.every(isIntText)) kind = "int";
  else if (cells.every((c) => numberOf(c) !== null)) kind = "float";
  else kind = "string";
  if (kind === "float") {
    const i = cells.findIndex((c) => !Number.isFinite(numberOf(c)));
    if (i >= 0) throw nonFiniteError(cells[i], name, rows[i], column);
  }
  const values = kind === "bool" ? cells.map((c) => (TRUE_WORDS.has(c) ? 1 : 0))
    : kind === "string" ? [...cells]
    : cells.map((c) => numberOf(c)!);
  return { name, kind, values };
}

/** The first cell that is not a number (for the "not numeric" report). */
export function firstNonNumeric(col: Column): number {
  return col.values.findIndex((v) => numberOf(String(v)) === null);
}
