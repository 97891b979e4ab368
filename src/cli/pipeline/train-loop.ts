/**
 * The tutorial's training loop, generalised to minibatches: train mode, forward, loss,
 * zeroGrad, backward, step; then eval mode and inference mode for the test set, each epoch.
 */
import * as kd from "../../index.js";
import { KindlingError } from "../../errors.js";
import { UsageError } from "../errors.js";
import type { EpochRecord } from "./history.js";
import { forwardInChunks } from "./model.js";
import { predictedClasses, type LossFn } from "./task.js";

export type OptimizerName = "sgd" | "adam" | "adamw";

export interface Split {
  Xtrain: kd.Tensor;
  ytrain: kd.Tensor;
  Xtest: kd.Tensor;
  ytest: kd.Tensor;
}

export interface LoopOptions {
  epochs: number;
  lr: number;
  optimizer: OptimizerName;
  /** 0 or undefined: the whole training set per step, as in the tutorial. */
  batchSize?: number;
  weightDecay?: number;
  seed: number;
  onEpoch?: (r: EpochRecord) => void;
  /**
   * scikit-learn's MLPClassifier stopping rule: stop once the training loss has failed to
   * improve on its best by `tol` for `patience` epochs in a row (with `validation`, the
   * validation accuracy instead, and the best weights are restored at the end).
   */
  stopping?: { patience: number; tol: number; validation?: { X: kd.Tensor; y: kd.Tensor } };
  /** Told why training stopped before `epochs`. */
  onStop?: (why: string) => void;
  /**
   * Where to train: "cpu" (default) or "webgpu". On a GPU the data and the model move there
   * for the run (minibatches are drawn on the CPU and moved per step); the model comes
   * back to the CPU at the end, so what is saved is the same either way.
   */
  device?: kd.Device;
}

/** The loss became NaN or infinite: the weights are garbage from here on, so training stops. */
export class DivergedError extends KindlingError {
  constructor(readonly epoch: number, loss: number, lr: number, optimizer: OptimizerName) {
    const what = Number.isNaN(loss) ? "NaN" : "infinite";
    // Above these rates the usual MLP diverges; below them the data is the likelier cause.
    const high = optimizer === "sgd" ? lr >= 1 : lr >= 0.1;
    const cause = high
      ? `the learning rate ${lr} is probably too high; try --lr ${optimizer === "sgd" ? 0.1 : 0.001}`
      : `the learning rate ${lr} may still be too high, or the data holds extreme values; try a smaller --lr or --scale standard`;
    super(`loss became ${what} at epoch ${epoch}; ${cause}. Nothing was saved.`);
  }
}

export function makeOptimizer(name: OptimizerName, params: kd.Tensor[], lr: number, weightDecay = 0): kd.optim.Optimizer {
  if (!(lr > 0)) throw new UsageError(`--lr must be a positive number, got ${lr}`);
  switch (name) {
    case "sgd": return new kd.optim.SGD(params, { lr, weightDecay });
    case "adam": return new kd.optim.Adam(params, { lr, weightDecay });
    case "adamw": return new kd.optim.AdamW(params, { lr, weightDecay: weightDecay || 0.01 });
  }
}

/** Fraction of equal labels. */
function correctOf(yTrue: kd.Tensor, yPred: kd.Tensor): kd.Tensor {
  return kd.eq(yTrue.reshape([-1]), yPred.reshape([-1])).sum();
}

export function accuracyOf(yTrue: kd.Tensor, yPred: kd.Tensor): number {
  return correctOf(yTrue, yPred).item() / Math.max(1, yTrue.numel());
}

/** accuracyOf on any device: the count is read back asynchronously. */
async function accuracyAsync(yTrue: kd.Tensor, yPred: kd.Tensor): Promise<number> {
  return (await correctOf(yTrue, yPred).itemAsync()) / Math.max(1, yTrue.numel());
}

export async function evaluate(model: kd.nn.Module, lossFn: LossFn, X: kd.Tensor, target: kd.Tensor, labels: kd.Tensor): Promise<{ loss: number; accuracy: number }> {
  model.eval();
  const [loss, predicted] = kd.inferenceMode(() => {
    const logits = forwardInChunks(model, X);
    return [lossFn.forward(logits, target), predictedClasses(logits)] as const;
  });
  return { loss: await loss.itemAsync(), accuracy: await accuracyAsync(labels, predicted) };
}

/** The training loop on `opts.device`; the model is back on the CPU when it resolves, whatever happened. */
export async function trainClassifier(
  model: kd.nn.Module,
  lossFn: LossFn,
  prepareTarget: (y: kd.Tensor) => kd.Tensor,
  split0: Split,
  opts: LoopOptions,
): Promise<EpochRecord[]> {
  const device = opts.device ?? "cpu";
  if (device === "cpu") return trainOn(model, lossFn, prepareTarget, split0, opts, "cpu");
  model.to(device);
  try {
    return await trainOn(model, lossFn, prepareTarget, split0, opts, device);
  } finally {
    await model.cpuAsync();
  }
}

