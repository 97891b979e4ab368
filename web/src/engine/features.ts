/**
 * Input features computed from the two standardised coordinates x1, x2 — the tensor
 * side of state/feature-text.ts, which holds the same expressions as source text for
 * "Show code" (a unit test checks that they agree).
 */
import * as kd from "kindling";
import type { FeatureName } from "../state/config.js";

export const FEATURE_COMPUTE: Record<FeatureName, (x1: kd.Tensor, x2: kd.Tensor) => kd.Tensor> = {
  x1: (x1) => x1,
  x2: (_x1, x2) => x2,
  x1sq: (x1) => x1.square(),
  x2sq: (_x1, x2) => x2.square(),
  x1x2: (x1, x2) => x1.mul(x2),
  sinx1: (x1) => x1.sin(),
  sinx2: (_x1, x2) => x2.sin(),
};

/**
 * The network's input: raw points [n, 2] standardised with the training set's mean and
 * standard deviation, then one column per chosen feature.
 */
export function featurize(X: kd.Tensor, mean: kd.Tensor, std: kd.Tensor, names: readonly FeatureName[]): kd.Tensor {
  const z = X.sub(mean).div(std);
  const x1 = z.select(1, 0), x2 = z.select(1, 1);
  return kd.stack(names.map((n) => FEATURE_COMPUTE[n](x1, x2)), 1);
}
