/**
 * `make_multilabel_classification`: bag-of-words documents whose words come from the
 * topics (labels) they carry, drawn from scikit-learn's generative model.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { checkRandomState, type RandomState } from "../../random/random-state.js";
import { Tensor } from "../../tensor/tensor.js";
import { pairwiseSum } from "./numeric.js";
import { checkParam, intIn } from "./param-checks.js";
import type { RandomStateLike } from "./samples.js";

export interface MakeMultilabelClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nClasses?: number;
  /** Mean number of labels per sample (Poisson). Default 2. */
  nLabels?: number;
  /** Mean number of words per sample (Poisson). Default 50. */
  length?: number;
  /** Whether a sample may carry no label. Default true. */
  allowUnlabeled?: boolean;
  /** "dense" (default): Y is an int64 indicator matrix; false: Y is a list of label lists. */
  returnIndicator?: "dense" | false;
  /** Also return p_c (class priors) and p_w_c (word probabilities per class). */
  returnDistributions?: boolean;
  randomState?: RandomStateLike;
}

export type MultilabelResult = [Tensor, Tensor | number[][]];
export type MultilabelResultWithDistributions = [Tensor, Tensor | number[][], Tensor, Tensor];

/** First index whose cumulative value is ≥ x (np.searchsorted, side "left"). */
function searchLeft(cdf: readonly number[], x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumsum(v: readonly number[]): number[] {
  let s = 0;
  return v.map((x) => (s += x));
}

interface Model {
  cumPc: number[];
  /** p(word | class), nFeatures × nClasses, row-major. */
  pwc: number[];
  nFeatures: number;
  nClasses: number;
}

/** One document: its word indices and its label set. */
function sampleExample(m: Model, rs: RandomState, nLabels: number, length: number, allowUnlabeled: boolean): [number[], number[]] {
  // A label count by rejection: at most nClasses, and at least one unless unlabeled is allowed.
  let ySize = m.nClasses + 1;
  while ((!allowUnlabeled && ySize === 0) || ySize > m.nClasses) ySize = rs.poisson(nLabels);

  const labels = new Set<number>();
  while (labels.size !== ySize) {
    for (const u of rs.uniform(0, 1, [ySize - labels.size])) labels.add(searchLeft(m.cumPc, u));
  }
  // Python's set of small ints mostly iterates in ascending order; the order only changes
  // the last bit of the word weights below, never which labels are drawn.
  const y = [...labels].sort((a, b) => a - b);

  let nWords = 0;
  while (nWords === 0) nWords = rs.poisson(length);
  if (y.length === 0) return [rs.randint(m.nFeatures, null, [nWords]), y];

  const wordWeights = Array.from({ length: m.nFeatures }, (_, w) => pairwiseSum(y.map((c) => m.pwc[w * m.nClasses + c])));
  const cum = cumsum(wordWeights);
  const last = cum[cum.length - 1];
  const cdf = cum.map((v) => v / last);
  return [rs.uniform(0, 1, [nWords]).map((u) => searchLeft(cdf, u)), y];
}

/**
 * `makeMultilabelClassification({nSamples = 100, nFeatures = 20, nClasses = 5, nLabels = 2,
 * length = 50, allowUnlabeled = true, returnIndicator = "dense", returnDistributions, randomState})`
 * → `[X, Y]`: X float64 word counts (nSamples × nFeatures), Y int64 label indicators
 * (nSamples × nClasses); with returnDistributions also p_c and p_w_c (float64).
 */
export function makeMultilabelClassification(options?: MakeMultilabelClassificationOptions & { returnDistributions?: false }): MultilabelResult;
export function makeMultilabelClassification(options: MakeMultilabelClassificationOptions & { returnDistributions: true }): MultilabelResultWithDistributions;
export function makeMultilabelClassification(options: MakeMultilabelClassificationOptions = {}): MultilabelResult | MultilabelResultWithDistributions {
  const FN = "make_multilabel_classification";
  checkKeys(FN, options, keysOf<MakeMultilabelClassificationOptions>({ nSamples: true, nFeatures: true, nClasses: true, nLabels: true, length: true, allowUnlabeled: true, returnIndicator: true, returnDistributions: true, randomState: true }));
  const {
    nSamples = 100, nFeatures = 20, nClasses = 5, nLabels = 2, length = 50,
    allowUnlabeled = true, returnIndicator = "dense", returnDistributions = false,
  } = options;
  checkParam(FN, "n_samples", nSamples, [intIn(1, null)]);
  checkParam(FN, "n_features", nFeatures, [intIn(1, null)]);
  checkParam(FN, "n_classes", nClasses, [intIn(1, null)]);
  checkParam(FN, "n_labels", nLabels, [intIn(0, null)]);
  checkParam(FN, "length", length, [intIn(1, null)]);
  checkParam(FN, "allow_unlabeled", allowUnlabeled, ["boolean"]);
  if (returnIndicator !== "dense" && returnIndicator !== false) {
    throw new ValueError("returnIndicator must be \"dense\" or false (sparse output is not supported)");
  }
  const rs = checkRandomState(options.randomState);

  const pc = rs.uniform(0, 1, [nClasses]);
  const pcSum = pairwiseSum(pc);
  const pcNorm = pc.map((v) => v / pcSum);
  const pwc = rs.uniform(0, 1, [nFeatures, nClasses]);
  // Normalise each class's column; numpy sums a column down the rows in order.
  for (let c = 0; c < nClasses; c++) {
    let s = 0;
    for (let w = 0; w < nFeatures; w++) s += pwc[w * nClasses + c];
    for (let w = 0; w < nFeatures; w++) pwc[w * nClasses + c] /= s;
  }
  const model: Model = { cumPc: cumsum(pcNorm), pwc, nFeatures, nClasses };

  const X = new Float64Array(nSamples * nFeatures);
  const labelLists: number[][] = [];
  for (let i = 0; i < nSamples; i++) {
    const [words, y] = sampleExample(model, rs, nLabels, length, allowUnlabeled);
    for (const w of words) X[i * nFeatures + w] += 1;
    labelLists.push(y);
  }
  const Xt = new Tensor(X, [nSamples, nFeatures], "float64");
  let Y: Tensor | number[][] = labelLists;
  if (returnIndicator === "dense") {
    const ind = new Float64Array(nSamples * nClasses);
    labelLists.forEach((ls, i) => ls.forEach((c) => (ind[i * nClasses + c] = 1)));
    Y = new Tensor(ind, [nSamples, nClasses], "int64");
  }
  if (!returnDistributions) return [Xt, Y];
  return [Xt, Y, new Tensor(Float64Array.from(pcNorm), [nClasses], "float64"), new Tensor(Float64Array.from(pwc), [nFeatures, nClasses], "float64")];
}
