/**
 * Products with a narrow output (n ≤ 16 columns): the layers of small models, where
 * out_features is 1 to 16, and their weight gradients. They are too small to pay for the
 * big kernel's packing, so op(A) is read in place, one value broadcast at a time, and
 * op(B) is read in place too when its rows are contiguous.
 *
 * A row of op(B) is covered by V = ⌈w/4⌉ vectors (w its width). When w is not a multiple
 * of 4 the last vector is shifted to end at column w, overlapping the one before it: the
 * overlapped columns are computed twice with bit-identical results, and every load and
 * store stays a whole vector inside the row, with no scalar tail. op(B) = Bᵀ and rows
 * narrower than 4 are packed into that layout first.
 *
 * Three paths:
 *   - n = 1 with rows of op(A) contiguous (a matrix-vector product): dot products, SIMD
 *     along the depth;
 *   - op(A) = Aᵀ with short columns (m ≤ 16) and fewer vectors the other way round
 *     (weight gradients such as 10×2 from 800 rows): Cᵀ = op(B)ᵀ·op(A)ᵀ, the vectors
 *     running down C's columns;
 *   - everything else: tiles of R rows × V vectors of C.
 */

/** Bytes of scratch `gemmSmall` needs for depth k: a packed op(B), at most 16 floats a row. */
export function smallScratchBytes(k: i32): i32 {
  return max(k, 1) * 64 + 64;
}

/** A vector of the `cnt` (1 to 3) floats at p, zeros above: nothing past them is read. */
// @ts-ignore: decorator
@inline function loadPart(p: usize, cnt: i32): v128 {
  if (cnt == 1) return v128.load32_zero(p);
  const v = v128.load64_zero(p);
  return cnt == 2 ? v : v128.load32_lane(p, v, 2, 8);
}

/** The first `cnt` (1 to 3) lanes of v to p, added to what is there with `accumulate`. */
function storePart(p: usize, v: v128, cnt: i32, accumulate: bool): void {
  if (accumulate) v = f32x4.add(v, loadPart(p, cnt));
  if (cnt == 1) {
    v128.store32_lane(p, v, 0);
    return;
  }
  v128.store64_lane(p, v, 0);
  if (cnt == 3) v128.store32_lane(p, v, 2, 8);
}

/** Lanes lo ≤ l < hi of v to p + l·step, added with `accumulate`. */
function storeLanes(p: usize, step: usize, v: v128, lo: i32, hi: i32, accumulate: bool): void {
  if (lo <= 0 && hi > 0) storeLane(p, f32x4.extract_lane(v, 0), accumulate);
  if (lo <= 1 && hi > 1) storeLane(p + step, f32x4.extract_lane(v, 1), accumulate);
  if (lo <= 2 && hi > 2) storeLane(p + 2 * step, f32x4.extract_lane(v, 2), accumulate);
  if (lo <= 3 && hi > 3) storeLane(p + 3 * step, f32x4.extract_lane(v, 3), accumulate);
}

// @ts-ignore: decorator
@inline function storeLane(p: usize, x: f32, accumulate: bool): void {
  store<f32>(p, accumulate ? load<f32>(p) + x : x);
}

/**
 * Rows of op(B) (element [p][j] at src + p·ps + j·js) into dst[p][0 .. 4V) in the layout
 * the tiles read: vectors at columns 0, 4, …, the last one at w − 4. When w < 4, lanes
 * past w repeat column w − 1; the tiles never store them.
 */
