/** The tutorial's first model: two linear layers, 2 → 5 → 1 (section 2, "nn.Module subclass"). */
import * as kd from "../../src/index.js";

export class CircleModelV0 extends kd.nn.Module {
  // Takes 2 features (X) and gives 5 hidden units.
  layer_1 = new kd.nn.Linear(2, 5);
  // Takes the 5 hidden units and gives 1 output (y).
  layer_2 = new kd.nn.Linear(5, 1);

  override forward(x: kd.Tensor): kd.Tensor {
    return this.layer_2(this.layer_1(x));
  }
}
