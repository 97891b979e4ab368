/**
 * The control block through which the main thread hands products to workers: one slot
 * of SLOT_INTS int32s per worker in shared wasm memory, its fields on separate cache
 * lines so the two sides never write the same line. The worker source (worker-source.ts)
 * uses the same offsets.
 */
/**
 * 4 KiB per worker: room for 68 jobs, so that a convolution's per-sample products for a
 * batch of 32 on two threads (up to 64 jobs, 32 each) go in one hand-off, not three
 * (256 ints held 14 jobs; TinyVGG's step made 17 hand-offs instead of 7).
 */
export const SLOT_INTS = 1024;
/** Bumped by the main thread to post a batch of jobs. */
export const SEQ = 0;
/** Set by the worker to the batch's SEQ when it has finished it. */
export const DONE = 16;
/** Set to 1 once the worker has instantiated its module. */
export const READY = 32;
/** How many jobs the batch holds. */
export const COUNT = 48;
/** Set by the worker to 1 when a job of the batch threw (a trap), else 0. */
export const FAILED = 49;
/**
 * Where the jobs start: JOB_INTS int32s each, the arguments of `gemm` in order, or of
 * `convDirect` (assembly/direct.ts); the last int says which (KIND_GEMM or KIND_CONV).
 */
export const JOBS = 64;
export const JOB_INTS = 14;
/** A job's kind (gemm / conv / conv weight gradient): its last int. */
export const KIND_AT = JOB_INTS - 1;
export const KIND_GEMM = 0;
export const KIND_CONV = 1;
export const KIND_CONV_WEIGHT = 2;
export const MAX_JOBS = Math.floor((SLOT_INTS - JOBS) / JOB_INTS);

/** One `gemm` call of assembly/gemm.ts: pointers in bytes, flags 0 / 1. */
export interface GemmJob {
  m: number; n: number; k: number;
  a: number; lda: number; transA: number;
  b: number; ldb: number; transB: number;
  c: number; ldc: number; accumulate: number;
  work: number;
}

/**
 * One call of assembly/direct.ts for `nb` samples (pointers in bytes): `convDirect` (kind
 * "conv": x, the packed weight w, bias) or `convDirectWeightGrad` ("convWeight": x, and w
 * holding the output's gradient).
 */
export interface ConvJob {
  kind: "conv" | "convWeight";
  geom: number; x: number; w: number; out: number; bias: number; nb: number;
  work: number;
}

export type Job = GemmJob | ConvJob;

export function writeJob(ctl: Int32Array, at: number, j: Job): void {
  if ("kind" in j) {
    ctl[at] = j.geom; ctl[at + 1] = j.x; ctl[at + 2] = j.w; ctl[at + 3] = j.out;
    ctl[at + 4] = j.bias; ctl[at + 5] = j.nb; ctl[at + 6] = j.work;
    ctl[at + KIND_AT] = j.kind === "conv" ? KIND_CONV : KIND_CONV_WEIGHT;
    return;
  }
  ctl[at + KIND_AT] = KIND_GEMM;
  ctl[at] = j.m; ctl[at + 1] = j.n; ctl[at + 2] = j.k;
  ctl[at + 3] = j.a; ctl[at + 4] = j.lda; ctl[at + 5] = j.transA;
  ctl[at + 6] = j.b; ctl[at + 7] = j.ldb; ctl[at + 8] = j.transB;
  ctl[at + 9] = j.c; ctl[at + 10] = j.ldc; ctl[at + 11] = j.accumulate;
  ctl[at + 12] = j.work;
}
