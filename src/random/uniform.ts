/**
 * Uniform floats: tensor.uniform_, torch.rand and torch.rand_like, drawn as
 * PyTorch's CPU kernel draws them (aten/src/ATen/native/cpu/DistributionTemplates.h,
 * aten/src/ATen/core/TransformationHelper.h).
 *
 * float32: u = (word & 0xFFFFFF) · 2^-24 from one 32-bit word, then u·(to − from) + from
 * in float32 as one fused multiply-add (the AVX2 build fuses it). float64: u from the
 * low 53 bits of two words, and the same fused multiply-add in double.
 */
import { settleHalf } from "../tensor/half.js";
import type { Device } from "../tensor/device.js";
import { ValueError } from "../errors.js";
import { cppTypeName, defaultFloat, type DType, type Storage } from "../tensor/dtype.js";
import { drawBuffer, writeDrawn } from "./draws.js";
import { Tensor } from "../tensor/tensor.js";
import { checkShape, requireFloatKernel } from "./checks.js";
import { fma64, fmaF32 } from "./fma.js";
import { getDefaultGenerator, type Generator } from "./generator.js";

export interface RandomOptions {
  /** The generator to draw from; the global one (torch.default_generator) by default. */
  generator?: Generator;
}

export interface RandomTensorOptions extends RandomOptions {
  dtype?: DType;
  requiresGrad?: boolean;
  /** "cpu" or "webgpu": the values are drawn on the CPU from the same generator stream, then moved. */
  device?: Device;
}

/** A freshly drawn tensor on the requested device, requiring grad if asked. */
export function finishRandom(t: Tensor, opts: RandomTensorOptions): Tensor {
  const out = opts.device === undefined || opts.device === "cpu" ? t : t.to(opts.device);
  if (opts.requiresGrad) out.requiresGrad_(true);
  return out;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** tensor.uniform_(from, to): fills `t` in place with U[from, to) and returns it. */
export function uniform_(t: Tensor, from = 0, to = 1, opts: RandomOptions = {}): Tensor {
  requireFloatKernel("check_uniform_bounds", t.dtype);
  t.checkInplace();
  return writeDrawn(t, drawUniform(t.dtype, t.numel(), from, to, opts));
}

/** n draws from U[from, to) in `dtype` (float16, float32 or float64), after torch's bound checks. */
function drawUniform(dtype: DType, n: number, from: number, to: number, opts: RandomOptions): Storage {
  const max = dtype === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
  const cName = cppTypeName(dtype);
  if (!(from >= -max && from <= max)) throw new ValueError(`from is out of bounds for ${cName}`);
  if (!(to >= -max && to <= max)) throw new ValueError(`to is out of bounds for ${cName}`);
  if (!(from <= to)) throw new ValueError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  if (!(to - from <= max)) {
    throw new ValueError(
      `uniform_ expects to-from <= std::numeric_limits<${dtype === "float32" ? "Float" : "Double"}>::max(), but found to=${to} and from=${from} which result in to-from to exceed the limit`,
    );
  }
  const g = opts.generator ?? getDefaultGenerator();
  const d = drawBuffer(dtype, n);
  // float16 draws as float32 and rounds (PyTorch's half rand is its float32 rand cast to half).
  if (dtype === "float32" || dtype === "float16") {
    const lo = Math.fround(from);
    const hi = Math.fround(to);
    const range = Math.fround(hi - lo);
    for (let i = 0; i < d.length; i++) {
      const v = fmaF32(g.uniform24(), range, lo);
      // torch maps a value that rounded up to `to` back to `from`, keeping [from, to).
      d[i] = v === hi ? lo : v;
    }
  } else {
    const range = to - from;
    // u·1 + 0 is exact, so the common [0, 1) case skips the (slow, exact) fused multiply-add.
    const plain = range === 1 && from === 0;
    for (let i = 0; i < d.length; i++) {
      const u = g.uniform53();
      const v = plain ? u : fma64(u, range, from);
      d[i] = v === to ? from : v;
    }
  }
  settleHalf(d);
  return d;
}

/** The dtype (the default float dtype if omitted), checked for the kernel, and the element count of `shape`. */
export function floatDraw(shape: readonly number[], dtype: DType | undefined, kernel: string): { dtype: DType; shape: number[]; n: number } {
  const dt = dtype ?? defaultFloat();
  requireFloatKernel(kernel, dt);
  const s = checkShape(shape);
  let n = 1;
  for (const k of s) n *= k;
  return { dtype: dt, shape: s, n };
}

/** torch.rand: U[0, 1) in the default float dtype (or `dtype`). */
export function rand(shape: readonly number[], opts: RandomTensorOptions = {}): Tensor {
  const f = floatDraw(shape, opts.dtype, "check_uniform_bounds");
  return finishRandom(new Tensor(drawUniform(f.dtype, f.n, 0, 1, opts), f.shape, f.dtype), opts);
}

/** torch.rand_like: U[0, 1) with the shape (and, unless given, the dtype) of `x`. */
export function randLike(x: Tensor, opts: RandomTensorOptions = {}): Tensor {
  return rand(x.shape, { ...opts, dtype: opts.dtype ?? x.dtype });
}
