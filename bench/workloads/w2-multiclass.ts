/**
 * W2, the tutorial's multi-class classifier: 1000 points of make_blobs(centers = 4,
 * cluster_std = 1.5), 800 / 200 split, MLP 2-8-8-4 with ReLU, cross-entropy, SGD (lr 0.1),
 * 100 epochs, evaluating the test set each epoch.
 */
import { kd } from "./library.js";
import { now, type WorkloadResult } from "./result.js";

export function w2(epochs = 100): WorkloadResult {
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
  const t0 = now();
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
  const ms = now() - t0;
  return { workload: "W2", ms, accuracy, notes: { trainLoss, testLoss, epochs } };
}
