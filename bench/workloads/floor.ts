/**
 * The engine's floor for W1 and W3: the same models, data, initial weights and updates,
 * but each layer is one fused op (ops/matmul.ts linear with an activation), the loss one fused op
 * (nn/functional/fused-loss.ts), and the optimizer one backend call over all parameters. Not the public
 * API yet: it shows what src/ops, src/nn and src/optim would reach by calling these
 * (the issue-7 report lists the changes).
 */
import * as kd from "../../src/index.js";
import { backend, type Activation } from "../../src/backend/index.js";
import { linear as linearAct } from "../../src/ops/matmul.js";
import { fusedBceWithLogits, fusedCrossEntropy } from "../../src/nn/functional/fused-loss.js";
import { readW3Data } from "../w3-data.js";
import { w3Gflop } from "./w3-medium.js";
import { now, type WorkloadResult } from "./result.js";

type Layer = { weight: kd.Tensor; bias: kd.Tensor };

/** Layers initialised exactly as nn.Linear does (same draws from the global generator). */
function layers(sizes: number[]): Layer[] {
  const out: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const l = new kd.nn.Linear(sizes[i], sizes[i + 1]);
    out.push({ weight: l.weight, bias: l.bias as kd.Tensor });
  }
  return out;
}

function forward(ls: Layer[], x: kd.Tensor): kd.Tensor {
  let h = x;
  ls.forEach((l, i) => {
    const act: Activation = i + 1 < ls.length ? "relu" : "none";
    h = linearAct(h, l.weight, l.bias, act);
  });
  return h;
}

function paramsOf(ls: Layer[]): kd.Tensor[] {
  return ls.flatMap((l) => [l.weight, l.bias]);
}

export function w1Floor(epochs = 1000): WorkloadResult {
  kd.manualSeed(42);
  const [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
  const xs = X.float(), ys = y.float().reshape([1000, 1]);
  const xTrain = xs.slice([0, 800]), yTrain = ys.slice([0, 800]);
  const xTest = xs.slice([800, 1000]), yTest = ys.slice([800, 1000]);
  const ls = layers([2, 10, 10, 1]);
  const params = paramsOf(ls);
  const sgd = { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
  let accuracy = 0, testLoss = 0;
  const t0 = now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const loss = fusedBceWithLogits(forward(ls, xTrain), yTrain, "mean");
    for (const p of params) p.grad = null;
    loss.backward();
    backend().sgdStep(params.map((p) => p.data), params.map((p) => (p.grad as kd.Tensor).data), null, false, sgd);
    kd.inferenceMode(() => {
      const logits = forward(ls, xTest);
      testLoss = fusedBceWithLogits(logits, yTest, "mean").item();
      accuracy = logits.sigmoid().round().eq(yTest).sum().item() / yTest.numel();
    });
  }
  return { workload: "W1F", ms: now() - t0, accuracy, notes: { testLoss, epochs } };
}

export function w3Floor(dataPath: string): WorkloadResult {
  const d = readW3Data(dataPath);
  const n = d.nTrain + d.nTest;
  const X = kd.fromArray(d.x, [n, d.features]);
  const Y = kd.fromArray(Float64Array.from(d.y), [n], { dtype: "int64" });
  const xTrain = X.slice([0, d.nTrain]), yTrain = Y.slice([0, d.nTrain]);
  const xTest = X.slice([d.nTrain, n]), yTest = Y.slice([d.nTrain, n]);
  kd.manualSeed(0);
  const ls = layers([d.features, 256, 256, d.classes]);
  const params = paramsOf(ls);
  const zeros = (): Float32Array[] => params.map((p) => new Float32Array(p.numel()));
  const m = zeros(), v = zeros();
  const adam = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false, maximize: false };
  const t0 = now();
  const perm = kd.randperm(d.nTrain);
  let step = 0;
  for (let i = 0; i < d.nTrain; i += 256) {
    const idx = perm.slice([i, Math.min(i + 256, d.nTrain)]);
    const loss = fusedCrossEntropy(forward(ls, xTrain.index(idx)), yTrain.index(idx), "mean", -100);
    for (const p of params) p.grad = null;
    loss.backward();
    backend().adamStep(params.map((p) => p.data), params.map((p) => (p.grad as kd.Tensor).data), m, v, null, ++step, adam);
  }
  const ms = now() - t0;
  const accuracy = kd.inferenceMode(() => forward(ls, xTest).argmax({ dim: 1 }).eq(yTest).float().mean().item());
  return { workload: "W3F", ms, accuracy, gflop: w3Gflop(d.nTrain, d.features, d.classes), notes: { samplesPerSec: Math.round(d.nTrain / (ms / 1000)) } };
}
