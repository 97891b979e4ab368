/**
 * F.dropout2d: zeroes whole channels. As PyTorch's feature dropout does, a noise tensor
 * of shape [n, c, 1, …] is drawn with bernoulli_(1 − p) (one 53-bit uniform per channel,
 * the generic CPU kernel's stream, as F.dropout), divided by 1 − p in the input's dtype,
 * and the input is multiplied by it: the node is MulBackward0, which keeps the noise
 * (no caller can reach it) and nothing else.
 */
import { refuseHalf } from "../../ops/util.js";
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkDropoutP, dropoutNoise, type DropoutOptions } from "./dropout.js";

export function dropout2d(input: Tensor, opts: DropoutOptions = {}): Tensor {
  refuseHalf(input.dtype, "dropout2d");
  const p = opts.p ?? 0.5;
  checkDropoutP(p);
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ValueError(`dropout2d: expected a 3-D or 4-D input (N, C, H, W) or (C, H, W), but got a ${input.ndim}-D input of shape [${input.shape.join(", ")}]`);
  }
  if (!(opts.training ?? true) || p === 0 || input.numel() === 0) return input;
  // PyTorch (2.x) reads a 3-D input as [N, C, L] and drops channels of each sample.
  const noiseShape = [input.shape[0], input.shape[1], ...input.shape.slice(2).map(() => 1)];
  // Drawn on the CPU (the generator's stream, so a seed drops the same channels on every
  // device) and moved beside the input: one value per channel.
  const noise = dropoutNoise(noiseShape, input.dtype, p, opts.generator);
  const m = input.device === "cpu" ? noise : noise.to(input.device);
  const inplace = opts.inplace ?? false;
  return inplace ? input.mul_(m) : input.mul(m);
}
