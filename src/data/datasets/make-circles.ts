/** `make_circles`: a large circle holding a smaller one, the classic non-linear toy problem. */
import { checkRandomState } from "../../random/random-state.js";
import type { Tensor } from "../../tensor/tensor.js";
import { linspace } from "./numeric.js";
import { checkParam, floatIn } from "./param-checks.js";
import { checkCommon, finishTwoShapes, placeTwoShapes, splitCounts, twoShapeArgs, type TwoShapeOptions } from "./two-shapes.js";
import { libm } from "../../backend/libm.js";

export interface MakeCirclesOptions extends TwoShapeOptions {
  /** Scale of the inner circle against the outer one, in [0, 1). Default 0.8. */
  factor?: number;
}

/**
 * `makeCircles(nSamples = 100, {noise, factor = 0.8, shuffle = true, randomState})` →
 * `[X, y]`: X float64 (n × 2), y int64 with 0 for the outer circle and 1 for the inner.
 * The same randomState gives scikit-learn's numbers.
 */
export function makeCircles(
  nSamples?: number | readonly [number, number] | MakeCirclesOptions,
  options?: MakeCirclesOptions,
): [Tensor, Tensor] {
  const opts = twoShapeArgs(nSamples, options);
  const factor = opts.factor ?? 0.8;
  checkParam("make_circles", "factor", factor, [floatIn(0, 1, "left")]);
  checkCommon("make_circles", opts, ["factor"]);
  const [nOut, nIn] = splitCounts("make_circles", opts.nSamples ?? 100, "When a tuple, n_samples must have exactly two elements.");
  const rs = checkRandomState(opts.randomState);

  // endpoint=False so that the first point is not also the last.
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const [X, y] = placeTwoShapes(tOut, tIn, (t) => [libm.cos(t), libm.sin(t)], (t) => [libm.cos(t) * factor, libm.sin(t) * factor]);
  return finishTwoShapes(X, y, opts, rs);
}
