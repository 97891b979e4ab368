/**
 * Products with a narrow output (n ≤ 16 columns): the layers of small models, where
 * out_features is 1 to 16, and their weight gradients. op(B) is packed once into rows of
 * 2 or 4 vectors for the whole depth, and op(A) is read in place (no packing): rows of
 * op(A) are broadcast one value at a time. Four rows × two vectors (n ≤ 8) or two rows ×
 * four vectors (n ≤ 16) give the same 8 accumulators as the big kernel's 4×8 tile.
 */

/** Bytes of scratch `gemmSmall` needs for depth k: the packed B and an edge row. */
export function smallScratchBytes(k: i32): i32 {
  return max(k, 1) * 64 + 64;
}

/** op(B) [k, n] into dst[p][0 .. 4·vecs), zero beyond column n. */
function packNarrowB(b: usize, ldb: i32, transB: bool, k: i32, n: i32, vecs: i32, dst: usize): void {
  const width = vecs << 2;
  if (!transB) {
    // Rows of B are contiguous: whole vectors, then the ragged end, then zeros.
    const step = <usize>ldb << 2;
    const zero = f32x4.splat(0);
    for (let p = 0; p < k; p++) {
      const src = b + <usize>p * step;
      let j = 0;
      for (; j + 4 <= n; j += 4) v128.store(dst + (<usize>j << 2), v128.load(src + (<usize>j << 2)));
      if (j < width) {
        v128.store(dst + (<usize>j << 2), zero);
        for (let t = j; t < n; t++) store<f32>(dst + (<usize>t << 2), load<f32>(src + (<usize>t << 2)));
        for (j += 4; j < width; j += 4) v128.store(dst + (<usize>j << 2), zero);
      }
      dst += <usize>width << 2;
    }
    return;
  }
  // B stored [n, k]: column j of op(B) is row j of B.
  const colStep = <usize>ldb << 2;
  for (let p = 0; p < k; p++) {
    const src = b + (<usize>p << 2);
    for (let j = 0; j < width; j++) store<f32>(dst + (<usize>j << 2), j < n ? load<f32>(src + <usize>j * colStep) : 0);
    dst += <usize>width << 2;
  }
}

/** Adds v to the vector at d when accumulating, then stores it. */
function put4(d: usize, v: v128, accumulate: bool): void {
  v128.store(d, accumulate ? f32x4.add(v128.load(d), v) : v);
}

/** Writes (or adds) the first n lanes of up to four vectors to a row of C; a ragged end goes through `tmp`. */
function storeRow(c: usize, n: i32, v0: v128, v1: v128, v2: v128, v3: v128, accumulate: bool, tmp: usize): void {
  const full = n >> 2;
  let rest = v0;
  if (full > 0) { put4(c, v0, accumulate); rest = v1; }
  if (full > 1) { put4(c + 16, v1, accumulate); rest = v2; }
  if (full > 2) { put4(c + 32, v2, accumulate); rest = v3; }
  if (full > 3) { put4(c + 48, v3, accumulate); }
  const tail = n & 3;
  if (tail == 0) return;
  v128.store(tmp, rest);
  const d = c + (<usize>(full << 2) << 2);
  for (let j = 0; j < tail; j++) {
    const v = load<f32>(tmp + (<usize>j << 2));
    const q = d + (<usize>j << 2);
    store<f32>(q, accumulate ? load<f32>(q) + v : v);
  }
}

/**
 * C[m, n] (= or +=) op(A) · op(B) for n ≤ 16. op(A)[i][p] is at a + i·rs + p·ps (bytes),
 * which covers both A and Aᵀ. `work` is smallScratchBytes(k).
 */
export function gemmSmall(
  m: i32, n: i32, k: i32, a: usize, rs: usize, ps: usize,
  b: usize, ldb: i32, transB: bool, c: usize, ldcB: usize, accumulate: bool, work: usize,
): void {
  const bp = work + 64;
  const tmp = work;
  const zero = f32x4.splat(0);
  if (n <= 8) {
    packNarrowB(b, ldb, transB, k, n, 2, bp);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      let c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
      let pa = a + <usize>i * rs;
      let pb = bp;
      const end = bp + (<usize>k << 5);
      while (pb < end) {
        const b0 = v128.load(pb), b1 = v128.load(pb, 16);
        let x = v128.load32_splat(pa);
        c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
        x = v128.load32_splat(pa + rs);
        c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
        x = v128.load32_splat(pa + 2 * rs);
        c20 = f32x4.add(c20, f32x4.mul(x, b0)); c21 = f32x4.add(c21, f32x4.mul(x, b1));
        x = v128.load32_splat(pa + 3 * rs);
        c30 = f32x4.add(c30, f32x4.mul(x, b0)); c31 = f32x4.add(c31, f32x4.mul(x, b1));
        pa += ps;
        pb += 32;
      }
      const ci = c + <usize>i * ldcB;
      storeRow(ci, n, c00, c01, zero, zero, accumulate, tmp);
      storeRow(ci + ldcB, n, c10, c11, zero, zero, accumulate, tmp);
      storeRow(ci + 2 * ldcB, n, c20, c21, zero, zero, accumulate, tmp);
      storeRow(ci + 3 * ldcB, n, c30, c31, zero, zero, accumulate, tmp);
    }
    for (; i < m; i++) {
      let c00 = zero, c01 = zero;
      let pa = a + <usize>i * rs;
      for (let p = 0; p < k; p++) {
        const x = v128.load32_splat(pa);
        const q = bp + (<usize>p << 5);
        c00 = f32x4.add(c00, f32x4.mul(x, v128.load(q)));
        c01 = f32x4.add(c01, f32x4.mul(x, v128.load(q, 16)));
        pa += ps;
      }
      storeRow(c + <usize>i * ldcB, n, c00, c01, zero, zero, accumulate, tmp);
    }
    return;
  }
  packNarrowB(b, ldb, transB, k, n, 4, bp);
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    let c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
    let pa = a + <usize>i * rs;
    let pb = bp;
    const end = bp + (<usize>k << 6);
    while (pb < end) {
      const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
      let x = v128.load32_splat(pa);
      c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
      c02 = f32x4.add(c02, f32x4.mul(x, b2)); c03 = f32x4.add(c03, f32x4.mul(x, b3));
      x = v128.load32_splat(pa + rs);
      c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
      c12 = f32x4.add(c12, f32x4.mul(x, b2)); c13 = f32x4.add(c13, f32x4.mul(x, b3));
      pa += ps;
      pb += 64;
    }
    const ci = c + <usize>i * ldcB;
    storeRow(ci, n, c00, c01, c02, c03, accumulate, tmp);
    storeRow(ci + ldcB, n, c10, c11, c12, c13, accumulate, tmp);
  }
  if (i < m) {
    let c00 = zero, c01 = zero, c02 = zero, c03 = zero;
    let pa = a + <usize>i * rs;
    for (let p = 0; p < k; p++) {
      const x = v128.load32_splat(pa);
      const q = bp + (<usize>p << 6);
      c00 = f32x4.add(c00, f32x4.mul(x, v128.load(q))); c01 = f32x4.add(c01, f32x4.mul(x, v128.load(q, 16)));
      c02 = f32x4.add(c02, f32x4.mul(x, v128.load(q, 32))); c03 = f32x4.add(c03, f32x4.mul(x, v128.load(q, 48)));
      pa += ps;
    }
    storeRow(c + <usize>i * ldcB, n, c00, c01, c02, c03, accumulate, tmp);
  }
}
