/** The data source of train.py: scikit-learn's generator or loader with Kindling's arguments and seed, or the CSV file. */
import { pyFloatLit, pyIntLit, pyStrList, pyStrLit } from "./python.js";

export type BuiltinSource =
  /** `factor` (circles only): the inner circle's radius, 0.8 when not given (the playground uses 0.5). */
  | { kind: "builtin"; name: "circles"; samples: number; noise: number; seed: number; factor?: number }
  | { kind: "builtin"; name: "moons"; samples: number; noise: number; seed: number }
  | { kind: "builtin"; name: "gaussian-quantiles"; samples: number; classes: number; seed: number }
  | { kind: "builtin"; name: "blobs"; samples: number; noise: number; classes: number; seed: number }
  | { kind: "builtin"; name: "classification"; samples: number; classes: number; seed: number }
  /**
   * A bundled table; with `samples`, the rows kept are the first `samples` of
   * torch.randperm(rows) under torch.manual_seed-style `seed`, in the table's order (as
   * `kindling train --samples` draws them).
   */
  | { kind: "builtin"; name: "iris" | "wine" | "breast-cancer" | "digits"; samples?: number; seed?: number };

export type DataSource =
  | BuiltinSource
  /** A CSV file: the feature columns in the model's order and the label column (classes sorted, as Kindling's LabelEncoder sorts them). */
  | { kind: "csv"; file: string; target: string; features: readonly string[] };

/** The generator's import and call; `seed` is the random_state expression (the seed's literal unless given, e.g. a constant's name). */
export function builtinCall(d: BuiltinSource, seed = "seed" in d && d.seed !== undefined ? pyIntLit(d.seed) : ""): { imports: string; call: string } {
  switch (d.name) {
    case "circles": {
      const factor = d.factor === undefined ? "" : `, factor=${pyFloatLit(d.factor)}`;
      return { imports: "make_circles", call: `make_circles(n_samples=${pyIntLit(d.samples)}, noise=${pyFloatLit(d.noise)}${factor}, random_state=${seed})` };
    }
    case "gaussian-quantiles":
      return {
        imports: "make_gaussian_quantiles",
        call: `make_gaussian_quantiles(n_samples=${pyIntLit(d.samples)}, n_features=2, n_classes=${pyIntLit(d.classes)}, random_state=${seed})`,
      };
    case "moons":
      return { imports: "make_moons", call: `make_moons(n_samples=${pyIntLit(d.samples)}, noise=${pyFloatLit(d.noise)}, random_state=${seed})` };
    case "blobs":
      return {
        imports: "make_blobs",
        call: `make_blobs(n_samples=${pyIntLit(d.samples)}, n_features=2, centers=${pyIntLit(d.classes)}, cluster_std=${pyFloatLit(d.noise)}, random_state=${seed})`,
      };
    case "classification":
      return {
        imports: "make_classification",
        call: `make_classification(n_samples=${pyIntLit(d.samples)}, n_features=8, n_informative=4, n_classes=${pyIntLit(d.classes)}, random_state=${seed})`,
      };
    default: {
      const fn = { iris: "load_iris", wine: "load_wine", "breast-cancer": "load_breast_cancer", digits: "load_digits" }[d.name];
      return { imports: fn, call: `${fn}(return_X_y=True)` };
    }
  }
}

const TABLES: readonly string[] = ["iris", "wine", "breast-cancer", "digits"];

/** The lines that keep a bundled table's seeded draw of rows (--samples), or nothing. */
function tableDraw(d: BuiltinSource): string {
  if (!TABLES.includes(d.name) || !("samples" in d) || d.samples === undefined) return "";
  const seed = "seed" in d && d.seed !== undefined ? d.seed : 0;
  return `    # --samples ${pyIntLit(d.samples)}: a seeded draw of rows, kept in the table's order.
    keep = torch.randperm(len(X), generator=torch.Generator().manual_seed(${pyIntLit(seed)}))[:${pyIntLit(d.samples)}].sort().values.numpy()
    X, y = X[keep], y[keep]
`;
}

/** `load_data(args)` → (X float32 [N, F], y int64 [N]) and the constants it reads. */
export function dataPy(d: DataSource): string {
  if (d.kind === "builtin") {
    const { imports, call } = builtinCall(d);
    const draw = tableDraw(d);
    return `def load_data(args):
    """${d.name}: scikit-learn's ${imports} with Kindling's arguments and seed (the same samples)."""
    from sklearn.datasets import ${imports}

    X, y = ${call}
${draw}    return X.astype(np.float32), y.astype(np.int64)
`;
  }
  return `CSV_FILE = ${pyStrLit(d.file)}
TARGET = ${pyStrLit(d.target)}
FEATURE_COLUMNS = ${pyStrList(d.features)}


def load_data(args):
    """The CSV file: the model's feature columns as float32; the label column as class
    indices, classes sorted (numerically when every label is a number), as Kindling encodes them."""
    import csv

    path = args.csv or CSV_FILE
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = [c for c in FEATURE_COLUMNS + [TARGET] if rows and c not in rows[0]]
    if missing:
        sys.exit(f"{path}: missing column(s) {missing}")
    X = np.array([[float(r[c]) for c in FEATURE_COLUMNS] for r in rows], dtype=np.float64).astype(np.float32)
    raw = [r[TARGET].strip() for r in rows]
    try:
        keys = [float(v) for v in raw]
    except ValueError:
        keys = raw
    classes = sorted(set(keys))
    if len(classes) != len(CLASS_NAMES):
        sys.exit(f"{path}: the label column has {len(classes)} classes; the model was trained on {len(CLASS_NAMES)}")
    index = {c: i for i, c in enumerate(classes)}
    return X, np.array([index[k] for k in keys], dtype=np.int64)
`;
}
