/**
 * W1, the tutorial's binary classifier, written as a user writes it: 1000 points of
 * make_circles(noise = 0.03), 800 / 200 split, MLP 2-10-10-1 with ReLU, BCE with logits,
 * full-batch SGD (lr 0.1) for 1000 epochs, evaluating the test set each epoch.
 */
import { kd } from "./library.js";
import { now, type WorkloadResult } from "./result.js";

export function w1(epochs = 1000): WorkloadResult {
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
  const t0 = now();
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
  const ms = now() - t0;
  return { workload: "W1", ms, accuracy, notes: { trainLoss, testLoss, epochs } };
}
