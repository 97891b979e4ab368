/**
 * The geometry shared by convolutions and pooling: PyTorch's int-or-tuple arguments and
 * output sizes. The convolution itself (im2col and the products) is a fused kernel of the
 * backends (backend/js/conv.ts and the wasm backend's).
 *
 * Everything is 2-D; a 1-D op is the 2-D one with a height of 1 and a kernel height of 1.
 */
/** An int, or one int per spatial dim (PyTorch's `_pair` / `_single`). */
export type IntOrTuple = number | readonly number[];

/**
 * `v` as `dims` positive (or, with `allowZero`, non-negative) integers; a TypeError
 * naming the op and argument otherwise, as PyTorch's argument parser raises.
 */
export function expand(op: string, name: string, v: IntOrTuple, dims: number): number[] {
  const list = typeof v === "number" ? new Array<number>(dims).fill(v) : Array.isArray(v) ? [...v] : null;
  if (!list || list.length !== dims || !list.every((x) => Number.isInteger(x))) {
    const want = dims === 1 ? "int or tuple of 1 int" : `int or tuple of ${dims} ints`;
    throw new TypeError(`${op}(): argument '${name}' must be ${want}, not ${JSON.stringify(v)}`);
  }
  return list;
}

/** A convolution's layout, as the backends' convolution kernels take it. */
export type { ConvGeometry } from "../backend/backend.js";

/**
 * A pooling window's output size along one dim, as PyTorch's pooling_output_shape: with
 * `ceil`, a last window that would start in the right padding is dropped.
 */
export function poolOutSize(size: number, k: number, pad: number, stride: number, dil: number, ceil: boolean): number {
  const span = size + 2 * pad - dil * (k - 1) - 1;
  let out = Math.floor((span + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}
