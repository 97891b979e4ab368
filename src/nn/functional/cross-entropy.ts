/**
 * Cross-entropy and negative log-likelihood as single ops on the typed arrays.
 *
 * The input is viewed as [N, C, L]: N = size of dim 0, C = classes (dim 1, or dim 0 for
 * a 1-D input), L = the product of any further dims. Cross-entropy takes a stable
 * log-sum-exp per row and writes each row's loss as Σ_c a_c·(lse - x_c), where a_c are
 * the row's target coefficients (class weight, label smoothing, or the class
 * probabilities). Its gradient is then s·(softmax_c·Σa - a_c), with s the upstream
 * gradient share of the row — no log-softmax tensor is ever built.
 */
import { deviceCrossEntropy } from "./device-loss.js";
import { mixedDevices } from "../../tensor/device.js";
import { isGradEnabled } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { DTypeError, IndexError, ShapeError, ValueError } from "../../errors.js";
import { indexCrossEntropy, indexTargetLoss, probabilityTargetLoss } from "./composed-loss.js";
import { empty, requireFloatKernel } from "../../ops/util.js";
import { allocate, isFloating, promoteTypes } from "../../tensor/dtype.js";
import { numelOf, shapeEq } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { atenSizes, scalarTypeName } from "../format.js";
import { fusedCrossEntropy } from "./fused-loss.js";
import { cast } from "../../ops/cast.js";
import { add, exp, mul, neg, sub } from "../../ops/elementwise.js";
import { asLogSoftmaxOf, logSoftmax } from "../../ops/softmax.js";
import { roundHalf, settleHalf } from "../../tensor/half.js";
import { checkReduction, reduceLoss, upstreamScale, upstreamTensor, type Reduction } from "./reduction.js";
import { libm } from "../../backend/libm.js";

export interface NLLLossOptions {
  /** One weight per class. */
  weight?: Tensor | null;
  /** Targets equal to this contribute nothing (and are not counted by "mean"). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NLLLossOptions {
  /** Mixes the target with the uniform distribution: (1 - ε)·target + ε / C. */
  labelSmoothing?: number;
}

/** The [N, C, L] view of an input, and the shape of its per-row losses. */
export interface Layout {
  n: number;
  classes: number;
  inner: number;
  rowShape: number[];
  /** Targets not ignored (index targets only, from checkIndexTarget). */
  counted?: number;
}

export function layoutOf(input: Tensor): Layout {
  if (input.ndim === 1) return { n: 1, classes: input.shape[0], inner: 1, rowShape: [] };
  const inner = numelOf(input.shape.slice(2));
  return { n: input.shape[0], classes: input.shape[1], inner, rowShape: [input.shape[0], ...input.shape.slice(2)] };
}

/** Offset of element (row r, class 0) of the [N, C, L] view, r = b·L + l; class c is at + c·L. */
function rowBase(r: number, lay: Layout): number {
  if (lay.inner === 1) return r * lay.classes;
  const b = Math.floor(r / lay.inner);
  return b * lay.classes * lay.inner + (r - b * lay.inner);
}

