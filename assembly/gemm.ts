/**
 * Single-precision matrix product C = op(A) · op(B) (or C += ...), GotoBLAS style.
 *
 * op(B) is packed into panels of NR columns and op(A) into panels of MR rows, so the
 * micro-kernel reads both contiguously whatever the transposes: A·B, A·Bᵀ and Aᵀ·B run at
 * the same speed. An MR×NR tile of C stays in 8 v128 registers for a whole depth block.
 *
 * Why the A panel holds each value already splatted to four lanes (16 bytes, not 4): V8
 * cannot fold a constant offset into a `load32_splat` address and emits an extra `lea` per
 * broadcast, and it hoists every load of an iteration to the top of the loop, so the
 * kernel lives at exactly 15 of x64's 16 xmm registers. Plain v128 loads with offsets
 * fold into the addressing mode; this cut the inner loop from 33 to 30 instructions per
 * 64 flops and lifted 1024³ from ~42 to ~48 GFLOP/s on one core. Unrolling the depth loop
 * or taller tiles (5×8, 6×8) spill registers in V8 and run at half speed.
 *
 * Pointers are byte offsets into linear memory, laid out by the JS side; leading
 * dimensions are in elements.
 */

import { gemmSmall, smallScratchBytes } from "./small";

const MR: i32 = 4;
const NR: i32 = 8;
/** Depth of a block: a B panel (KC·NR floats = 8 KiB) stays in L1. */
const KC: i32 = 256;
/** Rows of a packed A block (MC·KC splatted floats = 256 KiB) kept in L2. */
const MC: i32 = 64;
/** Columns of a packed B block. */
const NC: i32 = 4096;

function roundUp(x: i32, to: i32): i32 {
  return (x + to - 1) / to * to;
}

/** Bytes of the packed A block of an [m, ·, k] product (splatted, so 16 per value). */
function packedABytes(m: i32, k: i32): usize {
  return <usize>min(MC, roundUp(m, MR)) * min(KC, k) * 16;
}

/** Outputs at most this wide go to the narrow kernel of small.ts. */
const NARROW: i32 = 16;

/** Bytes of scratch a `gemm` of this size needs: the packed blocks and an edge tile. */
export function gemmScratchBytes(m: i32, n: i32, k: i32): i32 {
  if (n <= NARROW) return smallScratchBytes(k);
  const kc = min(KC, max(k, 1));
  return <i32>packedABytes(m, kc) + kc * min(NC, roundUp(n, NR)) * 4 + MR * NR * 4;
}

/** op(B)[p0 .. p0+kc, j0 .. j0+nc] into panels dst[j / NR][p][j % NR], zero-padded. */
function packB(b: usize, ldb: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const step = <usize>ldb << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    if (!transB) {
      let src = b + ((<usize>p0 * ldb + j0 + jr) << 2);
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          dst += NR << 2;
          src += step;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let j = 0; j < NR; j++) store<f32>(dst + (j << 2), j < cols ? load<f32>(src + (j << 2)) : 0);
          dst += NR << 2;
          src += step;
        }
      }
    } else if (cols == NR) {
      // B is stored [N][K]: column j of op(B) is row j of B, contiguous along p. Four
      // depths of eight rows at a time, as two 4×4 transposes in registers (the scalar
      // loop below was a third of a convolution's weight gradient, whose op(B) is the
      // transposed columns).
      const base = b + ((<usize>(j0 + jr) * ldb + p0) << 2);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const src = base + (<usize>p << 2);
        transpose4(src, step, dst + (<usize>(p * NR) << 2));
        transpose4(src + 4 * step, step, dst + (<usize>(p * NR) << 2) + 16);
      }
      for (; p < kc; p++) {
        const d = dst + (<usize>(p * NR) << 2);
        for (let j = 0; j < NR; j++) store<f32>(d + (j << 2), load<f32>(base + <usize>j * step + (<usize>p << 2)));
      }
      dst += <usize>(kc * NR) << 2;
    } else {
      const base = b + ((<usize>(j0 + jr) * ldb + p0) << 2);
      for (let j = 0; j < NR; j++) {
        let d = dst + (j << 2);
        if (j < cols) {
          let src = base + <usize>j * step;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(src));
            src += 4;
            d += NR << 2;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += NR << 2;
          }
        }
      }
      dst += <usize>(kc * NR) << 2;
    }
  }
}

