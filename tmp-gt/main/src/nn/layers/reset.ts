/** PyTorch's default initialisation of Linear and the convolutions, shared by both. */
import { noGrad } from "../../autograd/grad-mode.js";
import type { Tensor } from "../../tensor/tensor.js";
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from "../init.js";

/**
 * Weight ~ kaiming_uniform(a = √5), i.e. U(±1/√fan_in); bias ~ U(±1/√fan_in); the
 * weight is drawn first, from the global generator, as PyTorch does.
 */
export function resetWeightAndBias(weight: Tensor, bias: Tensor | null): void {
  noGrad(() => {
    kaimingUniform_(weight, { a: Math.sqrt(5) });
    if (bias) {
      const [fanIn] = calculateFanInAndFanOut(weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(bias, -bound, bound);
    }
  });
}
