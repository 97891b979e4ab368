/**
 * `repr(DataFrame)` as pandas 3 prints it from a script in an 80-column terminal
 * (pandas/io/formats/format.py and string.py): per-dtype value formatting, right-justified
 * columns, a left-justified RangeIndex, long frames cut to their first and last 5 rows,
 * wide frames cut in the middle to fit the width, and "[n rows x m columns]" when cut.
 */
import { pyExp, pyFixed } from "../../tensor/format.js";
import { isNumericKind, type Column } from "./column.js";
import { maxBy } from "../../util/extremes.js";

export interface ReprOptions {
  /** Terminal width (pandas reads it from the terminal; 80 when there is none). */
  width?: number;
  /** display.max_rows: longer frames are cut. Default 60. */
  maxRows?: number;
  /** display.min_rows: rows shown when cut. Default 10. */
  minRows?: number;
}

const PRECISION = 6; // display.precision
/** 10^−PRECISION, parsed (correctly rounded) rather than raised with `**` (engine-dependent in the last bit). */
const SMALLEST_FIXED = Number(`1e-${PRECISION}`);
const MAX_COLWIDTH = 50; // display.max_colwidth

/** Python's len(): code points, not UTF-16 units (an emoji is one character). */
function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
const padStart = (s: string, width: number): string => " ".repeat(Math.max(0, width - len(s))) + s;
const padEnd = (s: string, width: number): string => s + " ".repeat(Math.max(0, width - len(s)));

/** Python's `f"{x: .6f}"` / `f"{x: .6e}"`: a space where a minus sign would go. */
function spaced(text: string): string {
  return text.startsWith("-") ? text : ` ${text}`;
}

/** _trim_zeros_float: drop trailing zeros from every decimal number while all of them end in 0. */
function trimZeros(values: string[]): string[] {
  const isDecimal = (x: string): boolean => /^\s*[+-]?[0-9]+\.[0-9]*$/.test(x);
  let out = values;
  const shouldTrim = (vs: string[]): boolean => {
    const nums = vs.filter(isDecimal);
    return nums.length > 0 && nums.every((x) => x.endsWith("0"));
  };
  while (shouldTrim(out)) out = out.map((x) => (isDecimal(x) ? x.slice(0, -1) : x));
  return out.map((x) => (isDecimal(x) && x.endsWith(".") ? `${x}0` : x));
}

/** FloatArrayFormatter: fixed notation with common trailing zeros trimmed, scientific for tiny or huge values. */
function formatFloats(values: readonly number[]): string[] {
  const fmt = (f: (x: number) => string): string[] =>
    trimZeros(values.map((v) => (Number.isNaN(v) ? "NaN" : spaced(f(v)))));
  let out = fmt((v) => pyFixed(v, PRECISION));
  const tooLong = out.length > 0 && maxBy(out, len) > PRECISION + 6;
  const abs = values.map(Math.abs);
  const hasLarge = abs.some((a) => a > 1e6);
  const hasSmall = abs.some((a) => a < SMALLEST_FIXED && a > 0);
  if (hasSmall || (tooLong && hasLarge)) out = fmt((v) => pyExp(v, PRECISION));
  return out;
}

/** pprint_thing with pandas' escapes for tabs and newlines. */
function escapeText(s: string): string {
  return s.replace(/\t/g, "\\t").replace(/\r/g, "\\r").replace(/\n/g, "\\n");
}

function formatValues(col: Column): string[] {
  switch (col.kind) {
    case "float":
      return formatFloats(col.values as number[]);
    case "int":
      return (col.values as number[]).map((v) => spaced(BigInt(v).toString()));
    case "bool":
      return col.values.map((v) => (v ? " True" : " False"));
    case "string":
      return col.values.map((v) => ` ${escapeText(String(v))}`);
  }
}

/** _make_fixed_width: cut strings longer than max_colwidth with "...", then right-justify. */
function fixedWidth(strings: string[], minimum: number): string[] {
  if (strings.length === 0) return strings;
  let maxLen = maxBy(strings, len, minimum);
  if (maxLen > MAX_COLWIDTH) maxLen = MAX_COLWIDTH;
  return strings.map((s) => padStart(len(s) > maxLen ? `${[...s].slice(0, maxLen - 3).join("")}...` : s, maxLen));
}

/**
 * One printed column: its header cell, then its values, all one width. Numeric columns get a
 * space before their name; pandas decides this from the dtype at the same *position* in the
 * uncut frame, so after a horizontal cut a column can borrow its neighbour's rule.
 */
