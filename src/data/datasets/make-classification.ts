/**
 * `make_classification`: Gaussian clusters on the vertices of a hypercube, with informative,
 * redundant (linear combinations), repeated and useless features, label noise, shift and scale.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { ValueError } from "../../errors.js";
import { checkRandomState } from "../../random/random-state.js";
import type { Tensor } from "../../tensor/tensor.js";
import { generateHypercube } from "./hypercube.js";
import { gemmFma } from "./numeric.js";
import { checkParam, floatIn, intIn } from "./param-checks.js";
import { shuffleSamples, toXy, type RandomStateLike } from "./samples.js";
import { libm } from "../../backend/libm.js";

export interface MakeClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nRepeated?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Share of samples per class (nClasses values, or nClasses - 1 and the last is the rest). */
  weights?: readonly number[] | null;
  /** Share of labels replaced by random classes. Default 0.01. */
  flipY?: number;
  /** Half the hypercube's side. Default 1. */
  classSep?: number;
  /** Centroids on the vertices (true, default) or on a random polytope. */
  hypercube?: boolean;
  /** Added to every feature: a number, one per feature, or null for random shifts in [-classSep, classSep]. Default 0. */
  shift?: number | readonly number[] | null;
  /** Multiplies every feature: a number, one per feature, or null for random scales in [1, 101]. Default 1. */
  scale?: number | readonly number[] | null;
  shuffle?: boolean;
  randomState?: RandomStateLike;
}

const FN = "make_classification";

function validate(o: Required<Omit<MakeClassificationOptions, "randomState" | "weights" | "shift" | "scale">> & MakeClassificationOptions): void {
  checkParam(FN, "n_samples", o.nSamples, [intIn(1, null)]);
  checkParam(FN, "n_features", o.nFeatures, [intIn(1, null)]);
  checkParam(FN, "n_informative", o.nInformative, [intIn(1, null)]);
  checkParam(FN, "n_redundant", o.nRedundant, [intIn(0, null)]);
  checkParam(FN, "n_repeated", o.nRepeated, [intIn(0, null)]);
  checkParam(FN, "n_classes", o.nClasses, [intIn(1, null)]);
  checkParam(FN, "n_clusters_per_class", o.nClustersPerClass, [intIn(1, null)]);
  checkParam(FN, "flip_y", o.flipY, [floatIn(0, 1, "both")]);
  checkParam(FN, "class_sep", o.classSep, [floatIn(0, null, "neither")]);
  checkParam(FN, "hypercube", o.hypercube, ["boolean"]);
  if (typeof o.shift === "number") checkParam(FN, "shift", o.shift, [floatIn(null, null, "neither"), "array-like", "None"]);
  if (typeof o.scale === "number") checkParam(FN, "scale", o.scale, [floatIn(0, null, "neither"), "array-like", "None"]);
  checkParam(FN, "shuffle", o.shuffle, ["boolean"]);
}

/** Per-feature values from a number, an array, or (null) a random draw. */
function perFeature(v: number | readonly number[], nFeatures: number, name: string): number[] {
  if (typeof v === "number") return new Array<number>(nFeatures).fill(v);
  if (v.length !== nFeatures) throw new ValueError(`${name} must have one value per feature (${nFeatures}), got ${v.length}`);
  return [...v];
}

/**
 * `makeClassification({nSamples = 100, nFeatures = 20, nInformative = 2, nRedundant = 2, ...})`
 * → `[X, y]`: X float64 (nSamples × nFeatures), y int64 class labels, drawn as scikit-learn
 * draws them. The informative and redundant features come from matrix products that
 * OpenBLAS computes with fused multiply-adds; we do the same, so they match to the last bit
 * or within an ulp or two where the kernel's order differs.
 */
