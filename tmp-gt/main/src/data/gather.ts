/**
 * Row gathers for the data pipeline: the train/test split and the DataLoader's batches
 * of a TensorDataset. The result is `t.index(rows)`'s (same values, shape and dtype), made
 * by one tight loop into a fresh array of the same type, without index's per-row calls
 * and index tensor. Measured on 800,000 × 20 float32 rows in random order it takes about
 * 10 % less CPU than `index`: the pass is bound by memory latency (each row a cache miss),
 * which no loop removes; what it saves is the overhead around the copy.
 *
 * A tensor that requires a gradient goes through `index` (the result must record
 * IndexBackward0), and so does any index that is not a whole number in range, so that the
 * error is the engine's own, in PyTorch's words.
 */
import type { Storage } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

/** `rows` as non-negative row numbers, or null when one is not a whole number in [-n, n). */
function rowNumbers(rows: ArrayLike<number>, n: number): Int32Array | null {
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const v = rows[k];
    if (!Number.isInteger(v) || v < -n || v >= n) return null;
    out[k] = v < 0 ? v + n : v;
  }
  return out;
}

/**
 * One function for the three storage types: measured on 800k × 20 float32 rows plus their
 * float64 labels, it runs as fast as copies written for each array type alone.
 */
function copyRows(src: Storage, dst: Storage, rows: Int32Array, width: number): void {
  for (let k = 0, to = 0; k < rows.length; k++) {
    const from = rows[k] * width;
    for (let j = 0; j < width; j++) dst[to++] = src[from + j];
  }
}

/** `t.index(rows)` along the first dimension, as one copy (see the file comment). */
export function gatherRows(t: Tensor, rows: ArrayLike<number>): Tensor {
  const list = (): number[] => Array.from(rows);
  if (t.requiresGrad || t.ndim === 0) return t.index(list());
  const n = t.shape[0];
  const idx = rowNumbers(rows, n);
  if (idx === null) return t.index(list());
  let width = 1;
  for (let d = 1; d < t.ndim; d++) width *= t.shape[d];
  const shape = [idx.length, ...t.shape.slice(1)];
  const src = t.data;
  const dst = new (src.constructor as new (length: number) => Storage)(idx.length * width);
  copyRows(src, dst, idx, width);
  return new Tensor(dst, shape, t.dtype);
}
