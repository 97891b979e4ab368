/** The non-linear model of section 6: linear layers with ReLU between them, which learns the circles. */
import * as kd from "../../src/index.js";

export class CircleModelV2 extends kd.nn.Module {
  layer_1 = new kd.nn.Linear(2, 10);
  layer_2 = new kd.nn.Linear(10, 10);
  layer_3 = new kd.nn.Linear(10, 1);
  // One ReLU module, used after each hidden layer.
  relu = new kd.nn.ReLU();

  override forward(x: kd.Tensor): kd.Tensor {
    return this.layer_3(this.relu(this.layer_2(this.relu(this.layer_1(x)))));
  }
}
