/**
 * Normal samples: tensor.normal_, torch.randn, torch.randn_like and torch.normal,
 * with the kernels of box-muller.ts.
 */
import { settleHalf } from "../tensor/half.js";
import { ValueError } from "../errors.js";
import { full } from "../tensor/creation.js";
import { broadcastShapes, shapeEq } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { normalFill, normalScalar } from "./box-muller.js";
import { requireFloatKernel } from "./checks.js";
import { getDefaultGenerator } from "./generator.js";
import { finishRandom, floatDraw, type RandomOptions, type RandomTensorOptions } from "./uniform.js";
import { drawFloatBuffer, writeDrawn } from "./draws.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { DType, Storage } from "../tensor/dtype.js";

/** tensor.normal_(mean, std): fills `t` in place with N(mean, std²) and returns it. */
export function normal_(t: Tensor, mean = 0, std = 1, opts: RandomOptions = {}): Tensor {
  requireFloatKernel("normal_kernel_cpu", t.dtype);
  checkStd(std);
  t.checkInplace();
  return writeDrawn(t, drawNormal(t.dtype, t.numel(), mean, std, opts));
}

function checkStd(std: number): void {
  if (!(std >= 0)) throw new ValueError(`normal expects std >= 0.0, but found std ${std}`);
}

/** n draws from N(mean, std²) in `dtype`, as torch's CPU kernel draws them. */
function drawNormal(dtype: DType, n: number, mean: number, std: number, opts: RandomOptions): Storage {
  checkStd(std);
  const g = opts.generator ?? getDefaultGenerator();
  const d = drawFloatBuffer(dtype, n);
  if (n >= 16) {
    // float16 (binary16 values in float32 storage) takes the float32 kernel, rounded below:
    // PyTorch 2.13's half randn gives the same values when n is a multiple of 16. When it is
    // not, PyTorch's last 16 come from a tail computation Kindling does not reproduce (its
    // values appear shifted by four places): the same distribution, not the same numbers.
    normalFill(d, mean, std, g);
  } else {
    // The scalar path works in double and stores the value cast to the tensor's dtype.
    for (let i = 0; i < n; i++) d[i] = normalScalar(g, mean, std);
  }
  settleHalf(d);
  return d;
}

/** A new tensor of N(mean, std²) draws in `dtype` (the default float dtype if omitted). */
function normalTensor(shape: readonly number[], dtype: DType | undefined, mean: number, std: number, opts: RandomOptions): Tensor {
  const f = floatDraw(shape, dtype, "normal_kernel_cpu");
  return new Tensor(drawNormal(f.dtype, f.n, mean, std, opts), f.shape, f.dtype);
}

/** torch.randn: N(0, 1) in the default float dtype (or `dtype`). */
export function randn(shape: readonly number[], opts: RandomTensorOptions = {}): Tensor {
  return finishRandom(normalTensor(shape, opts.dtype, 0, 1, opts), opts);
}

/** torch.randn_like: N(0, 1) with the shape (and, unless given, the dtype) of `x`. */
export function randnLike(x: Tensor, opts: RandomTensorOptions = {}): Tensor {
  return randn(x.shape, { ...opts, dtype: opts.dtype ?? x.dtype });
}

export interface NormalOptions extends RandomTensorOptions {
  /** The output shape when both mean and std are numbers (torch.normal(mean, std, size)). */
  size?: readonly number[];
}

function checkStdTensor(std: Tensor): void {
  // NaN fails `>= 0` too, as in torch's check.
  if (!noGrad(() => std.ge(0).all().item())) throw new ValueError("normal expects all elements of std >= 0.0");
}

/**
 * torch.normal in its four forms. With two numbers, `size` (or the `shape`
 * argument) gives the shape. With tensors, as torch: the output takes the
 * broadcast shape and the mean's dtype (the std's if only std is a tensor); it is
 * drawn as N(0, 1) — N(0, std) when std is a number — then scaled by std and
 * shifted by mean with separate (rounded) multiply and add.
 */
export function normal(mean: number, std: number, shape: readonly number[], opts?: RandomTensorOptions): Tensor;
export function normal(mean: Tensor | number, std: Tensor | number, opts?: NormalOptions): Tensor;
export function normal(
  mean: Tensor | number,
  std: Tensor | number,
  shapeOrOpts?: readonly number[] | NormalOptions,
  maybeOpts?: RandomTensorOptions,
): Tensor {
  const opts: NormalOptions = Array.isArray(shapeOrOpts)
    ? { ...maybeOpts, size: shapeOrOpts as readonly number[] }
    : ((shapeOrOpts as NormalOptions | undefined) ?? {});
  let out: Tensor;
  if (typeof mean === "number" && typeof std === "number") {
    if (opts.size === undefined) throw new ValueError("normal: with a number mean and std, a size is required");
    out = normalTensor(opts.size, opts.dtype, mean, std, opts);
  } else if (typeof std === "number") {
    const m = mean as Tensor;
    out = normalTensor(m.shape, m.dtype, 0, std, opts);
    out.add_(m);
  } else if (typeof mean === "number") {
    checkStdTensor(std);
    out = normalTensor(std.shape, std.dtype, 0, 1, opts);
    // torch adds the mean as a 0-dim tensor of the output's dtype (so float32 output adds fround(mean)).
    out.mul_(std).add_(full([], mean, { dtype: out.dtype }));
  } else {
    checkStdTensor(std);
    const shape = shapeEq(mean.shape, std.shape) ? [...mean.shape] : broadcastShapes(mean.shape, std.shape);
    out = normalTensor(shape, mean.dtype, 0, 1, opts);
    out.mul_(std).add_(mean);
  }
  return finishRandom(out, opts);
}
