/** `make_moons`: two interleaving half circles. */
import { checkRandomState } from "../../random/random-state.js";
import type { Tensor } from "../../tensor/tensor.js";
import { linspace } from "./numeric.js";
import { checkCommon, finishTwoShapes, splitCounts, twoShapeArgs, type TwoShapeOptions } from "./two-shapes.js";

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
  const n = nOut + nIn;
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  tOut.forEach((t, i) => {
    X[2 * i] = Math.cos(t);
    X[2 * i + 1] = Math.sin(t);
  });
  tIn.forEach((t, i) => {
    const r = nOut + i;
    X[2 * r] = 1 - Math.cos(t);
    X[2 * r + 1] = 1 - Math.sin(t) - 0.5;
    y[r] = 1;
  });
  return finishTwoShapes(X, y, opts, rs);
}
