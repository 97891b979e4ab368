/**
 * The kernel interface beneath the ops. Ops and autograd see only this, so a faster
 * backend (WebAssembly SIMD, threads, a GPU) can replace the typed-array kernels
 * without touching them. Kernels take contiguous row-major storage and write into
 * `out`, which the caller allocates; they never allocate tensors themselves.
 */
import type { DType, Storage } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";
import type { DeviceStore, Store } from "../tensor/device.js";
import type { LossKernels } from "./loss-kernels.js";
export type * from "./loss-kernels.js";

/** PyTorch's message for an integer quotient or remainder by zero (a ValueError on every device). */
export const ZERO_DIVISION = "ZeroDivisionError: integer division or remainder by zero (cast to a float dtype for inf or nan)";

export type UnaryOp =
  | "neg" | "abs" | "exp" | "expm1" | "log" | "log1p" | "log2" | "log10" | "sqrt" | "rsqrt" | "square"
  | "reciprocal" | "sigmoid" | "tanh" | "sin" | "cos" | "floor" | "ceil" | "round" | "trunc"
  | "sign" | "erf" | "isnan" | "isfinite" | "isinf" | "logicalNot" | "copy";

/** Unary ops with one or two numeric parameters. */
export type ParamUnaryOp = "clamp" | "leakyRelu" | "elu" | "softplus" | "gelu" | "geluTanh" | "silu" | "powScalar";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "atan2" | "remainder" | "fmod" | "floorDivide"
  | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "logicalAnd" | "logicalOr" | "logicalXor";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin" | "any" | "all";

/**
 * An activation whose derivative is a function of its output (ReLU: y > 0, sigmoid:
 * y(1 − y), tanh: 1 − y²), so a backward needs only the activated output the forward
 * returned, never the pre-activation.
 */
export type Activation = "relu" | "sigmoid" | "tanh";

/** The activation fused into a linear layer: nn.Sequential fuses Linear → ReLU only. */
export type LinearActivation = "none" | "relu";

/** The backward of `linear`. Null outputs are not computed. */
export interface LinearBackwardArgs {
  /** Gradient of the activated output y, [m, n]. Not modified. */
  g: Storage;
  /** The activated output of the forward, [m, n]; unused when act is "none". */
  y: Storage | null;
  /** The forward's input [m, k] and weight [n, k]. */
  x: Storage;
  w: Storage;
  m: number;
  k: number;
  n: number;
  act: LinearActivation;
  /** dL/dx [m, k] = gz · w, where gz = g ⊙ act'(y). */
  gx: Storage | null;
  /** dL/dw [n, k] = gzᵀ · x. */
  gw: Storage | null;
  /** dL/db [n] = Σ over rows of gz. */
  gb: Storage | null;
}

/**
 * A convolution's layout: input [n, c, h, w], weight [o, c / groups, kh, kw], output
 * [n, o, oh, ow]. Everything is 2-D; a 1-D convolution has a height of 1.
 */
export interface ConvGeometry {
  n: number; c: number; h: number; w: number;
  o: number; groups: number; kh: number; kw: number;
  sh: number; sw: number;
  /** Padding before (top, left); the padding after may differ ("same" with an even kernel). */
  pt: number; pl: number;
  dh: number; dw: number;
  oh: number; ow: number;
}

/** A 2-D pooling's layout over `planes` input planes of [h, w] (samples × channels). */
export interface PoolGeometry {
  planes: number; h: number; w: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  oh: number; ow: number;
}

/** The backward of `conv2d`. Null outputs are not computed; the others are overwritten. */
export interface ConvBackwardArgs {
  /** Gradient of the output [n, o, oh, ow]. Not modified. */
  gOut: Storage;
  /** The forward's input and weight. */
  x: Storage;
  w: Storage;
  g: ConvGeometry;
  gx: Storage | null;
  gw: Storage | null;
  gb: Storage | null;
}

/** The optimizers' own option types: one definition each, in optim/, used by the fused kernels too. */
import type { SGDOptions } from "../optim/sgd.js";
import type { AdamOptions } from "../optim/adam.js";
import type { RMSpropOptions } from "../optim/rmsprop.js";
import type { AdagradOptions } from "../optim/adagrad.js";
export type { SGDOptions, AdamOptions, RMSpropOptions, AdagradOptions };

