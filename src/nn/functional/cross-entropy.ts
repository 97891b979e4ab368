/**
 * Cross-entropy and negative log-likelihood as single ops, their loops in the backend's
 * kernels (crossEntropyRows, nllRows and their backwards, backend/js/losses.ts).
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
import { fused } from "../../ops/kernels.js";
import { isGradEnabled } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/node.js";
import { OPS } from "../../ops/table.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { indexCrossEntropy, indexTargetLoss, probabilityTargetLoss } from "./composed-loss.js";
import { empty, requireFloatKernel } from "../../ops/util.js";
import { isFloating, promoteTypes } from "../../tensor/dtype.js";
import { numelOf, shapeEq } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { atenSizes, scalarTypeName } from "../format.js";
import { fusedCrossEntropy } from "./fused-loss.js";
import { cast } from "../../ops/cast.js";
import { add, exp, mul, neg, sub } from "../../ops/elementwise.js";
import { asLogSoftmaxOf, logSoftmax } from "../../ops/softmax.js";
import { checkReduction, reduceLoss, refuseGradOf, upstreamTensor, type Reduction } from "./reduction.js";

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
  return { ...lay, counted: fused(OPS.nllLoss).nllTargets(target.store, lay.classes, ignoreIndex) };
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
    // PyTorch composes this form of ops, so a class weight that requires grad gets one.
    if (weight?.requiresGrad && isGradEnabled()) return weightedProbabilityLoss(input, target, weight, lay, eps, reduction);
    if (input.device !== "cpu" || target.device !== "cpu") {
      if (input.device !== target.device) throw mixedDevices(input.device, target.device);
      requireFloatKernel(input, "log_softmax_lastdim_kernel_impl");
      return probabilityTargetLoss(input, target, weight, lay, eps, reduction);
    }
  } else {
    // The class-index forms go through nll_loss, which does not differentiate its weight.
    refuseGradOf(weight, "nll_loss_forward", "weight");
    if (input.device !== "cpu" || target.device !== "cpu") return deviceCrossEntropyOf(input, target, weight, eps, reduction, ignoreIndex);
    lay = checkIndexTarget(input, target, weight, ignoreIndex);
  }
  requireFloatKernel(input, "log_softmax_lastdim_kernel_impl");
  if (input.dtype === "float16") return halfCrossEntropy(input, target, weight, eps, probabilities, reduction, ignoreIndex);
  if (!probabilities && input.ndim === 2 && target.ndim === 1 && !weight && eps === 0 && reduction !== "none") {
    return fusedCrossEntropy(input, target, reduction, ignoreIndex, lay.counted);
  }

  const rows = lay.n * lay.inner;
  const lse = new Float64Array(rows);
  const losses = new Float64Array(rows);
  // For class indices: the weight of each row's class (0 when ignored); their sum is the mean's denominator.
  const rowWeight = probabilities ? null : new Float64Array(rows);
  const kernels = fused(OPS.crossEntropySlow);
  const layout = { n: lay.n, classes: lay.classes, inner: lay.inner };
  const denominator = kernels.crossEntropyRows({
    ...layout, x: input.store, target: target.store, weight: weight?.store ?? null, probabilities, eps, ignoreIndex, lse, losses, rowWeight,
  });
  const dtype = probabilities ? promoteTypes(input.dtype, target.dtype) : input.dtype;
  const out = reduceLoss(losses, lay.rowShape, dtype, reduction, denominator);
  // The node keeps its own copies of the logits and class weights, as PyTorch's keeps its
  // log-softmax: changing either in place later cannot reach the gradient.
  const recording = isGradEnabled() && (input.requiresGrad || target.requiresGrad);
  const xs = recording ? input.detach().clone() : input, ws = recording && weight ? weight.detach().clone() : weight;

  return record(out, OPS.crossEntropySlow, [input, target], {
    composed: (g) => {
      const logProbs = empty(input.shape, input.dtype);
      kernels.crossEntropyLogProbs(xs.store, lse, logProbs.store, layout);
      const weights = ws ? (ws.dtype === input.dtype ? ws : cast(ws, input.dtype)) : null;
      const coeffs = probabilities
        ? mul(add(mul(target, 1 - eps), eps / lay.classes), weights ? classAxis(weights, input.ndim) : 1)
        : indexCoefficients(input, lay, target, ws, eps, ignoreIndex);
      return composedCrossEntropyGrads(input, target, logProbs, coeffs, g, reduction, denominator, probabilities ? { weights, eps } : null);
    },
    kernel: (g) => {
      const gx = input.requiresGrad ? empty(input.shape, input.dtype) : null;
      const gt = probabilities && target.requiresGrad ? empty(target.shape, target.dtype) : null;
      kernels.crossEntropyRowsBackward({
        ...layout, x: xs.store, target: target.store, weight: ws?.store ?? null, probabilities, eps, ignoreIndex, lse, rowWeight,
        up: { g: g.store, reduction, denominator }, gx: gx?.store ?? null, gt: gt?.store ?? null,
      });
      return [gx, gt];
    },
  }, crossEntropyNodeName(input.ndim, reduction, probabilities, eps));
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
export function indexCoefficients(
  input: Tensor, lay: Layout, target: Tensor, weight: Tensor | null, eps: number, ignoreIndex: number,
): Tensor {
  const a = empty(input.shape, input.dtype);
  const layout = { n: lay.n, classes: lay.classes, inner: lay.inner };
  fused(OPS.nllLoss).classCoefficients(target.store, weight?.store ?? null, a.store, layout, eps, ignoreIndex);
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
 * Cross-entropy against class probabilities with a class weight that requires grad, from
 * ops: ℓ_row = −Σ_c w_c·t_c·log softmax(x)_c, with t smoothed to (1 − ε)·t + ε/C.
 */
