/**
 * The training programs the bench times (bench/) and the determinism test hashes
 * (test/engine/determinism): W1 and W2, the tutorial's two classifiers (one loop, the
 * tutorial's, over each problem's data, model and loss), and W3's teacher-labelled data. One definition, so what is timed is what is
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

/** A tutorial problem: its split data, model, loss, and how logits become a count of right answers. */
interface Tutorial {
  train: [Kindling.Tensor, Kindling.Tensor];
  test: [Kindling.Tensor, Kindling.Tensor];
  model: Kindling.nn.Module;
  lossFn: Kindling.nn.Module;
  /** The model's output as the loss takes it (W1 squeezes its one column). */
  logitsOf: (x: Kindling.Tensor) => Kindling.Tensor;
  correct: (logits: Kindling.Tensor, y: Kindling.Tensor) => Kindling.Tensor;
}

/** The tutorial's loop: full-batch SGD (lr 0.1), evaluating the test set each epoch. */
function trainFullBatch(kd: typeof Kindling, t: Tutorial, epochs: number, clock: () => number): TutorialRun {
  const { model, lossFn, logitsOf, correct } = t;
  const [xTrain, yTrain] = t.train, [xTest, yTest] = t.test;
  const optimizer = new kd.optim.SGD(model.parameters(), { lr: 0.1 });

  let accuracy = 0, testLoss = 0, trainLoss = 0;
  const t0 = clock();
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    const loss = lossFn.forward(logitsOf(xTrain), yTrain);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    model.eval();
    kd.inferenceMode(() => {
      const testLogits = logitsOf(xTest);
      testLoss = lossFn.forward(testLogits, yTest).item();
      accuracy = correct(testLogits, yTest).sum().item() / yTest.numel();
    });
    if (epoch === epochs - 1) trainLoss = loss.item();
  }
  return { model, accuracy, trainLoss, testLoss, ms: clock() - t0 };
}

/** W1: 1000 points of make_circles(noise = 0.03), 800 / 200 split, MLP 2-10-10-1 with ReLU, BCE with logits. */
export function trainW1(kd: typeof Kindling, epochs: number, clock: () => number = () => 0): TutorialRun {
  kd.manualSeed(42);
  const [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
  const xs = X.float(), ys = y.float();
  const model = new kd.nn.Sequential(
    new kd.nn.Linear(2, 10), new kd.nn.ReLU(),
    new kd.nn.Linear(10, 10), new kd.nn.ReLU(),
    new kd.nn.Linear(10, 1),
  );
  return trainFullBatch(kd, {
    train: [xs.slice([0, 800]), ys.slice([0, 800])],
    test: [xs.slice([800, 1000]), ys.slice([800, 1000])],
    model,
    lossFn: new kd.nn.BCEWithLogitsLoss(),
    logitsOf: (x) => model.forward(x).squeeze(1),
    correct: (logits, yt) => logits.sigmoid().round().eq(yt),
  }, epochs, clock);
}

/** W2: 1000 points of make_blobs(centers = 4, cluster_std = 1.5), 800 / 200 split, MLP 2-8-8-4 with ReLU, cross-entropy. */
export function trainW2(kd: typeof Kindling, epochs: number, clock: () => number = () => 0): TutorialRun {
  kd.manualSeed(42);
  const [X, y] = kd.datasets.makeBlobs(1000, { nFeatures: 2, centers: 4, clusterStd: 1.5, randomState: 42 });
  const xs = X.float();
  const model = new kd.nn.Sequential(
    new kd.nn.Linear(2, 8), new kd.nn.ReLU(),
    new kd.nn.Linear(8, 8), new kd.nn.ReLU(),
    new kd.nn.Linear(8, 4),
  );
  return trainFullBatch(kd, {
    train: [xs.slice([0, 800]), y.slice([0, 800])],
    test: [xs.slice([800, 1000]), y.slice([800, 1000])],
    model,
    lossFn: new kd.nn.CrossEntropyLoss(),
    logitsOf: (x) => model.forward(x),
    correct: (logits, yt) => logits.softmax(1).argmax({ dim: 1 }).eq(yt),
  }, epochs, clock);
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
