/**
 * The data a command trains on: a built-in data set by name or a CSV file, as float32
 * features, int64 labels, feature names and class names.
 */
import * as kd from "../../index.js";
import { csvColumns, resolveTarget } from "./csv-stream.js";
import { statSync } from "node:fs";
import { UsageError } from "../errors.js";
import { createByteProgress } from "../load-progress.js";

export const BUILTIN = ["circles", "moons", "blobs", "classification", "iris", "wine", "breast-cancer", "digits"] as const;
export type BuiltinName = (typeof BUILTIN)[number];

/** The generators' defaults when --noise / --classes are not given (the exported train.py writes them out). */
export const DEFAULT_NOISE = { circles: 0.03, moons: 0.1, blobs: 1.5 } as const;
export const DEFAULT_CLASSES = { blobs: 4, classification: 2 } as const;

export interface LabelledData {
  name: string;
  X: kd.Tensor;
  y: kd.Tensor;
  featureNames: string[];
  classNames: string[];
}

export interface SyntheticOptions {
  samples: number;
  noise?: number;
  classes?: number;
  seed: number;
  /** For a bundled table (iris, wine, breast-cancer, digits): keep a seeded draw of `samples` rows (--samples). */
  drawRows?: boolean;
}

/**
 * `samples` rows of an `n`-row table, drawn with the seed: the first `samples` of
 * randperm(n) under a generator seeded with `seed` (torch.randperm's stream, so the
 * exported train.py keeps the same rows), in the table's order. More rows than the table
 * has is an error, not a silent cap.
 */
function drawRows(X: kd.Tensor, y: kd.Tensor, samples: number, seed: number, name: string): [kd.Tensor, kd.Tensor] {
  const n = X.shape[0];
  if (samples > n) throw new UsageError(`--samples ${samples}: ${name} has ${n} rows; pass --samples ${n} or less, or leave it out for the whole table`);
  if (samples === n) return [X, y];
  const generator = new kd.Generator().manualSeed(seed);
  const keep = kd.tensor(Array.from(kd.randperm(n, { generator }).data.subarray(0, samples)).sort((a, b) => a - b), { dtype: "int64" });
  return [X.indexSelect(0, keep), y.indexSelect(0, keep)];
}

function range(n: number, f: (i: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** Built-in two-dimensional sets name their features x1, x2 (the tutorial's X1, X2). */
export function loadBuiltin(name: string, opts: SyntheticOptions): LabelledData {
  const xy = (n: number): string[] => range(n, (i) => `x${i + 1}`);
  const numbered = (k: number): string[] => range(k, (i) => String(i));
  switch (name as BuiltinName) {
    case "circles": {
      const [X, y] = kd.datasets.makeCircles(opts.samples, { noise: opts.noise ?? DEFAULT_NOISE.circles, randomState: opts.seed });
      return { name, X: X.float(), y: y.long(), featureNames: xy(2), classNames: numbered(2) };
    }
    case "moons": {
      const [X, y] = kd.datasets.makeMoons(opts.samples, { noise: opts.noise ?? DEFAULT_NOISE.moons, randomState: opts.seed });
      return { name, X: X.float(), y: y.long(), featureNames: xy(2), classNames: numbered(2) };
    }
    case "blobs": {
      const k = opts.classes ?? DEFAULT_CLASSES.blobs;
      const [X, y] = kd.datasets.makeBlobs({ nSamples: opts.samples, nFeatures: 2, centers: k, clusterStd: opts.noise ?? DEFAULT_NOISE.blobs, randomState: opts.seed });
      return { name, X: X.float(), y: y.long(), featureNames: xy(2), classNames: numbered(k) };
    }
    case "classification": {
      const k = opts.classes ?? DEFAULT_CLASSES.classification;
      const [X, y] = kd.datasets.makeClassification({ nSamples: opts.samples, nFeatures: 8, nInformative: 4, nClasses: k, randomState: opts.seed });
      return { name, X: X.float(), y: y.long(), featureNames: xy(8), classNames: numbered(k) };
    }
    case "iris":
    case "wine":
    case "breast-cancer":
    case "digits": {
      const loader = { iris: kd.datasets.loadIris, wine: kd.datasets.loadWine, "breast-cancer": kd.datasets.loadBreastCancer, digits: kd.datasets.loadDigits }[name as "iris"];
      const ds = loader();
      const [X, y] = opts.drawRows ? drawRows(ds.data.float(), ds.target.long(), opts.samples, opts.seed, name) : [ds.data.float(), ds.target.long()];
      return { name, X, y, featureNames: [...ds.featureNames], classNames: [...ds.targetNames].map(String) };
    }
    default:
      throw new UsageError(`unknown data set '${name}'; expected one of: ${BUILTIN.join(", ")} (or --csv FILE --target COLUMN)`);
  }
}

/** A CSV file through the columnar reader, with a progress display while it loads. */
export async function loadCsvData(path: string, target: string, log: NodeJS.WriteStream, quiet: boolean): Promise<LabelledData> {
  const size = csvSize(path);
  const progress = createByteProgress({ label: `loading ${path}`, total: size, stream: log, quiet });
  try {
    // --target ignores case as evaluate's does; a missing file is reported by the reader.
    const column = size > 0 ? resolveTarget(csvColumns(path), target) : target;
    const t = await kd.data.loadCsv(path, { target: column, onProgress: (p) => progress.update(p.bytes, p.rows) });
    return { name: path, X: t.X, y: t.y!, featureNames: t.featureNames, classNames: t.classNames };
  } finally {
    progress.done();
  }
}

/** The file's size, or 0 when it cannot be read (the reader then reports why). */
function csvSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
