/**
 * `trainTestSplit`: scikit-learn's `train_test_split`, the same rows for the same seed
 * (ShuffleSplit / StratifiedShuffleSplit semantics; sklearn/model_selection/_split.py).
 *
 * Sizes follow Python's int / float split: a whole number is a count of samples, a
 * fraction a proportion (so `testSize: 1` means one sample, not 100 %).
 */
import { checkKeys, keysOf } from "../util/options.js";
import { ValueError } from "../errors.js";
import { checkRandomState, type RandomState } from "../random/random-state.js";
import { Tensor } from "../tensor/tensor.js";
import { gatherRows } from "./gather.js";
import { checkParam, floatIn, intIn } from "./datasets/param-checks.js";
import { pyFloatRepr, pyRepr } from "./datasets/python-text.js";
import type { RandomStateLike } from "./datasets/samples.js";

/** What can be split: a tensor (rows along the first dimension) or a plain array. */
export type Splittable = Tensor | readonly unknown[];

export interface TrainTestSplitOptions {
  /** Proportion (0, 1) or count of test samples; 0.25 when neither size is given. */
  testSize?: number | null;
  /** Proportion (0, 1) or count of training samples; the complement of the test set by default. */
  trainSize?: number | null;
  randomState?: RandomStateLike;
  /** Shuffle before splitting (default true); false takes the first rows for training. */
  shuffle?: boolean;
  /** Class labels whose proportions both sets keep (StratifiedShuffleSplit). */
  stratify?: Tensor | readonly (number | string)[] | null;
}

function isOptions(v: unknown): v is TrainTestSplitOptions {
  return typeof v === "object" && v !== null && !(v instanceof Tensor) && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function numSamples(a: Splittable): number {
  if (a instanceof Tensor) {
    if (a.ndim === 0) throw new ValueError("Singleton array cannot be considered a valid collection.");
    return a.shape[0];
  }
  return a.length;
}

function sizeText(v: number | null | undefined): string {
  if (v === null || v === undefined) return "None";
  return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
}

/** `_validate_shuffle_split`: the train and test counts, with scikit-learn's checks and rounding. */
function validateShuffleSplit(
  nSamples: number, testSize: number | null | undefined, trainSize: number | null | undefined, defaultTestSize: number,
): [number, number] {
  const test = testSize ?? (trainSize === null || trainSize === undefined ? defaultTestSize : null);
  const train = trainSize ?? null;
  const isInt = (v: number | null): boolean => v !== null && Number.isInteger(v);
  const isFloat = (v: number | null): boolean => v !== null && !Number.isInteger(v);
  if ((isInt(test) && (test! >= nSamples || test! <= 0)) || (isFloat(test) && (test! <= 0 || test! >= 1))) {
    throw new ValueError(
      `test_size=${sizeText(test)} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range`,
    );
  }
  if ((isInt(train) && (train! >= nSamples || train! <= 0)) || (isFloat(train) && (train! <= 0 || train! >= 1))) {
    throw new ValueError(
      `train_size=${sizeText(train)} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range`,
    );
  }
  if (isFloat(train) && isFloat(test) && train! + test! > 1) {
    throw new ValueError(
      `The sum of test_size and train_size = ${pyFloatRepr(train! + test!)}, should be in the (0, 1) range. Reduce test_size and/or train_size.`,
    );
  }
  let nTest = test === null ? NaN : isFloat(test) ? Math.ceil(test * nSamples) : test;
  let nTrain = train === null ? NaN : isFloat(train) ? Math.floor(train * nSamples) : train;
  if (train === null) nTrain = nSamples - nTest;
  else if (test === null) nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new ValueError(
      `The sum of train_size and test_size = ${nTrain + nTest}, should be smaller than the number of samples ${nSamples}. Reduce test_size and/or train_size.`,
    );
  }
  if (nTrain === 0) {
    throw new ValueError(
      `With n_samples=${nSamples}, test_size=${sizeText(testSize ?? (trainSize === null || trainSize === undefined ? defaultTestSize : null))} and train_size=${sizeText(train)}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  return [nTrain, nTest];
}

/**
 * `_approximate_mode`: per-class draws proportional to the counts, floored, with the
 * samples still missing given to the largest remainders; ties broken by the generator.
 */
function approximateMode(classCounts: readonly number[], nDraws: number, rs: RandomState): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(nDraws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const addNow = Math.min(inds.length, needToAdd);
      for (const i of rs.choice(inds, { size: addNow, replace: false })) floored[i] += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** numpy's sort order for labels: numbers numerically, strings by code point. */
function compareLabels(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function labelsOf(stratify: Tensor | readonly (number | string)[]): (number | string)[] {
  if (!(stratify instanceof Tensor)) return [...stratify];
  if (stratify.ndim === 1) return Array.from(stratify.data);
  // Multi-label rows become one label each, their values joined by spaces (as scikit-learn does).
  const rows = stratify.shape[0];
  const width = stratify.numel() / Math.max(rows, 1);
  return Array.from({ length: rows }, (_, i) => Array.from(stratify.data.subarray(i * width, (i + 1) * width)).join(" "));
}

/** StratifiedShuffleSplit's first split. */
function stratifiedIndices(labels: (number | string)[], nTrain: number, nTest: number, rs: RandomState): [number[], number[]] {
  if (labels.some((l) => typeof l !== typeof labels[0])) throw new ValueError("stratify labels must be all numbers or all strings");
  const classes = [...new Set(labels)].sort(compareLabels);
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const counts = new Array<number>(classes.length).fill(0);
  const members: number[][] = classes.map(() => []);
  labels.forEach((l, i) => {
    const k = classOf.get(l)!;
    counts[k]++;
    members[k].push(i);
  });
  const few = classes.filter((_, k) => counts[k] < 2);
  if (few.length > 0) {
    throw new ValueError(
      `The least populated classes in y have only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2. Classes with too few members are: ${pyRepr(few)}`,
    );
  }
  if (nTrain < classes.length) {
    throw new ValueError(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${classes.length}`);
  }
  if (nTest < classes.length) {
    throw new ValueError(`The test_size = ${nTest} should be greater or equal to the number of classes = ${classes.length}`);
  }
  const nI = approximateMode(counts, nTrain, rs);
  const tI = approximateMode(counts.map((c, k) => c - nI[k]), nTest, rs);
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((idx, k) => {
    const shuffled = rs.permutation(counts[k]).map((p) => idx[p]);
    for (let j = 0; j < nI[k]; j++) train.push(shuffled[j]);
    for (let j = nI[k]; j < nI[k] + tI[k]; j++) test.push(shuffled[j]);
  });
  return [rs.permutation(train), rs.permutation(test)];
}

