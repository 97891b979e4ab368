/**
 * Matrix products in plain TypeScript, in all transposed forms the backward pass
 * needs. Loops are ordered so the innermost one walks memory contiguously.
 */
import type { Storage } from "../../tensor/dtype.js";

export function matmul(
  a: Storage, b: Storage, out: Storage, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, strideA: number, strideB: number,
): void {
  if (out instanceof Int32Array) {
    int32Matmul(a, b, out, batch, m, k, n, transA, transB, strideA, strideB);
    return;
  }
  const row = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    const ao = t * strideA, bo = t * strideB, oo = t * m * n;
    for (let i = 0; i < m; i++) {
      if (transB) {
        // out[i, j] = Σ_p A[i, p] · B[j, p]: both walk p contiguously (A when not transposed).
        for (let j = 0; j < n; j++) {
          let acc = 0;
          const bj = bo + j * k;
          if (transA) for (let p = 0; p < k; p++) acc += a[ao + p * m + i] * b[bj + p];
          else {
            const ai = ao + i * k;
            for (let p = 0; p < k; p++) acc += a[ai + p] * b[bj + p];
          }
          row[j] = acc;
        }
      } else {
        // out[i, :] += A[i, p] · B[p, :]: the inner loop runs along a row of B.
        row.fill(0);
        for (let p = 0; p < k; p++) {
          // No skipping of zeros: 0 · inf must still give nan, as in PyTorch.
          const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          const bp = bo + p * n;
          for (let j = 0; j < n; j++) row[j] += av * b[bp + j];
        }
      }
      for (let j = 0; j < n; j++) out[oo + i * n + j] = row[j];
    }
  }
}

/**
 * The int32 product, exact modulo 2^32 as PyTorch's integer matmul wraps: each product
 * with Math.imul and each sum truncated to 32 bits (a double sum of int32 products would
 * lose low bits past 2^53).
 */
function int32Matmul(
  a: Storage, b: Storage, out: Int32Array, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, strideA: number, strideB: number,
): void {
  for (let t = 0; t < batch; t++) {
    const ao = t * strideA, bo = t * strideB, oo = t * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          const bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          acc = (acc + Math.imul(av, bv)) | 0;
        }
        out[oo + i * n + j] = acc;
      }
    }
  }
}
