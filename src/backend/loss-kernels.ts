/**
 * The fused kernels of nn/functional's losses (cross-entropy, nll, BCE, the regression
 * losses) and batch norm, with their argument types: part of the backends' FusedKernels
 * (backend.ts), kept in a file of their own.
 */
import type { Storage } from "../tensor/dtype.js";

/**
 * The upstream gradient of a loss as each row (or element) of it receives it: g[i] under
 * "none" (g has the per-row losses' shape), else g[0] for every row, divided by
 * `denominator` under "mean" (once, before the products, as PyTorch's backward scales).
 */
export interface LossUpstream {
  g: Storage;
  reduction: "none" | "mean" | "sum";
  denominator: number;
}

/**
 * Logits viewed as [n, classes, inner] (classes along dim 1, or dim 0 of a 1-D input):
 * row r = b·inner + l holds class c at (b·classes + c)·inner + l.
 */
export interface ClassLayout {
  n: number;
  classes: number;
  inner: number;
}

/** Cross-entropy's inputs and options: class weights, label smoothing ε, class probabilities or spatial dims. */
export interface CrossEntropyInputs extends ClassLayout {
  x: Storage;
  /** Class indices, one per row; or, with `probabilities`, class probabilities in x's layout. */
  target: Storage;
  weight: Storage | null;
  probabilities: boolean;
  eps: number;
  ignoreIndex: number;
}

/** Cross-entropy's per-row forward. */
export interface CrossEntropyRowsArgs extends CrossEntropyInputs {
  /** Out: each row's log-sum-exp (its stable form, max + log Σ e^(x − max)). */
  lse: Float64Array;
  /** Out: each row's loss Σ_c a_c·(lse − x_c), a_c the row's target coefficients. */
  losses: Float64Array;
  /** Out (class indices, else null): each row's class weight, 0 where ignored. */
  rowWeight: Float64Array | null;
}

/** Its backward, from the forward's lse and row weights (and copies of x and the weights the node kept). */
export interface CrossEntropyRowsBackwardArgs extends CrossEntropyInputs {
  lse: Float64Array;
  rowWeight: Float64Array | null;
  up: LossUpstream;
  /** dL/dx = s·(softmax·Σa − a) per row (rows ignored left as they are). */
  gx: Storage | null;
  /** Probabilities only: dL/dt = s·(1 − ε)·w_c·(lse − x_c). */
  gt: Storage | null;
}

/** The regression losses of d = input − target: d², |d|, smooth L1 (β), Huber (δ). */
export type PointLossKind = "mse" | "l1" | "smoothL1" | "huber";

/** batch_norm over x viewed as [n, channels, inner]. */
export interface BatchNormArgs {
  x: Storage;
  out: Storage;
  weight: Storage | null;
  bias: Storage | null;
  /** Updated in place in training (the variance unbiased); read in evaluation. */
  runningMean: Storage | null;
  runningVar: Storage | null;
  n: number;
  channels: number;
  inner: number;
  training: boolean;
  momentum: number;
  eps: number;
  /** Out: each channel's mean and 1/√(var + eps) (batch statistics in training, else the running ones). */
  mean: Float64Array;
  invstd: Float64Array;
}

/** batch_norm's backward (PyTorch's NativeBatchNormBackward formula) from the forward's statistics. */
export interface BatchNormBackwardArgs {
  g: Storage;
  x: Storage;
  weight: Storage | null;
  n: number;
  channels: number;
  inner: number;
  training: boolean;
  mean: Float64Array;
  invstd: Float64Array;
  /** dL/dx; dL/dweight = Σ g·x̂ and dL/dbias = Σ g per channel. Null ones are not computed. */
  gx: Storage | null;
  gw: Storage | null;
  gb: Storage | null;
}

/**
 * The losses' and batch norm's fused kernels (part of FusedKernels). Each loop runs in the
 * order the ops ran it before it moved here, with Kindling's libm for its logarithms and
 * exponentials on every backend, so the losses' bits are those of their fixtures.
 */