function packRows(src: usize, ps: usize, js: usize, k: i32, w: i32, vecs: i32, dst: usize): void {
  const stride = <usize>vecs << 4;
  const last = max(w - 4, 0);
  if (js == 4) {
    // Contiguous rows are only packed when narrower than a vector.
    for (let p = 0; p < k; p++) {
      const row = src + <usize>p * ps;
      for (let l = 0; l < 4; l++) store<f32>(dst + (<usize>l << 2), load<f32>(row + (<usize>min(l, w - 1) << 2)));
      dst += stride;
    }
    return;
  }
  // op(B) = Bᵀ (ps is 4): rows of B run along p. 4×4 blocks are transposed in registers.
  for (let v = 0; v < vecs; v++) {
    const col = v < vecs - 1 ? v << 2 : last;
    const s0 = src + <usize>col * js;
    const s1 = src + <usize>min(col + 1, w - 1) * js;
    const s2 = src + <usize>min(col + 2, w - 1) * js;
    const s3 = src + <usize>min(col + 3, w - 1) * js;
    const d = dst + (<usize>v << 4);
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const off = <usize>p << 2;
      const r0 = v128.load(s0 + off), r1 = v128.load(s1 + off), r2 = v128.load(s2 + off), r3 = v128.load(s3 + off);
      const lo01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), lo23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const hi01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), hi23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const q = d + <usize>p * stride;
      v128.store(q, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
      v128.store(q + stride, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
      v128.store(q + 2 * stride, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
      v128.store(q + 3 * stride, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
    }
    for (; p < k; p++) {
      const off = <usize>p << 2;
      const q = d + <usize>p * stride;
      store<f32>(q, load<f32>(s0 + off));
      store<f32>(q, load<f32>(s1 + off), 4);
      store<f32>(q, load<f32>(s2 + off), 8);
      store<f32>(q, load<f32>(s3 + off), 12);
    }
  }
}

/**
 * R rows × V vectors of the product: acc[r] = Σ_p op(A)[r][p] · op(B)[p][:], op(A)[r][p]
 * at pa + r·rs + p·ps. Row r goes to C at c + r·rowStep: along the row (the vectors
 * are columns of C), or, `transposed`, down column r with the vectors' lanes ldcB apart.
 * R and V are constants at every call, so the unused accumulators fold away.
 */
// @ts-ignore: decorator
@inline function tile(
  R: i32, V: i32, k: i32, pa: usize, rs: usize, ps: usize,
  pb: usize, bStep: usize, bLast: usize, w: i32, cLast: i32,
  c: usize, rowStep: usize, ldcB: usize, transposed: bool, accumulate: bool,
): void {
  const zero = f32x4.splat(0);
  let c00 = zero, c01 = zero, c02 = zero, c03 = zero;
  let c10 = zero, c11 = zero, c12 = zero, c13 = zero;
  let c20 = zero, c21 = zero, c22 = zero, c23 = zero;
  let c30 = zero, c31 = zero, c32 = zero, c33 = zero;
  const end = pb + <usize>k * bStep;
  while (pb < end) {
    // Vectors 0 .. V−2 at 16-byte steps, the last at bLast.
    const b0 = V == 1 ? v128.load(pb + bLast) : v128.load(pb);
    const b1 = V < 2 ? zero : V == 2 ? v128.load(pb + bLast) : v128.load(pb, 16);
    const b2 = V < 3 ? zero : V == 3 ? v128.load(pb + bLast) : v128.load(pb, 32);
    const b3 = V < 4 ? zero : v128.load(pb + bLast);
    let x = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    if (V > 1) c01 = f32x4.add(c01, f32x4.mul(x, b1));
    if (V > 2) c02 = f32x4.add(c02, f32x4.mul(x, b2));
    if (V > 3) c03 = f32x4.add(c03, f32x4.mul(x, b3));
    if (R > 1) {
      x = v128.load32_splat(pa + rs);
      c10 = f32x4.add(c10, f32x4.mul(x, b0));
      if (V > 1) c11 = f32x4.add(c11, f32x4.mul(x, b1));
      if (V > 2) c12 = f32x4.add(c12, f32x4.mul(x, b2));
      if (V > 3) c13 = f32x4.add(c13, f32x4.mul(x, b3));
    }
    if (R > 2) {
      x = v128.load32_splat(pa + 2 * rs);
      c20 = f32x4.add(c20, f32x4.mul(x, b0));
      if (V > 1) c21 = f32x4.add(c21, f32x4.mul(x, b1));
      if (V > 2) c22 = f32x4.add(c22, f32x4.mul(x, b2));
      if (V > 3) c23 = f32x4.add(c23, f32x4.mul(x, b3));
    }
    if (R > 3) {
      x = v128.load32_splat(pa + 3 * rs);
      c30 = f32x4.add(c30, f32x4.mul(x, b0));
      if (V > 1) c31 = f32x4.add(c31, f32x4.mul(x, b1));
      if (V > 2) c32 = f32x4.add(c32, f32x4.mul(x, b2));
      if (V > 3) c33 = f32x4.add(c33, f32x4.mul(x, b3));
    }
    pa += ps;
    pb += bStep;
  }
  if (transposed) {
    putColumn(c, ldcB, V, w, cLast, c00, c01, c02, c03, accumulate);
    if (R > 1) putColumn(c + rowStep, ldcB, V, w, cLast, c10, c11, c12, c13, accumulate);
    if (R > 2) putColumn(c + 2 * rowStep, ldcB, V, w, cLast, c20, c21, c22, c23, accumulate);
    if (R > 3) putColumn(c + 3 * rowStep, ldcB, V, w, cLast, c30, c31, c32, c33, accumulate);
  } else {
    putRow(c, V, w, cLast, c00, c01, c02, c03, accumulate);
    if (R > 1) putRow(c + rowStep, V, w, cLast, c10, c11, c12, c13, accumulate);
    if (R > 2) putRow(c + 2 * rowStep, V, w, cLast, c20, c21, c22, c23, accumulate);
    if (R > 3) putRow(c + 3 * rowStep, V, w, cLast, c30, c31, c32, c33, accumulate);
  }
}

/** One row of a tile into a row of C: vectors v0 .. v(V−1), the last at column cLast. */
// @ts-ignore: decorator
@inline function putRow(c: usize, V: i32, w: i32, cLast: i32, v0: v128, v1: v128, v2: v128, v3: v128, accumulate: bool): void {
  if (w < 4) {
    storePart(c, v0, w, accumulate);
    return;
  }
  const pl = c + (<usize>cLast << 2);
  let last = V == 1 ? v0 : V == 2 ? v1 : V == 3 ? v2 : v3;
  // Every load before any store: the last vector may overlap the one before it.
  if (accumulate) {
    if (V > 1) v0 = f32x4.add(v0, v128.load(c));
    if (V > 2) v1 = f32x4.add(v1, v128.load(c, 16));
    if (V > 3) v2 = f32x4.add(v2, v128.load(c, 32));
    last = f32x4.add(last, v128.load(pl));
  }
  if (V > 1) v128.store(c, v0);
  if (V > 2) v128.store(c, v1, 16);
  if (V > 3) v128.store(c, v2, 32);
  v128.store(pl, last);
}

/** One row of a tile down a column of C (rows ldcB apart); the overlapped lanes are written once. */
// @ts-ignore: decorator
@inline function putColumn(c: usize, ldcB: usize, V: i32, w: i32, cLast: i32, v0: v128, v1: v128, v2: v128, v3: v128, accumulate: bool): void {
  if (V > 1) storeLanes(c, ldcB, v0, 0, 4, accumulate);
  if (V > 2) storeLanes(c + 4 * ldcB, ldcB, v1, 0, 4, accumulate);
  if (V > 3) storeLanes(c + 8 * ldcB, ldcB, v2, 0, 4, accumulate);
  const last = V == 1 ? v0 : V == 2 ? v1 : V == 3 ? v2 : v3;
  storeLanes(c + <usize>cLast * ldcB, ldcB, last, ((V - 1) << 2) - cLast, min(4, w - cLast), accumulate);
}

/**
 * C (= or +=) op(A)[rows, k] · op(B)[k, w], op(B)[p][j] at src + p·bps + j·bjs: read in
 * place when its rows are contiguous and at least a vector wide, else packed into `work`.
 * Tiles of R rows × V vectors, then single rows.
 */
function tiles(
  rows: i32, k: i32, pa: usize, rs: usize, ps: usize,
  src: usize, bps: usize, bjs: usize, w: i32, work: usize,
  c: usize, rowStep: usize, ldcB: usize, transposed: bool, accumulate: bool,
): void {
  const vecs = (w + 3) >> 2;
  const cLast = w < 4 ? 0 : w - 4;
  let pb = src, bStep = bps, bLast = <usize>cLast << 2;
  if (bjs != 4 || w < 4) {
    packRows(src, bps, bjs, k, w, vecs, work);
    pb = work;
    bStep = <usize>vecs << 4;
    bLast = <usize>(vecs - 1) << 4;
  }
  let i = 0;
  // At most 8 accumulators: with the B vectors and the broadcast value, what V8 keeps in
  // x64's 16 xmm registers (3 rows × 3 vectors spill and run slower than 2 × 3).
  if (vecs == 1) {
    for (; i + 4 <= rows; i += 4) {
      tile(4, 1, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
    for (; i < rows; i++) {
      tile(1, 1, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
  } else if (vecs == 2) {
    for (; i + 4 <= rows; i += 4) {
      tile(4, 2, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
    for (; i < rows; i++) {
      tile(1, 2, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
  } else if (vecs == 3) {
    for (; i + 2 <= rows; i += 2) {
      tile(2, 3, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
    for (; i < rows; i++) {
      tile(1, 3, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
  } else {
    for (; i + 2 <= rows; i += 2) {
      tile(2, 4, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
    for (; i < rows; i++) {
      tile(1, 4, k, pa + <usize>i * rs, rs, ps, pb, bStep, bLast, w, cLast, c + <usize>i * rowStep, rowStep, ldcB, transposed, accumulate);
    }
  }
}

/**
 * Dot products of the m rows of A (row i at a + i·rs, contiguous along k) with the k
 * floats at x: C[i, 0] (= or +=) A[i, :] · x. Four rows at a time, their sums reduced
 * together; the depth's ragged end is read with zeros above it.
 */
function dotRows(m: i32, k: i32, a: usize, rs: usize, x: usize, c: usize, ldcB: usize, accumulate: bool): void {
  const zero = f32x4.splat(0);
  const kv = k & ~3, rest = k & 3;
  const xEnd = rest ? loadPart(x + (<usize>kv << 2), rest) : zero;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
    let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
    for (let p = 0; p < kv; p += 4) {
      const off = <usize>p << 2;
      const xv = v128.load(x + off);
      s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + off), xv));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + off), xv));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(a2 + off), xv));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(a3 + off), xv));
    }
    if (rest) {
      const off = <usize>kv << 2;
      s0 = f32x4.add(s0, f32x4.mul(loadPart(a0 + off, rest), xEnd));
      s1 = f32x4.add(s1, f32x4.mul(loadPart(a1 + off, rest), xEnd));
      s2 = f32x4.add(s2, f32x4.mul(loadPart(a2 + off, rest), xEnd));
      s3 = f32x4.add(s3, f32x4.mul(loadPart(a3 + off, rest), xEnd));
    }
    // [Σs0, Σs1, Σs2, Σs3] in two rounds of pairwise adds.
    const h01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 1, 4, 5), v128.shuffle<f32>(s0, s1, 2, 3, 6, 7));
    const h23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 1, 4, 5), v128.shuffle<f32>(s2, s3, 2, 3, 6, 7));
    const sums = f32x4.add(v128.shuffle<f32>(h01, h23, 0, 2, 4, 6), v128.shuffle<f32>(h01, h23, 1, 3, 5, 7));
    const ci = c + <usize>i * ldcB;
    if (ldcB == 4) v128.store(ci, accumulate ? f32x4.add(v128.load(ci), sums) : sums);
    else storeLanes(ci, ldcB, sums, 0, 4, accumulate);
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * rs;
    let s = zero;
    for (let p = 0; p < kv; p += 4) s = f32x4.add(s, f32x4.mul(v128.load(ai + (<usize>p << 2)), v128.load(x + (<usize>p << 2))));
    if (rest) s = f32x4.add(s, f32x4.mul(loadPart(ai + (<usize>kv << 2), rest), xEnd));
    const h = f32x4.add(s, v128.shuffle<f32>(s, s, 2, 3, 0, 1));
    const sum = f32x4.extract_lane(h, 0) + f32x4.extract_lane(h, 1);
    const ci = c + <usize>i * ldcB;
    store<f32>(ci, accumulate ? load<f32>(ci) + sum : sum);
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
  // Byte steps of op(B) along the depth (p) and along a row (j).
  const bps: usize = transB ? 4 : <usize>ldb << 2;
  const bjs: usize = transB ? <usize>ldb << 2 : 4;
  if (n == 1 && ps == 4) {
    let x = b;
    if (bps != 4) {
      for (let p = 0; p < k; p++) store<f32>(work + (<usize>p << 2), load<f32>(b + <usize>p * bps));
      x = work;
    }
    dotRows(m, k, a, rs, x, c, ldcB, accumulate);
    return;
  }
  // Vector multiply-adds either way round: m rows of ⌈n/4⌉ vectors, or n of ⌈m/4⌉.
  if (rs == 4 && m <= 16 && n * ((m + 3) >> 2) < m * ((n + 3) >> 2)) {
    // Cᵀ = op(B)ᵀ · op(A)ᵀ: the columns of op(A) are the contiguous rows of A.
    tiles(n, k, b, bjs, bps, a, ps, 4, m, work, c, 4, ldcB, true, accumulate);
    return;
  }
  tiles(m, k, a, rs, ps, b, bps, bjs, n, work, c, ldcB, ldcB, false, accumulate);
}