async function trainOn(
  model: kd.nn.Module,
  lossFn: LossFn,
  prepareTarget: (y: kd.Tensor) => kd.Tensor,
  split0: Split,
  opts: LoopOptions,
  device: kd.Device,
): Promise<EpochRecord[]> {
  const optimizer = makeOptimizer(opts.optimizer, model.parameters(), opts.lr, opts.weightDecay);
  // The test set and a whole-set training batch go to the device once; minibatches per step.
  const on = (t: kd.Tensor): kd.Tensor => t.to(device);
  const split: Split = { Xtrain: split0.Xtrain, ytrain: split0.ytrain, Xtest: on(split0.Xtest), ytest: on(split0.ytest) };
  const targetTrain = prepareTarget(split.ytrain);
  const targetTest = prepareTarget(split.ytest);
  const history: EpochRecord[] = [];
  const n = split.Xtrain.shape[0];
  const batchSize = opts.batchSize && opts.batchSize > 0 ? opts.batchSize : n;
  const generator = new kd.Generator().manualSeed(opts.seed);
  // Cross-entropy's target is the label tensor itself: gathered once per batch, not twice.
  const sameTarget = targetTrain === split.ytrain;
  const dataset = sameTarget ? new kd.data.TensorDataset(split.Xtrain, targetTrain) : new kd.data.TensorDataset(split.Xtrain, targetTrain, split.ytrain);
  const loader = batchSize < n ? new kd.data.DataLoader(dataset, { batchSize, shuffle: true, generator }) : null;
  const whole = loader ? { X: split.Xtrain, target: targetTrain, y: split.ytrain } : { X: on(split.Xtrain), target: on(targetTrain), y: on(split.ytrain) };
  const params = model.parameters();
  let best = Infinity, stale = 0;
  let bestWeights: kd.Tensor[] | null = null;
  const stopping = opts.stopping;
  const diverged = (epoch: number, loss: number): never => {
    throw new DivergedError(epoch, loss, opts.lr, opts.optimizer);
  };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    model.train();
    let lossSum = 0, correct = 0;
    if (loader) {
      for (const batch of loader) {
        const xb = on(batch[0]), tb = on(batch[1]);
        const yb = sameTarget ? tb : on(batch[2]);
        const logits = model.forward(xb);
        const loss = lossFn.forward(logits, tb);
        optimizer.zeroGrad();
        loss.backward();
        const value = await loss.itemAsync();
        if (!Number.isFinite(value)) diverged(epoch, value);
        optimizer.step();
        lossSum += value * xb.shape[0];
        correct += (await accuracyAsync(yb, predictedClasses(logits.detach()))) * xb.shape[0];
      }
      lossSum /= n;
      correct /= n;
    } else {
      const logits = model.forward(whole.X);
      const loss = lossFn.forward(logits, whole.target);
      optimizer.zeroGrad();
      loss.backward();
      lossSum = await loss.itemAsync();
      if (!Number.isFinite(lossSum)) diverged(epoch, lossSum);
      optimizer.step();
      correct = await accuracyAsync(whole.y, predictedClasses(logits.detach()));
    }
    const test = await evaluate(model, lossFn, split.Xtest, targetTest, split.ytest);
    const record: EpochRecord = { epoch, trainLoss: lossSum, trainAccuracy: correct, testLoss: test.loss, testAccuracy: test.accuracy };
    history.push(record);
    opts.onEpoch?.(record);
    if (!stopping) continue;
    // Lower is better: the training loss, or the validation error rate.
    const score = stopping.validation
      ? 1 - (await evaluate(model, lossFn, on(stopping.validation.X), on(prepareTarget(stopping.validation.y)), on(stopping.validation.y))).accuracy
      : lossSum;
    stale = score > best - stopping.tol ? stale + 1 : 0;
    if (score < best) {
      best = score;
      if (stopping.validation) bestWeights = params.map((p) => p.detach().clone());
    }
    if (stale >= stopping.patience && epoch < opts.epochs - 1) {
      const what = stopping.validation ? "validation accuracy" : "training loss";
      opts.onStop?.(`stopped after epoch ${epoch}: the ${what} improved by less than ${stopping.tol} for ${stopping.patience} epochs`);
      break;
    }
  }
  if (bestWeights) {
    const saved = bestWeights;
    kd.noGrad(() => params.forEach((p, i) => p.copy_(saved[i])));
  }
  return history;
}
