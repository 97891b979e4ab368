/** The multi-class model of section 7: a Sequential of three linear layers. */
import * as kd from "../../src/index.js";

export class BlobModel extends kd.nn.Module {
  linear_layer_stack: kd.nn.Sequential;

  /**
   * @param inputFeatures number of input features
   * @param outputFeatures number of outputs (how many classes there are)
   * @param hiddenUnits hidden units between layers (default 8)
   */
  constructor(inputFeatures: number, outputFeatures: number, hiddenUnits = 8) {
    super();
    // The tutorial leaves the ReLU layers commented out: the blobs are linearly separable.
    this.linear_layer_stack = new kd.nn.Sequential(
      new kd.nn.Linear(inputFeatures, hiddenUnits),
      new kd.nn.Linear(hiddenUnits, hiddenUnits),
      new kd.nn.Linear(hiddenUnits, outputFeatures),
    );
  }

  override forward(x: kd.Tensor): kd.Tensor {
    return this.linear_layer_stack(x);
  }
}