export interface LossKernels {
  /**
   * Class-index targets: throws IndexError("Target t is out of bounds.") for the first
   * outside [0, classes) that is not `ignoreIndex`; returns how many are not ignored.
   */
  nllTargets(targets: Storage, classes: number, ignoreIndex: number): number;
  /** Cross-entropy's per-row log-sum-exp and losses (see CrossEntropyRowsArgs); returns the mean's denominator (Σ row weights, or the rows for probabilities). */
  crossEntropyRows(a: CrossEntropyRowsArgs): number;
  crossEntropyRowsBackward(a: CrossEntropyRowsBackwardArgs): void;
  /** out = x − lse of its row: the log-probabilities, in x's layout. */
  crossEntropyLogProbs(x: Storage, lse: Float64Array, out: Storage, layout: ClassLayout): void;
  /**
   * The coefficients a of each row's loss for class-index targets, in the logits' layout:
   * (1 − ε)·w_y at the target class plus (ε / C)·w_c at every class; ignored rows are
   * left as they are (`out` comes zeroed).
   */
  classCoefficients(targets: Storage, weight: Storage | null, out: Storage, layout: ClassLayout, eps: number, ignoreIndex: number): void;
  /** nll_loss's per-row losses −w_y·x_y and row weights w_y (0 where ignored); returns Σ row weights. */
  nllRows(x: Storage, targets: Storage, weight: Storage | null, layout: ClassLayout, ignoreIndex: number, losses: Float64Array, rowWeight: Float64Array): number;
  /**
   * nll_loss's reduced value over float16 log-probabilities [n, classes] as PyTorch's CPU
   * kernel sums them in half (each step rounded, a cascade of 8 partial sums, each taking
   * over the one below every 16 rows), into out[0]; `mean` divides by the weight, also
   * summed in half.
   */
  nllHalfTotal(x: Storage, targets: Storage, weight: Storage | null, layout: ClassLayout, ignoreIndex: number, mean: boolean, out: Storage): void;
  /** gx (zeroed) gets −s·w_y at each row's target class; ignored rows stay zero. */
  nllRowsBackward(targets: Storage, rowWeight: Float64Array, layout: ClassLayout, ignoreIndex: number, up: LossUpstream, gx: Storage): void;
  /**
   * binary_cross_entropy on probabilities: losses[i] = ((t − 1)·log(1 − x) − t·log x)·w,
   * each log clamped at −100. Throws ValueError for an input or target outside [0, 1].
   */
  bceProbs(x: Storage, t: Storage, weight: Storage | null, losses: Float64Array): void;
  /** Its gradients: gx = s·w·(x − t) / max(x(1 − x), 1e-12), gt = s·w·(log(1 − x) − log x) (clamped logs). */
  bceProbsBackward(x: Storage, t: Storage, weight: Storage | null, up: LossUpstream, gx: Storage | null, gt: Storage | null): void;
  /** binary_cross_entropy_with_logits: losses[i] = ((1 − t)·x − (1 + (p − 1)·t)·log σ(x))·w, p the positive weight. */
  bceLogits(x: Storage, t: Storage, weight: Storage | null, posWeight: Storage | null, losses: Float64Array): void;
  /** Its gradients: gx = s·w·((p·t + 1 − t)·σ(x) − p·t), gt = s·w·(−x − (p − 1)·log σ(x)). */
  bceLogitsBackward(x: Storage, t: Storage, weight: Storage | null, posWeight: Storage | null, up: LossUpstream, gx: Storage | null, gt: Storage | null): void;
  /** diffs = x − y and each element's regression loss of it (`param`: smooth L1's β or Huber's δ). */
  pointLoss(kind: PointLossKind, param: number, x: Storage, y: Storage, diffs: Float64Array, losses: Float64Array): void;
  /** grad = s · the loss's slope at each difference. */
  pointLossBackward(kind: PointLossKind, param: number, diffs: Float64Array, up: LossUpstream, grad: Storage): void;
  /** batch_norm's forward (see BatchNormArgs). */
  batchNorm(a: BatchNormArgs): void;
  batchNormBackward(a: BatchNormBackwardArgs): void;
}