export function makeClassification(nSamples?: number | MakeClassificationOptions, options: MakeClassificationOptions = {}): [Tensor, Tensor] {
  const given = typeof nSamples === "number" ? { ...options, nSamples } : { ...nSamples, ...options };
  checkKeys("make_classification", given, keysOf<MakeClassificationOptions>({ nSamples: true, nFeatures: true, nInformative: true, nRedundant: true, nRepeated: true, nClasses: true, nClustersPerClass: true, weights: true, flipY: true, classSep: true, hypercube: true, shift: true, scale: true, shuffle: true, randomState: true }));
  const o = {
    nSamples: 100, nFeatures: 20, nInformative: 2, nRedundant: 2, nRepeated: 0, nClasses: 2, nClustersPerClass: 2,
    flipY: 0.01, classSep: 1, hypercube: true, shuffle: true, ...given,
  };
  const shiftOpt = given.shift === undefined ? 0 : given.shift;
  const scaleOpt = given.scale === undefined ? 1 : given.scale;
  validate(o);
  const { nSamples: n, nFeatures: nf, nInformative: ni, nRedundant: nr, nRepeated: nrep, nClasses, nClustersPerClass: cpc, classSep } = o;
  const rs = checkRandomState(o.randomState);

  if (ni + nr + nrep > nf) {
    throw new ValueError("Number of informative, redundant and repeated features must sum to less than the number of total features");
  }
  if (ni < libm.log2(nClasses * cpc)) {
    throw new ValueError(`n_classes(${nClasses}) * n_clusters_per_class(${cpc}) must be smaller or equal 2**n_informative(${ni})=${2 ** ni}`);
  }
  let weights: number[];
  if (o.weights !== undefined && o.weights !== null) {
    if (o.weights.length !== nClasses && o.weights.length !== nClasses - 1) {
      throw new ValueError("Weights specified but incompatible with number of classes.");
    }
    weights = [...o.weights];
    if (weights.length === nClasses - 1) weights.push(1 - weights.reduce((s, w) => s + w, 0));
  } else {
    weights = new Array<number>(nClasses).fill(1 / nClasses);
  }
  const nRandom = nf - ni - nr - nrep;
  const nClusters = nClasses * cpc;

  // Samples per cluster by weight; the remainder goes round-robin.
  const perCluster = Array.from({ length: nClusters }, (_, k) => Math.trunc((n * weights[k % nClasses]) / cpc));
  const assigned = perCluster.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n - assigned; i++) perCluster[i % nClusters] += 1;

  let X: Float64Array = new Float64Array(n * nf);
  let y: Float64Array = new Float64Array(n);

  const centroids = generateHypercube(nClusters, ni, rs).map((row) => row.map((b) => b * (2 * classSep) - classSep));
  if (!o.hypercube) {
    const rowScale = rs.uniform(0, 1, [nClusters, 1]);
    const colScale = rs.uniform(0, 1, [1, ni]);
    centroids.forEach((c, k) => c.forEach((v, j) => (c[j] = v * rowScale[k] * colScale[j])));
  }

  const informative = rs.standardNormal([n, ni]);
  for (let i = 0; i < n; i++) for (let j = 0; j < ni; j++) X[i * nf + j] = informative[i * ni + j];

  // Each cluster: random covariance (X_k · A), then moved to its vertex.
  let stop = 0;
  centroids.forEach((centroid, k) => {
    const start = stop;
    stop = Math.min(n, stop + perCluster[k]);
    y.fill(k % nClasses, start, stop);
    const A = rs.uniform(0, 1, [ni, ni]).map((u) => 2 * u - 1);
    const prod = gemmFma(X, start * nf, nf, stop - start, ni, A, ni);
    for (let i = start; i < stop; i++) {
      for (let j = 0; j < ni; j++) X[i * nf + j] = prod[(i - start) * ni + j] + centroid[j];
    }
  });

  if (nr > 0) {
    const B = rs.uniform(0, 1, [ni, nr]).map((u) => 2 * u - 1);
    const red = gemmFma(X, 0, nf, n, ni, B, nr);
    for (let i = 0; i < n; i++) for (let j = 0; j < nr; j++) X[i * nf + ni + j] = red[i * nr + j];
  }

  const used = ni + nr;
  if (nrep > 0) {
    const picks = rs.uniform(0, 1, [nrep]).map((u) => Math.trunc((used - 1) * u + 0.5));
    for (let i = 0; i < n; i++) picks.forEach((src, j) => (X[i * nf + used + j] = X[i * nf + src]));
  }

  if (nRandom > 0) {
    const noise = rs.standardNormal([n, nRandom]);
    for (let i = 0; i < n; i++) for (let j = 0; j < nRandom; j++) X[i * nf + nf - nRandom + j] = noise[i * nRandom + j];
  }

  // flip_y ≥ 0 always holds, so the uniform draw always happens, as upstream.
  const flip = rs.uniform(0, 1, [n]).map((u) => u < o.flipY);
  const flips = flip.filter(Boolean).length;
  const newLabels = rs.randint(nClasses, null, [flips]);
  let f = 0;
  flip.forEach((m, i) => { if (m) y[i] = newLabels[f++]; });

  const shift = shiftOpt === null ? rs.uniform(0, 1, [nf]).map((u) => (2 * u - 1) * classSep) : perFeature(shiftOpt, nf, "shift");
  for (let i = 0; i < n; i++) for (let j = 0; j < nf; j++) X[i * nf + j] += shift[j];
  const scale = scaleOpt === null ? rs.uniform(0, 1, [nf]).map((u) => 1 + 100 * u) : perFeature(scaleOpt, nf, "scale");
  for (let i = 0; i < n; i++) for (let j = 0; j < nf; j++) X[i * nf + j] *= scale[j];

  if (o.shuffle) {
    ({ X, y } = shuffleSamples(X, nf, y, rs));
    const cols = Array.from({ length: nf }, (_, j) => j);
    rs.shuffle(cols);
    const permuted = new Float64Array(n * nf);
    for (let i = 0; i < n; i++) for (let j = 0; j < nf; j++) permuted[i * nf + j] = X[i * nf + cols[j]];
    X = permuted;
  }
  return toXy(X, nf, y);
}
