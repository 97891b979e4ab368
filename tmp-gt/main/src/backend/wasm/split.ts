/**
 * Cutting products into per-thread pieces. Each thread gets one slice of every product
 * (rows when the product is taller than wide, else columns), so work is balanced
 * whatever the mix, and each slice is itself an ordinary `gemm` over strided operands.
 */
import type { GemmJob } from "../threads/protocol.js";

/** Slices start on multiples of this (a few micro-tiles), so edges stay rare. */
const ROW_ALIGN = 16;
const COL_ALIGN = 16;

/**
 * Outputs at most this wide go to the narrow kernel (assembly/gemm.ts NARROW), which sums
 * the depth in another order than the wide one once it passes 256: a column slice must
 * stay on the kernel the whole product chose, or the bits would depend on the threads.
 */
const NARROW = 16;

/**
 * Splits `job` into at most `parts` slices of roughly equal size (fewer when it is small).
 * Every slice runs on the kernel the whole product would: a wide product's column slices
 * are all wider than NARROW.
 */
export function splitJob(job: GemmJob, parts: number): GemmJob[] {
  const byRows = job.m >= job.n;
  const len = byRows ? job.m : job.n;
  const unit = byRows ? ROW_ALIGN : COL_ALIGN;
  for (let pieces = Math.min(parts, Math.floor(len / unit)); pieces > 1; pieces--) {
    const slices = slicesOf(job, byRows, len, unit, pieces);
    if (byRows || job.n <= NARROW || slices.every((s) => s.n > NARROW)) return slices;
  }
  return [job];
}

function slicesOf(job: GemmJob, byRows: boolean, len: number, unit: number, pieces: number): GemmJob[] {
  const out: GemmJob[] = [];
  for (let p = 0; p < pieces; p++) {
    const start = Math.round((len * p) / pieces / unit) * unit;
    const end = p === pieces - 1 ? len : Math.round((len * (p + 1)) / pieces / unit) * unit;
    if (end <= start) continue;
    out.push(byRows ? rowSlice(job, start, end) : colSlice(job, start, end));
  }
  return out;
}

function rowSlice(j: GemmJob, r0: number, r1: number): GemmJob {
  // Row r of op(A) starts at r·lda, or at column r when A is stored transposed.
  const aOff = j.transA ? r0 * 4 : r0 * j.lda * 4;
  return { ...j, m: r1 - r0, a: j.a + aOff, c: j.c + r0 * j.ldc * 4 };
}

function colSlice(j: GemmJob, c0: number, c1: number): GemmJob {
  const bOff = j.transB ? c0 * j.ldb * 4 : c0 * 4;
  return { ...j, n: c1 - c0, b: j.b + bOff, c: j.c + c0 * 4 };
}
