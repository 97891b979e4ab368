/** The first attempt at improving: more units and a layer more, 2 → 10 → 10 → 1, still all linear. */
import * as kd from "../../src/index.js";

export class CircleModelV1 extends kd.nn.Module {
  layer_1 = new kd.nn.Linear(2, 10);
  layer_2 = new kd.nn.Linear(10, 10);
  layer_3 = new kd.nn.Linear(10, 1);

  override forward(x: kd.Tensor): kd.Tensor {
    return this.layer_3(this.layer_2(this.layer_1(x)));
  }
}
