/**
 * Everything that decides what the playground trains: the data set, the features, the
 * network and the optimiser. A `Config` is the page's whole set-up; the URL, the worker
 * and the code generator all read this one shape, so a link, a run and the shown code
 * always agree.
 */

export const DATASETS = ["circles", "moons", "blobs", "xor", "spiral", "gaussian", "csv", "plane", "multigauss"] as const;
export type DatasetName = (typeof DATASETS)[number];

/**
 * Classification (the class of each point) or regression (a number for each point), as the
 * TensorFlow Playground's "Problem type". The data set decides it: "plane" and "multigauss"
 * are the regression data sets, every other one is for classification.
 */
export const PROBLEMS = ["classification", "regression"] as const;
export type ProblemName = (typeof PROBLEMS)[number];
export const REGRESSION_DATASETS: readonly DatasetName[] = ["plane", "multigauss"];

export function problemOf(dataset: DatasetName): ProblemName {
  return REGRESSION_DATASETS.includes(dataset) ? "regression" : "classification";
}

/** The data set a switch to this problem type starts with. */
export const FIRST_DATASET: Record<ProblemName, DatasetName> = { classification: "circles", regression: "plane" };

export const FEATURES = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Those a model file can describe (kd.io), so "Download model" and `kindling predict` take every one. */
export const ACTIVATIONS = [
  "relu", "tanh", "sigmoid", "leakyrelu", "gelu", "elu", "selu", "silu", "mish", "softplus", "hardtanh", "softsign", "logsigmoid", "linear",
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/**
 * bce: one logit and BCEWithLogitsLoss (two classes only); ce: one logit per class; mse: for
 * classification, probabilities against one-hot targets; for regression (its only loss), the one
 * output against the target value.
 */
export const LOSSES = ["bce", "ce", "mse"] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = ["sgd", "adam", "adamw"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** none: a constant rate; step: kd.optim.lrScheduler.StepLR; cosine: CosineAnnealingLR (to 0). Stepped once per epoch. */
export const SCHEDULES = ["none", "step", "cosine"] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** The settings that only decide when training stops, not what it trains: changing them need not restart a run. */
export const STOP_KEYS = ["maxEpochs", "targetAcc", "patience"] as const;

/**
 * A weight set by hand on the page: after `epoch` epochs of training (0: before any), the
 * weight of Linear layer `layer` (0 = the first, the last is the output layer) from its
 * input `from` to its output `to` becomes `value`. Part of the set-up, so a link, Reset
 * and "Show code" replay it at the same epoch.
 */
export interface WeightEdit {
  epoch: number;
  layer: number;
  to: number;
  from: number;
  value: number;
}

/** A point drawn on the page: raw coordinates (rounded to 3 decimals) and its class index; added to the training set. */
export interface DrawnPoint {
  x: number;
  y: number;
  label: number;
}

/**
 * Where the playground trains: the CPU, or the GPU through WebGPU when the browser has one.
 * Not part of what is trained: both give the same numbers to the printed digits.
 */
export const DEVICES = ["cpu", "webgpu"] as const;
export type DeviceName = (typeof DEVICES)[number];

export interface Config {
  dataset: DatasetName;
  /** Classes for blobs, spiral and Gaussian quantiles (circles, moons and XOR have two; a CSV has its own). */
  classes: number;
  /** Data-set noise in [0, 1]; see `noiseMeaning` for what it scales. */
  noise: number;
  points: number;
  /** Fraction of the points held out for testing. */
  testFraction: number;
  seed: number;
  features: FeatureName[];
  /** Width of each hidden layer, input side first. */
  hidden: number[];
  /** The activation of every hidden layer, unless `layerActivations` says otherwise. */
  activation: ActivationName;
  /** One activation per hidden layer, input side first, when they differ; empty when all are `activation`. */
  layerActivations: ActivationName[];
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  /** L2 regularisation, given to the optimiser as weightDecay. */
  l2: number;
  /** L1 regularisation: l1 × Σ|w| over the Linear layers' weights, added to the training loss. */
  l1: number;
  /** Dropout probability after every hidden activation (0 = no Dropout layers). */
  dropout: number;
  /** Weights set by hand, in the order they were made (see WeightEdit). */
  edits: WeightEdit[];
  /** Points drawn on the plot, in the order drawn: added to the training set after the split. */
  drawn: DrawnPoint[];
  /** The learning-rate schedule, stepped after every epoch. */
  schedule: ScheduleName;
  /** StepLR: epochs between decays, and the factor of each decay. */
  stepSize: number;
  gamma: number;
  /** CosineAnnealingLR: epochs from the initial rate down to 0 (then back up, as PyTorch's does). */
  tMax: number;
  /** Stop after this epoch (0: never). */
  maxEpochs: number;
  /** Stop once the test accuracy (in %) reaches this (0: never). */
  targetAcc: number;
  /** Early stopping: stop once the test loss has not gone below its best for this many epochs (0: never). */
  patience: number;
  /** Where to train; absent is the CPU (so links and configs from before the switch stay as they were). */
  device?: DeviceName;
}

export const LIMITS = {
  classes: { min: 2, max: 6 },
  noise: { min: 0, max: 1 },
  points: { min: 20, max: 2000 },
  testFraction: { min: 0.1, max: 0.9 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  layers: { min: 0, max: 6 },
  neurons: { min: 1, max: 8 },
  lr: { min: 1e-5, max: 10 },
  batchSize: { min: 1, max: 2000 },
  l2: { min: 0, max: 1 },
  l1: { min: 0, max: 1 },
  dropout: { min: 0, max: 0.9 },
  stepSize: { min: 1, max: 100000 },
  gamma: { min: 0.01, max: 1 },
  tMax: { min: 1, max: 100000 },
  maxEpochs: { min: 0, max: 1000000 },
  targetAcc: { min: 0, max: 100 },
  patience: { min: 0, max: 100000 },
  drawn: { max: 500 },
} as const;

export const DEFAULT_CONFIG: Config = {
  dataset: "circles",
  classes: 3,
  noise: 0.1,
  points: 500,
  testFraction: 0.2,
  seed: 42,
  features: ["x1", "x2"],
  hidden: [8, 8],
  activation: "relu",
  layerActivations: [],
  loss: "bce",
  optimizer: "adam",
  lr: 0.03,
  batchSize: 32,
  l2: 0,
  l1: 0,
  dropout: 0,
  edits: [],
  drawn: [],
  schedule: "none",
  stepSize: 50,
  gamma: 0.5,
  tMax: 200,
  maxEpochs: 0,
  targetAcc: 0,
  patience: 0,
};

/**
 * The noise each data set starts with when it is chosen: enough to look like data, little
 * enough to keep its shape (spiral's arms are 0.19 apart with three classes, so 0.1 blurs them
 * into one cloud). Blobs' 0.2 is scikit-learn's cluster_std of 1. Gaussian quantiles and a CSV
 * take no noise.
 */
export const DEFAULT_NOISE: Record<DatasetName, number> = {
  circles: 0.1, moons: 0.1, blobs: 0.2, xor: 0.1, spiral: 0.03, gaussian: 0.1, csv: 0.1, plane: 0, multigauss: 0,
};

/** Data sets whose class count the person chooses. */
export function hasClassChoice(dataset: DatasetName): boolean {
  return dataset === "blobs" || dataset === "spiral" || dataset === "gaussian";
}

/** What the noise slider does for each data set, shown next to it. */
export function noiseMeaning(dataset: DatasetName): string {
  switch (dataset) {
    case "circles":
    case "moons":
      return "standard deviation of the Gaussian noise (scikit-learn's noise)";
    case "blobs":
      return "cluster_std = 5 × noise";
    case "xor":
    case "spiral":
      return "standard deviation of the Gaussian noise added to each coordinate";
    case "gaussian":
      return "not used: the classes are quantile shells of one Gaussian";
    case "csv":
      return "not used: the data come from the file";
    case "plane":
    case "multigauss":
      return "each point's value is taken at the point moved by noise × U(-6, 6) in each coordinate";
  }
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Brings any config (from a URL, a form, a test) into range, so the worker never sees an
 * impossible set-up: numbers clamped, at least one feature, BCE only with two classes.
 * `nClasses` is the class count of the data when known (a CSV decides its own).
 */
export function normalizeConfig(c: Config, nClasses?: number): Config {
  const classes = Math.round(clamp(c.classes, LIMITS.classes.min, LIMITS.classes.max));
  const features = FEATURES.filter((f) => c.features.includes(f));
  const hidden = c.hidden
    .slice(0, LIMITS.layers.max)
    .map((n) => Math.round(clamp(n, LIMITS.neurons.min, LIMITS.neurons.max)));
  const k = nClasses ?? classesOf({ ...c, classes });
  const regression = problemOf(c.dataset) === "regression";
  // Regression has one loss (MSE on the one output) and no classes to draw points of.
  const loss = regression ? "mse" : c.loss === "bce" && k > 2 ? "ce" : c.loss;
  // Only a GPU is written down: a CPU run's config has no device, as before the switch existed.
  const { device, ...rest } = c;
  return {
    ...rest,
    ...(device === "webgpu" ? { device } : {}),
    classes,
    noise: clamp(c.noise, LIMITS.noise.min, LIMITS.noise.max),
    points: Math.round(clamp(c.points, LIMITS.points.min, LIMITS.points.max)),
    testFraction: clamp(c.testFraction, LIMITS.testFraction.min, LIMITS.testFraction.max),
    seed: Math.round(clamp(c.seed, LIMITS.seed.min, LIMITS.seed.max)),
    features: features.length > 0 ? features : ["x1", "x2"],
    hidden,
    layerActivations: layerActivationsFor(c, hidden.length),
    loss,
    lr: clamp(c.lr, LIMITS.lr.min, LIMITS.lr.max),
    batchSize: Math.round(clamp(c.batchSize, LIMITS.batchSize.min, LIMITS.batchSize.max)),
    l2: clamp(c.l2, LIMITS.l2.min, LIMITS.l2.max),
    l1: clamp(c.l1, LIMITS.l1.min, LIMITS.l1.max),
    dropout: clamp(c.dropout, LIMITS.dropout.min, LIMITS.dropout.max),
    stepSize: Math.round(clamp(c.stepSize, LIMITS.stepSize.min, LIMITS.stepSize.max)),
    gamma: clamp(c.gamma, LIMITS.gamma.min, LIMITS.gamma.max),
    tMax: Math.round(clamp(c.tMax, LIMITS.tMax.min, LIMITS.tMax.max)),
    maxEpochs: Math.round(clamp(c.maxEpochs, LIMITS.maxEpochs.min, LIMITS.maxEpochs.max)),
    // Regression has no accuracy to aim at.
    targetAcc: regression ? 0 : clamp(c.targetAcc, LIMITS.targetAcc.min, LIMITS.targetAcc.max),
    patience: Math.round(clamp(c.patience, LIMITS.patience.min, LIMITS.patience.max)),
    drawn: regression ? [] : c.drawn
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isInteger(p.label) && p.label >= 0 && p.label < k)
      .slice(0, LIMITS.drawn.max)
      .map((p) => ({ x: p.x, y: p.y, label: p.label })),
    edits: validEdits(c.edits, layerWidths(features.length > 0 ? features.length : 2, hidden, regression ? 1 : outputUnits(loss, k))),
  };
}

/**
 * Per-layer activations for `n` hidden layers: those given, a new layer taking the last one's
 * (or the common activation), an unknown name the common one; empty when all are the same
 * as the common one.
 */
function layerActivationsFor(c: Config, n: number): ActivationName[] {
  const given = (c.layerActivations ?? []).filter((a) => (ACTIVATIONS as readonly string[]).includes(a));
  if (given.length === 0) return [];
  const acts = Array.from({ length: n }, (_, i) => given[Math.min(i, given.length - 1)]);
  return acts.every((a) => a === c.activation) ? [] : acts;
}

/** The activation after each hidden layer, input side first. */
export function activationsOf(c: Pick<Config, "activation" | "layerActivations" | "hidden">): ActivationName[] {
  return c.hidden.map((_, i) => c.layerActivations[i] ?? c.activation);
}

/** The widths of the network's layers, inputs first, outputs last. */
export function layerWidths(inputs: number, hidden: readonly number[], outputs: number): number[] {
  return [inputs, ...hidden, outputs];
}

/**
 * The edits that still name a weight of a network with these layer widths, at a whole
 * epoch and with a finite value; a later edit of the same weight at the same epoch
 * replaces the earlier one. A changed network drops the edits it no longer has weights for.
 */
function validEdits(edits: readonly WeightEdit[], widths: readonly number[]): WeightEdit[] {
  const out: WeightEdit[] = [];
  for (const e of edits) {
    const ok =
      Number.isInteger(e.epoch) && e.epoch >= 0 && Number.isInteger(e.layer) && e.layer >= 0 && e.layer < widths.length - 1 &&
      Number.isInteger(e.from) && e.from >= 0 && e.from < widths[e.layer] &&
      Number.isInteger(e.to) && e.to >= 0 && e.to < widths[e.layer + 1] && Number.isFinite(e.value);
    if (!ok) continue;
    const same = out.findIndex((o) => o.epoch === e.epoch && o.layer === e.layer && o.to === e.to && o.from === e.from);
    if (same >= 0) out.splice(same, 1);
    out.push({ epoch: e.epoch, layer: e.layer, to: e.to, from: e.from, value: e.value });
  }
  return out;
}

/** The class count a generated data set has (a CSV's is known only after parsing); 1 for regression, whose one "class" is the value. */
export function classesOf(c: Config): number {
  return problemOf(c.dataset) === "regression" ? 1 : hasClassChoice(c.dataset) ? c.classes : 2;
}

/** Output units: one logit for BCE, otherwise one per class (regression: one, its class count being 1). */
export function outputUnits(loss: LossName, nClasses: number): number {
  return loss === "bce" ? 1 : nClasses;
}
