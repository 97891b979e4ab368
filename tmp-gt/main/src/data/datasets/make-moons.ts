/** `make_moons`: two interleaving half circles. */
import { checkRandomState } from "../../random/random-state.js";
import type { Tensor } from "../../tensor/tensor.js";
import { linspace } from "./numeric.js";
import { checkCommon, finishTwoShapes, placeTwoShapes, splitCounts, twoShapeArgs, type TwoShapeOptions } from "./two-shapes.js";
import { libm } from "../../backend/libm.js";

export type MakeMoonsOptions = TwoShapeOptions;

/**
 * `makeMoons(nSamples = 100, {noise, shuffle = true, randomState})` → `[X, y]`: X float64
 * (n × 2), y int64 with 0 for the upper moon and 1 for the lower, as scikit-learn draws them.
 */
export function makeMoons(
  nSamples?: number | readonly [number, number] | MakeMoonsOptions,
  options?: MakeMoonsOptions,
): [Tensor, Tensor] {
  const opts = twoShapeArgs(nSamples, options);
  checkCommon("make_moons", opts);
  const [nOut, nIn] = splitCounts("make_moons", opts.nSamples ?? 100, "`n_samples` can be either an int or a two-element tuple.");
  const rs = checkRandomState(opts.randomState);

  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const [X, y] = placeTwoShapes(tOut, tIn, (t) => [libm.cos(t), libm.sin(t)], (t) => [1 - libm.cos(t), 1 - libm.sin(t) - 0.5]);
  return finishTwoShapes(X, y, opts, rs);
}
