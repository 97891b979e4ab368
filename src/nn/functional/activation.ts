/**
 * Activation functions (torch.nn.functional): thin wrappers over the engine's ops
 * with PyTorch's options. `inplace` writes the result into the input when no gradient
 * is being recorded for it (the visible effect of PyTorch's in-place variants); when the
 * input is part of a recorded graph the result is computed out of place instead, so the
 * graph stays correct.
 */
import { isGradEnabled } from "../../autograd/grad-mode.js";
import { DTypeError, ValueError } from "../../errors.js";
import * as ew from "../../ops/elementwise.js";
import * as sm from "../../ops/softmax.js";
import { isFloating } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { scalarTypeName } from "../format.js";

export interface InplaceOption {
  inplace?: boolean;
}

/** Copies `out` into `input` and returns `input` when `inplace` is asked and safe. */
function settle(input: Tensor, out: Tensor, inplace: boolean | undefined): Tensor {
  if (!inplace || (isGradEnabled() && input.requiresGrad) || input.dtype !== out.dtype) return out;
  input.data.set(out.data);
  return input;
}

function requireFloat(input: Tensor, kernel: string): void {
  if (!isFloating(input.dtype)) {
    throw new DTypeError(`"${kernel}" not implemented for '${scalarTypeName(input.dtype)}'`);
  }
}

export function relu(input: Tensor, opts: InplaceOption = {}): Tensor {
  return settle(input, ew.relu(input), opts.inplace);
}

export function leakyRelu(input: Tensor, negativeSlope = 0.01, opts: InplaceOption = {}): Tensor {
  requireFloat(input, "leaky_relu_cpu");
  return settle(input, ew.leakyRelu(input, negativeSlope), opts.inplace);
}

export function elu(input: Tensor, alpha = 1, opts: InplaceOption = {}): Tensor {
  requireFloat(input, "elu_cpu");
  return settle(input, ew.elu(input, alpha), opts.inplace);
}

export type GeluApproximate = "none" | "tanh";

/** GELU, exact (erf) or PyTorch's tanh approximation. */
export function gelu(input: Tensor, opts: { approximate?: GeluApproximate } = {}): Tensor {
  const approximate = opts.approximate ?? "none";
  if (approximate !== "none" && approximate !== "tanh") {
    throw new ValueError("approximate argument must be either none or tanh.");
  }
  requireFloat(input, "GeluKernelImpl");
  return ew.gelu(input, approximate);
}

export function silu(input: Tensor, opts: InplaceOption = {}): Tensor {
  requireFloat(input, "silu_cpu");
  return settle(input, ew.silu(input), opts.inplace);
}

export function softplus(input: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  requireFloat(input, "softplus_cpu");
  return ew.softplus(input, opts.beta ?? 1, opts.threshold ?? 20);
}

export function sigmoid(input: Tensor): Tensor {
  return ew.sigmoid(input);
}

export function tanh(input: Tensor): Tensor {
  return ew.tanh(input);
}

/** The dim PyTorch picks when none is given (with a deprecation warning there). */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** Softmax along `dim` (PyTorch's implicit choice when `dim` is null or omitted). */
export function softmax(input: Tensor, dim?: number | null): Tensor {
  requireFloat(input, "softmax_lastdim_kernel_impl");
  return sm.softmax(input, dim ?? implicitSoftmaxDim(input.ndim));
}

export function logSoftmax(input: Tensor, dim?: number | null): Tensor {
  requireFloat(input, "log_softmax_lastdim_kernel_impl");
  return sm.logSoftmax(input, dim ?? implicitSoftmaxDim(input.ndim));
}
