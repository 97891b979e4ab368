/**
 * Problems in a CSV file, reported where a spreadsheet would show them: rows and columns
 * count from 1, row 1 is the header line, and the cell is named (B3).
 */
/** CsvError lives with the other error classes in src/errors.ts; re-exported here. */
export { CsvError } from "../../errors.js";

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
