/**
 * The one place where the playground's trainer meets Kindling's higher-level API:
 * data sets, splitting, layers, losses, optimisers, loaders, metrics and model files.
 * Everything else in the engine uses only tensors. The shown code ("Show code") calls
 * the same API by the same names, which is what makes its numbers match the page's.
 */
import * as kd from "kindling";
import type { ActivationName, Config, LossName, OptimizerName, WeightEdit } from "../state/config.js";
import { makeMultiGaussian, makePlane, makeSpiral, makeXor } from "../data/synthetic.js";
import type { ModelFileInfo } from "./metadata.js";

export interface Network {
  model: kd.nn.Sequential;
  /** The model's modules in order, so hidden activations can be read one layer at a time. */
  modules: kd.nn.Module[];
  /** Indices into `modules` after which a hidden layer's output (its activations) is complete. */
  hiddenTaps: number[];
  /** The Linear layers, input side first; a WeightEdit's `layer` indexes these. */
  linears: kd.nn.Linear[];
}

export type Optimizer = kd.optim.lrScheduler.ScheduledOptimizer;

/** Something stepped once per epoch that sets the optimizer's rate. */
export interface Scheduler {
  step(): void;
}

/** A generated data set (every kind but CSV): X as float32 [n, 2] (scikit-learn's float64 cast, as the tutorial does), y int64 [n] (regression: float32 values). */
export function generateDataset(c: Config): [kd.Tensor, kd.Tensor] {
  const nSamples = c.points, randomState = c.seed;
  const [X, y] = ((): [kd.Tensor, kd.Tensor] => {
    switch (c.dataset) {
      case "circles":
        return kd.datasets.makeCircles({ nSamples, noise: c.noise, factor: 0.5, randomState });
      case "moons":
        return kd.datasets.makeMoons({ nSamples, noise: c.noise, randomState });
      case "blobs":
        return kd.datasets.makeBlobs({ nSamples, centers: c.classes, clusterStd: 5 * c.noise, randomState });
      case "gaussian":
        return kd.datasets.makeGaussianQuantiles({ nSamples, nFeatures: 2, nClasses: c.classes, randomState });
      case "xor":
        return makeXor({ nSamples, noise: c.noise, randomState });
      case "spiral":
        return makeSpiral({ nSamples, nClasses: c.classes, noise: c.noise, randomState });
      case "plane":
        return makePlane({ nSamples, noise: c.noise, randomState });
      case "multigauss":
        return makeMultiGaussian({ nSamples, noise: c.noise, randomState });
      case "csv":
        throw new Error("a CSV data set comes from its file, not from a generator");
    }
  })();
  return [X.float(), y];
}

/** [XTrain, XTest, yTrain, yTest], as train_test_split orders them. */
export function splitData(X: kd.Tensor, y: kd.Tensor, testSize: number, seed: number): [kd.Tensor, kd.Tensor, kd.Tensor, kd.Tensor] {
  return kd.data.trainTestSplit(X, y, { testSize, randomState: seed });
}

/** The training set with the points drawn on the page after it (raw coordinates as float32, classes as the labels' dtype). */
export function addDrawn(X: kd.Tensor, y: kd.Tensor, drawn: Config["drawn"]): [kd.Tensor, kd.Tensor] {
  if (drawn.length === 0) return [X, y];
  const points = kd.tensor(drawn.map((p) => [p.x, p.y])).float();
  const labels = kd.tensor(drawn.map((p) => p.label)).to(y.dtype);
  return [kd.cat([X, points]), kd.cat([y, labels])];
}

function activation(name: ActivationName): kd.nn.Module | null {
  switch (name) {
    case "relu": return new kd.nn.ReLU();
    case "tanh": return new kd.nn.Tanh();
    case "sigmoid": return new kd.nn.Sigmoid();
    case "leakyrelu": return new kd.nn.LeakyReLU();
    case "gelu": return new kd.nn.GELU();
    case "elu": return new kd.nn.ELU();
    case "selu": return new kd.nn.SELU();
    case "silu": return new kd.nn.SiLU();
    case "mish": return new kd.nn.Mish();
    case "softplus": return new kd.nn.Softplus();
    case "hardtanh": return new kd.nn.Hardtanh();
    case "softsign": return new kd.nn.Softsign();
    case "logsigmoid": return new kd.nn.LogSigmoid();
    case "linear": return null;
  }
}

/**
 * Linear → activation → Dropout per hidden layer, then a Linear to the outputs (kd.nn.mlp,
 * as the CLI builds it), with `acts[i]` after hidden layer i (mlp asks for one activation
 * per hidden layer, in order); built after kd.manualSeed.
 */
