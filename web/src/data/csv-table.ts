/**
 * Which columns of an uploaded CSV the playground uses: two numeric features and a label.
 * The label is the column the person picked, else the first of label, target, class and y
 * (any case) that the file has, else the last column (so x,y,label takes label, not y); the features are the first two other numeric columns that vary, leaving out
 * row-number columns such as "id". Everything else is listed as ignored, so the person
 * knows what was used. Works on any table with pandas-style dtypes (kd.data's DataFrame).
 */

/** The part of kd.data's DataFrame / CsvTable this needs. */
export interface TableView {
  readonly columns: string[];
  readonly dtypes: Record<string, string>;
  column(name: string): readonly (number | string)[];
}

export interface CsvChoice {
  featureNames: [string, string];
  labelName: string;
  ignored: string[];
}

/** A CSV the worker has read: its columns, its classes (in label-encoder order) and its size. */
export interface CsvSummary extends CsvChoice {
  classNames: string[];
  rows: number;
}

const LABEL_NAMES = ["label", "target", "class", "y"];
/** Row numbers, not measurements: a column named like this (or pandas' "Unnamed: 0") is never a feature. */
const INDEX_NAMES = ["", "id", "index", "row"];
const NUMERIC = ["int64", "float64"];

const isIndexName = (name: string): boolean => {
  const n = name.trim().toLowerCase();
  return INDEX_NAMES.includes(n) || n.startsWith("unnamed");
};

/** The label column: `picked` when given (it must be a column), else by name, else the last column. */
function labelColumn(cols: readonly string[], picked: string | null): string {
  if (picked !== null) {
    if (!cols.includes(picked)) throw new Error(`The CSV has no column "${picked}" to use as the label; its columns are ${cols.map((c) => `"${c}"`).join(", ")}.`);
    return picked;
  }
  for (const name of LABEL_NAMES) {
    const found = cols.find((c) => c.trim().toLowerCase() === name);
    if (found !== undefined) return found;
  }
  return cols[cols.length - 1];
}

export function chooseColumns(t: TableView, picked: string | null = null): CsvChoice {
  const cols = t.columns;
  if (cols.length < 3) {
    throw new Error(`The CSV needs at least three columns (two numeric features and a label); it has ${cols.length}.`);
  }
  const labelName = labelColumn(cols, picked);
  // A constant column says nothing and cannot be standardised, so it does not count.
  const numeric = cols.filter(
    (c) => c !== labelName && !isIndexName(c) && NUMERIC.includes(t.dtypes[c]) && new Set(t.column(c)).size > 1,
  );
  if (numeric.length < 2) {
    throw new Error(
      `The CSV needs two columns of (varying) numbers besides the label "${labelName}"; ` +
        `found ${numeric.length === 0 ? "none" : `only "${numeric[0]}"`}.`,
    );
  }
  const featureNames: [string, string] = [numeric[0], numeric[1]];
  return { featureNames, labelName, ignored: cols.filter((c) => c !== labelName && !featureNames.includes(c)) };
}

/** The sentence shown after a successful upload. */
export function describeCsv(s: CsvSummary): string {
  const used = `Using "${s.featureNames[0]}" and "${s.featureNames[1]}" as features and "${s.labelName}" as the label (${s.classNames.length} classes, ${s.rows} rows).`;
  return s.ignored.length === 0 ? used : `${used} Ignored: ${s.ignored.map((c) => `"${c}"`).join(", ")}.`;
}
