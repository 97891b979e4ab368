/**
 * The fused losses' common cases on a device (a GPU), through the fused kernels their
 * op-table entries declare (OPS.crossEntropy, OPS.fusedLoss), as on the CPU: one pass
 * computes every row's loss and, when a gradient will be needed, the gradient itself
 * (softmax − one-hot, σ(x) − t); the sum stays in a device storage, so a training step
 * reads nothing back, and the backward is one scaling. The composed form (ops, so
 * differentiable) serves create_graph.
 *
 * A class index out of range cannot be found without reading the targets back: the
 * kernel raises the device's flag and the next read throws PyTorch's "Target t is out of
 * bounds."; where the targets came to the device from the CPU, their range was recorded
 * then (ops/device.ts) and is checked here at once, as the CPU checks it.
 */
import { fusedBackward, record } from "../../autograd/node.js";
import { isGradEnabled, noGrad } from "../../autograd/grad-mode.js";
import { IndexError } from "../../errors.js";
import { OPS } from "../../ops/table.js";
import { uploadedRange } from "../../ops/device.js";
import { deviceBackend } from "../../ops/kernels.js";
import * as ew from "../../ops/elementwise.js";
import { logSoftmax, softmax } from "../../ops/softmax.js";
import { sum } from "../../ops/reduce.js";
import { unfilled } from "../../ops/util.js";
import { arange } from "../../tensor/creation.js";
import type { Device } from "../../tensor/device.js";
import type { Tensor } from "../../tensor/tensor.js";

type GpuDevice = Exclude<Device, "cpu">;

/**
 * Class indices uploaded from the CPU (and unchanged) have a known range: one out of bounds
 * is refused at once, as on the CPU. Returns that range (null when the indices were computed
 * on the device; those are checked there).
 */
export function checkUploadedTargets(target: Tensor, classes: number, ignoreIndex: number): { min: number; max: number } | null {
  const range = uploadedRange(target);
  if (range && (range.max >= classes || (range.min < 0 && range.min !== ignoreIndex))) {
    throw new IndexError(`Target ${range.max >= classes ? range.max : range.min} is out of bounds.`);
  }
  return range;
}

/** [N, C] booleans, true at each row's target class (none for an ignored or out-of-range target), on the targets' device. */
function targetOneHot(target: Tensor, classes: number): Tensor {
  return ew.eq(target.unsqueeze(1), arange(classes, { dtype: "int32", device: target.device }).unsqueeze(0));
}

/** F.cross_entropy of logits [N, C] against int64 class indices [N] on a device; "mean" or "sum". */
export function deviceCrossEntropy(input: Tensor, target: Tensor, reduction: "mean" | "sum", ignoreIndex: number): Tensor {
  const device = input.device as GpuDevice;
  const [rows, classes] = input.shape;
  const range = checkUploadedTargets(target, classes, ignoreIndex);
  if (input.dtype === "float16") return halfDeviceCrossEntropy(input, target, reduction, ignoreIndex);
  const withGrad = isGradEnabled() && input.requiresGrad;
  const grad = withGrad ? unfilled(input.shape, input.dtype, device) : null;
  const total = unfilled([], input.dtype, device);
  deviceBackend(device).crossEntropy(input.store, target.store, rows, classes, grad ? grad.store : null, ignoreIndex, total.store);
  // The mean's denominator, the targets not ignored: every row when the uploaded range
  // leaves ignoreIndex out (no work on the device), else counted there.
  const denominator: Tensor | number = reduction === "sum" ? 1
    : range && (ignoreIndex < range.min || ignoreIndex > range.max) ? rows
    : noGrad(() => sum(ew.ne(target, ignoreIndex)));
  const loss = denominator === 1 ? total : ew.div(total, denominator);
  if (!grad) return loss;
  const composed = (g: Tensor): (Tensor | null)[] => {
    // (softmax − one-hot) on the rows not ignored, times upstream, over the count for a mean.
    const valid = ew.ne(target, ignoreIndex).unsqueeze(1);
    return [ew.div(ew.mul(ew.mul(ew.sub(softmax(input, 1), targetOneHot(target, classes).to(input.dtype)), valid), g), denominator), null];
  };
  return record(loss, OPS.crossEntropy, [input, target], fusedBackward(scaled(grad, denominator), composed), "NllLossBackward0");
}

/**
 * float16 on a device: recorded ops, so the gradient is PyTorch's composition (nll_loss's
 * half gradient, then log-softmax's backward in float32, rounded once) rather than the
 * float32 shortcut softmax − one-hot, which would round differently.
 */
function halfDeviceCrossEntropy(input: Tensor, target: Tensor, reduction: "mean" | "sum", ignoreIndex: number): Tensor {
  const hot = ew.logicalAnd(targetOneHot(target, input.shape[1]), ew.ne(target, ignoreIndex).unsqueeze(1));
  const total = ew.neg(sum(ew.where(hot, logSoftmax(input, 1), 0)));
  return reduction === "mean" ? ew.div(total, sum(hot).to("float16")) : total;
}

/** F.binary_cross_entropy_with_logits on a device, same-shape float input and target; "mean" or "sum". */
export function deviceBceWithLogits(input: Tensor, target: Tensor, reduction: "mean" | "sum"): Tensor {
  const device = input.device as GpuDevice;
  const n = input.numel();
  const withGrad = isGradEnabled() && input.requiresGrad;
  const grad = withGrad ? unfilled(input.shape, input.dtype, device) : null;
  const total = unfilled([], input.dtype, device);
  deviceBackend(device).bceWithLogits(input.store, target.store, grad ? grad.store : null, total.store);
  const denominator = reduction === "mean" ? n : 1;
  const loss = denominator === 1 ? total : ew.div(total, denominator);
  if (!grad) return loss;
  // (σ(x) − t)·g / n from ops (the node reads input and target, as PyTorch's saves them).
  const composed = (g: Tensor): (Tensor | null)[] => [ew.div(ew.mul(ew.sub(ew.sigmoid(input), target), g), denominator), null];
  return record(loss, OPS.fusedLoss, [input, target], fusedBackward(scaled(grad, denominator), composed), "BinaryCrossEntropyWithLogitsBackward0");
}

/** The kernel's backward: the kept gradient · upstream / denominator, in PyTorch's order (the product, then the mean's division). */
function scaled(grad: Tensor, denominator: Tensor | number): (g: Tensor) => (Tensor | null)[] {
  return (g) => {
    const product = ew.mul(grad, g);
    return [denominator === 1 ? product : ew.div(product, denominator), null];
  };
}