function strColumn(col: Column, headerNumeric: boolean): string[] {
  const header = headerNumeric ? ` ${col.name}` : col.name;
  const values = fixedWidth(formatValues(col), len(header));
  const width = maxBy(values, len, len(header));
  return [padStart(header, width), ...values];
}

function indexColumn(index: readonly number[]): string[] {
  const labels = index.map(String);
  const width = maxBy(labels, len, 0);
  return ["", ...labels.map((l) => padEnd(l, width))];
}

/** printing.adjoin: cells left-justified to their column's width plus one space, the last unpadded. */
function adjoin(cols: string[][]): string {
  const widths = cols.map((c, i) => maxBy(c, len, 0) + (i < cols.length - 1 ? 1 : 0));
  const rows = maxBy(cols, (c) => c.length);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(cols.map((c, i) => padEnd(c[r] ?? "", widths[i])).join(""));
  return lines.join("\n");
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

interface View {
  /** Whether each position of the uncut frame holds a numeric column (see strColumn). */
  numericAt: boolean[];
  columns: Column[];
  index: number[];
  /** Rows kept before the vertical cut (null when not cut). */
  rowCut: number | null;
  /** Columns kept on each side of the horizontal cut (null when not cut). */
  colCut: number | null;
}

function cutRows(columns: Column[], index: number[], keep: number): View {
  const half = Math.floor(keep / 2);
  const pick = <T,>(xs: readonly T[]): T[] => [...xs.slice(0, half), ...xs.slice(xs.length - half)];
  return { numericAt: columns.map((c) => isNumericKind(c.kind)), columns: columns.map((c) => ({ ...c, values: pick(c.values) })), index: pick(index), rowCut: half, colCut: null };
}

function cutColumns(view: View, maxCols: number): View {
  const half = Math.floor(maxCols / 2);
  if (half < 1) return { ...view, columns: view.columns.slice(0, maxCols), colCut: maxCols };
  const cols = view.columns;
  return { ...view, columns: [...cols.slice(0, half), ...cols.slice(cols.length - half)], colCut: half };
}

/** The printed columns of a view, with the "..." separators pandas inserts where it cut. */
function strColumns(view: View): string[][] {
  const cols = [indexColumn(view.index), ...view.columns.map((c, k) => strColumn(c, view.numericAt[k]))];
  if (view.colCut !== null) cols.splice(view.colCut + 1, 0, new Array<string>(view.index.length + 1).fill(" ..."));
  if (view.rowCut !== null) {
    const at = view.rowCut + 1;
    cols.forEach((col, ix) => {
      const isDotCol = view.colCut !== null && ix === view.colCut + 1;
      let width = len(col[view.rowCut!]);
      const dots = width > 3 || isDotCol ? "..." : "..";
      if (isDotCol) width = 4;
      col.splice(at, 0, ix === 0 ? padEnd(dots, width) : padStart(dots, width));
    });
  }
  return cols;
}

/** `repr(df)`: the frame's columns (all the same length) and its index labels. */
export function frameRepr(columns: readonly Column[], index: readonly number[], opts: ReprOptions = {}): string {
  const width = opts.width ?? 80;
  const maxRows = opts.maxRows ?? 60;
  const minRows = opts.minRows ?? 10;
  const nRows = index.length;
  const nCols = columns.length;
  if (nRows === 0 || nCols === 0) {
    return `Empty DataFrame\nColumns: [${columns.map((c) => c.name).join(", ")}]\nIndex: [${index.join(", ")}]`;
  }
  const numericAt = columns.map((c) => isNumericKind(c.kind));
  let view: View = { numericAt, columns: [...columns], index: [...index], rowCut: null, colCut: null };
  if (maxRows && nRows > maxRows) view = cutRows(view.columns, view.index, minRows ? Math.min(minRows, maxRows) : maxRows);
  // More columns than the terminal is wide: pandas first keeps width/2 on each side.
  if (nCols > width) view = cutColumns(view, width);

  // Drop columns from the middle until the lines fit (_fit_strcols_to_terminal_width).
  const first = strColumns(view);
  const lineLength = maxBy(adjoin(first).split("\n"), len);
  let excess = lineLength - width + 1;
  const lens = first.map((c) => maxBy(c, len));
  while (excess > 0 && lens.length > 1) {
    const mid = roundHalfEven(lens.length / 2);
    excess -= lens[mid] + 1;
    lens.splice(mid, 1);
  }
  const fitted = Math.max(lens.length - 1, 2);
  if (nCols > fitted) view = cutColumns({ ...view, colCut: null }, fitted);

  const text = adjoin(strColumns(view));
  const cut = view.rowCut !== null || view.colCut !== null;
  return cut ? `${text}\n\n[${nRows} rows x ${nCols} columns]` : text;
}