/**
 * The primitives every backend implements: element-wise, reductions, the matmul family and
 * copies. Ops compose everything else from these (ops/kernels.ts hands them out).
 */
export interface Primitives<S = Storage> {
  unary(op: UnaryOp, x: S, out: S): void;
  unaryParam(op: ParamUnaryOp, x: S, out: S, p0: number, p1: number): void;
  /** Element-wise with broadcasting: shapes are already checked; `outShape` is their broadcast. */
  binary(op: BinaryOp, a: S, aShape: Shape, b: S, bShape: Shape, out: S, outShape: Shape): void;
  /** Reduces the middle axis of x viewed as [outer, size, inner] into out [outer, inner]. */
  reduce(op: ReduceOp, x: S, out: S, outer: number, size: number, inner: number): void;
  /**
   * out[M, N] = op(A) · op(B) for `batch` independent products laid end to end;
   * A is [M, K] (or [K, M] with transA), B is [K, N] (or [N, K] with transB).
   * A stride of 0 repeats one operand over the batch (broadcasting).
   */
  matmul(
    a: S, b: S, out: S, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number,
  ): void;
  /** Copies x [rows, cols] into out transposed along any permutation of its dims. */
  permute(x: S, shape: Shape, perm: readonly number[], out: S): void;
}

/**
 * The named fused kernels: one call where a small model would otherwise make several.
 * Each is declared by the op-table entries that run it (`fused` in ops/table.ts, whose
 * completeness over these names is checked there at compile time), and an op reaches one
 * only through its entry (`fused(OPS.x, name)` in ops/kernels.ts), so a kernel no op
 * declares, or an op calling a kernel it does not declare, does not compile.
 */
export interface FusedKernels extends LossKernels {
  /** out[m, n] = act(x[m, k] · w[n, k]ᵀ + bias[n]): nn.Linear (+ its activation) in one pass. */
  linear(x: Storage, w: Storage, bias: Storage | null, out: Storage, m: number, k: number, n: number, act: LinearActivation): void;
  /** The whole backward of `linear` in one call. */
  linearBackward(args: LinearBackwardArgs): void;
  /**
   * One SGD step over every parameter (PyTorch's `_foreach` update): p, g and (with
   * momentum) the momentum buffers, index by index. `firstStep` initialises the buffers
   * to the gradient, as PyTorch does.
   */
  sgdStep(params: readonly Storage[], grads: readonly Storage[], buffers: readonly Storage[] | null, firstStep: boolean, o: SGDOptions): void;
  /** One Adam / AdamW step (step count `step`, from 1) over every parameter (PyTorch's fused Adam). */
  adamStep(
    params: readonly Storage[], grads: readonly Storage[], expAvg: readonly Storage[], expAvgSq: readonly Storage[],
    maxExpAvgSq: readonly Storage[] | null, step: number, o: AdamOptions,
  ): void;
  /**
   * One RMSprop step over every parameter: the square averages, the gradient averages
   * (centered, else null) and the momentum buffers (momentum > 0, else null), in place.
   */
  rmspropStep(
    params: readonly Storage[], grads: readonly Storage[], squareAvg: readonly Storage[],
    gradAvg: readonly Storage[] | null, buffers: readonly Storage[] | null, o: RMSpropOptions,
  ): void;
  /** One Adagrad step (step count `step`, from 1) over every parameter and its accumulated squares `sums`. */
  adagradStep(params: readonly Storage[], grads: readonly Storage[], sums: readonly Storage[], step: number, o: AdagradOptions): void;
  /**
   * Cross-entropy of logits [rows, classes] against class indices: returns Σ_rows of
   * −log softmax(x)[target] and, when `grad` is given, writes softmax(x) − onehot(target)
   * into it (unscaled: a mean reduction divides by rows). Rows whose target equals
   * `ignoreIndex` add nothing and get a zero gradient.
   */
  crossEntropy(logits: Storage, targets: Storage, rows: number, classes: number, grad: Storage | null, ignoreIndex: number): number;
  /**
   * Binary cross-entropy with logits: returns Σ of the element losses
   * max(x, 0) − x·y + log(1 + e^−|x|) and, when `grad` is given, writes σ(x) − y into it.
   */
  bceWithLogits(x: Storage, y: Storage, grad: Storage | null): number;
  /**
   * conv1d / conv2d: out[n, o, oh, ow] = x ⋆ w (+ bias[o]), as one matrix product per
   * sample and group over the input's columns (im2col), each column in a fixed order
   * whatever the batch or the threads.
   */
  conv2d(x: Storage, w: Storage, bias: Storage | null, out: Storage, g: ConvGeometry): void;
  /**
   * The convolution's gradients: gx by the transposed products and col2im, gw as the sum
   * over samples (in sample order, in float64, rounded once) of gOut · colsᵀ, gb the sum
   * of gOut over samples and positions (float64, rounded once).
   */
  conv2dBackward(args: ConvBackwardArgs): void;
  /**
   * max_pool2d: each window's maximum into `out`, and its flat position in the input
   * plane into `indices` (the first maximum wins; a NaN wins over any number, as in PyTorch).
   */
  maxPool2d(x: Storage, out: Storage, indices: Storage, p: PoolGeometry): void;
  /** gx = 0, then each output's gradient added at its maximum's position. */
  maxPool2dBackward(g: Storage, indices: Storage, gx: Storage, p: PoolGeometry): void;
  /**
   * avg_pool2d and adaptive_avg_pool2d: out[q, k] = Σ of x[q] over window k (rows
   * windows[4k] to windows[4k+1], columns windows[4k+2] to windows[4k+3], ends excluded) /
   * divisors[k], over `planes` planes of `plane` values, rows `w` long.
   */
  windowAverage(x: Storage, out: Storage, planes: number, w: number, plane: number, windows: Int32Array, divisors: Float64Array): void;
  /** Its adjoint: gx = 0, then g[q, k] / divisors[k] added over window k. */
  windowAverageBackward(g: Storage, gx: Storage, planes: number, w: number, plane: number, windows: Int32Array, divisors: Float64Array): void;
  /** out = max(x, 0) element-wise, any dtype (NaN and −0 pass through, as in PyTorch). */
  relu(x: Storage, out: Storage): void;
  /**
   * An activation's backward from its output y: out = g ⊙ act'(y) (ReLU: g where y > 0,
   * else exactly 0; sigmoid: g·y(1 − y); tanh: g·(1 − y²)). The same derivative as the
   * fused linear layer's.
   */
  activationBackward(act: Activation, g: Storage, y: Storage, out: Storage): void;

