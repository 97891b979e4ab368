/**
 * kd.datasets: scikit-learn's sample generators and toy data sets. Every `randomState`
 * takes a seed (numpy's legacy RandomState) or a RandomState, so a seed gives the numbers
 * scikit-learn gives.
 */
export { makeCircles } from "./make-circles.js";
export type { MakeCirclesOptions } from "./make-circles.js";
export { makeMoons } from "./make-moons.js";
export type { MakeMoonsOptions } from "./make-moons.js";
export { makeBlobs } from "./make-blobs.js";
export type { MakeBlobsOptions } from "./make-blobs.js";
export { makeClassification } from "./make-classification.js";
export type { MakeClassificationOptions } from "./make-classification.js";
export { makeMultilabelClassification } from "./make-multilabel-classification.js";
export type {
  MakeMultilabelClassificationOptions, MultilabelResult, MultilabelResultWithDistributions,
} from "./make-multilabel-classification.js";
export { makeGaussianQuantiles } from "./make-gaussian-quantiles.js";
export type { MakeGaussianQuantilesOptions } from "./make-gaussian-quantiles.js";
export { loadIris, loadWine, loadBreastCancer, loadDigits } from "./load-bundled.js";
export type { Bunch, DigitsBunch, LoadDigitsOptions } from "./load-bundled.js";
export type { RandomStateLike } from "./samples.js";
export { RandomState, checkRandomState } from "../../random/random-state.js";
export type { RandomStateState, Size } from "../../random/random-state.js";
export { MNIST, FashionMNIST, readIdx, writeIdx } from "../vision/index.js";
export type { MNISTOptions, RawImage, IdxArray } from "../vision/index.js";
