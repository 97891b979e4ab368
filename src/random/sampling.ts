/**
 * Random tensors drawn as PyTorch's CPU kernels draw them, from a `Generator`
 * (the global one by default).
 */
import { DTypeError, ValueError } from "../errors.js";
import { type DType, defaultFloat } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { getDefaultGenerator, type Generator } from "./generator.js";

export interface RandomOptions {
  generator?: Generator;
}

/**
 * tensor.uniform_(from, to): float32 values are u24 · (to - from) + from in float32
 * (bounds cast to float32 first), float64 values u53 · (to - from) + from.
 */
export function uniform_(t: Tensor, from = 0, to = 1, opts: RandomOptions = {}): Tensor {
  t.checkInplace();
  if (!(from <= to)) throw new ValueError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  const g = opts.generator ?? getDefaultGenerator();
  const d = t.data;
  if (t.dtype === "float32") {
    const f = Math.fround(from);
    const range = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < d.length; i++) d[i] = fmaF32(g.uniform24(), range, f);
  } else if (t.dtype === "float64") {
    const range = to - from;
    for (let i = 0; i < d.length; i++) d[i] = g.uniform53() * range + from;
  } else {
    throw new DTypeError(`uniform_ expects a floating point tensor, got ${t.dtype}`);
  }
  return t;
}

/**
 * fma(a, b, c) rounded once to float32, as the compiled AVX2 kernel computes it.
 * a·b of two float32 values is exact in a double; the sum is then rounded to double
 * and to float32, and the rare double-rounding case is corrected.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact
  const s = p + c;
  const r = Math.fround(s);
  // Error of the double sum (TwoSum), then check whether it changes the float32 rounding.
  const bb = s - p;
  const err = (p - (s - bb)) + (c - bb);
  if (err === 0 || r === s) return r;
  // s lies exactly halfway between two float32 neighbours only if double rounding mattered.
  const other = Math.fround(s + err * 2);
  if (other === r) return r;
  const mid = (r + other) / 2;
  if (mid !== s) return r;
  return err > 0 ? Math.max(r, other) : Math.min(r, other);
}

/** torch.rand: uniform [0, 1) in the default float dtype. */
export function rand(shape: readonly number[], opts: RandomOptions & { dtype?: DType; requiresGrad?: boolean } = {}): Tensor {
  const dtype = opts.dtype ?? defaultFloat();
  const t = new Tensor(dtype === "float32" ? new Float32Array(shapeSize(shape)) : new Float64Array(shapeSize(shape)), [...shape], dtype);
  uniform_(t, 0, 1, opts);
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new ValueError(`Trying to create tensor with negative dimension ${s}`);
    n *= s;
  }
  return n;
}