/** validate_params: each size is a float in (0, 1), an int ≥ 1 or None. */
function checkSizes(opts: TrainTestSplitOptions): void {
  const sizeConstraints = [floatIn(0, 1, "neither"), intIn(1, null), "None"] as const;
  checkParam("train_test_split", "test_size", opts.testSize ?? null, sizeConstraints);
  checkParam("train_test_split", "train_size", opts.trainSize ?? null, sizeConstraints);
}

/** The train and test row indices for `n` samples, as `train_test_split` chooses them. */
export function trainTestIndices(n: number, opts: TrainTestSplitOptions = {}): [number[], number[]] {
  checkSizes(opts);
  const [nTrain, nTest] = validateShuffleSplit(n, opts.testSize, opts.trainSize, 0.25);
  const stratify = opts.stratify ?? null;
  if (opts.shuffle === false) {
    if (stratify !== null) throw new ValueError("Stratified train/test split is not implemented for shuffle=False");
    return [
      Array.from({ length: nTrain }, (_, i) => i),
      Array.from({ length: nTest }, (_, i) => nTrain + i),
    ];
  }
  const rs = checkRandomState(opts.randomState);
  if (stratify !== null) {
    const labels = labelsOf(stratify);
    if (labels.length !== n) {
      throw new ValueError(`Found input variables with inconsistent numbers of samples: [${n}, ${labels.length}]`);
    }
    return stratifiedIndices(labels, nTrain, nTest, rs);
  }
  const perm = rs.permutation(n);
  return [perm.slice(nTest, nTest + nTrain), perm.slice(0, nTest)];
}

function take<T>(a: Tensor | readonly T[], idx: readonly number[]): Tensor | T[] {
  return a instanceof Tensor ? gatherRows(a, idx) : idx.map((i) => a[i]);
}

/**
 * `trainTestSplit(X, y, ..., {testSize, trainSize, randomState, shuffle = true, stratify})`
 * → `[Xtrain, Xtest, ytrain, ytest, ...]` in scikit-learn's order. Tensors are split by rows
 * (what `tensor.index(idx)` gives, in one copy: see gatherRows), plain arrays by element. The same randomState gives the same rows
 * as scikit-learn.
 */
export function trainTestSplit(X: Tensor, opts?: TrainTestSplitOptions): [Tensor, Tensor];
export function trainTestSplit(X: Tensor, y: Tensor, opts?: TrainTestSplitOptions): [Tensor, Tensor, Tensor, Tensor];
export function trainTestSplit<T>(X: readonly T[], opts?: TrainTestSplitOptions): [T[], T[]];
export function trainTestSplit<T, U>(X: readonly T[], y: readonly U[], opts?: TrainTestSplitOptions): [T[], T[], U[], U[]];
export function trainTestSplit(...args: (Tensor | TrainTestSplitOptions)[]): Tensor[];
export function trainTestSplit(...args: (Splittable | TrainTestSplitOptions)[]): (Tensor | unknown[])[];
export function trainTestSplit(...args: (Splittable | TrainTestSplitOptions | undefined)[]): (Tensor | unknown[])[] {
  const last = args[args.length - 1];
  const opts: TrainTestSplitOptions = isOptions(last) ? last : {};
  checkKeys("train_test_split", opts, keysOf<TrainTestSplitOptions>({ testSize: true, trainSize: true, randomState: true, shuffle: true, stratify: true }));
  const arrays = (isOptions(last) || last === undefined ? args.slice(0, -1) : args).filter((a): a is Splittable => a !== undefined);
  checkSizes(opts);
  if (arrays.length === 0) throw new ValueError("At least one array required as input");
  const lengths = arrays.map(numSamples);
  if (new Set(lengths).size > 1) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lengths.join(", ")}]`);
  }
  const [train, test] = trainTestIndices(lengths[0], opts);
  return arrays.flatMap((a) => [take(a, train), take(a, test)]);
}
