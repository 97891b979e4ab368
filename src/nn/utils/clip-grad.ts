/**
 * Gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_), in place on
 * the parameters' `.grad`, computed as PyTorch computes it for float32 gradients.
 *
 * CPU gradients take the CPU backend's kernels (float64 sums, the bits the fixtures
 * check); gradients on a device take the same formula as ops, so nothing is read back
 * (float32 sums in the device's order: the norm agrees to float32 rounding).
 */
import { checkKeys } from "../../util/options.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { refuseHalf } from "../../ops/util.js";
import { fused } from "../../ops/kernels.js";
import { UPDATES } from "../../ops/table.js";
import { DeviceError, ValueError } from "../../errors.js";
import { floatRounding } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { pyFloat } from "../format.js";

function gradsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  const grads: Tensor[] = [];
  for (const p of list) if (p._grad) grads.push(p._grad);
  return grads;
}

/** The total norm as ops on the gradients' device: each gradient's norm, then the norm of those. */
function totalNormOps(grads: readonly Tensor[], p: number): Tensor {
  if (p === Infinity) return grads.map((g) => g.abs().max()).reduce((a, b) => a.maximum(b));
  const norms = grads.map((g) => (p === 1 ? g.abs().sum() : g.abs().pow(p).sum().pow(1 / p)));
  return p === 1 ? norms.reduce((a, b) => a.add(b)) : norms.map((n) => n.pow(p)).reduce((a, b) => a.add(b)).pow(1 / p);
}

/** Whether every gradient lives on the CPU (their values can be looped over). */
function onCpu(grads: readonly Tensor[]): boolean {
  return grads.every((g) => g.device === "cpu");
}

/**
 * Rescales the gradients so that their joint p-norm is at most `maxNorm`; returns
 * that norm (before clipping) as a 0-dim tensor.
 */
export function clipGradNorm_(
  parameters: Tensor | Iterable<Tensor>,
  maxNorm: number,
  opts: { normType?: number; errorIfNonfinite?: boolean } = {},
): Tensor {
  checkKeys("clip_grad_norm_", opts, ["normType", "errorIfNonfinite"]);
  const normType = opts.normType ?? 2;
  const grads = gradsOf(parameters);
  const dtype = grads[0]?.dtype ?? "float32";
  refuseHalf(dtype, "clip_grad_norm_");
  if (!onCpu(grads)) return clipGradNormOps(grads, maxNorm, normType, opts.errorIfNonfinite ?? false);
  const round = floatRounding(dtype);
  const kernels = fused(UPDATES.clipGradNorm);
  const stores = grads.map((g) => g.store);
  const norm = grads.length === 0 ? 0 : round(kernels.gradNorm(stores, normType));
  if (opts.errorIfNonfinite && !Number.isFinite(norm)) {
    throw new ValueError(
      `The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
        "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
    );
  }
  const result = new Tensor(dtype === "float32" ? new Float32Array([norm]) : new Float64Array([norm]), [], dtype);
  if (grads.length === 0) return result;
  // max_norm / (norm + 1e-6), clamped at 1, in the gradients' dtype; applied even when it is 1.
  const coef = Math.min(round(round(1 / round(norm + round(1e-6))) * round(maxNorm)), 1);
  kernels.scaleGrads(stores, coef);
  return result;
}

/** clipGradNorm_ on a device: the same formula as ops, the gradients scaled in place. */
function clipGradNormOps(grads: readonly Tensor[], maxNorm: number, normType: number, errorIfNonfinite: boolean): Tensor {
  if (errorIfNonfinite) {
    // The check needs the norm's value on the CPU, which a device gives only asynchronously.
    throw new DeviceError(
      `clip_grad_norm_ with error_if_nonfinite=True reads the norm back, which a ${grads[0].device} tensor cannot do synchronously; ` +
        "pass errorIfNonfinite: false and check the returned norm with await norm.itemAsync()",
    );
  }
  return noGrad(() => {
    const norm = totalNormOps(grads, normType);
    // max_norm / (norm + 1e-6), clamped at 1; applied even when it is 1, as on the CPU.
    const coef = norm.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1);
    for (const g of grads) g.mul_(coef);
    return norm;
  });
}

/** Clamps every gradient value into [-clipValue, clipValue]. */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  for (const g of gradsOf(parameters)) noGrad(() => g.clamp_(-clipValue, clipValue));
}
