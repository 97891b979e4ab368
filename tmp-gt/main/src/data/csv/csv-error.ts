/**
 * Problems in a CSV file, reported where a spreadsheet would show them: rows and columns
 * count from 1, row 1 is the header line, and the cell is named (B3).
 */
/** CsvError lives with the other error classes in src/errors.ts; re-exported here. */
import { CsvError } from "../../errors.js";

export { CsvError };

/** Spreadsheet letters for a 1-based column: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let s = "";
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** "row 3, column 2 (cell B3)". */
export function cellText(row: number, column: number): string {
  return `row ${row}, column ${column} (cell ${columnLetters(column)}${row})`;
}

export const NUMBERING = "rows and columns count from 1 as in a spreadsheet; row 1 is the header";

/** A data row with more or fewer fields than the header; `extra` is the first extra field's text. */
export function fieldCountError(row: number, fields: number, headerRow: number, names: readonly string[], extra: string): CsvError {
  const width = names.length;
  const col = fields > width ? width + 1 : fields + 1;
  const what = fields > width
    ? `an extra field ${JSON.stringify(extra)} in column ${col} (cell ${columnLetters(col)}${row})`
    : `column ${col} ${JSON.stringify(names[col - 1])} is missing (cell ${columnLetters(col)}${row})`;
  return new CsvError(`Row ${row} has ${fields} fields but the header (row ${headerRow}) has ${width}: ${what}; ${NUMBERING}.`, row, col);
}
