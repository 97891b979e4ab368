/**
 * The seed tutorial (learnpytorch.io chapter 02, "PyTorch Neural Network Classification"),
 * section by section, in TypeScript with Kindling. `npm run tutorial` runs it; its printed
 * lines match those of scripts/fixtures/tutorial.py run with real PyTorch on the CPU
 * (test/examples/tutorial.test.ts compares them), and it writes the figures to
 * ./kindling-out/tutorial/.
 */
import { mkdirSync } from "node:fs";
import * as kd from "../src/index.js";
import { BlobModel, CircleModelV0, CircleModelV1, CircleModelV2, circleModelSequential } from "./models/index.js";

const print = (...args: unknown[]): void => console.log(args.map(String).join(" "));
const OUT = "kindling-out/tutorial";
mkdirSync(OUT, { recursive: true });

// ---- 1. Make classification data --------------------------------------------------------
const nSamples = 1000;
let [X, y] = kd.datasets.makeCircles(nSamples, { noise: 0.03, randomState: 42 });
print(`First 5 X features:\n${X.slice([0, 5])}`);
print(`\nFirst 5 y labels:\n${y.slice([0, 5])}`);

const circles = new kd.data.DataFrame({ X1: X.select(1, 0), X2: X.select(1, 1), label: y });
print(circles.head(10).toString());
await kd.plot.scatter(X, y, { title: "make_circles(1000, noise=0.03)" }).save(`${OUT}/circles.png`);

// 1.1 Input and output shapes
print(JSON.stringify(X.shape), JSON.stringify(y.shape));
const [XSample, ySample] = [X.select(0, 0), y.select(0, 0)];
print(`Values for one sample of X: ${XSample} and the same for y: ${ySample}`);
print(`Shapes for one sample of X: ${JSON.stringify(XSample.shape)} and the same for y: ${JSON.stringify(ySample.shape)}`);

// 1.2 Turn data into tensors and create train and test splits
X = X.float();
y = y.float();
print(X.slice([0, 5]), y.slice([0, 5]));
const [XTrain, XTest, yTrain, yTest] = kd.data.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 }) as kd.Tensor[];
print(XTrain.shape[0], XTest.shape[0], yTrain.shape[0], yTest.shape[0]);

// ---- 2. Building a model --------------------------------------------------------------------
const device = "cpu";
// Unseeded PyTorch 2.x starts from a random seed; seed here so the run can be compared with PyTorch's.
kd.manualSeed(42);
let model0: kd.nn.Module = new CircleModelV0().to(device);
print(model0);
model0 = circleModelSequential().to(device);
print(model0);

const untrainedPreds = model0(XTest.to(device));
print(`Length of predictions: ${untrainedPreds.shape[0]}, Shape: torch.Size([${untrainedPreds.shape.join(", ")}])`);
print(`Length of test samples: ${yTest.shape[0]}, Shape: torch.Size([${yTest.shape.join(", ")}])`);
print(`\nFirst 10 predictions:\n${untrainedPreds.slice([0, 10])}`);
print(`\nFirst 10 test labels:\n${yTest.slice([0, 10])}`);

// 2.1 Loss function, optimizer and accuracy
let lossFn: kd.nn.Loss = new kd.nn.BCEWithLogitsLoss();
let optimizer: kd.optim.Optimizer = new kd.optim.SGD(model0.parameters(), { lr: 0.1 });

function accuracyFn(yTrue: kd.Tensor, yPred: kd.Tensor): number {
  const correct = kd.eq(yTrue, yPred).sum().item();
  return (correct / yPred.shape[0]) * 100;
}

// ---- 3. Train the model -------------------------------------------------------------------------
// 3.1 From raw logits -> prediction probabilities -> prediction labels
let yLogits = model0(XTest.to(device)).slice([0, 5]);
print(yLogits);
let yPredProbs = kd.sigmoid(yLogits);
print(yPredProbs);
let yPreds = kd.round(yPredProbs);
const yPredLabels = kd.round(kd.sigmoid(model0(XTest.to(device)).slice([0, 5])));
print(kd.eq(yPreds.squeeze(), yPredLabels.squeeze()));
print(yPreds.squeeze());
print(yTest.slice([0, 5]));


/** The tutorial's training and testing loop, printed every `every` epochs. */
function trainLoop(model: kd.nn.Module, epochs: number, every: number, data: kd.Tensor[], multiclass = false): { train: number[]; test: number[] } {
  const [Xtr, Xte, ytr, yte] = data;
  const curves = { train: [] as number[], test: [] as number[] };
  for (let epoch = 0; epoch < epochs; epoch++) {
    // Training
    model.train();
    const logits = multiclass ? model(Xtr) : model(Xtr).squeeze();
    const yPred = multiclass ? kd.softmax(logits, 1).argmax({ dim: 1 }) : kd.round(kd.sigmoid(logits));
    const loss = lossFn(logits, ytr);
    const acc = accuracyFn(ytr, yPred);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    // Testing
    model.eval();
    const [testLoss, testAcc] = kd.inferenceMode(() => {
      const testLogits = model(Xte).squeeze();
      const testPred = multiclass ? kd.softmax(testLogits, 1).argmax({ dim: 1 }) : kd.round(kd.sigmoid(testLogits));
      return [lossFn(testLogits, yte).item(), accuracyFn(yte, testPred)];
    });
    curves.train.push(loss.item());
    curves.test.push(testLoss);
    if (epoch % every === 0) {
      print(`Epoch: ${epoch} | Loss: ${kd.format(loss.item(), ".5f")}, Accuracy: ${kd.format(acc, ".2f")}% | Test loss: ${kd.format(testLoss, ".5f")}, Test acc: ${kd.format(testAcc, ".2f")}%`);
    }
  }
  return curves;
}

