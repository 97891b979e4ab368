/**
 * The few numpy / BLAS arithmetic details the generators depend on to reproduce numpy's
 * values: `linspace`, the pairwise summation of `np.sum`, and a fused multiply-add for the
 * matrix products OpenBLAS computes with FMA instructions.
 */

/** numpy's `linspace`: start + i·step with step = (stop - start) / div; the endpoint is stop itself. */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out = new Array<number>(num);
  const step = delta / div;
  for (let i = 0; i < num; i++) {
    // div ≤ 0 (one point with the endpoint) has no step: numpy multiplies by delta instead.
    out[i] = (div > 0 ? (step === 0 ? (i / div) * delta : i * step) : i * delta) + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `np.sum` over a contiguous run: below 8 values a plain loop, up to 128 eight interleaved
 * accumulators, above that the halves summed recursively (numpy's pairwise_sum).
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // the low word's index
const HIGH = 1 - LOW;

/** x with an even last mantissa bit moved one ulp away from (up) or toward zero: now odd. */
function toOdd(x: number, awayFromZero: boolean): number {
  f64[0] = x;
  if ((u32[LOW] & 1) === 1) return x;
  if (awayFromZero) {
    u32[LOW] += 1; // even + 1 cannot carry
  } else {
    if (u32[LOW] === 0) u32[HIGH] -= 1;
    u32[LOW] -= 1;
  }
  return f64[0];
}

/**
 * fma(a, b, c) = a·b + c rounded once, as the FMA instruction computes it. Boldo and
 * Melquiond's emulation: the exact product (Dekker) and sum (TwoSum), with the low parts
 * added in round-to-odd so that the final round-to-nearest is not a double rounding.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (p === 0 || c === 0 || !Number.isFinite(p) || !Number.isFinite(c)) return p + c;
  // Dekker: p + e = a·b exactly (Veltkamp splitting with 2^27 + 1).
  let t = 134217729 * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  if (e === 0) return p + c;
  // TwoSum: th + tl = c + p exactly.
  const th = c + p;
  let z = th - c;
  const tl = (c - (th - z)) + (p - z);
  // v = tl + e rounded to odd.
  let v = tl + e;
  z = v - tl;
  const ve = (tl - (v - z)) + (e - z);
  if (ve !== 0) v = toOdd(v, (ve > 0) === (v > 0));
  return th + v;
}

/**
 * C = A·B for row-major A (rows × k, row stride lda, column offset aOff) and B (k × cols),
 * each entry accumulated as OpenBLAS's kernels do: a chain of fused multiply-adds over k
 * starting from zero.
 */
export function gemmFma(
  a: Float64Array, aOff: number, lda: number, rows: number, k: number,
  b: readonly number[], cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = fma(a[aOff + i * lda + p], b[p * cols + j], acc);
      out[i * cols + j] = acc;
    }
  }
  return out;
}
