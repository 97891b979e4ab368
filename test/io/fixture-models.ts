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

export type FixtureModel = "mlp" | "zoo" | "circle";

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
  }
}

export const INPUT_FEATURES: Record<FixtureModel, number> = { mlp: 2, zoo: 3, circle: 2 };
