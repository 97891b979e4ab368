/**
 * The architectures of the Kindling-written fixtures (scripts/fixtures/io-kindling.ts makes
 * them; the tests rebuild them and load the committed weights).
 */
import * as kd from "../../src/index.js";

const nn = kd.nn;

/** The tutorial's CircleModelV2: three Linear layers and one ReLU used twice. */
export class CircleModelV2 extends nn.Module {
  layer_1 = new nn.Linear(2, 10);
  layer_2 = new nn.Linear(10, 10);
  layer_3 = new nn.Linear(10, 1);
  relu = new nn.ReLU();

  override forward(x: kd.Tensor): kd.Tensor {
    return this.layer_3.forward(this.relu.forward(this.layer_2.forward(this.relu.forward(this.layer_1.forward(x)))));
  }
}

export type FixtureModel = "mlp" | "zoo" | "circle" | "cnn";

/** A fresh model of each kind (weights from the global generator). */
export function makeModel(kind: FixtureModel): kd.nn.Module {
  switch (kind) {
    case "mlp":
      return new nn.Sequential(
        new nn.Linear(2, 16), new nn.ReLU(), new nn.BatchNorm1d(16), new nn.Linear(16, 16), new nn.GELU(),
        new nn.Dropout(0.1), new nn.Linear(16, 3),
      );
    case "zoo":
      // Every other layer the exporter knows, so onnxruntime checks each conversion.
      return new nn.Sequential({
        dense_in: new nn.Linear(3, 8), leaky: new nn.LeakyReLU(0.2), dense_1: new nn.Linear(8, 8), elu: new nn.ELU(0.5),
        dense_2: new nn.Linear(8, 8), silu: new nn.SiLU(), dense_3: new nn.Linear(8, 8), tanh: new nn.Tanh(), same: new nn.Identity(),
        dense_4: new nn.Linear(8, 8), softmax: new nn.Softmax(1), dense_5: new nn.Linear(8, 8), sigmoid: new nn.Sigmoid(),
        dense_6: new nn.Linear(8, 8), gelu_tanh: new nn.GELU({ approximate: "tanh" }), softplus: new nn.Softplus({ beta: 2, threshold: 1 }),
        flat: new nn.Flatten(), head: new nn.Linear(8, 4, { bias: false }), log_probs: new nn.LogSoftmax(1),
      });
    case "circle":
      return new CircleModelV2();
    case "cnn":
      // TinyVGG's layers and the other image layers, on 1×8×8 images (loadDigits' size).
      return new nn.Sequential({
        block_1: new nn.Sequential(
          new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.Conv2d(4, 4, [3, 2], { padding: "same", groups: 2 }),
          new nn.ReLU(), new nn.MaxPool2d(2),
        ),
        block_2: new nn.Sequential(
          new nn.Conv2d(4, 6, 3, { stride: 1, padding: 1, bias: false }), new nn.ReLU(), new nn.AvgPool2d(2, { ceilMode: true }), new nn.Dropout2d(0.2),
          new nn.MaxPool2d(3, { stride: 1, padding: 1 }),
        ),
        head: new nn.Sequential(new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(6, 3)),
      });
  }
}

/** The shape of one input sample. */
export const INPUT_SHAPE: Record<FixtureModel, number[]> = { mlp: [2], zoo: [3], circle: [2], cnn: [1, 8, 8] };
