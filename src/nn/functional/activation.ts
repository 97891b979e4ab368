/**
 * Activation functions (torch.nn.functional): thin wrappers over the engine's ops
 * with PyTorch's options. `inplace` writes the result into the input when no gradient
 * is being recorded for it (the visible effect of PyTorch's in-place variants); when the
 * input is part of a recorded graph the result is computed out of place instead, so the
 * graph stays correct.
 */
import { isGradEnabled, noGrad } from "../../autograd/grad-mode.js";
import { ValueError } from "../../errors.js";
import * as ew from "../../ops/elementwise.js";
import { parseArgs } from "../../ops/args.js";
import { cast } from "../../ops/cast.js";
import * as sm from "../../ops/softmax.js";
import { OPS } from "../../ops/table.js";
import type { DType } from "../../tensor/dtype.js";
import { requireFloatKernel } from "../../ops/util.js";
import type { Tensor } from "../../tensor/tensor.js";

export interface InplaceOption {
  inplace?: boolean;
}

/** Copies `out` into `input` and returns `input` when `inplace` is asked and safe. */
function settle(input: Tensor, out: Tensor, inplace: boolean | undefined): Tensor {
  if (!inplace || (isGradEnabled() && input.requiresGrad) || input.dtype !== out.dtype) return out;
  // copy_ bumps the input's version, as PyTorch's in-place activations do.
  noGrad(() => input.copy_(out));
  return input;
}

export function relu(input: Tensor, opts: InplaceOption = {}): Tensor {
  return settle(input, ew.relu(input), opts.inplace);
}

export function leakyRelu(input: Tensor, negativeSlope = 0.01, opts: InplaceOption = {}): Tensor {
  requireFloatKernel(input, "leaky_relu_cpu");
  return settle(input, ew.leakyRelu(input, negativeSlope), opts.inplace);
}

export function elu(input: Tensor, alpha = 1, opts: InplaceOption = {}): Tensor {
  requireFloatKernel(input, "elu_cpu");
  return settle(input, ew.elu(input, alpha), opts.inplace);
}

export type GeluApproximate = "none" | "tanh";

/** GELU, exact (erf) or PyTorch's tanh approximation. */
export function gelu(input: Tensor, opts: { approximate?: GeluApproximate } = {}): Tensor {
  const approximate = opts.approximate ?? "none";
  if (approximate !== "none" && approximate !== "tanh") {
    throw new ValueError("approximate argument must be either none or tanh.");
  }
  requireFloatKernel(input, "GeluKernelImpl");
  return ew.gelu(input, approximate);
}

export function silu(input: Tensor, opts: InplaceOption = {}): Tensor {
  requireFloatKernel(input, "silu_cpu");
  return settle(input, ew.silu(input), opts.inplace);
}

export function softplus(input: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  requireFloatKernel(input, "softplus_cpu");
  return ew.softplus(input, opts.beta ?? 1, opts.threshold ?? 20);
}

/** SELU: ELU scaled to keep activations normalised (self-normalising networks). */
export function selu(input: Tensor, opts: InplaceOption = {}): Tensor {
  requireFloatKernel(input, "elu_cpu");
  return settle(input, ew.selu(input), opts.inplace);
}

/** Mish: x · tanh(softplus(x)). */
export function mish(input: Tensor, opts: InplaceOption = {}): Tensor {
  requireFloatKernel(input, "mish_cpu");
  return settle(input, ew.mish(input), opts.inplace);
}

/** log σ(x), computed stably (F.logsigmoid). */
export function logSigmoid(input: Tensor): Tensor {
  requireFloatKernel(input, "log_sigmoid_forward_cpu");
  return ew.logSigmoid(input);
}

/** x clamped into [minVal, maxVal] (F.hardtanh). */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1, opts: InplaceOption = {}): Tensor {
  return settle(input, ew.hardtanh(input, minVal, maxVal), opts.inplace);
}

/** x / (1 + |x|) (F.softsign). */
export function softsign(input: Tensor): Tensor {
  return ew.softsign(input);
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

/** F.softmax's and F.log_softmax's arguments: `dim` (null: PyTorch's implicit choice), `dtype`. */
export type SoftmaxArgs = [dim?: number | null, options?: { dtype?: DType }] | [options: { dim?: number | null; dtype?: DType }];

/** F.softmax's schema: the op's, with `dim` optional (PyTorch then picks one, with a warning). */
const FUNCTIONAL_SOFTMAX = [{ ...OPS.softmax.args[0], optional: true }, OPS.softmax.args[1]] as const;

function softmaxArgs(op: string, input: Tensor, args: SoftmaxArgs): [number, DType | undefined] {
  const a = parseArgs(op, FUNCTIONAL_SOFTMAX, args[0] === null ? [undefined, ...args.slice(1)] : args);
  return [a.dim ?? implicitSoftmaxDim(input.ndim), a.dtype];
}

/** Softmax along `dim` (PyTorch's implicit choice when `dim` is null or omitted): `F.softmax(x, 1)` or `F.softmax(x, { dim: 1 })`. */
export function softmax(input: Tensor, ...args: SoftmaxArgs): Tensor {
  const [dim, dtype] = softmaxArgs("softmax", input, args);
  const x = dtype ? cast(input, dtype) : input;
  requireFloatKernel(x, "softmax_lastdim_kernel_impl");
  return sm.softmax(x, dim);
}

export function logSoftmax(input: Tensor, ...args: SoftmaxArgs): Tensor {
  const [dim, dtype] = softmaxArgs("log_softmax", input, args);
  const x = dtype ? cast(input, dtype) : input;
  requireFloatKernel(x, "log_softmax_lastdim_kernel_impl");
  return sm.logSoftmax(x, dim);
}