/** nll_loss's checks on class-index targets, with PyTorch's messages, in its order. */
function checkIndexTarget(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, prefix = ""): Layout {
  if (input.ndim < 1) throw new ValueError(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.ndim !== 1 && target.ndim > 0 && input.shape[0] !== target.shape[0]) {
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`);
  }
  const lay = layoutOf(input);
  if (input.ndim <= 2) {
    if (target.ndim > 1) throw new ShapeError("0D or 1D target tensor expected, multi-target not supported");
    if (input.ndim === 1 && target.ndim === 1 && target.shape[0] !== 1) {
      throw new ValueError(`For 1D input, 1D target must have size 1, but got target size: ${target.shape[0]}`);
    }
  } else if (input.ndim === 4) {
    if (!shapeEq(target.shape, lay.rowShape)) {
      throw new ShapeError(`size mismatch (got input: ${atenSizes(input.shape)} , target: ${atenSizes(target.shape)}`);
    }
  } else if (!shapeEq(target.shape, lay.rowShape)) {
    throw new ShapeError(`Expected target size ${atenSizes(lay.rowShape)}, got ${atenSizes(target.shape)}`);
  }
  if (weight && (weight.ndim !== 1 || weight.numel() !== lay.classes)) {
    throw new ShapeError(
      `${prefix}weight tensor should be defined either for all ${lay.classes} classes or no classes but got weight tensor of shape: ${atenSizes(weight.shape)}`,
    );
  }
  if (target.dtype !== "int64") {
    throw new DTypeError(`expected target dtype to be Long or Byte, but got ${scalarTypeName(target.dtype)}`);
  }
  // A device's targets are range-checked where their range is known (composed-loss.ts).
  if (target.device !== "cpu") return lay;
  const t = target.data;
  let counted = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignoreIndex) continue;
    if (t[i] < 0 || t[i] >= lay.classes) throw new IndexError(`Target ${t[i]} is out of bounds.`);
    counted++;
  }
  return { ...lay, counted };
}

/**
 * cross_entropy on a device against class indices: the common case (logits [N, C], no
 * weight or smoothing, reduced) in the fused kernel, the others composed of ops.
 */
function deviceCrossEntropyOf(input: Tensor, target: Tensor, weight: Tensor | null, eps: number, reduction: Reduction, ignoreIndex: number): Tensor {
  if (input.device !== target.device) throw mixedDevices(input.device, target.device);
  if (input.ndim !== 2 || target.ndim !== 1 || weight || eps !== 0 || reduction === "none") {
    const lay = checkIndexTarget(input, target, weight, ignoreIndex);
    requireFloatKernel(input, "log_softmax_lastdim_kernel_impl");
    return indexCrossEntropy(input, target, weight, lay, eps, ignoreIndex, reduction);
  }
  if (input.shape[0] !== target.shape[0]) {
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`);
  }
  if (target.dtype !== "int64") throw new DTypeError(`expected target dtype to be Long or Byte, but got ${scalarTypeName(target.dtype)}`);
  requireFloatKernel(input, "log_softmax_lastdim_kernel_impl");
  return deviceCrossEntropy(input, target, reduction as "mean" | "sum", ignoreIndex);
}

