/**
 * Where drawn values go. Kindling draws on the CPU from the generator's stream (as
 * PyTorch's CPU generator does, so a seed gives the same numbers whatever the device) into
 * a host buffer of the tensor's dtype that the draw owns. A new tensor takes that buffer as
 * its storage; an in-place draw (`uniform_`, `normal_`, `random_`, `bernoulli_`, a shuffle)
 * copies it in through the tensor's backend, so a parameter on the GPU is initialised with
 * the numbers one on the CPU gets, and no draw reads or writes a tensor's typed array.
 */
import { allocate, type DType, type Storage } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { kernelsOn } from "../ops/kernels.js";
import { noGrad } from "../autograd/grad-mode.js";
import { recycle, takeFloat32 } from "../tensor/pool.js";

/**
 * A host buffer for `n` drawn values of `dtype` (float16: binary16 values in float32
 * storage). An ordinary array, never resident in the wasm heap: like every array JS makes
 * (backend/wasm/resident.ts), a drawn tensor may be made in a user's loop where nothing
 * proves it dead until the loop yields.
 */
export function drawBuffer(dtype: DType, n: number): Storage {
  return dtype === "float32" ? takeFloat32(n, false) : allocate(dtype, n, false);
}

/** A host buffer for `n` drawn values of a floating dtype (float16 and float32: a Float32Array). */
export function drawFloatBuffer(dtype: DType, n: number): Float32Array | Float64Array {
  const d = drawBuffer(dtype, n);
  if (!(d instanceof Float32Array || d instanceof Float64Array)) throw new TypeError(`a floating buffer for ${dtype} draws`);
  return d;
}

/**
 * Writes `values` (a tensor of t's dtype and element count, on any device) into t's own
 * storage through t's backend: the in-place half of every random fill. The caller has
 * checked that t may change in place (`checkInplace`).
 */
export function writeInto(t: Tensor, values: Tensor): Tensor {
  if (values.dtype !== t.dtype || values.numel() !== t.numel()) {
    throw new TypeError(`writeInto: ${values.numel()} ${values.dtype} values for a ${t.numel()}-element ${t.dtype} tensor`);
  }
  const v = noGrad(() => (values.device === t.device ? values : values.to(t.device)));
  kernelsOn(t.device).unary("copy", v.store, t.store);
  return t;
}

/** Writes a drawn host buffer (of t's dtype) into t; the buffer, dead then, goes back to the pool. */
export function writeDrawn(t: Tensor, values: Storage): Tensor {
  writeInto(t, new Tensor(values, [values.length], t.dtype));
  recycle(values);
  return t;
}
