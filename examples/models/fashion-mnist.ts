/**
 * learnpytorch.io chapter 03's Fashion-MNIST models, written as the chapter writes them:
 * V0 (Flatten + two Linear), V1 (with ReLU) and V2, the TinyVGG of the CNN Explainer
 * (two blocks of Conv2d-ReLU-Conv2d-ReLU-MaxPool2d, then a Linear classifier).
 */
import * as kd from "../../src/index.js";

const { nn } = kd;

export class FashionMNISTModelV0 extends nn.Module {
  layer_stack: kd.nn.Sequential;

  constructor(inputShape: number, hiddenUnits: number, outputShape: number) {
    super();
    this.layer_stack = new nn.Sequential(
      new nn.Flatten(), // flatten inputs into a single vector
      new nn.Linear(inputShape, hiddenUnits),
      new nn.Linear(hiddenUnits, outputShape),
    );
  }

  override forward(x: kd.Tensor): kd.Tensor {
    return this.layer_stack(x);
  }
}

export class FashionMNISTModelV1 extends nn.Module {
  layer_stack: kd.nn.Sequential;

  constructor(inputShape: number, hiddenUnits: number, outputShape: number) {
    super();
    this.layer_stack = new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(inputShape, hiddenUnits),
      new nn.ReLU(),
      new nn.Linear(hiddenUnits, outputShape),
      new nn.ReLU(),
    );
  }

  override forward(x: kd.Tensor): kd.Tensor {
    return this.layer_stack(x);
  }
}

/** TinyVGG: https://poloclub.github.io/cnn-explainer/ */
export class FashionMNISTModelV2 extends nn.Module {
  block_1: kd.nn.Sequential;
  block_2: kd.nn.Sequential;
  classifier: kd.nn.Sequential;

  constructor(inputShape: number, hiddenUnits: number, outputShape: number) {
    super();
    this.block_1 = new nn.Sequential(
      new nn.Conv2d(inputShape, hiddenUnits, 3, { stride: 1, padding: 1 }),
      new nn.ReLU(),
      new nn.Conv2d(hiddenUnits, hiddenUnits, 3, { stride: 1, padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2, { stride: 2 }), // the default stride is the kernel size
    );
    this.block_2 = new nn.Sequential(
      new nn.Conv2d(hiddenUnits, hiddenUnits, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.Conv2d(hiddenUnits, hiddenUnits, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
    );
    this.classifier = new nn.Sequential(
      new nn.Flatten(),
      // Each 28×28 image is 7×7 after two poolings.
      new nn.Linear(hiddenUnits * 7 * 7, outputShape),
    );
  }

  override forward(x: kd.Tensor): kd.Tensor {
    return this.classifier(this.block_2(this.block_1(x)));
  }
}