/**
 * Rows r0..r3 (byte stride `step`) of four floats each from `src`, written transposed:
 * dst + 32·q holds (r0[q], r1[q], r2[q], r3[q]) for q = 0..3 (a packed panel's row stride
 * is NR floats = 32 bytes).
 */
// @ts-ignore: decorator
@inline function transpose4(src: usize, step: usize, dst: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + step), r2 = v128.load(src + 2 * step), r3 = v128.load(src + 3 * step);
  // (r0[0], r1[0], r0[1], r1[1]) and so on, then the halves of each pair of those.
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i64x2.shuffle(t0, t2, 0, 2));
  v128.store(dst + 32, i64x2.shuffle(t0, t2, 1, 3));
  v128.store(dst + 64, i64x2.shuffle(t1, t3, 0, 2));
  v128.store(dst + 96, i64x2.shuffle(t1, t3, 1, 3));
}

/** op(A)[i0 .. i0+mc, p0 .. p0+kc] into panels dst[i / MR][p][i % MR] of splatted values, zero-padded. */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  // Byte steps of op(A) along a row (r) and along the depth (p).
  const rs: usize = transA ? 4 : <usize>lda << 2;
  const ps: usize = transA ? <usize>lda << 2 : 4;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let src = a + <usize>(i0 + ir) * rs + <usize>p0 * ps;
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load32_splat(src));
        v128.store(dst, v128.load32_splat(src + rs), 16);
        v128.store(dst, v128.load32_splat(src + 2 * rs), 32);
        v128.store(dst, v128.load32_splat(src + 3 * rs), 48);
        dst += MR << 4;
        src += ps;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          v128.store(dst + (r << 4), r < rows ? v128.load32_splat(src + <usize>r * rs) : f32x4.splat(0));
        }
        dst += MR << 4;
        src += ps;
      }
    }
  }
}

/**
 * One MR×NR tile: acc = Σ_p Ap[p][:] ⊗ Bp[p][:], then C = acc, or C += acc with
 * `accumulate`. `c` is the tile's first element, `ldc` the row stride in bytes.
 */
function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // Looping on the B pointer saves the counter's add and compare.
  const bEnd = bp + (<usize>kc << 5);
  while (bp < bEnd) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load(ap, 16);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load(ap, 32);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load(ap, 48);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 64;
    bp += 32;
  }
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1)); c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2)); c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3)); c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

/** A tile cut by the matrix edge: computed into `tmp` (MR×NR), then its valid part moved to C. */
function edgeKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool, tmp: usize): void {
  kernel(kc, ap, bp, tmp, NR << 2, false);
  for (let r = 0; r < rows; r++) {
    const crow = c + <usize>r * ldc;
    const trow = tmp + (<usize>(r * NR) << 2);
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(trow + (j << 2));
      const dst = crow + (j << 2);
      store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
    }
  }
}

/**
 * C[m, n] (row stride ldc) = op(A) · op(B), or += with `accumulate`. op(A) is A [m, k] with
 * row stride lda, or A stored [k, m] (row stride lda) when transA; op(B) likewise [k, n]
 * or stored [n, k]. `work` points at gemmScratchBytes(m, n, k) of scratch.
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, accumulate: bool,
  work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const ldcB = <usize>ldc << 2;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcB, 0, <usize>n << 2);
    return;
  }
  if (n <= NARROW) {
    const rs: usize = transA ? 4 : <usize>lda << 2;
    const ps: usize = transA ? <usize>lda << 2 : 4;
    gemmSmall(m, n, k, a, rs, ps, b, ldb, transB, c, ldcB, accumulate, work);
    return;
  }
  const packedA = work;
  const packedB = work + packedABytes(m, k);
  const tmp = packedB + (<usize>(min(KC, k) * min(NC, roundUp(n, NR))) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const acc = accumulate || pc > 0;
      packB(b, ldb, transB, pc, kc, jc, nc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, lda, transA, ic, mc, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = packedB + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const ap = packedA + (<usize>(ir * kc) << 4);
            const ct = c + <usize>(ic + ir) * ldcB + (<usize>(jc + jr) << 2);
            if (rows == MR && cols == NR) kernel(kc, ap, bp, ct, ldcB, acc);
            else edgeKernel(kc, ap, bp, ct, ldcB, rows, cols, acc, tmp);
          }
        }
      }
    }
  }
}
