/** kd.data CSV and tables: readCsv / parseCsv, the CsvTable they return, and DataFrame. */
export { readCsv, parseCsv } from "./read-csv.js";
export type { ReadCsvOptions } from "./read-csv.js";
export { CsvTable } from "./csv-table.js";
export type { TableSelection } from "./csv-table.js";
export { DataFrame } from "./data-frame.js";
export type { DataFrameInput } from "./data-frame.js";
export type { ColumnValues, ColumnKind } from "./column.js";
export type { ReprOptions } from "./pandas-repr.js";
export { CsvError } from "./csv-error.js";
export { loadCsv } from "./columnar.js";
export type { LoadCsvOptions, LoadedCsv, LoadProgress } from "./columnar.js";
export { CsvDataset } from "./csv-dataset.js";
export type { CsvDatasetOptions, CsvScan } from "./csv-dataset.js";
