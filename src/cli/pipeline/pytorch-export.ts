/**
 * `--export-pytorch DIR` and `kindling export --pytorch DIR`: the PyTorch project (model.py,
 * train.py, README.md from kd.io.pytorchProject) plus the weights, as weights.safetensors.
 * The training set-up travels in the model file (under "kindling.training") so that a
 * saved model can be exported later with the same data source and settings.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import * as kd from "../../index.js";
import type { TrainOptions } from "../commands/train.js";
import { writeFileAtomic } from "../../io/atomic-write.js";
import { UsageError } from "../errors.js";
import { BUILTIN, DEFAULT_CLASSES, DEFAULT_NOISE, type BuiltinName, type LabelledData } from "./data.js";
import { saveModelFile, type ModelCard } from "./model-file.js";

export const TRAINING_KEY = "kindling.training";

/** What `kindling train` was told, as the exported train.py needs it. */
export interface TrainingRecord {
  data: kd.io.DataSource;
  training: kd.io.TrainingConfig;
}

/** What the export needs of a `train` run: its data source, and the training as it was run. */
export type TrainSettings = Pick<TrainOptions, "data" | "csv" | "target" | "samples" | "samplesGiven" | "noise" | "classes"> & kd.io.TrainingConfig;

function builtinSource(name: BuiltinName, o: TrainSettings): kd.io.DataSource {
  switch (name) {
    case "circles": case "moons":
      return { kind: "builtin", name, samples: o.samples, noise: o.noise ?? DEFAULT_NOISE[name], seed: o.seed };
    case "blobs":
      return { kind: "builtin", name, samples: o.samples, noise: o.noise ?? DEFAULT_NOISE.blobs, classes: o.classes ?? DEFAULT_CLASSES.blobs, seed: o.seed };
    case "classification":
      return { kind: "builtin", name, samples: o.samples, classes: o.classes ?? DEFAULT_CLASSES.classification, seed: o.seed };
    default:
      // A bundled table: whole, or the rows --samples drew with the seed.
      return o.samplesGiven ? { kind: "builtin", name, samples: o.samples, seed: o.seed } : { kind: "builtin", name };
  }
}

export function trainingRecord(o: TrainSettings, data: LabelledData): TrainingRecord {
  const source: kd.io.DataSource = o.csv
    ? { kind: "csv", file: resolve(o.csv), target: o.target ?? "", features: data.featureNames }
    : builtinSource(o.data as BuiltinName, o);
  return {
    data: source,
    training: {
      loss: o.loss, optimizer: o.optimizer, lr: o.lr, weightDecay: o.weightDecay, epochs: o.epochs,
      batchSize: o.batchSize, seed: o.seed, testSize: o.testSize, scale: o.scale, every: o.every,
    },
  };
}

/** Refuses a folder that already holds files, before any training: an export never overwrites work. */
export function checkExportDir(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`--export-pytorch: '${dir}' exists and is not a folder`);
  if (readdirSync(dir).length > 0) {
    throw new UsageError(`--export-pytorch: the folder '${dir}' is not empty; give a new or empty folder (nothing was written)`);
  }
}

export interface ExportInput {
  model: kd.nn.Module;
  card: ModelCard;
  record: TrainingRecord;
}

/** Writes the project into `dir` (created if missing); returns the files written. */
export async function writePytorchProject(dir: string, x: ExportInput): Promise<string[]> {
  checkExportDir(dir);
  const info = kd.io.describeSequential(x.model, { featureNames: x.card.featureNames, classNames: x.card.classNames, task: x.card.task });
  let project: kd.io.PytorchProject;
  try {
    project = kd.io.pytorchProject({
      layers: info.layers, inputFeatures: info.inputFeatures, featureNames: x.card.featureNames, classNames: x.card.classNames,
      data: x.record.data, training: x.record.training,
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`cannot export to PyTorch: ${e.message}`);
    throw e;
  }
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, text] of Object.entries(project)) {
    const path = join(dir, name);
    writeFileAtomic(path, new TextEncoder().encode(text), "export");
    files.push(path);
  }
  files.push(await saveModelFile(join(dir, "weights.safetensors"), x.model, x.card, { [TRAINING_KEY]: JSON.stringify(x.record) }));
  return files;
}

function isRecord(v: unknown): v is TrainingRecord {
  const r = v as TrainingRecord | null;
  if (!r || typeof r !== "object" || !r.data || !r.training) return false;
  const d = r.data;
  const okData = d.kind === "csv" ? typeof d.file === "string" && typeof d.target === "string" && Array.isArray(d.features)
    : d.kind === "builtin" && (BUILTIN as readonly string[]).includes(d.name);
  const t = r.training;
  const nums = [t.lr, t.weightDecay, t.epochs, t.batchSize, t.seed, t.testSize, t.every];
  return okData && nums.every((n) => typeof n === "number" && Number.isFinite(n)) &&
    ["bce", "cross-entropy", "mse"].includes(t.loss) && ["sgd", "adam", "adamw"].includes(t.optimizer) && ["standard", "minmax", "none"].includes(t.scale);
}

/** The training record a model file holds, or a clear refusal. */
export function readTrainingRecord(metadata: Record<string, string>, path: string): TrainingRecord {
  const raw = metadata[TRAINING_KEY];
  if (raw === undefined) {
    throw new UsageError(
      `${path} does not record how it was trained (saved by an older Kindling, or downloaded from the playground); ` +
        "train it again with `kindling train ... --export-pytorch DIR`",
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new UsageError(`${path}: the "${TRAINING_KEY}" metadata is not valid JSON`);
  }
  if (!isRecord(v)) throw new UsageError(`${path}: the "${TRAINING_KEY}" metadata is not a training record Kindling wrote`);
  return v;
}
