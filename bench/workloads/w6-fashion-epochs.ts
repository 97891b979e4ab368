/**
 * W6: learnpytorch chapter 03's TinyVGG (FashionMNISTModelV2(1, 10, 10)) trained on all
 * 60,000 Fashion-MNIST images (Debian's dataset-fashion-mnist), as the chapter trains it:
 * a shuffled DataLoader of 32, cross-entropy, SGD at 0.1, `epochs` epochs, then the test
 * accuracy on the 10,000 test images. `ms` is the median epoch's training time; the notes
 * give every epoch's and the accuracy, which the bench puts beside PyTorch's.
 */
import * as kd from "../../src/index.js";
import { FashionMNISTModelV2 } from "../../examples/models/index.js";
import { tinyVggConvGflop } from "./w5-tinyvgg.js";
import { now, type WorkloadResult } from "./result.js";

/**
 * `maxBatches` cuts each epoch short and `withTest` false skips the test pass: bench/profile.ts
 * profiles a few hundred batches of the real training loop.
 */
export function w6(epochs: number, maxBatches = Infinity, withTest = true): WorkloadResult {
  kd.manualSeed(42);
  const toTensor = new kd.transforms.ToTensor();
  const train = new kd.datasets.FashionMNIST({ train: true, transform: toTensor });
  const test = new kd.datasets.FashionMNIST({ train: false, transform: toTensor });
  const trainLoader = new kd.data.DataLoader(train, { batchSize: 32, shuffle: true });
  const testLoader = new kd.data.DataLoader(test, { batchSize: 32 });
  const model = new FashionMNISTModelV2(1, 10, 10);
  const lossFn = new kd.nn.CrossEntropyLoss();
  const opt = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
  const epochMs: number[] = [];
  for (let e = 0; e < epochs; e++) {
    model.train();
    const t0 = now();
    let batches = 0;
    for (const [x, y] of trainLoader) {
      const loss = lossFn(model(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (++batches >= maxBatches) break;
    }
    epochMs.push(now() - t0);
  }
  model.eval();
  let correct = 0;
  if (withTest) {
    kd.inferenceMode(() => {
      for (const [x, y] of testLoader) correct += model(x).argmax(1).eq(y).sum().item();
    });
  }
  const sorted = [...epochMs].sort((a, b) => a - b);
  return {
    workload: "W6", ms: sorted[sorted.length >> 1], gflop: 3 * tinyVggConvGflop(60000),
    notes: { epochSeconds: epochMs.map((m) => Math.round(m) / 1000).join(" "), testAccuracy: (100 * correct) / test.len() },
  };
}