  // ---- softmax, dot, the fused losses' backward, clip-grad, half SGD, one-hot, loss reduction ----
  /**
   * softmax (or with `log`, log-softmax) of x viewed as [outer, size, inner] along its
   * middle axis: the row's max subtracted, exp once per element into a float64 row, the
   * sum in float64 (a half log-softmax along the last dim holds the sum and its log in
   * half, as PyTorch's CPU kernel). The same arguments as the devices' softmax.
   */
  softmax(x: Storage, out: Storage, outer: number, size: number, inner: number, log: boolean): void;
  /** torch.dot: out[0] = Σ a[i]·b[i], summed in float64 in index order, rounded once. */
  dot(a: Storage, b: Storage, out: Storage): void;
  /** A fused loss's backward from its kept gradient: out = grad · g[0] / denominator, rounded once. */
  lossGradScale(grad: Storage, g: Storage, denominator: number, out: Storage): void;
  /**
   * From cross-entropy's kept gradient (softmax − one-hot over [rows, classes]): its
   * log-probabilities log(grad + onehot(target)), and the one-hot of each target not
   * equal to `ignoreIndex` (zero rows for those) into `coeffs`.
   */
  crossEntropyGradLogProbs(grad: Storage, targets: Storage, rows: number, classes: number, ignoreIndex: number, logProbs: Storage, coeffs: Storage): void;
  /** clip_grad_norm_'s total p-norm of all gradients (max |g| for p = ∞): float64 sums, each gradient's norm rounded to float32. */
  gradNorm(grads: readonly Storage[], p: number): number;
  /** Every value of every gradient times `coef`, in place (clip_grad_norm_'s scaling). */
  scaleGrads(grads: readonly Storage[], coef: number): void;
  /**
   * SGD on float16 parameters, as torch.optim's single-tensor path on half tensors: each
   * step's op rounds to half, x + alpha·y in float32 over blocks of 32 and with alpha·y
   * rounded to half first in the tail (backend/js/half-sgd.ts).
   */
  sgdStepHalf(params: readonly Storage[], grads: readonly Storage[], buffers: readonly Storage[] | null, firstStep: boolean, o: SGDOptions): void;
  /** F.one_hot: out [n, classes] = 0, then 1 at (i, x[i]) for int64 indices already checked to lie in [0, classes). */
  oneHot(x: Storage, out: Storage, classes: number): void;
  /**
   * A loss's `reduction` of its per-element losses (computed in float64): "none" rounds each
   * into out, "sum" / "mean" their float64 sum (over `denominator`) into out[0], rounded once.
   */
  lossReduce(values: Float64Array, out: Storage, reduction: "none" | "sum" | "mean", denominator: number): void;
}

