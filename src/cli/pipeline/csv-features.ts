/**
 * Lining up a CSV file with a saved model's features: columns are matched by name
 * (case-insensitive), or by position when the file has exactly the model's number of
 * feature columns and none of its names.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";

export interface MatchedFeatures {
  /** The CSV's column for each model feature, in the model's order. */
  columns: string[];
  byPosition: boolean;
}

export function matchFeatures(csvColumns: readonly string[], featureNames: readonly string[], exclude: readonly string[] = []): MatchedFeatures {
  const candidates = csvColumns.filter((c) => !exclude.includes(c));
  const lower = new Map(candidates.map((c) => [c.toLowerCase(), c]));
  const found = featureNames.map((f) => lower.get(f.toLowerCase()));
  if (found.every((c) => c !== undefined)) return { columns: found as string[], byPosition: false };
  const anyNamed = found.some((c) => c !== undefined);
  if (!anyNamed && candidates.length === featureNames.length) return { columns: [...candidates], byPosition: true };
  const missing = featureNames.filter((_, i) => found[i] === undefined);
  throw new UsageError(
    `the CSV file does not fit the model: it needs the feature column(s) ${missing.map((m) => `'${m}'`).join(", ")} ` +
      `(the model was trained on ${featureNames.join(", ")}); the file has ${candidates.join(", ") || "no other columns"}`,
  );
}

/** Reads the feature matrix (float32, rows × model features) and, when asked, the label column. */
export async function readModelCsv(
  path: string,
  featureNames: readonly string[],
  targetAsGiven?: string,
): Promise<{ X: kd.Tensor; y?: kd.Tensor; labels?: string[]; columns: string[] }> {
  const header = await kd.data.readCsv(path);
  let target = targetAsGiven;
  if (target !== undefined) {
    const wanted = target.toLowerCase();
    // Matched as the features are: exactly, else ignoring case (when that is unambiguous).
    const exact = header.columns.includes(target);
    const folded = header.columns.filter((c) => c.toLowerCase() === wanted);
    if (!exact && folded.length !== 1) {
      throw new UsageError(`unknown target column '${target}'; the file has columns: ${header.columns.join(", ")}`);
    }
    target = exact ? target : folded[0];
  }
  const match = matchFeatures(header.columns, featureNames, target ? [target] : []);
  const table = await kd.data.readCsv(path, { features: match.columns, ...(target ? { target } : {}) });
  return { X: table.X, y: target ? table.y : undefined, labels: target ? [...table.classNames] : undefined, columns: match.columns };
}