export function buildNetwork(inputs: number, hidden: readonly number[], acts: readonly ActivationName[], dropout: number, outputs: number): Network {
  let layer = 0;
  const model = kd.nn.mlp(inputs, outputs, { hidden, activation: () => activation(acts[layer++]), dropout });
  const modules = model.children();
  // A hidden layer's output is complete at the module just before the next Linear or Dropout.
  const hiddenTaps = modules.flatMap((m, i) =>
    i + 1 < modules.length && !(m instanceof kd.nn.Dropout) && (modules[i + 1] instanceof kd.nn.Linear || modules[i + 1] instanceof kd.nn.Dropout) ? [i] : []);
  const linears = modules.filter((m): m is kd.nn.Linear => m instanceof kd.nn.Linear);
  return { model, modules, hiddenTaps, linears };
}

/**
 * L1 regularisation: l1 × the sum of |w| over the Linear layers' weights (not the biases,
 * as the TensorFlow Playground does), layer by layer in this order, as the shown code adds it.
 */
export function l1Penalty(linears: readonly kd.nn.Linear[], l1: number | kd.Tensor): kd.Tensor {
  return linears.map((l) => l.weight.abs().sum()).reduce((a, b) => a.add(b)).mul(l1);
}

/**
 * Sets one weight in place, outside the graph, as `with torch.no_grad(): w[to, from] = v`
 * does: the optimiser's state (Adam's moments) is left as it was. The shown code does the same.
 */
export function setWeight(linears: readonly kd.nn.Linear[], e: WeightEdit): void {
  kd.noGrad(() => {
    const w = linears[e.layer].weight;
    const rows = w.tolist() as number[][];
    rows[e.to][e.from] = e.value;
    w.copy_(kd.tensor(rows));
  });
}

/** The loss module for each choice (see session.ts for what it is handed). */
export function lossFunction(name: LossName): kd.nn.Loss {
  switch (name) {
    case "bce": return new kd.nn.BCEWithLogitsLoss();
    case "ce": return new kd.nn.CrossEntropyLoss();
    case "mse": return new kd.nn.MSELoss();
  }
}

/** weightDecay is always given: AdamW's default (0.01) would otherwise differ from the page's L2 of 0. */
export function makeOptimizer(name: OptimizerName, params: kd.Tensor[], lr: number, weightDecay: number): Optimizer {
  switch (name) {
    case "sgd": return new kd.optim.SGD(params, { lr, weightDecay });
    case "adam": return new kd.optim.Adam(params, { lr, weightDecay });
    case "adamw": return new kd.optim.AdamW(params, { lr, weightDecay });
  }
}

/** The learning-rate schedule, built after the optimizer (its initial rate is the schedule's start); null for a constant rate. */
export function makeScheduler(c: Pick<Config, "schedule" | "stepSize" | "gamma" | "tMax">, optimizer: Optimizer): Scheduler | null {
  switch (c.schedule) {
    case "none": return null;
    case "step": return new kd.optim.lrScheduler.StepLR(optimizer, { stepSize: c.stepSize, gamma: c.gamma });
    case "cosine": return new kd.optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: c.tMax });
  }
}

/** Shuffled minibatches, reshuffled on every pass, from a generator seeded once. */
export function makeLoader(X: kd.Tensor, y: kd.Tensor, batchSize: number, seed: number): Iterable<[kd.Tensor, kd.Tensor]> {
  return new kd.data.DataLoader(new kd.data.TensorDataset(X, y), { batchSize, shuffle: true, generator: new kd.Generator(seed) });
}

/** Rows are true classes, columns predicted ones (torchmetrics' layout). */
export function confusionMatrix(yTrue: kd.Tensor, yPred: kd.Tensor, nClasses: number): number[][] {
  return kd.metrics.multiclassConfusionMatrix(yPred, yTrue, { numClasses: nClasses }).tolist() as number[][];
}

/** R² and RMSE of predictions against target values (kd.metrics, torchmetrics' R2Score and MeanSquaredError(squared=False)). */
export function regressionScores(pred: kd.Tensor, target: kd.Tensor): { r2: number; rmse: number } {
  return { r2: kd.metrics.r2Score(pred, target).item(), rmse: kd.metrics.meanSquaredError(pred, target, { squared: false }).item() };
}

/** safetensors bytes of the model: its state dict (PyTorch's names) and kd.io's description of it. */
export function serializeModel(model: kd.nn.Sequential, info: ModelFileInfo): Uint8Array {
  return kd.io.serializeModel(model, info);
}
