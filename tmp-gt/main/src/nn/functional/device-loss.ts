/**
 * The fused losses' common cases on a device without their kernels (a GPU): the same
 * values and gradients, composed of ops that stay on the device, so a training step
 * reads nothing back. Cross-entropy: log-softmax, then the target's log-probability
 * picked by a one-hot mask (class indices compared with 0…C−1 on the device);
 * BCE-with-logits: max(x, 0) − x·t + log(1 + e^−|x|). Their gradients are the analytic
 * ones (softmax − one-hot, σ(x) − t), as the CPU's fused kernels give.
 *
 * A class index out of range cannot be found without reading the targets back; where the
 * targets came to the device from the CPU, their range was recorded then (ops/device.ts)
 * and is checked here, as the CPU checks it.
 */
import { fusedBackward, record } from "../../autograd/node.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { IndexError } from "../../errors.js";
import { OPS } from "../../ops/table.js";
import { uploadedRange } from "../../ops/device.js";
import * as ew from "../../ops/elementwise.js";
import { logSoftmax, softmax } from "../../ops/softmax.js";
import { sum } from "../../ops/reduce.js";
import { arange } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";

/** F.cross_entropy of logits [N, C] against int64 class indices [N] on a device; "mean" or "sum". */
export function deviceCrossEntropy(input: Tensor, target: Tensor, reduction: "mean" | "sum", ignoreIndex: number): Tensor {
  const classes = input.shape[1];
  const range = uploadedRange(target);
  if (range && (range.max >= classes || (range.min < 0 && range.min !== ignoreIndex))) {
    throw new IndexError(`Target ${range.max >= classes ? range.max : range.min} is out of bounds.`);
  }
  const [loss, hot, valid, denominator] = noGrad(() => {
    const x = input.detach();
    const hot = ew.eq(target.unsqueeze(1), arange(classes, { dtype: "int32", device: input.device }).unsqueeze(0));
    const valid = ew.ne(target, ignoreIndex);
    const total = ew.neg(sum(ew.where(hot, logSoftmax(x, 1), 0)));
    const n = reduction === "mean" ? sum(valid) : null;
    return [n ? ew.div(total, n) : total, hot, valid, n] as const;
  });
  if (!input.requiresGrad) return loss;
  const backward = (g: Tensor): (Tensor | null)[] => {
    // (softmax − one-hot) on the rows not ignored, times upstream, over the count for a mean.
    const grad = ew.mul(ew.sub(softmax(input, 1), hot.to(input.dtype)), valid.unsqueeze(1));
    return [ew.mul(grad, denominator ? ew.div(g, denominator) : g), null];
  };
  return record(loss, OPS.crossEntropy, [input, target], fusedBackward(backward, backward), "NllLossBackward0");
}

/** F.binary_cross_entropy_with_logits on a device, same-shape float input and target; "mean" or "sum". */
export function deviceBceWithLogits(input: Tensor, target: Tensor, reduction: "mean" | "sum"): Tensor {
  const n = input.numel();
  const loss = noGrad(() => {
    const x = input.detach();
    const each = ew.add(ew.sub(ew.clamp(x, 0), ew.mul(x, target)), ew.log1p(ew.exp(ew.neg(ew.abs(x)))));
    const total = sum(each);
    return reduction === "mean" ? ew.div(total, n) : total;
  });
  if (!input.requiresGrad) return loss;
  const backward = (g: Tensor): (Tensor | null)[] => {
    const up = reduction === "mean" ? ew.div(g, n) : g;
    return [ew.mul(ew.sub(ew.sigmoid(input), target), up), null];
  };
  return record(loss, OPS.fusedLoss, [input, target], fusedBackward(backward, backward), "BinaryCrossEntropyWithLogitsBackward0");
}
