/**
 * The seed tutorial on the GPU: examples/tutorial.ts with PyTorch's device-agnostic code
 * (`device = "cuda" if torch.cuda.is_available() else "cpu"`), on Kindling's "webgpu"
 * device when there is one. A GPU's values come back asynchronously, so every printed
 * value is awaited (`await loss.itemAsync()`, `await kd.formatAsync(t)`); everything else
 * reads line by line as the CPU tutorial does, and prints the same numbers.
 *
 *   npm run tutorial:webgpu              every section
 *   npm run tutorial:webgpu -- --quick   the first model and the blobs (100 epochs each)
 *   … --epochs 20                        at most 20 epochs per section (a browser test's budget)
 *
 * In Node the GPU comes from the optional `webgpu` package; without a GPU this runs on the CPU.
 */
import * as kd from "../src/index.js";
import { BlobModel, CircleModelV0, CircleModelV1, CircleModelV2, circleModelSequential } from "./models/index.js";

const print = (...args: unknown[]): void => console.log(args.map(String).join(" "));
const show = (t: kd.Tensor): Promise<string> => kd.formatAsync(t);
// In a browser there are no arguments: every section runs.
const args: string[] = typeof process !== "undefined" && Array.isArray(process.argv) ? process.argv : [];
const quick = args.includes("--quick");
const cap = args.includes("--epochs") ? Number(args[args.indexOf("--epochs") + 1]) : Infinity;

// ---- Device-agnostic code ----------------------------------------------------------------
await kd.webgpu.init();
const device = kd.webgpu.isAvailable() ? "webgpu" : "cpu";
print(`Using device: ${device}`);

// ---- 1. Data, on the device ---------------------------------------------------------------
let [X, y] = kd.datasets.makeCircles(1000, { noise: 0.03, randomState: 42 });
X = X.float();
y = y.float();
const [XTrain, XTest, yTrain, yTest] = (kd.data.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 }) as kd.Tensor[]).map((t) => t.to(device));
print(XTrain.shape[0], XTest.shape[0], yTrain.shape[0], yTest.shape[0]);

// ---- 2. A model on the device --------------------------------------------------------------
kd.manualSeed(42);
let model0: kd.nn.Module = new CircleModelV0().to(device);
model0 = circleModelSequential().to(device);
print(model0);
const untrainedPreds = model0(XTest);
print(`Length of predictions: ${untrainedPreds.shape[0]}, Shape: torch.Size([${untrainedPreds.shape.join(", ")}])`);
print(`\nFirst 10 predictions:\n${await show(untrainedPreds.slice([0, 10]))}`);

let lossFn: kd.nn.Loss = new kd.nn.BCEWithLogitsLoss();
let optimizer: kd.optim.Optimizer = new kd.optim.SGD(model0.parameters(), { lr: 0.1 });

/** The tutorial's accuracy_fn: the count stays on the device until it is awaited. */
async function accuracyFn(yTrue: kd.Tensor, yPred: kd.Tensor): Promise<number> {
  const correct = await kd.eq(yTrue, yPred).sum().itemAsync();
  return (correct / yPred.shape[0]) * 100;
}

/** The training and testing loop; only the printed epochs read anything back. */
async function trainLoop(model: kd.nn.Module, epochs: number, every: number, data: kd.Tensor[], multiclass = false): Promise<void> {
  const [Xtr, Xte, ytr, yte] = data;
  for (let epoch = 0; epoch < Math.min(epochs, cap); epoch++) {
    model.train();
    const logits = multiclass ? model(Xtr) : model(Xtr).squeeze();
    const yPred = multiclass ? kd.softmax(logits, 1).argmax({ dim: 1 }) : kd.round(kd.sigmoid(logits));
    const loss = lossFn(logits, ytr);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if (epoch % every !== 0) continue;
    model.eval();
    const [testLoss, testPred] = kd.inferenceMode(() => {
      const testLogits = model(Xte).squeeze();
      const pred = multiclass ? kd.softmax(testLogits, 1).argmax({ dim: 1 }) : kd.round(kd.sigmoid(testLogits));
      return [lossFn(testLogits, yte), pred];
    });
    const acc = await accuracyFn(ytr, yPred), testAcc = await accuracyFn(yte, testPred);
    print(`Epoch: ${epoch} | Loss: ${kd.format(await loss.itemAsync(), ".5f")}, Accuracy: ${kd.format(acc, ".2f")}% | Test loss: ${kd.format(await testLoss.itemAsync(), ".5f")}, Test acc: ${kd.format(testAcc, ".2f")}%`);
  }
}

// ---- 3. Train on the device ----------------------------------------------------------------
const circleData = [XTrain, XTest, yTrain, yTest];
kd.manualSeed(42);
await trainLoop(model0, 100, 10, circleData);

if (!quick) {
  // ---- 5. More layers, more epochs; 6. non-linearity -----------------------------------------
  for (const Model of [CircleModelV1, CircleModelV2]) {
    const model = new Model().to(device);
    print(model);
    lossFn = new kd.nn.BCEWithLogitsLoss();
    optimizer = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
    kd.manualSeed(42);
    await trainLoop(model, 1000, 100, circleData);
  }
}

// ---- 7. Multi-class classification ------------------------------------------------------------
let [XBlob, yBlob] = kd.datasets.makeBlobs({ nSamples: 1000, nFeatures: 2, centers: 4, clusterStd: 1.5, randomState: 42 });
XBlob = XBlob.float();
yBlob = yBlob.long();
const blobData = (kd.data.trainTestSplit(XBlob, yBlob, { testSize: 0.2, randomState: 42 }) as kd.Tensor[]).map((t) => t.to(device));
const model4 = new BlobModel(2, 4, 8).to(device);
print(model4);
lossFn = new kd.nn.CrossEntropyLoss();
optimizer = new kd.optim.SGD(model4.parameters(), { lr: 0.1 });
kd.manualSeed(42);
await trainLoop(model4, 100, 10, blobData, true);

model4.eval();
const blobLogits = kd.inferenceMode(() => model4(blobData[1]));
print(await show(blobLogits.slice([0, 10])));
const blobPreds = kd.softmax(blobLogits, 1).argmax({ dim: 1 });
print(`Predictions: ${await show(blobPreds.slice([0, 10]))}\nLabels: ${await show(blobData[3].slice([0, 10]))}`);
print(`Test accuracy: ${await accuracyFn(blobData[3], blobPreds)}%`);