// 3.2 Building a training and testing loop
kd.manualSeed(42);
const circleData = [XTrain, XTest, yTrain, yTest];
trainLoop(model0, 100, 10, circleData);

// ---- 4. Make predictions and evaluate the model --------------------------------------------------
await kd.plot.plotDecisionBoundaries({ Train: [XTrain, yTrain], Test: [XTest, yTest] }, model0, { title: "model_0 (linear)" }).save(`${OUT}/model_0.png`);

// ---- 5. Improving a model: more layers, more hidden units, more epochs ----------------------------
const model1 = new CircleModelV1().to(device);
print(model1);
lossFn = new kd.nn.BCEWithLogitsLoss();
optimizer = new kd.optim.SGD(model1.parameters(), { lr: 0.1 });
kd.manualSeed(42);
trainLoop(model1, 1000, 100, circleData);
await kd.plot.plotDecisionBoundaries({ Train: [XTrain, yTrain], Test: [XTest, yTest] }, model1, { title: "model_1 (deeper, still linear)" }).save(`${OUT}/model_1.png`);

// ---- 6. The missing piece: non-linearity ------------------------------------------------------
const model3 = new CircleModelV2().to(device);
print(model3);
lossFn = new kd.nn.BCEWithLogitsLoss();
optimizer = new kd.optim.SGD(model3.parameters(), { lr: 0.1 });
kd.manualSeed(42);
const curves3 = trainLoop(model3, 1000, 100, circleData);

model3.eval();
yPreds = kd.inferenceMode(() => kd.round(kd.sigmoid(model3(XTest))).squeeze());
print(yPreds.slice([0, 10]), y.slice([0, 10]));
await kd.plot.plotDecisionBoundaries({ Train: [XTrain, yTrain], Test: [XTest, yTest] }, model3, { title: "model_3 (ReLU)" }).save(`${OUT}/model_3.png`);
await kd.plot.plotLossCurves({ trainLoss: curves3.train, testLoss: curves3.test }, { title: "model_3 loss" }).save(`${OUT}/model_3_loss.png`);

// ---- 7. Multi-class classification ------------------------------------------------------------
const [NUM_CLASSES, NUM_FEATURES, RANDOM_SEED] = [4, 2, 42];
let [XBlob, yBlob] = kd.datasets.makeBlobs({ nSamples: 1000, nFeatures: NUM_FEATURES, centers: NUM_CLASSES, clusterStd: 1.5, randomState: RANDOM_SEED });
XBlob = XBlob.float();
yBlob = yBlob.long();
print(XBlob.slice([0, 5]), yBlob.slice([0, 5]));
const blobData = kd.data.trainTestSplit(XBlob, yBlob, { testSize: 0.2, randomState: RANDOM_SEED }) as kd.Tensor[];
const [XBlobTrain, XBlobTest, yBlobTrain, yBlobTest] = blobData;
await kd.plot.scatter(XBlob, yBlob, { title: "make_blobs: 4 classes" }).save(`${OUT}/blobs.png`);

const model4 = new BlobModel(NUM_FEATURES, NUM_CLASSES, 8).to(device);
print(model4);
lossFn = new kd.nn.CrossEntropyLoss();
optimizer = new kd.optim.SGD(model4.parameters(), { lr: 0.1 });
kd.manualSeed(42);
trainLoop(model4, 100, 10, blobData, true);

model4.eval();
yLogits = kd.inferenceMode(() => model4(XBlobTest));
print(yLogits.slice([0, 10]));
yPredProbs = kd.softmax(yLogits, 1);
yPreds = yPredProbs.argmax({ dim: 1 });
print(`Predictions: ${yPreds.slice([0, 10])}\nLabels: ${yBlobTest.slice([0, 10])}`);
print(`Test accuracy: ${accuracyFn(yBlobTest, yPreds)}%`);
await kd.plot.plotDecisionBoundaries({ Train: [XBlobTrain, yBlobTrain], Test: [XBlobTest, yBlobTest] }, model4, { title: "model_4 (blobs)" }).save(`${OUT}/model_4.png`);

// ---- 8. More classification metrics -----------------------------------------------------------
const torchmetricsAccuracy = new kd.metrics.Accuracy({ task: "multiclass", numClasses: 4 });
print(torchmetricsAccuracy(yPreds, yBlobTest));
print(kd.metrics.classificationReport(yBlobTest, yPreds));
await kd.plot.plotConfusionMatrix(kd.metrics.confusionMatrix(yPreds, yBlobTest, { task: "multiclass", numClasses: 4 }), { title: "model_4 confusion matrix" }).save(`${OUT}/model_4_confusion.png`);
