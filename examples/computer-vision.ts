/**
 * learnpytorch.io chapter 03 ("PyTorch Computer Vision") in TypeScript with Kindling:
 * Fashion-MNIST, a DataLoader of batches of 32, FashionMNISTModelV0 (Flatten + Linear),
 * V1 (with ReLU) and V2 (TinyVGG), the train and test step functions, each model's
 * evaluation, predictions and the confusion matrix (figures in ./kindling-out/computer-vision/).
 *
 *   npm run example:cv                              # the chapter: 3 epochs per model
 *   npm run example:cv -- --epochs 1 --tinyvgg-batches 50   # the short run the tests compare
 *
 * The data are the IDX files of Debian's dataset-fashion-mnist package (or pass --root DIR
 * holding torchvision's FashionMNIST/raw/). Its printed lines match
 * scripts/fixtures/computer_vision.py run in real PyTorch on the CPU.
 */
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import * as kd from "../src/index.js";
import { FashionMNISTModelV0, FashionMNISTModelV1, FashionMNISTModelV2 } from "./models/index.js";

const { values: argv } = parseArgs({
  options: { epochs: { type: "string", default: "3" }, "tinyvgg-batches": { type: "string" }, root: { type: "string" } },
});
const EPOCHS = Number(argv.epochs);
const TINYVGG_BATCHES = argv["tinyvgg-batches"] === undefined ? null : Number(argv["tinyvgg-batches"]);
const OUT = "kindling-out/computer-vision";
const print = (...args: unknown[]): void => console.log(args.map(String).join(" "));
const pyList = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(", ")}]`;
const pyDict = (d: Record<string, string | number>): string =>
  `{${Object.entries(d).map(([k, v]) => `'${k}': ${typeof v === "string" ? `'${v}'` : kd.repr(v)}`).join(", ")}}`;

// ---- 1. Getting a dataset ------------------------------------------------------------------
const trainData = new kd.datasets.FashionMNIST({ root: argv.root, train: true, transform: new kd.transforms.ToTensor() });
const testData = new kd.datasets.FashionMNIST({ root: argv.root, train: false, transform: new kd.transforms.ToTensor() });
const [image, label] = trainData.getItem(0);
print(`Image shape: ${image.size()}, label: ${label}`);
print(trainData.len(), trainData.targets.shape[0], testData.len(), testData.targets.shape[0]);
const classNames = trainData.classes;
print(pyList(classNames));
print(`Image shape: ${image.size()} -> [color_channels, height, width]`);
print(`Image label: ${classNames[label]}`);

// ---- 2. Prepare DataLoader -----------------------------------------------------------------
const BATCH_SIZE = 32;
const trainDataloader = new kd.data.DataLoader(trainData, { batchSize: BATCH_SIZE, shuffle: true });
const testDataloader = new kd.data.DataLoader(testData, { batchSize: BATCH_SIZE, shuffle: false });
print(`Length of train dataloader: ${trainDataloader.len()} batches of ${BATCH_SIZE}`);
print(`Length of test dataloader: ${testDataloader.len()} batches of ${BATCH_SIZE}`);
const [trainFeaturesBatch, trainLabelsBatch] = trainDataloader[Symbol.iterator]().next().value as [kd.Tensor, kd.Tensor];
print(trainFeaturesBatch.size(), trainLabelsBatch.size());

// ---- 3. Model 0: a baseline model ----------------------------------------------------------
function accuracyFn(yTrue: kd.Tensor, yPred: kd.Tensor): number {
  const correct = kd.eq(yTrue, yPred).sum().item();
  return (correct / yPred.shape[0]) * 100;
}

function printTrainTime(start: number, end: number, device: string): number {
  const total = (end - start) / 1000;
  print(`Train time on ${device}: ${kd.format(total, ".3f")} seconds`);
  return total;
}

kd.manualSeed(42);
const model0 = new FashionMNISTModelV0(784, 10, classNames.length);
print(model0);
let lossFn = new kd.nn.CrossEntropyLoss();
let optimizer = new kd.optim.SGD(model0.parameters(), { lr: 0.1 });

kd.manualSeed(42);
let start = performance.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  print(`Epoch: ${epoch}\n-------`);
  // As in Python, `train_loss += loss` sums float32 tensors.
  let trainLoss = kd.tensor(0);
  let batch = 0;
  for (const [X, y] of trainDataloader) {
    model0.train();
    const yPred = model0(X);
    const loss = lossFn(yPred, y);
    trainLoss = trainLoss.add(loss.detach());
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if (batch % 400 === 0) print(`Looked at ${batch * X.shape[0]}/${trainData.len()} samples`);
    batch++;
  }
  trainLoss = trainLoss.div(trainDataloader.len());
  let testLoss = kd.tensor(0), testAcc = 0;
  model0.eval();
  kd.inferenceMode(() => {
    for (const [X, y] of testDataloader) {
      const testPred = model0(X);
      testLoss = testLoss.add(lossFn(testPred, y));
      testAcc += accuracyFn(y, testPred.argmax(1));
    }
    testLoss = testLoss.div(testDataloader.len());
    testAcc /= testDataloader.len();
  });
  print(`\nTrain loss: ${kd.format(trainLoss.item(), ".5f")} | Test loss: ${kd.format(testLoss.item(), ".5f")}, Test acc: ${kd.format(testAcc, ".2f")}%\n`);
}
printTrainTime(start, performance.now(), "cpu");

// ---- 4. Make predictions and get Model 0 results -------------------------------------------
type Batches = Iterable<[kd.Tensor, kd.Tensor]> & { len(): number };

function evalModel(model: kd.nn.Module, dataLoader: Batches, lossFn: kd.nn.Loss, accuracyFn: (a: kd.Tensor, b: kd.Tensor) => number) {
  let loss = kd.tensor(0), acc = 0;
  model.eval();
  kd.inferenceMode(() => {
    for (const [X, y] of dataLoader) {
      const yPred = model(X);
      loss = loss.add(lossFn(yPred, y));
      acc += accuracyFn(y, yPred.argmax(1));
    }
    loss = loss.div(dataLoader.len());
    acc /= dataLoader.len();
  });
  return { model_name: model._getName(), model_loss: loss.item(), model_acc: acc };
}

const model0Results = evalModel(model0, testDataloader, lossFn, accuracyFn);
print(pyDict(model0Results));

// ---- 6. Model 1: building a better model with non-linearity --------------------------------
kd.manualSeed(42);
const model1 = new FashionMNISTModelV1(784, 10, classNames.length);
print(model1);
lossFn = new kd.nn.CrossEntropyLoss();
optimizer = new kd.optim.SGD(model1.parameters(), { lr: 0.1 });

function trainStep(model: kd.nn.Module, dataLoader: Batches, lossFn: kd.nn.Loss, optimizer: kd.optim.Optimizer, accuracyFn: (a: kd.Tensor, b: kd.Tensor) => number, maxBatches: number | null = null): void {
  let trainLoss = kd.tensor(0), trainAcc = 0, batch = 0;
  model.train();
  for (const [X, y] of dataLoader) {
    const yPred = model(X);
    const loss = lossFn(yPred, y);
    trainLoss = trainLoss.add(loss.detach());
    trainAcc += accuracyFn(y, yPred.argmax(1));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if (maxBatches !== null) {
      print(`Batch ${batch}: loss ${kd.format(loss.item(), ".6f")}`);
      if (batch + 1 === maxBatches) return;
    }
    batch++;
  }
  trainLoss = trainLoss.div(dataLoader.len());
  trainAcc /= dataLoader.len();
  print(`Train loss: ${kd.format(trainLoss.item(), ".5f")} | Train accuracy: ${kd.format(trainAcc, ".2f")}%`);
}

function testStep(model: kd.nn.Module, dataLoader: Batches, lossFn: kd.nn.Loss, accuracyFn: (a: kd.Tensor, b: kd.Tensor) => number): void {
  let testLoss = kd.tensor(0), testAcc = 0;
  model.eval();
  kd.inferenceMode(() => {
    for (const [X, y] of dataLoader) {
      const testPred = model(X);
      testLoss = testLoss.add(lossFn(testPred, y));
      testAcc += accuracyFn(y, testPred.argmax(1));
    }
    testLoss = testLoss.div(dataLoader.len());
    testAcc /= dataLoader.len();
  });
  print(`Test loss: ${kd.format(testLoss.item(), ".5f")} | Test accuracy: ${kd.format(testAcc, ".2f")}%\n`);
}

kd.manualSeed(42);
start = performance.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  print(`Epoch: ${epoch}\n---------`);
  trainStep(model1, trainDataloader, lossFn, optimizer, accuracyFn);
  testStep(model1, testDataloader, lossFn, accuracyFn);
}
printTrainTime(start, performance.now(), "cpu");
const model1Results = evalModel(model1, testDataloader, lossFn, accuracyFn);
print(pyDict(model1Results));

// ---- 7. Model 2: building a convolutional neural network (TinyVGG) -------------------------
kd.manualSeed(42);
const model2 = new FashionMNISTModelV2(1, 10, classNames.length);
print(model2);
lossFn = new kd.nn.CrossEntropyLoss();
optimizer = new kd.optim.SGD(model2.parameters(), { lr: 0.1 });
kd.manualSeed(42);
start = performance.now();
if (TINYVGG_BATCHES !== null) {
  trainStep(model2, trainDataloader, lossFn, optimizer, accuracyFn, TINYVGG_BATCHES);
} else {
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    print(`Epoch: ${epoch}\n---------`);
    trainStep(model2, trainDataloader, lossFn, optimizer, accuracyFn);
    testStep(model2, testDataloader, lossFn, accuracyFn);
  }
  printTrainTime(start, performance.now(), "cpu");
  print(pyDict(evalModel(model2, testDataloader, lossFn, accuracyFn)));
}

// ---- 9-10. Predictions on random test images and the confusion matrix ----------------------
mkdirSync(OUT, { recursive: true });
const best = TINYVGG_BATCHES === null ? model2 : model1;
const preds: number[] = [];
const truth: number[] = [];
best.eval();
kd.inferenceMode(() => {
  for (const [X, y] of testDataloader) {
    const p = best(X).argmax(1).data;
    for (let i = 0; i < p.length; i++) {
      preds.push(p[i]);
      truth.push(y.data[i]);
    }
  }
});
kd.manualSeed(42);
const sample = Array.from(kd.randperm(testData.len()).data.subarray(0, 9));
for (const i of sample) print(`Pred: ${classNames[preds[i]]} | Truth: ${classNames[truth[i]]}`);
await kd.plot.plotConfusionMatrix({ preds, target: truth }, { classNames: [...classNames], title: `${best._getName()} on the Fashion-MNIST test set` })
  .save(`${OUT}/confusion-matrix.png`);
print(`Figures written to ${OUT}/`);
