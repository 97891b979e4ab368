/** `make_gaussian_quantiles`: one Gaussian cloud cut into classes by nested spherical shells. */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { checkRandomState } from "../../random/random-state.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pairwiseSum } from "./numeric.js";
import { checkParam, floatIn, intIn } from "./param-checks.js";
import { shuffleSamples, takeRows, toXy, type RandomStateLike } from "./samples.js";

export interface MakeGaussianQuantilesOptions {
  /** Centre of the cloud (nFeatures values). Default the origin. */
  mean?: readonly number[] | null;
  /** The covariance is cov times the identity. Default 1. */
  cov?: number;
  nSamples?: number;
  nFeatures?: number;
  nClasses?: number;
  shuffle?: boolean;
  randomState?: RandomStateLike;
}

/**
 * `makeGaussianQuantiles({mean, cov = 1, nSamples = 100, nFeatures = 2, nClasses = 3, shuffle, randomState})`
 * → `[X, y]`: samples sorted by distance from the mean, class k for the k-th quantile
 * (the last class takes the remainder), then shuffled, as scikit-learn does.
 */
export function makeGaussianQuantiles(options: MakeGaussianQuantilesOptions = {}): [Tensor, Tensor] {
  const FN = "make_gaussian_quantiles";
  checkKeys(FN, options, keysOf<MakeGaussianQuantilesOptions>({ mean: true, cov: true, nSamples: true, nFeatures: true, nClasses: true, shuffle: true, randomState: true }));
  const { cov = 1, nSamples = 100, nFeatures = 2, nClasses = 3, shuffle = true } = options;
  checkParam(FN, "cov", cov, [floatIn(0, null)]);
  checkParam(FN, "n_samples", nSamples, [intIn(1, null)]);
  checkParam(FN, "n_features", nFeatures, [intIn(1, null)]);
  checkParam(FN, "n_classes", nClasses, [intIn(1, null)]);
  checkParam(FN, "shuffle", shuffle, ["boolean"]);
  if (nSamples < nClasses) throw new ValueError("n_samples must be at least n_classes");
  const mean = options.mean ?? new Array<number>(nFeatures).fill(0);
  if (mean.length !== nFeatures) throw new ValueError(`mean must have ${nFeatures} values, got ${mean.length}`);
  const rs = checkRandomState(options.randomState);

  // multivariate_normal(mean, cov·I): the SVD of cov·I is the identity with singular values
  // cov, so each standard normal is multiplied by sqrt(cov), then the mean is added.
  const root = Math.sqrt(cov);
  const z = rs.standardNormal([nSamples, nFeatures]);
  const X = Float64Array.from(z, (v, i) => v * root + mean[i % nFeatures]);

  const dist = Array.from({ length: nSamples }, (_, i) => {
    const sq = new Array<number>(nFeatures);
    for (let j = 0; j < nFeatures; j++) {
      const d = X[i * nFeatures + j] - mean[j];
      sq[j] = d * d;
    }
    return pairwiseSum(sq);
  });
  const order = Array.from({ length: nSamples }, (_, i) => i).sort((a, b) => dist[a] - dist[b] || a - b);
  let Xs: Float64Array = takeRows(X, nFeatures, order);

  const step = Math.floor(nSamples / nClasses);
  let y: Float64Array = Float64Array.from({ length: nSamples }, (_, i) => Math.min(Math.floor(i / step), nClasses - 1));
  if (shuffle) ({ X: Xs, y } = shuffleSamples(Xs, nFeatures, y, rs));
  return toXy(Xs, nFeatures, y);
}