export type FusedKernelName = keyof FusedKernels;

/** A kernel argument with its CPU storages as storage handles (`Tensor.store`): see OnStore. */
type AsHandle<T> = T extends Storage
  ? Store
  : T extends readonly Storage[]
    ? readonly Store[]
    : T extends (...args: never[]) => unknown
      ? T
      : T extends object
        ? { [K in keyof T]: AsHandle<T[K]> }
        : T;

/**
 * Kernels as the ops see them: every storage argument is a tensor's storage handle
 * (`t.store`), never a typed array the op took out of a tensor. On the CPU the handle is
 * the backend's typed array, which only the backend indexes; ops/kernels.ts hands kernels
 * out in this form, so an op has no typed array to read (an eslint rule keeps `.data` out
 * of ops, nn, optim and autograd).
 */
export type OnStore<K> = {
  [M in keyof K]: K[M] extends (...args: infer A) => infer R ? (...args: { [I in keyof A]: AsHandle<A[I]> }) => R : K[M];
};

/**
 * A device whose memory the CPU cannot read directly (a GPU). Its buffers are opaque
 * handles (`DeviceStore`) that only it allocates, reads and writes; reading one back is
 * asynchronous. Besides the primitives it has the few data movements the ops need to run
 * a classifier on it (casts, fills, selection, gathering rows and their adjoint).
 * Element types on the device: float32, int32 and bool; int64 tensors are int32 on the
 * device (the op layer range-checks them on the way in).
 */
/**
 * The op table's fused kernels a device runs in one call each (float32 storages): the
 * same contracts as FusedKernels over the device's handles, except that the fused losses
 * leave their sum in a one-element storage (`loss`) rather than returning a number, so a
 * training step reads nothing back.
 */
export interface DeviceFusedKernels {
  linear(x: DeviceStore, w: DeviceStore, bias: DeviceStore | null, out: DeviceStore, m: number, k: number, n: number, act: LinearActivation): void;
  linearBackward(args: DeviceArgs<LinearBackwardArgs>): void;
  relu(x: DeviceStore, out: DeviceStore): void;
  activationBackward(act: Activation, g: DeviceStore, y: DeviceStore, out: DeviceStore): void;
  /** softmax (log-softmax with `log`) of x viewed as [outer, size, inner] along its middle axis. */
  softmax(x: DeviceStore, out: DeviceStore, outer: number, size: number, inner: number, log: boolean): void;
  /** Σ rows of −log softmax(logits)[target] into loss[0] (ignored rows add 0); with `grad`, softmax − one-hot (unscaled, zero on ignored rows). */
  crossEntropy(logits: DeviceStore, targets: DeviceStore, rows: number, classes: number, grad: DeviceStore | null, ignoreIndex: number, loss: DeviceStore): void;
  /** Σ of max(x, 0) − x·y + log(1 + e^−|x|) into loss[0]; with `grad`, σ(x) − y. */
  bceWithLogits(x: DeviceStore, y: DeviceStore, grad: DeviceStore | null, loss: DeviceStore): void;
  sgdStep(params: readonly DeviceStore[], grads: readonly DeviceStore[], buffers: readonly DeviceStore[] | null, firstStep: boolean, o: SGDOptions): void;
  adamStep(
    params: readonly DeviceStore[], grads: readonly DeviceStore[], expAvg: readonly DeviceStore[], expAvgSq: readonly DeviceStore[],
    maxExpAvgSq: readonly DeviceStore[] | null, step: number, o: AdamOptions,
  ): void;
  rmspropStep(
    params: readonly DeviceStore[], grads: readonly DeviceStore[], squareAvg: readonly DeviceStore[],
    gradAvg: readonly DeviceStore[] | null, buffers: readonly DeviceStore[] | null, o: RMSpropOptions,
  ): void;
  adagradStep(params: readonly DeviceStore[], grads: readonly DeviceStore[], sums: readonly DeviceStore[], step: number, o: AdagradOptions): void;
}