/**
 * F.cross_entropy: logits [N, C], [C] or [N, C, d…] against class indices (int64) or,
 * when the target has the input's shape, class probabilities.
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction ?? "mean");
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const smoothing = opts.labelSmoothing ?? 0;
  const weight = opts.weight ?? null;
  const probabilities = shapeEq(input.shape, target.shape);
  if (probabilities) {
    if (!isFloating(target.dtype)) {
      throw new DTypeError(`Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`);
    }
    if (ignoreIndex >= 0) throw new ValueError("ignore_index is not supported for floating point target");
  }
  if (smoothing > 1) throw new ValueError(`label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
  const eps = Math.max(smoothing, 0);
  let lay: Layout;
  if (probabilities) {
    if (input.ndim < 1) throw new ValueError(`Expected 1 or more dimensions (got ${input.ndim})`);
    lay = layoutOf(input);
    if (weight && (weight.ndim !== 1 || weight.numel() !== lay.classes)) {
      throw new ShapeError(
        `cross_entropy: weight tensor should be defined either for all ${lay.classes} classes or no classes but got weight tensor of shape: ${atenSizes(weight.shape)}`,
      );
    }
    if (input.device !== "cpu" || target.device !== "cpu") {
      if (input.device !== target.device) throw mixedDevices(input.device, target.device);
      requireFloatKernel(input, "log_softmax_lastdim_kernel_impl");
      return probabilityTargetLoss(input, target, weight, lay, eps, reduction);
    }
  } else if (input.device !== "cpu" || target.device !== "cpu") {
    return deviceCrossEntropyOf(input, target, weight, eps, reduction, ignoreIndex);
  } else {
    lay = checkIndexTarget(input, target, weight, ignoreIndex);
  }
  requireFloatKernel(input, "log_softmax_lastdim_kernel_impl");
  if (input.dtype === "float16") return halfCrossEntropy(input, target, weight, eps, probabilities, reduction, ignoreIndex);
  if (!probabilities && input.ndim === 2 && target.ndim === 1 && !weight && eps === 0 && reduction !== "none") {
    return fusedCrossEntropy(input, target, reduction, ignoreIndex, lay.counted);
  }

  const { classes: C, inner: L } = lay;
  const rows = lay.n * lay.inner;
  const x = input.data, t = target.data, w = weight?.data ?? null;
  let weightSum = 0;
  for (let c = 0; c < C; c++) weightSum += w ? w[c] : 1;
  const lse = new Float64Array(rows);
  const losses = new Float64Array(rows);
  // For class indices: the weight of each row's class (0 when ignored); their sum is the mean's denominator.
  const rowWeight = probabilities ? null : new Float64Array(rows);
  let denominator = probabilities ? rows : 0;
  for (let r = 0; r < rows; r++) {
    const base = rowBase(r, lay);
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, x[base + c * L]);
    if (!Number.isFinite(m)) m = m === -Infinity ? 0 : m;
    let s = 0;
    for (let c = 0; c < C; c++) s += libm.exp(x[base + c * L] - m);
    const l = m + libm.log(s);
    lse[r] = l;
    if (rowWeight) {
      const y = t[r];
      if (y === ignoreIndex) continue;
      const wy = w ? w[y] : 1;
      rowWeight[r] = wy;
      denominator += wy;
      let loss = (1 - eps) * wy * (l - x[base + y * L]);
      if (eps > 0) {
        let smooth = 0;
        for (let c = 0; c < C; c++) smooth += (w ? w[c] : 1) * (l - x[base + c * L]);
        loss += (eps / C) * smooth;
      }
      losses[r] = loss;
    } else {
      let loss = 0;
      for (let c = 0; c < C; c++) {
        const o = base + c * L;
        loss += (w ? w[c] : 1) * ((1 - eps) * t[o] + eps / C) * (l - x[o]);
      }
      losses[r] = loss;
    }
  }
  const dtype = probabilities ? promoteTypes(input.dtype, target.dtype) : input.dtype;
  const out = reduceLoss(losses, lay.rowShape, dtype, reduction, denominator);
  // The node keeps its own copies of the logits and class weights, as PyTorch's keeps its
  // log-softmax: changing either in place later cannot reach the gradient.
  const recording = isGradEnabled() && (input.requiresGrad || target.requiresGrad);
  const xs = recording ? x.slice() : x, ws = recording && w ? w.slice() : w;

  return record(out, OPS.crossEntropySlow, [input, target], {
    composed: (g) => {
      const logProbs = empty(input.shape, input.dtype);
      for (let r = 0; r < rows; r++) {
        const base = rowBase(r, lay);
        for (let c = 0; c < C; c++) logProbs.data[base + c * L] = xs[base + c * L] - lse[r];
      }
      const weights = ws ? new Tensor(ws.slice(), [C], input.dtype) : null;
      const coeffs = probabilities
        ? mul(add(mul(target, 1 - eps), eps / C), weights ? classAxis(weights, input.ndim) : 1)
        : indexCoefficients(input, lay, t, ws, eps, ignoreIndex);
      return composedCrossEntropyGrads(input, target, logProbs, coeffs, g, reduction, denominator, probabilities ? { weights, eps } : null);
    },
    kernel: (g) => kernelGrads(g),
  }, crossEntropyNodeName(input.ndim, reduction, probabilities, eps));

  function kernelGrads(g: Tensor): (Tensor | null)[] {
    const scale = upstreamScale(g, reduction, denominator);
    const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
    const gt = probabilities && target.requiresGrad ? empty(target.shape, target.dtype) : null;
    for (let r = 0; r < rows; r++) {
      const s = scale(r);
      const base = rowBase(r, lay);
      if (rowWeight) {
        if (!gx || t[r] === ignoreIndex) continue;
        const y = t[r];
        // a_c = (1 - ε)·w_y·[c = y] + (ε / C)·w_c, so Σa = (1 - ε)·w_y + (ε / C)·Σw.
        const total = (1 - eps) * rowWeight[r] + (eps / C) * weightSum;
        for (let c = 0; c < C; c++) {
          const o = base + c * L;
          const a = (c === y ? (1 - eps) * rowWeight[r] : 0) + (eps / C) * (ws ? ws[c] : 1);
          gx.data[o] = s * (libm.exp(xs[o] - lse[r]) * total - a);
        }
      } else {
        let total = 0;
        for (let c = 0; c < C; c++) total += (ws ? ws[c] : 1) * ((1 - eps) * t[base + c * L] + eps / C);
        for (let c = 0; c < C; c++) {
          const o = base + c * L;
          const wc = ws ? ws[c] : 1;
          if (gx) gx.data[o] = s * (libm.exp(xs[o] - lse[r]) * total - wc * ((1 - eps) * t[o] + eps / C));
          if (gt) gt.data[o] = s * (1 - eps) * wc * (lse[r] - xs[o]);
        }
      }
    }
    return [gx, gt];
  }
}

/**
 * Cross-entropy in float16 as PyTorch composes it: log-softmax (rounded to half), then
 * nll_loss, each with its own half gradient. Label smoothing and class probabilities are
 * not made half-aware in Kindling and are refused.
 */
