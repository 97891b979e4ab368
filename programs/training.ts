/**
 * The training programs the bench times (bench/) and the determinism test hashes
 * (test/engine/determinism): W1 and W2, the tutorial's two classifiers written as a user
 * writes them, and W3's teacher-labelled data. One definition, so what is timed is what is
 * checked for identical bits in Node and Chromium. The library comes in as an argument
 * because the two load different builds of it (the bench the built package, the test the
 * source).
 */
import type * as Kindling from "../src/index.js";

export interface TutorialRun {
  model: Kindling.nn.Module;
  /** Test accuracy after the last epoch, in [0, 1]. */
  accuracy: number;
  /** The last epoch's training and test loss. */
  trainLoss: number;
  testLoss: number;
  /** Wall time of the training loop by `clock`, in ms (data and model set-up excluded). */
  ms: number;
}

/**
 * W1: 1000 points of make_circles(noise = 0.03), 800 / 200 split, MLP 2-10-10-1 with ReLU,
 * BCE with logits, full-batch SGD (lr 0.1), evaluating the test set each epoch.
 */
export function trainW1(kd: typeof Kindling, epochs: number, clock: () => number = () => 0): TutorialRun {
  kd.manualSeed(42);
  const [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
  const xs = X.float(), ys = y.float();
  const xTrain = xs.slice([0, 800]), yTrain = ys.slice([0, 800]);
  const xTest = xs.slice([800, 1000]), yTest = ys.slice([800, 1000]);

  const model = new kd.nn.Sequential(
    new kd.nn.Linear(2, 10), new kd.nn.ReLU(),
    new kd.nn.Linear(10, 10), new kd.nn.ReLU(),
    new kd.nn.Linear(10, 1),
  );
  const lossFn = new kd.nn.BCEWithLogitsLoss();
  const optimizer = new kd.optim.SGD(model.parameters(), { lr: 0.1 });

  let accuracy = 0, testLoss = 0, trainLoss = 0;
  const t0 = clock();
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    const logits = model.forward(xTrain).squeeze(1);
    const loss = lossFn.forward(logits, yTrain);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    model.eval();
    kd.inferenceMode(() => {
      const testLogits = model.forward(xTest).squeeze(1);
      testLoss = lossFn.forward(testLogits, yTest).item();
      accuracy = testLogits.sigmoid().round().eq(yTest).sum().item() / yTest.numel();
    });
    if (epoch === epochs - 1) trainLoss = loss.item();
  }
  return { model, accuracy, trainLoss, testLoss, ms: clock() - t0 };
}

/**
 * W2: 1000 points of make_blobs(centers = 4, cluster_std = 1.5), 800 / 200 split, MLP
 * 2-8-8-4 with ReLU, cross-entropy, SGD (lr 0.1), evaluating the test set each epoch.
 */
export function trainW2(kd: typeof Kindling, epochs: number, clock: () => number = () => 0): TutorialRun {
  kd.manualSeed(42);
  const [X, y] = kd.datasets.makeBlobs(1000, { nFeatures: 2, centers: 4, clusterStd: 1.5, randomState: 42 });
  const xs = X.float();
  const xTrain = xs.slice([0, 800]), yTrain = y.slice([0, 800]);
  const xTest = xs.slice([800, 1000]), yTest = y.slice([800, 1000]);

  const model = new kd.nn.Sequential(
    new kd.nn.Linear(2, 8), new kd.nn.ReLU(),
    new kd.nn.Linear(8, 8), new kd.nn.ReLU(),
    new kd.nn.Linear(8, 4),
  );
  const lossFn = new kd.nn.CrossEntropyLoss();
  const optimizer = new kd.optim.SGD(model.parameters(), { lr: 0.1 });

  let accuracy = 0, testLoss = 0, trainLoss = 0;
  const t0 = clock();
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    const logits = model.forward(xTrain);
    const loss = lossFn.forward(logits, yTrain);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    model.eval();
    kd.inferenceMode(() => {
      const testLogits = model.forward(xTest);
      testLoss = lossFn.forward(testLogits, yTest).item();
      accuracy = testLogits.softmax(1).argmax({ dim: 1 }).eq(yTest).sum().item() / yTest.numel();
    });
    if (epoch === epochs - 1) trainLoss = loss.item();
  }
  return { model, accuracy, trainLoss, testLoss, ms: clock() - t0 };
}

/**
 * W3's data: n samples of 32 features from randn, labelled in 10 classes by a fixed random
 * two-layer teacher (tanh) plus noise, so an MLP has something to learn.
 */
export function w3TeacherData(kd: typeof Kindling, n: number, features = 32, classes = 10): [Kindling.Tensor, Kindling.Tensor] {
  const gen = new kd.Generator().manualSeed(7);
  const X = kd.randn([n, features], { generator: gen });
  const t1 = kd.randn([features, 64], { generator: gen }).div(Math.sqrt(features));
  const t2 = kd.randn([64, classes], { generator: gen });
  const scores = X.matmul(t1).tanh().matmul(t2).add(kd.randn([n, classes], { generator: gen }).mul(0.3));
  return [X, scores.argmax({ dim: 1 })];
}
