/**
 * The tutorial's figures from really trained models (CircleModelV2 on make_circles, a
 * 4-class blob model), written to /tmp/plots (or argv[2]) to look at.
 */
import { mkdirSync } from "node:fs";
import * as kd from "../../src/index.js";
import * as plot from "../../src/plot/index.js";
import { CircleModelV2 } from "../../test/io/fixture-models.js";

const out = process.argv[2] ?? "/tmp/plots";
mkdirSync(out, { recursive: true });
const nn = kd.nn;

function split(X: kd.Tensor, y: kd.Tensor, nTrain: number) {
  return { XTrain: X.slice([0, nTrain]), yTrain: y.slice([0, nTrain]), XTest: X.slice([nTrain, null]), yTest: y.slice([nTrain, null]) };
}

const accuracy = (pred: kd.Tensor, y: kd.Tensor) => pred.eq(y).float().mean().item() * 100;

// Binary: circles, BCEWithLogits, SGD — the tutorial's 02 notebook.
kd.manualSeed(42);
const [Xc, yc] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
const c = split(Xc.float(), yc.float(), 800);
const circle = new CircleModelV2();
const bce = new nn.BCEWithLogitsLoss();
const sgd = new kd.optim.SGD(circle.parameters(), { lr: 0.1 });
const history: plot.EpochRecord[] = [];
for (let epoch = 0; epoch < 1000; epoch++) {
  circle.train();
  const logits = circle.forward(c.XTrain).squeeze();
  const loss = bce.forward(logits, c.yTrain);
  sgd.zeroGrad();
  loss.backward();
  sgd.step();
  if (epoch % 50 === 0) {
    const testLogits = kd.inferenceMode(() => circle.eval().forward(c.XTest).squeeze());
    history.push({
      epoch, trainLoss: loss.item(), testLoss: kd.inferenceMode(() => bce.forward(testLogits, c.yTest).item()),
      trainAcc: accuracy(logits.sigmoid().round(), c.yTrain), testAcc: accuracy(testLogits.sigmoid().round(), c.yTest),
    });
  }
}
const testScores = kd.inferenceMode(() => circle.eval().forward(c.XTest).squeeze());

// Multi-class: blobs, CrossEntropy, Adam.
const [Xb, yb] = kd.datasets.makeBlobs(1000, { nFeatures: 2, centers: 4, clusterStd: 1.5, randomState: 42 });
const b = split(Xb.float(), yb, 800);
const blob = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 4));
const ce = new nn.CrossEntropyLoss();
const adam = new kd.optim.Adam(blob.parameters(), { lr: 0.01 });
for (let epoch = 0; epoch < 300; epoch++) {
  const loss = ce.forward(blob.forward(b.XTrain), b.yTrain);
  adam.zeroGrad();
  loss.backward();
  adam.step();
}
const blobLogits = kd.inferenceMode(() => blob.eval().forward(b.XTest));
const names = ["north", "east", "south", "west"];

const figs: [string, plot.Figure][] = [
  ["trained_circles", plot.plotDecisionBoundaries({ train: [c.XTrain, c.yTrain], test: [c.XTest, c.yTest] }, circle)],
  ["trained_circles_curves", plot.plotLossCurves(history)],
  ["trained_circles_roc", plot.plotRocCurve(testScores, c.yTest, { classNames: ["outer", "inner"] })],
  ["trained_blobs", plot.plotDecisionBoundaries({ train: [b.XTrain, b.yTrain], test: [b.XTest, b.yTest] }, blob, { classNames: names })],
  ["trained_blobs_confusion", plot.plotConfusionMatrix({ preds: blobLogits.argmax({ dim: 1 }), target: b.yTest }, { classNames: names })],
  ["trained_blobs_roc", plot.plotRocCurve(blobLogits.softmax(1), b.yTest, { classNames: names })],
];
for (const [name, fig] of figs) {
  await fig.save(`${out}/${name}.png`);
  console.log(name);
}