function halfCrossEntropy(
  input: Tensor, target: Tensor, weight: Tensor | null, eps: number, probabilities: boolean, reduction: Reduction, ignoreIndex: number,
): Tensor {
  if (probabilities || eps > 0) {
    throw new DTypeError(`"cross_entropy with ${probabilities ? "class probabilities" : "label_smoothing"}" not implemented for 'Half' in Kindling (compute it in float32)`);
  }
  return nllLoss(logSoftmax(input, input.ndim === 1 ? 0 : 1), target, { weight, ignoreIndex, reduction });
}

/** Per-class values [C] laid along the class dim of an input of `ndim` dims, to broadcast. */
export function classAxis(v: Tensor, ndim: number): Tensor {
  return ndim <= 1 ? v : v.reshape([1, v.numel(), ...new Array<number>(ndim - 2).fill(1)]);
}

/**
 * The coefficients a of each row's loss Σ_c a_c·(lse − x_c) for class-index targets:
 * (1 − ε)·w_y at the target class plus (ε / C)·w_c everywhere, zero on ignored rows; in
 * the input's layout and dtype. A constant: targets are indices.
 */
export function indexCoefficients(input: Tensor, lay: Layout, t: ArrayLike<number>, w: ArrayLike<number> | null, eps: number, ignoreIndex: number): Tensor {
  const a = empty(input.shape, input.dtype), C = lay.classes, L = lay.inner;
  for (let r = 0; r < lay.n * L; r++) {
    const y = t[r];
    if (y === ignoreIndex) continue;
    const base = rowBase(r, lay);
    for (let c = 0; c < C; c++) a.data[base + c * L] = (c === y ? (1 - eps) * (w ? w[y] : 1) : 0) + (eps / C) * (w ? w[c] : 1);
  }
  return a;
}

/**
 * Cross-entropy's gradients from ops, for a backward that is itself recorded
 * (createGraph). `logProbs` are the node's own log-probabilities in the input's layout:
 * given log-softmax's node on the input, second derivatives flow through them as through
 * PyTorch's saved log-softmax. With A the coefficients of the loss −Σ A·log p:
 * d/dx = s·(p·ΣA − A) and, for probability targets, d/dt = −s·(1 − ε)·w·log p.
 */
export function composedCrossEntropyGrads(
  input: Tensor, target: Tensor, logProbs: Tensor, coeffs: Tensor, g: Tensor, reduction: Reduction, denominator: number,
  probabilities: { weights: Tensor | null; eps: number } | null,
): (Tensor | null)[] {
  const classDim = input.ndim === 1 ? 0 : 1;
  const s = reduction === "none" && input.ndim > 1 ? g.unsqueeze(1) : upstreamTensor(g, reduction, denominator);
  const lp = asLogSoftmaxOf(logProbs, input, classDim);
  const total = coeffs.sum({ dim: classDim, keepdim: true });
  const gx = input.requiresGrad ? cast(mul(s, sub(mul(exp(lp), total), coeffs)), input.dtype) : null;
  if (!probabilities || !target.requiresGrad) return [gx, null];
  const w = probabilities.weights ? classAxis(probabilities.weights, input.ndim) : 1;
  return [gx, cast(mul(mul(s, w), mul(lp, -(1 - probabilities.eps))), target.dtype)];
}

/**
 * The grad_fn PyTorch shows for nll_loss (and cross-entropy with class indices, which is
 * log_softmax then nll_loss): NllLoss2DBackward0 from 3-D inputs on, except that with no
 * reduction 3-D and 5-D-plus inputs come back through a view.
 */
export function nllNodeName(ndim: number, reduction: string): string {
  if (ndim < 3) return "NllLossBackward0";
  return reduction === "none" && ndim !== 4 ? "ViewBackward0" : "NllLoss2DBackward0";
}

/**
 * PyTorch's grad_fn for cross_entropy: nll_loss's for class indices; label smoothing adds
 * the smoothing term last (AddBackward0); class probabilities end in a negation, divided
 * by the batch size under "mean" (DivBackward1).
 */
function crossEntropyNodeName(ndim: number, reduction: string, probabilities: boolean, smoothing: number): string {
  if (probabilities) return reduction === "mean" ? "DivBackward1" : "NegBackward0";
  return smoothing > 0 ? "AddBackward0" : nllNodeName(ndim, reduction);
}