function weightedProbabilityLoss(input: Tensor, target: Tensor, weight: Tensor, lay: Layout, eps: number, reduction: Reduction): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const t = eps > 0 ? add(mul(target, 1 - eps), eps / lay.classes) : target;
  // The weight along the class dim: [C] for a 1-D input, [C, 1, …] for [N, C, d…].
  const w = input.ndim <= 2 ? weight : weight.reshape([lay.classes, ...input.shape.slice(2).map(() => 1)]);
  const rows = neg(mul(mul(t, w), logSoftmax(input, classDim)).sum(classDim));
  return reduction === "none" ? rows : reduction === "sum" ? rows.sum() : rows.mean();
}

/** F.nll_loss: log-probabilities [N, C], [C] or [N, C, d…] against int64 class indices. */
export function nllLoss(input: Tensor, target: Tensor, opts: NLLLossOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction ?? "mean");
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const weight = opts.weight ?? null;
  refuseGradOf(weight, "nll_loss_forward", "weight");
  const lay = checkIndexTarget(input, target, weight, ignoreIndex);
  requireFloatKernel(input, "nll_loss_out_frame");
  if (input.device !== "cpu" || target.device !== "cpu") {
    if (input.device !== target.device) throw mixedDevices(input.device, target.device);
    return indexTargetLoss(input, target, weight, lay, ignoreIndex, reduction);
  }
  const rows = lay.n * lay.inner;
  const kernels = fused(OPS.nllLoss);
  const layout = { n: lay.n, classes: lay.classes, inner: lay.inner };
  const x = input.store, t = target.store, w = weight?.store ?? null;
  const losses = new Float64Array(rows);
  const rowWeight = new Float64Array(rows);
  const denominator = kernels.nllRows(x, t, w, layout, ignoreIndex, losses, rowWeight);
  let out: Tensor;
  if (input.dtype === "float16" && input.ndim <= 2 && reduction !== "none") {
    // Summed in half, as PyTorch's CPU kernel does (its rounding differs from one float32
    // sum: checked in the float16 fixture's MLP loss).
    out = empty([], "float16");
    kernels.nllHalfTotal(x, t, w, layout, ignoreIndex, reduction === "mean", out.store);
  } else out = reduceLoss(losses, lay.rowShape, input.dtype, reduction, denominator);
  return record(out, OPS.nllLoss, [input, target], {
    kernel: (g) => {
      const gx = empty(input.shape, input.dtype);
      kernels.nllRowsBackward(t, rowWeight, layout, ignoreIndex, { g: g.store, reduction, denominator }, gx.store);
      return [gx, null];
    },
    // −s·w_y at each row's target: linear in the upstream gradient, constant in the input.
    composed: (g) => {
      const s = reduction === "none" && input.ndim > 1 ? g.unsqueeze(1) : upstreamTensor(g, reduction, denominator);
      return [cast(neg(mul(s, indexCoefficients(input, lay, target, weight, 0, ignoreIndex))), input.dtype), null];
    },
  }, nllNodeName(input.ndim, reduction));
}
