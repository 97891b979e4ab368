/**
 * Model files the command line writes and reads: kd.io's whole-model safetensors files
 * (PyTorch's state-dict names plus the `kindling` description, so the file alone rebuilds
 * the model — the playground's downloads are the same format), with two entries of our
 * own beside the description: the fitted feature scaling and the data set's name.
 */
import * as kd from "../../index.js";
import { KindlingError } from "../../errors.js";
import { applyPlaygroundPipeline, parsePlaygroundPipeline, PLAYGROUND_KEY } from "./playground-inputs.js";
import { applyScaling, type Affine } from "./scale.js";
import type { Task } from "./task.js";

export const SCALING_KEY = "kindling.scaling";
export const DATASET_KEY = "kindling.dataset";

/** A model file that cannot be used as it is (exit 1, as for any bad input file). */
export class ModelFileError extends KindlingError {}

export interface ModelCard {
  /** The model's input features, in order (none for images). */
  featureNames: string[];
  /** An image model's input, [C, H, W]. */
  inputShape?: number[];
  classNames: string[];
  task: Task;
  scaling: Affine | null;
  dataset: string;
}

export async function saveModelFile(path: string, model: kd.nn.Module, card: ModelCard, extra: Record<string, string> = {}): Promise<string> {
  const metadata: Record<string, string> = { ...extra, [DATASET_KEY]: card.dataset };
  if (card.scaling) metadata[SCALING_KEY] = JSON.stringify(card.scaling);
  kd.io.saveModel(model, path, {
    ...(card.inputShape ? { inputShape: card.inputShape } : { featureNames: card.featureNames }), classNames: card.classNames, task: card.task, metadata,
  });
  return path;
}

function parseScaling(raw: string | undefined, features: number, path: string): Affine | null {
  if (raw === undefined) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ModelFileError(`${path}: the "${SCALING_KEY}" metadata is not valid JSON`);
  }
  const a = v as Partial<Affine>;
  const ok = (xs: unknown): xs is number[] => Array.isArray(xs) && xs.length === features && xs.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!ok(a.scale) || !ok(a.offset)) throw new ModelFileError(`${path}: the "${SCALING_KEY}" metadata must hold ${features} finite scale and offset values`);
  return { scale: a.scale, offset: a.offset };
}

export interface LoadedModelFile {
  model: kd.nn.Sequential;
  card: ModelCard;
  /** The CSV columns to read, in order (the features, or a playground model's raw inputs). */
  columns: string[];
  /** Turns those columns [N, columns] into the model's input [N, features]. */
  prepare: (X: kd.Tensor) => kd.Tensor;
  /** The file's whole `__metadata__`. */
  metadata: Record<string, string>;
  /** A regression model (kd.io task "regression"): one output, the predicted value; only `predict` takes it. */
  regression: boolean;
}

/**
 * What the file says must agree with itself: every weight finite (a NaN weight makes every
 * prediction NaN, then an unreadable failure far away) and one class name per output.
 */
function checkConsistent(path: string, model: kd.nn.Module, card: ModelCard, outputs: number, regression: boolean): void {
  for (const [name, t] of Object.entries(model.stateDict())) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) {
        throw new ModelFileError(`${path}: the tensor '${name}' holds ${d[i]} at element ${i}; the file is damaged or was saved from a run whose loss diverged — retrain the model`);
      }
    }
  }
  if (regression) {
    if (outputs !== 1) throw new ModelFileError(`${path}: a regression model must have one output, but this one has ${outputs}; the file is inconsistent — retrain the model or fix its metadata`);
    return;
  }
  const expected = outputs === 1 ? 2 : outputs;
  if (card.classNames.length !== expected) {
    throw new ModelFileError(
      `${path}: the file lists ${card.classNames.length} class names (${card.classNames.join(", ")}) but the model has ${outputs} output${outputs === 1 ? "" : "s"}, ` +
        `which means ${expected} classes; the file is inconsistent — retrain the model or fix its metadata`,
    );
  }
  if (new Set(card.classNames).size !== card.classNames.length) {
    throw new ModelFileError(`${path}: the file lists a class name twice (${card.classNames.join(", ")})`);
  }
}

/** `allowRegression`: `predict` takes regression models (it writes their values); evaluate and export do not. */
export function loadModelFile(path: string, allowRegression = false): LoadedModelFile {
  const { model, info, metadata } = kd.io.loadModel(path);
  const n = info.inputFeatures;
  const outputs = kd.io.outputWidth(info.layers) ?? 1;
  const classCount = outputs === 1 ? 2 : outputs;
  const card: ModelCard = {
    featureNames: info.inputShape ? [] : info.featureNames ?? Array.from({ length: n }, (_, i) => `x${i + 1}`),
    ...(info.inputShape ? { inputShape: info.inputShape } : {}),
    classNames: info.classNames ?? Array.from({ length: classCount }, (_, i) => String(i)),
    task: outputs === 1 ? "binary" : "multiclass",
    scaling: parseScaling(metadata[SCALING_KEY], n, path),
    dataset: metadata[DATASET_KEY] ?? "unknown data",
  };
  const regression = info.task === "regression";
  if (regression && !allowRegression) throw new ModelFileError(`${path} holds a regression model; evaluate and export take classifiers (predict writes its values)`);
  checkConsistent(path, model, card, outputs, regression);
  const pipeline = parsePlaygroundPipeline(metadata[PLAYGROUND_KEY], path);
  if (pipeline && !card.scaling) {
    return { model, card, columns: [...pipeline.inputs], prepare: (X) => applyPlaygroundPipeline(pipeline, X), metadata, regression };
  }
  return { model, card, columns: card.featureNames, prepare: (X) => applyScaling(card.scaling, X), metadata, regression };
}