/**
 * A metric update counted on a device (metrics/core/device-counts.ts): binary / multi-label
 * positions laid out [rows, cols, inner] (`n` of them) into `bins` counted bins and three after.
 */
export interface BinaryTallyArgs {
  n: number;
  cols: number;
  inner: number;
  samplewise: boolean;
  bins: number;
  threshold: number;
  ignoreIndex: number | null;
  /** Only the positions not ignored decide whether the scores are logits. */
  keptScope: boolean;
  /** Count targets outside {0, 1} and label predictions outside {0, 1} as errors. */
  validate: boolean;
}

/** Multi-class positions (`n` targets, `perRow` per sample); `classes` > 0 for scores [rows, classes, perRow], 0 for labels. */
export interface MulticlassTallyArgs {
  n: number;
  perRow: number;
  classes: number;
  numClasses: number | undefined;
  topK: number;
  samplewise: boolean;
  bins: number;
  ignoreIndex: number | null;
}

/** A kernel's argument object with its CPU storages as a device's handles. */
export type DeviceArgs<T> = { [K in keyof T]: T[K] extends Storage ? DeviceStore : T[K] extends Storage | null ? DeviceStore | null : T[K] };

export interface DeviceBackend extends Primitives<DeviceStore>, DeviceFusedKernels, Movements<DeviceStore> {
  /** n zeros of `dtype` (float32, int32 or bool). */
  alloc(dtype: DeviceDType, n: number): DeviceStore;
  /** A copy of CPU values on the device (float32 from a Float32Array, int32 from an Int32Array, bool from 0 / 1 bytes). */
  upload(data: Float32Array | Int32Array | Uint8Array, dtype: DeviceDType): DeviceStore;
  /** The values back on the CPU, in `dtype`'s array (bool → Uint8Array). */
  read(s: DeviceStore): Promise<Float32Array | Int32Array | Uint8Array>;
  /** Adds a binary / multi-label metric update to an int32 tally of `bins` + 3 bins (see BinaryTallyArgs). */
  binaryTally(preds: DeviceStore, target: DeviceStore, tally: DeviceStore, args: BinaryTallyArgs): void;
  /** Adds a multi-class metric update to an int32 tally of `bins` + 3 bins (see MulticlassTallyArgs). */
  multiclassTally(preds: DeviceStore, target: DeviceStore, tally: DeviceStore, args: MulticlassTallyArgs): void;
  /** Sends recorded work to the device (a read does it too). */
  flush(): void;
  /**
   * Rounds a float32 buffer's values to binary16 in place (ties to even, overflow to ±inf,
   * subnormals kept): a float16 tensor on the device is a float32 buffer rounded after each op.
   */
  roundHalf(s: DeviceStore): void;
}

// ---- data movements: the CPU and every device, one contract ----

/**
 * The data movements ops need beyond the primitives: casts, fills, selection, gathering
 * rows and their adjoint, scans, copies. The CPU backend (over typed arrays,
 * backend/js/movements.ts) and a device (over its handles) implement the same contract,
 * so an op makes one call, `kernelsOn(x.device).gather(x.store, …)`, on every device.
 *
 * Differences the contract allows, because the CPU answers synchronously and a device
 * cannot: the CPU's integer indices (`idx`) are int64 values in a Float64Array or int32
 * positions in an Int32Array, a device's are int32; a bad index or an integer division by
 * zero throws at once on the CPU (PyTorch's IndexError / ValueError text) and fails the
 * next read on a device. A JS value an op needs at once (an element, a count of true
 * values, checked indices, torch.equal) is read through `HostReads`, which only the CPU has.
 */
