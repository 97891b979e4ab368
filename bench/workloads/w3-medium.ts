/**
 * W3, a medium model: 200,000 samples × 32 features, 10 classes, MLP 32-256-256-10 with
 * ReLU, cross-entropy, Adam (lr 1e-3), shuffled minibatches of 256, one epoch; then the
 * accuracy on 10,000 held-out samples. Data from bench/w3-data.ts (shared with PyTorch).
 */
import * as kd from "../../src/index.js";
import { readW3Data } from "../w3-data.js";
import { now, type WorkloadResult } from "./result.js";

export const W3_BATCH = 256;
const BATCH = W3_BATCH;
const HIDDEN = 256;

/** Multiply-adds ×2 of one epoch: forward, and backward without the input's gradient. */
export function w3Gflop(nTrain: number, features: number, classes: number): number {
  const fwd = features * HIDDEN + HIDDEN * HIDDEN + HIDDEN * classes;
  const bwd = features * HIDDEN + 2 * HIDDEN * HIDDEN + 2 * HIDDEN * classes;
  return (2 * nTrain * (fwd + bwd)) / 1e9;
}

/** W3's MLP, features-256-256-classes with ReLU, initialised from the global generator. */
export function w3Model(features: number, classes: number): kd.nn.Sequential {
  return new kd.nn.Sequential(
    new kd.nn.Linear(features, HIDDEN), new kd.nn.ReLU(),
    new kd.nn.Linear(HIDDEN, HIDDEN), new kd.nn.ReLU(),
    new kd.nn.Linear(HIDDEN, classes),
  );
}

export function w3(dataPath: string): WorkloadResult {
  const d = readW3Data(dataPath);
  const n = d.nTrain + d.nTest;
  const X = kd.fromArray(d.x, [n, d.features]);
  const Y = kd.fromArray(Float64Array.from(d.y), [n], { dtype: "int64" });
  const xTrain = X.slice([0, d.nTrain]), yTrain = Y.slice([0, d.nTrain]);
  const xTest = X.slice([d.nTrain, n]), yTest = Y.slice([d.nTrain, n]);

  kd.manualSeed(0);
  const model = w3Model(d.features, d.classes);
  const lossFn = new kd.nn.CrossEntropyLoss();
  const optimizer = new kd.optim.Adam(model.parameters(), { lr: 1e-3 });

  let lastLoss = 0;
  const t0 = now();
  model.train();
  const perm = kd.randperm(d.nTrain);
  for (let i = 0; i < d.nTrain; i += BATCH) {
    const idx = perm.slice([i, Math.min(i + BATCH, d.nTrain)]);
    const xb = xTrain.index(idx), yb = yTrain.index(idx);
    const loss = lossFn.forward(model.forward(xb), yb);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if (i + BATCH >= d.nTrain) lastLoss = loss.item();
  }
  const ms = now() - t0;

  model.eval();
  const accuracy = kd.inferenceMode(() => model.forward(xTest).argmax({ dim: 1 }).eq(yTest).float().mean().item());
  return {
    workload: "W3", ms, accuracy, gflop: w3Gflop(d.nTrain, d.features, d.classes),
    notes: { samplesPerSec: Math.round(d.nTrain / (ms / 1000)), lastLoss },
  };
}
