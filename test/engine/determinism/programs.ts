/**
 * The five training programs whose final parameters the determinism test hashes: W1 and W2
 * (programs/training.ts, the definitions the bench times), W3 on 20k rows, iris
 * through a DataLoader with AdamW and StepLR, and CS231n's spiral with Adam. Written
 * against the public API only, so the same file runs under Node (run.ts, a child process
 * per thread count) and bundled into a headless Chromium page.
 */
import * as kd from "../../../src/index.js";
import { trainW1, trainW2, w3TeacherData } from "../../../programs/training.js";

export interface ProgramResult {
  /** The model's parameters in `parameters()` order, each as its float32 bits. */
  params: Float32Array[];
  /** A number a reader can compare by eye (a test logit or the last loss). */
  probe: number;
}

function paramsOf(model: kd.nn.Module): Float32Array[] {
  return model.parameters().map((p) => Float32Array.from(p.detach().contiguous().toArray() as ArrayLike<number>));
}

/** W1, the tutorial's binary classifier, as the bench times it; the probe is its test accuracy. */
function w1(epochs: number): ProgramResult {
  const r = trainW1(kd, epochs);
  return { params: paramsOf(r.model), probe: r.accuracy };
}

/** W2, the tutorial's multi-class classifier, as the bench times it. */
function w2(epochs: number): ProgramResult {
  const r = trainW2(kd, epochs);
  return { params: paramsOf(r.model), probe: r.accuracy };
}

/**
 * W3 (bench/workloads/w3-medium.ts) on 20k rows: the teacher-labelled data the bench
 * trains on (programs/training.ts), MLP 32-256-256-10, Adam, minibatches of 256 (`epochs`
 * may be a fraction). Its 256×256×256 products cross the threading threshold.
 */
function w3(epochs: number): ProgramResult {
  const n = 20_000, features = 32, classes = 10;
  const [X, Y] = w3TeacherData(kd, n, features, classes);
  kd.manualSeed(0);
  const model = new kd.nn.Sequential(
    new kd.nn.Linear(features, 256), new kd.nn.ReLU(), new kd.nn.Linear(256, 256), new kd.nn.ReLU(), new kd.nn.Linear(256, classes),
  );
  const lossFn = new kd.nn.CrossEntropyLoss();
  const optimizer = new kd.optim.Adam(model.parameters(), { lr: 1e-3 });
  model.train();
  let last = 0;
  // A fractional count runs that share of an epoch's minibatches.
  for (let epoch = 0; epoch < epochs; epoch++) {
    const perm = kd.randperm(n);
    const end = Math.min(n, Math.round((epochs - epoch) * n));
    for (let i = 0; i < end; i += 256) {
      const idx = perm.slice([i, Math.min(i + 256, n)]);
      const loss = lossFn.forward(model.forward(X.index(idx)), Y.index(idx));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      last = loss.item();
    }
  }
  return { params: paramsOf(model), probe: last };
}

/** Iris, standardised, through a shuffling DataLoader; AdamW with weight decay; StepLR. */
function iris(epochs: number): ProgramResult {
  kd.manualSeed(3);
  const { data, target } = kd.datasets.loadIris();
  const x = data.float();
  const xs = x.sub(x.mean(0)).div(x.std(0));
  const loader = new kd.data.DataLoader(new kd.data.TensorDataset(xs, target), { batchSize: 16, shuffle: true });
  const model = new kd.nn.Sequential(new kd.nn.Linear(4, 16), new kd.nn.Tanh(), new kd.nn.Linear(16, 3));
  const optimizer = new kd.optim.AdamW(model.parameters(), { lr: 0.01, weightDecay: 0.05 });
  const scheduler = new kd.optim.lrScheduler.StepLR(optimizer, { stepSize: 10, gamma: 0.5 });
  const lossFn = new kd.nn.CrossEntropyLoss();
  let last = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of loader) {
      const loss = lossFn.forward(model.forward(xb), yb);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      last = loss.item();
    }
    scheduler.step();
  }
  return { params: paramsOf(model), probe: last };
}

/**
 * CS231n's spiral (cs231n.github.io/neural-networks-case-study): 3 arms of 100 points,
 * r = linspace(0, 1), t = linspace(4j, 4(j + 1)) + 0.2·randn; a 2-100-3 ReLU network
 * trained full-batch with Adam. The probe is the first point's first logit.
 */
export function spiral(epochs: number): ProgramResult {
  kd.manualSeed(0);
  const N = 100, K = 3;
  const xs: kd.Tensor[] = [], ys: kd.Tensor[] = [];
  for (let j = 0; j < K; j++) {
    const r = kd.linspace(0, 1, N);
    const t = kd.linspace(j * 4, (j + 1) * 4, N).add(kd.randn([N]).mul(0.2));
    xs.push(kd.stack([r.mul(t.sin()), r.mul(t.cos())], 1));
    ys.push(kd.full([N], j, { dtype: "int64" }));
  }
  const X = kd.cat(xs, 0), y = kd.cat(ys, 0);
  const model = new kd.nn.Sequential(new kd.nn.Linear(2, 100), new kd.nn.ReLU(), new kd.nn.Linear(100, K));
  const optimizer = new kd.optim.Adam(model.parameters(), { lr: 1e-2 });
  const lossFn = new kd.nn.CrossEntropyLoss();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const loss = lossFn.forward(model.forward(X), y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }
  const probe = kd.inferenceMode(() => model.forward(X.slice([0, 1])).flatten().toArray()[0]);
  return { params: paramsOf(model), probe };
}

/** Epochs per program: the test's short runs (the whole file stays well under a minute). */
export const TEST_EPOCHS = { w1: 300, w2: 100, w3: 0.5, iris: 30, spiral: 200 } as const;

export type ProgramName = keyof typeof TEST_EPOCHS;

export const PROGRAMS: Record<ProgramName, (epochs: number) => ProgramResult> = { w1, w2, w3, iris, spiral };
