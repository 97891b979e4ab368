/**
 * The tutorial's training loop, generalised to minibatches: train mode, forward, loss,
 * zeroGrad, backward, step; then eval mode and inference mode for the test set, each epoch.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import type { EpochRecord } from "./history.js";
import { logitsToLabels, type LossFn } from "./task.js";

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
export function accuracyOf(yTrue: kd.Tensor, yPred: kd.Tensor): number {
  return kd.eq(yTrue.reshape([-1]), yPred.reshape([-1])).sum().item() / Math.max(1, yTrue.numel());
}

export function evaluate(model: kd.nn.Module, lossFn: LossFn, X: kd.Tensor, target: kd.Tensor, labels: kd.Tensor): { loss: number; accuracy: number } {
  model.eval();
  return kd.inferenceMode(() => {
    const logits = model.forward(X);
    return { loss: lossFn.forward(logits, target).item(), accuracy: accuracyOf(labels, logitsToLabels(logits)) };
  });
}

export function trainClassifier(
  model: kd.nn.Module,
  lossFn: LossFn,
  prepareTarget: (y: kd.Tensor) => kd.Tensor,
  split: Split,
  opts: LoopOptions,
): EpochRecord[] {
  const optimizer = makeOptimizer(opts.optimizer, model.parameters(), opts.lr, opts.weightDecay);
  const targetTrain = prepareTarget(split.ytrain);
  const targetTest = prepareTarget(split.ytest);
  const history: EpochRecord[] = [];
  const n = split.Xtrain.shape[0];
  const batchSize = opts.batchSize && opts.batchSize > 0 ? opts.batchSize : n;
  const generator = new kd.Generator().manualSeed(opts.seed);
  const loader = batchSize < n
    ? new kd.data.DataLoader(new kd.data.TensorDataset(split.Xtrain, targetTrain, split.ytrain), { batchSize, shuffle: true, generator })
    : null;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    model.train();
    let lossSum = 0, correct = 0;
    if (loader) {
      for (const [xb, tb, yb] of loader) {
        const logits = model.forward(xb);
        const loss = lossFn.forward(logits, tb);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        lossSum += loss.item() * xb.shape[0];
        correct += accuracyOf(yb, logitsToLabels(logits.detach())) * xb.shape[0];
      }
      lossSum /= n;
      correct /= n;
    } else {
      const logits = model.forward(split.Xtrain);
      const loss = lossFn.forward(logits, targetTrain);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      lossSum = loss.item();
      correct = accuracyOf(split.ytrain, logitsToLabels(logits.detach()));
    }
    const test = evaluate(model, lossFn, split.Xtest, targetTest, split.ytest);
    const record: EpochRecord = { epoch, trainLoss: lossSum, trainAccuracy: correct, testLoss: test.loss, testAccuracy: test.accuracy };
    history.push(record);
    opts.onEpoch?.(record);
  }
  return history;
}