export interface Movements<S = Storage> {
  /**
   * out = x converted from dtype `from` to `to` (floats to integers truncate toward zero,
   * anything to bool is x ≠ 0; tensor/convert.ts castInto on the CPU, where int64 and float64
   * share an array type and the dtypes decide; a device reads them from its buffers).
   */
  cast(x: S, out: S, from: DType, to: DType): void;
  /** Every element of out = value, as stored (the op encodes it for out's dtype). */
  fill(out: S, value: number): void;
  /** out = cond ? a : b with broadcasting, as `binary`. */
  where(cond: S, a: S, b: S, out: S, cShape: Shape, aShape: Shape, bShape: Shape, outShape: Shape): void;
  /** out[p, j, q] = x[p, idx[j], q] for x viewed as [outer, size, inner] (idx in range, wrapped). */
  indexSelect(x: S, outer: number, size: number, inner: number, idx: S, out: S): void;
  /** Its adjoint: out[p, idx[j], q] += g[p, j, q] (out viewed as [outer, size, inner]), in index order. */
  indexAdd(g: S, outer: number, size: number, inner: number, idx: S, out: S): void;
  /** torch.gather along `d` (no negative indices; one out of bounds raises PyTorch's IndexError). */
  gather(x: S, xShape: Shape, d: number, idx: S, idxShape: Shape, out: S): void;
  /**
   * scatter ("src", or a number already encoded for out's dtype) / scatter_add ("add") along
   * `d` into `out`, which already holds the input: repeated indices keep the last write and
   * add in index order.
   */
  scatter(mode: "src" | "add", out: S, outShape: Shape, d: number, idx: S, idxShape: Shape, src: S | number, srcShape: Shape): void;
  /** Running sums of x [outer, size, inner] along its middle axis (integers sum as int64 on the CPU, int32 on a device). */
  cumsum(x: S, out: S, outer: number, size: number, inner: number): void;
  /** The product of every other element along the middle axis of x [outer, size, inner] (prod's gradient). */
  productOfOthers(x: S, out: S, outer: number, size: number, inner: number): void;
  /** PyTorch's ZeroDivisionError (ZERO_DIVISION) when an element of the integer divisor x is 0. */
  checkDivisor(x: S): void;
  /** dst[to, to + n) = src[from, from + n). */
  copyRange(src: S, from: number, dst: S, to: number, n: number): void;
}

/**
 * The CPU's synchronous reads: an op that needs a JS value from a tensor's numbers at once
 * (PyTorch's CPU answers those synchronously too) asks the backend for exactly that value,
 * so no op holds a typed array. A device has none of these: its values come back
 * asynchronously (`await t.cpuAsync()`), and the ops refuse or check on the device instead.
 */
export interface HostReads {
  /** Element i as a number (bool as 0 / 1, int64 as a double). */
  item(x: Storage, i: number): number;
  /** Integer indices checked against [−size, size) (PyTorch's IndexError naming dim `d`) and wrapped into [0, size). */
  wrapIndices(idx: Storage, size: number, d: number): Int32Array;
  /** The positions of the non-zero elements, in order (a boolean mask's kept entries). */
  nonzero(x: Storage): Int32Array;
  /** Whether |a − b| ≤ atol + rtol·|b| everywhere (equal lengths; NaN equal to NaN only with equalNan): torch.allclose, and torch.equal with zeros. */
  allClose(a: Storage, b: Storage, rtol: number, atol: number, equalNan: boolean): boolean;
  /**
   * torch.unique's grouping of x viewed as [outer, size, inner]: the `size` slices sorted
   * (lexicographically, NaN last, ties in input order) and equal neighbours grouped (NaN
   * equals nothing). Returns each slice's group, each group's first slice and its count.
   */
  uniqueGroups(x: Storage, outer: number, size: number, inner: number): { inverse: Float64Array; firsts: Int32Array; counts: Float64Array };
  /**
   * torch.sort's order of x viewed as [outer, size, inner]: for each slice along the middle
   * dim, the positions of its elements ascending (or descending), NaN as the largest value,
   * equal values in input order (stable). Written in x's layout.
   */
  sortOrder(x: Storage, outer: number, size: number, inner: number, descending: boolean): Int32Array;
  /** The typed array itself, for a transfer to another device or a user-facing read (never indexed by an op). */
  hostArray(x: Storage): Storage;
}

/** The element types a device backend stores. */
export type DeviceDType = "float32" | "int32" | "bool";

/**
 * A device's kernels: the primitives and every fused kernel of the op table. A new device
 * is one folder under `backend/` exporting one of these.
 */
export interface Backend extends Primitives<Storage>, FusedKernels, Movements<Storage>, HostReads {
  readonly name: string;
}