/**
 * nll_loss's reduced value in half, as PyTorch's CPU kernel sums it: in half arithmetic
 * (each step rounded), through a cascade of 8 partial sums, each taking over the one below
 * every 16 rows, added up from the lowest at the end; the mean divides by the total
 * weight, also summed in half. (Its rounding differs from one float32 sum: checked in the
 * float16 fixture's MLP loss.)
 */
function halfNllTotal(input: Tensor, t: ArrayLike<number>, w: ArrayLike<number> | null, lay: Layout, ignoreIndex: number, reduction: Reduction): Tensor {
  const LEVELS = 8, POWER = 4, MASK = 15;
  const loss = new Float64Array(LEVELS), weights = new Float64Array(LEVELS);
  const x = input.data;
  let ignored = 0;
  for (let b = 0; b < lay.n; b++) {
    const y = t[b];
    if (y === ignoreIndex) {
      ignored++;
      continue;
    }
    const v = x[rowBase(b, lay) + y];
    if (w) {
      loss[0] = roundHalf(loss[0] - roundHalf(v * w[y]));
      weights[0] = roundHalf(weights[0] + w[y]);
    } else loss[0] = roundHalf(loss[0] - v);
    for (let j = 0; j + 1 < LEVELS; j++) {
      if ((b & (MASK << (j * POWER))) !== 0) break;
      loss[j + 1] = roundHalf(loss[j + 1] + loss[j]);
      weights[j + 1] = roundHalf(weights[j + 1] + weights[j]);
      loss[j] = 0;
      weights[j] = 0;
    }
  }
  let total = 0, weight = 0;
  for (let j = 0; j < LEVELS; j++) {
    total = roundHalf(total + loss[j]);
    weight = roundHalf(weight + weights[j]);
  }
  if (!w) weight = roundHalf(lay.n - ignored);
  const out = allocate("float16", 1);
  out[0] = reduction === "mean" ? roundHalf(total / weight) : total;
  return new Tensor(out, [], "float16");
}

/** F.nll_loss: log-probabilities [N, C], [C] or [N, C, d…] against int64 class indices. */
export function nllLoss(input: Tensor, target: Tensor, opts: NLLLossOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction ?? "mean");
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const weight = opts.weight ?? null;
  const lay = checkIndexTarget(input, target, weight, ignoreIndex);
  requireFloatKernel(input, "nll_loss_out_frame");
  if (input.device !== "cpu" || target.device !== "cpu") {
    if (input.device !== target.device) throw mixedDevices(input.device, target.device);
    return indexTargetLoss(input, target, weight, lay, ignoreIndex, reduction);
  }
  const rows = lay.n * lay.inner;
  const L = lay.inner;
  const x = input.data, t = target.data, w = weight?.data ?? null;
  const losses = new Float64Array(rows);
  const rowWeight = new Float64Array(rows);
  let denominator = 0;
  for (let r = 0; r < rows; r++) {
    const y = t[r];
    if (y === ignoreIndex) continue;
    const base = rowBase(r, lay);
    const wy = w ? w[y] : 1;
    rowWeight[r] = wy;
    denominator += wy;
    losses[r] = -wy * x[base + y * L];
  }
  const out = input.dtype === "float16" && input.ndim <= 2 && reduction !== "none"
    ? halfNllTotal(input, t, w, lay, ignoreIndex, reduction)
    : reduceLoss(losses, lay.rowShape, input.dtype, reduction, denominator);
  return record(out, OPS.nllLoss, [input, target], {
    kernel: (g) => {
      const scale = upstreamScale(g, reduction, denominator);
      const gx = empty(input.shape, input.dtype);
      for (let r = 0; r < rows; r++) {
        if (t[r] !== ignoreIndex) gx.data[rowBase(r, lay) + t[r] * L] = -scale(r) * rowWeight[r];
      }
      settleHalf(gx.data);
      return [gx, null];
    },
    // −s·w_y at each row's target: linear in the upstream gradient, constant in the input.
    composed: (g) => {
      const s = reduction === "none" && input.ndim > 1 ? g.unsqueeze(1) : upstreamTensor(g, reduction, denominator);
      return [cast(neg(mul(s, indexCoefficients(input, lay, t, w, 0, ignoreIndex))), input.dtype), null];
    },
  }, nllNodeName(input.ndim, reduction));
}
