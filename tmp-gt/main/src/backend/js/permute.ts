/** Materialises a permutation of dims (transpose, permute) as a contiguous copy. */
import type { Storage } from "../../tensor/dtype.js";
import { numelOf, stridesOf, type Shape } from "../../tensor/shape.js";

export function permute(x: Storage, shape: Shape, perm: readonly number[], out: Storage): void {
  const nd = shape.length;
  const n = numelOf(shape);
  if (nd === 2 && perm[0] === 1) {
    const [r, c] = shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
    return;
  }
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const src = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = x[off];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += src[d];
      if (idx[d] < outShape[d]) break;
      off -= src[d] * outShape[d];
      idx[d] = 0;
    }
  }
}
