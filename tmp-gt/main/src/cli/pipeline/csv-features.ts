/**
 * Lining up a CSV file with a saved model's features: columns are matched by name
 * (case-insensitive), or by position when the file has exactly the model's number of
 * feature columns and none of its names.
 */
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
