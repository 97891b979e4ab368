/**
 * readCsv: a CSV file or text → a CsvTable. Parsing is papaparse's; typing follows
 * pandas' read_csv; anything pandas would silently paper over (missing values, ragged
 * rows, text in a feature column) is an error naming the row and column.
 *
 * The source is explicit: `{text}` is CSV text; a string with a line break is CSV text;
 * any other string is a file path, read in Node through a dynamic import of node:fs so
 * that browser bundles never load it (in a browser, pass the text).
 */
import Papa from "papaparse";
import type { Column } from "./column.js";
import { CsvError, NUMBERING, fieldCountError } from "./csv-error.js";
import { CsvTable, type TableSelection } from "./csv-table.js";
import { inferColumn } from "./infer.js";

export interface ReadCsvOptions extends TableSelection {
  /** Field separator. Default ",". */
  delimiter?: string;
  /** The CSV text itself (instead of a path). */
  text?: string;
}

/** pandas' names for header cells: "Unnamed: i" for empty ones, ".1", ".2" on repeats. */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    const base = c === "" ? `Unnamed: ${i}` : c;
    let name = base;
    let k = seen.get(base) ?? 0;
    while (seen.has(name)) name = `${base}.${++k}`;
    seen.set(base, k);
    seen.set(name, 0);
    return name;
  });
}

/** CSV text → typed columns, checking the shape of every row. */
function parseColumns(text: string, delimiter: string): { columns: Column[]; rows: number[] } {
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.code === "MissingQuotes" || e.code === "InvalidQuotes");
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    throw new CsvError(`${quoteError.message} at row ${row}; ${NUMBERING}.`, row, null);
  }
  // Blank lines are skipped, as pandas skips them; each record keeps its spreadsheet row number.
  const records = parsed.data
    .map((cells, i) => ({ cells, row: i + 1 }))
    .filter((r) => !(r.cells.length === 1 && r.cells[0].trim() === ""));
  if (records.length === 0) throw new CsvError("No columns to parse from file: the CSV is empty (no header row)");
  const [header, ...data] = records;
  if (data.length === 0) {
    throw new CsvError(`The CSV has a header (row ${header.row}: ${header.cells.join(delimiter)}) but no data rows`, header.row, null);
  }
  const names = headerNames(header.cells);
  const width = names.length;
  for (const r of data) {
    if (r.cells.length !== width) throw fieldCountError(r.row, r.cells.length, header.row, names, r.cells[width] ?? "");
  }
  const rows = data.map((r) => r.row);
  const columns = names.map((name, j) => inferColumn(name, data.map((r) => r.cells[j]), rows, j + 1));
  return { columns, rows };
}

/** Synchronous: CSV text (not a path) → CsvTable. */
export function parseCsv(text: string, options: Omit<ReadCsvOptions, "text"> = {}): CsvTable {
  const { columns, rows } = parseColumns(text, options.delimiter ?? ",");
  return new CsvTable(columns, rows, options);
}

async function readFileText(path: string): Promise<string> {
  // A computed specifier keeps bundlers from pulling node:fs into browser builds.
  const specifier = "node:fs/promises";
  let fs: { readFile(p: string, enc: "utf8"): Promise<string> };
  try {
    fs = (await import(/* @vite-ignore */ specifier)) as typeof fs;
  } catch {
    throw new CsvError(`readCsv(${JSON.stringify(path)}): reading a file path needs Node; in a browser pass the CSV text as {text}`);
  }
  try {
    return await fs.readFile(path, "utf8");
  } catch (e) {
    throw new CsvError(`Cannot read CSV file ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
}

/**
 * `readCsv(pathOrText, {target, features, delimiter})` or `readCsv({text, target, ...})`.
 * A string containing a line break is CSV text; any other string is a file path (Node only).
 * Without `features`, every column but the target is a feature and must be numeric.
 */
export async function readCsv(source: string | ReadCsvOptions, options: ReadCsvOptions = {}): Promise<CsvTable> {
  const opts = typeof source === "string" ? options : { ...source, ...options };
  let text: string;
  if (opts.text !== undefined) text = opts.text;
  else if (typeof source === "string") text = /[\r\n]/.test(source) ? source : await readFileText(source);
  else throw new CsvError("readCsv needs a file path, CSV text, or {text}");
  return parseCsv(text, opts);
}
