/**
 * The WebAssembly SIMD backend: matrix products and the fused linear layer run in wasm
 * (on several threads when large), everything else, and any product too small to repay
 * copying its operands into wasm memory, runs on the reference kernels it wraps.
 * Only float32 goes to wasm; float64 and integer tensors stay on the reference kernels.
 * Operands resident in the plain context's memory (resident.ts) are read in place, and
 * resident outputs written in place; everything else is copied through the arena.
 */
import type { Storage } from "../../tensor/dtype.js";
import type {
  Activation, AdamOptions, Backend, ConvBackwardArgs, ConvGeometry, LinearActivation, LinearBackwardArgs, PoolGeometry, UnaryOp,
} from "../backend.js";
import { channelSums, colRows, samplesPerChunk } from "../js/conv.js";
import { adamScalars } from "../js/fused-optim.js";
import { libm } from "../libm.js";
import { ACT_CODE, ADAM_FLAGS, EXACT_CODE } from "./kernels.js";
import { RESIDENT_MIN_FLOATS } from "./resident.js";
import type { Context, JobSpec, WasmEngine } from "./engine.js";

/**
 * Below this many multiply-adds a product stays on the reference kernel: a call into wasm
 * with its copies costs about 0.2 µs, which 64 scalar multiply-adds in JS also cost
 * (bench/thresholds.ts: js wins at 2³, wasm from 4³ on, 5× faster by 10³).
 */
export const WASM_MIN_MACS = 64;

/**
 * Shorter activation gradients stay on the reference kernels: an element-wise pass costs
 * about what copying its two operands in and its result out does, so wasm pays off only
 * once SIMD's 4 lanes beat the copies (measured in bench/thresholds.ts terms: ~1k floats).
 */
const ACT_MIN = 1024;

/** Shorter loss inputs stay on the reference kernels (the copies would cost more than they save). */
const LOSS_MIN = 16;

/**
 * Shorter parameters take Adam's step on the reference kernel: its float code costs about
 * what the call into wasm and the copies of four operands in and three out do there
 * (a bias of ten floats); the wasm kernel runs four lanes at once beyond.
 */
const ADAM_MIN = 256;

/**
 * Shorter arrays take the element-wise functions below on the reference kernel (the same
 * bits): there the call into wasm costs more than the loop it replaces.
 */
const UNARY_MIN = 16;

/** The element-wise functions of one exact float32 operation, by their codes in assembly/unary.ts. */
const EXACT: Partial<Record<UnaryOp, number>> = EXACT_CODE;

/** Output channels in one register tile of the direct convolution (assembly/direct.ts CB). */
const DIRECT_CB = 2;
/** Floats of input and output a direct-convolution chunk holds in wasm memory (16 MB, well inside the plain context's fixed arena). */
const DIRECT_CHUNK_FLOATS = 1 << 22;

/** A stride-1 convolution as the direct kernel sees it (one group). */
interface DirectSpec {
  cin: number; h: number; w: number; cout: number; kh: number; kw: number; dh: number; dw: number;
  pt: number; pl: number; oh: number; ow: number;
}

/** The direct kernels' view of a convolution: the input's channels in, the output's out. */
function directSpec(g: ConvGeometry): DirectSpec {
  return { cin: g.c, h: g.h, w: g.w, cout: g.o, kh: g.kh, kw: g.kw, dh: g.dh, dw: g.dw, pt: g.pt, pl: g.pl, oh: g.oh, ow: g.ow };
}

/** The padded input planes the direct kernels read: rows of owp (ow rounded up to 4 lanes) plus the taps' reach. */
function paddedPlanes(d: DirectSpec): { owp: number; hp: number; wp: number } {
  const owp = Math.ceil(d.ow / 4) * 4;
  return { owp, hp: d.oh + d.dh * (d.kh - 1), wp: owp + d.dw * (d.kw - 1) };
}

/**
 * Whether the forward goes to the direct kernel: stride 1, one group, and few channels —
 * where im2col's columns and 10-row products cost more than they save (TinyVGG's conv
 * layers: 24 → 38 GFLOP/s, bench/conv-layers.ts). Decided by the whole problem's shape
 * only, never by a thread's share, so the bits do not depend on the thread count.
 */
export function directForward(g: ConvGeometry): boolean {
  return g.sh === 1 && g.sw === 1 && g.groups === 1 && g.o <= 32 && g.c <= 32 && g.pt >= 0 && g.pl >= 0;
}

/**
 * Whether the input's gradient goes to the direct kernel: as the forward, with its
 * transposed padding non-negative and at least 2 input channels (one input channel
 * would leave 4 of the tile's 5 channel rows empty).
 */
export function directInputGrad(g: ConvGeometry): boolean {
  return directForward(g) && g.c >= 2 && g.dh * (g.kh - 1) >= g.pt && g.dw * (g.kw - 1) >= g.pl;
}

/** Weights as the direct kernel reads them: [block][ci][i][j][DIRECT_CB] values, each splatted to 4 lanes (0 past cout). */
function packDirect(f32: Float32Array, at: number, d: DirectSpec, weight: (co: number, ci: number, i: number, j: number) => number): void {
  const blocks = Math.ceil(d.cout / DIRECT_CB);
  let p = at;
  for (let b = 0; b < blocks; b++) {
    for (let ci = 0; ci < d.cin; ci++) {
      for (let i = 0; i < d.kh; i++) {
        for (let j = 0; j < d.kw; j++) {
          for (let k = 0; k < DIRECT_CB; k++, p += 4) {
            const co = b * DIRECT_CB + k;
            const v = co < d.cout ? weight(co, ci, i, j) : 0;
            f32[p] = v; f32[p + 1] = v; f32[p + 2] = v; f32[p + 3] = v;
          }
        }
      }
    }
  }
}

export interface WasmBackend extends Backend {
  readonly engine: WasmEngine;
}

export interface WasmBackendOptions {
  /** Products with fewer multiply-adds go to `fallback` (default WASM_MIN_MACS; tests use 0). */
  minMacs?: number;
  /** Pooling calls over fewer input floats go to `fallback` (default 1024, as ReLU; tests use 0). */
  minPool?: number;
}

function allF32(...xs: (Storage | null)[]): boolean {
  for (const x of xs) if (x !== null && !(x instanceof Float32Array)) return false;
  return true;
}

/**
 * Whether `f` lives in `ctx`'s memory. Length first: resident arrays are long, and reading
 * `buffer` of a short array that V8 keeps on its heap moves it off the heap (an allocation
 * per array, which cost W1 a fifth of its time).
 */
function atHome(ctx: Context, f: Float32Array): boolean {
  return ctx.home !== null && f.length >= RESIDENT_MIN_FLOATS && f.buffer === ctx.home;
}

/**
 * Where a Float32 operand is in `ctx`'s memory (the caller has checked the type): in place
 * when it is resident there (resident.ts), else copied in. Only for operands the kernel
 * reads; one it changes in place goes through `putCopy`.
 */
function put(ctx: Context, x: Storage, len: number): number {
  const f = x as Float32Array;
  if (atHome(ctx, f)) return f.byteOffset;
  return ctx.arena.put(f.length === len ? f : f.subarray(0, len));
}

/** A copy of `x` in `ctx`'s arena, always (for a kernel that overwrites its operand). */
function putCopy(ctx: Context, x: Storage, len: number): number {
  const f = x as Float32Array;
  return ctx.arena.put(f.length === len ? f : f.subarray(0, len));
}

/** Whether `b` shares a byte with `a`, an array resident in `ctx`'s memory. */
function overlaps(ctx: Context, a: Float32Array, b: Storage | null): boolean {
  return b instanceof Float32Array && atHome(ctx, b) && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Where a kernel writes `len` floats of `out`: in place when `out` is resident in `ctx`'s
 * memory and overlaps none of the operands it reads meanwhile, else a region of the arena
 * that `get` then copies out.
 */
function outPtr(ctx: Context, out: Storage, len: number, ...reads: (Storage | null)[]): number {
  const f = out as Float32Array;
  if (atHome(ctx, f)) {
    let free = true;
    for (const r of reads) if (overlaps(ctx, f, r)) free = false;
    if (free) return f.byteOffset;
  }
  return ctx.arena.alloc(len * 4);
}

function get(ctx: Context, ptr: number, out: Storage, len: number): void {
  const f = out as Float32Array;
  if (ptr === f.byteOffset && atHome(ctx, f)) return;
  ctx.arena.get(ptr, f.length === len ? f : f.subarray(0, len));
}

/** Copies `len` floats of `x` to `ptr` in `ctx`'s memory (nothing when already there). */
function copyTo(ctx: Context, x: Storage, ptr: number, len: number): void {
  const f = x as Float32Array, f32 = ctx.arena.f32;
  if (atHome(ctx, f)) {
    if (f.byteOffset !== ptr) f32.copyWithin(ptr / 4, f.byteOffset / 4, f.byteOffset / 4 + len);
  } else f32.set(f.length === len ? f : f.subarray(0, len), ptr / 4);
}

export function createWasmBackend(engine: WasmEngine, fallback: Backend, opts: WasmBackendOptions = {}): WasmBackend {
  const minMacs = opts.minMacs ?? WASM_MIN_MACS;
  const minPool = opts.minPool ?? ACT_MIN;

  /**
   * The context for a call of `macs` multiply-adds moving `bytes` of operands, reset and
   * ready; null when it would not fit in wasm memory (the caller falls back). Whether it
   * falls back depends on the single-thread context alone: a call too large for the shared
   * memory with its per-thread scratch runs on the calling thread, so the kernel, and the
   * bits, never depend on the thread count.
   */
  function enter(macs: number, bytes: number, m: number, n: number, k: number): Context | null {
    return enterWith(macs, bytes, (ctx) => ctx.ex.gemmScratchBytes(m, n, k));
  }

  /** `enter` for a call whose per-thread scratch is `scratchOf(ctx)` bytes (the direct convolution's is not a GEMM's). */
  function enterWith(macs: number, bytes: number, scratchOf: (ctx: Context) => number): Context | null {
    const ctx = engine.context(macs);
    ctx.arena.reset();
    const scratch = scratchOf(ctx);
    if (ctx.arena.fits(bytes + (ctx.workers.length + 1) * scratch)) return ctx;
    if (ctx.workers.length > 0) {
      const plain = engine.context(0);
      plain.arena.reset();
      if (plain.arena.fits(bytes + scratch)) return plain;
    }
    const big = engine.overflow();
    big.arena.reset();
    return big.arena.fits(bytes + scratch) ? big : null;
  }

  function matmul(
    a: Storage, b: Storage, out: Storage, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number,
  ): void {
    const aLen = strideA === 0 ? m * k : (batch - 1) * strideA + m * k;
    const bLen = strideB === 0 ? k * n : (batch - 1) * strideB + k * n;
    const outLen = batch * m * n;
    const macs = batch * m * n * k;
    const ctx = allF32(a, b, out) && macs >= minMacs ? enter(macs, 4 * (aLen + bLen + outLen), m, n, k) : null;
    if (!ctx) {
      fallback.matmul(a, b, out, batch, m, k, n, transA, transB, strideA, strideB);
      return;
    }
    const pa = put(ctx, a, aLen);
    const pb = put(ctx, b, bLen);
    const pc = outPtr(ctx, out, outLen, a, b);
    const jobs: JobSpec[] = [];
    for (let t = 0; t < batch; t++) {
      jobs.push({
        m, n, k,
        a: pa + t * strideA * 4, lda: transA ? m : k, transA: transA ? 1 : 0,
        b: pb + t * strideB * 4, ldb: transB ? k : n, transB: transB ? 1 : 0,
        c: pc + t * m * n * 4, ldc: n, accumulate: 0,
      });
    }
    engine.runGemms(ctx, jobs);
    get(ctx, pc, out, outLen);
  }

  function linear(x: Storage, w: Storage, bias: Storage | null, out: Storage, m: number, k: number, n: number, act: LinearActivation): void {
    const macs = m * n * k;
    const ctx = allF32(x, w, bias, out) && macs >= minMacs ? enter(macs, 4 * (m * k + n * k + n + m * n), m, n, k) : null;
    if (!ctx) {
      fallback.linear(x, w, bias, out, m, k, n, act);
      return;
    }
    const px = put(ctx, x, m * k);
    const pw = put(ctx, w, n * k);
    const pb = bias ? put(ctx, bias, n) : 0;
    const po = outPtr(ctx, out, m * n, x, w, bias);
    engine.runGemms(ctx, [{ m, n, k, a: px, lda: k, transA: 0, b: pw, ldb: k, transB: 1, c: po, ldc: n, accumulate: 0 }]);
    if (bias || act !== "none") ctx.ex.biasAct(po, m, n, pb, ACT_CODE[act]);
    get(ctx, po, out, m * n);
  }

  function linearBackward(args: LinearBackwardArgs): void {
    const { g, y, x, w, m, k, n, act, gx, gw, gb } = args;
    const macs = (gx ? m * n * k : 0) + (gw ? m * n * k : 0) + m * n;
    const bytes = 4 * (3 * m * n + 2 * m * k + 2 * n * k + 3 * n);
    const ok = allF32(g, y, x, w, gx, gw, gb) && macs >= minMacs && (act === "none" || y !== null);
    const ctx = ok ? enter(macs, bytes, Math.max(m, n), Math.max(n, k), Math.max(m, n)) : null;
    if (!ctx) {
      fallback.linearBackward(args);
      return;
    }
    // g's copy becomes gz = g ⊙ act'(y) in place (so g itself, resident or not, is copied).
    const pg = act !== "none" ? putCopy(ctx, g, m * n) : put(ctx, g, m * n);
    if (act !== "none") ctx.ex.actBackward(pg, put(ctx, y as Storage, m * n), m * n, ACT_CODE[act]);
    const jobs: JobSpec[] = [];
    let pgx = 0, pgw = 0;
    if (gx) {
      const pw = put(ctx, w, n * k);
      pgx = outPtr(ctx, gx, m * k, g, w, x);
      // gx[m, k] = gz[m, n] · w[n, k]
      jobs.push({ m, n: k, k: n, a: pg, lda: n, transA: 0, b: pw, ldb: k, transB: 0, c: pgx, ldc: k, accumulate: 0 });
    }
    if (gw) {
      const px = put(ctx, x, m * k);
      pgw = outPtr(ctx, gw, n * k, g, w, x);
      // gw[n, k] = gzᵀ · x: gz is stored [m, n], read transposed.
      jobs.push({ m: n, n: k, k: m, a: pg, lda: n, transA: 1, b: px, ldb: k, transB: 0, c: pgw, ldc: k, accumulate: 0 });
    }
    if (jobs.length > 0) engine.runGemms(ctx, jobs);
    if (gx) get(ctx, pgx, gx, m * k);
    if (gw) get(ctx, pgw, gw, n * k);
    if (gb) {
      const pgb = outPtr(ctx, gb, n, g, w, x);
      ctx.ex.colSum(pg, m, n, pgb, ctx.arena.alloc(n * 8));
      get(ctx, pgb, gb, n);
    }
  }

  function bceWithLogits(x: Storage, y: Storage, grad: Storage | null): number {
    const n = x.length;
    // The kernel reads and writes up to 3 floats past each region: the arena's 64-byte
    // alignment and the trailing pad keep that inside memory.
    const ctx = allF32(x, y, grad) && n >= LOSS_MIN ? enter(0, 4 * (3 * n + 64), 1, 1, 1) : null;
    if (!ctx) return fallback.bceWithLogits(x, y, grad);
    const px = put(ctx, x, n), pt = put(ctx, y, n);
    const pg = ctx.arena.alloc(4 * (n + 4));
    ctx.arena.alloc(64);
    const total = ctx.ex.bceWithLogits(px, pt, n, grad ? pg : 0);
    if (grad) get(ctx, pg, grad, n);
    return total;
  }

  function crossEntropy(logits: Storage, targets: Storage, rows: number, classes: number, grad: Storage | null, ignoreIndex: number): number {
    const n = rows * classes;
    const ctx = allF32(logits, grad) && n >= LOSS_MIN && Math.abs(ignoreIndex) < 2 ** 24 ? enter(0, 4 * (2 * n + rows + 64), 1, 1, 1) : null;
    if (!ctx) return fallback.crossEntropy(logits, targets, rows, classes, grad, ignoreIndex);
    const px = put(ctx, logits, n);
    // Class indices as floats (exact below 2^24; the caller has checked they are in range).
    const pt = ctx.arena.alloc(4 * rows);
    const f32 = ctx.arena.f32;
    for (let r = 0, at = pt / 4; r < rows; r++) f32[at + r] = targets[r];
    const pg = ctx.arena.alloc(4 * (n + 4));
    ctx.arena.alloc(64);
    const total = ctx.ex.crossEntropy(px, pt, rows, classes, grad ? pg : 0, ignoreIndex);
    if (grad) get(ctx, pg, grad, n);
    return total;
  }

  /**
   * ReLU of a float32 array long enough to repay the copies, by the linear layer's kernel
   * (bias none): four lanes of `v < 0 ? 0 : v` without a branch, the reference's values
   * bit for bit (−0 and NaN pass).
   */
  function relu(x: Storage, out: Storage): void {
    const n = out.length;
    const ctx = allF32(x, out) && n >= ACT_MIN ? enter(n, 4 * n, 1, 1, 1) : null;
    if (!ctx) {
      fallback.relu(x, out);
      return;
    }
    const p = outPtr(ctx, out, n);
    copyTo(ctx, x, p, n);
    ctx.ex.biasAct(p, 1, n, 0, ACT_CODE.relu);
    get(ctx, p, out, n);
  }

  /** Activation backward in wasm SIMD (the linear layer's kernel), for float32 arrays long enough to repay the copies. */
  function activationBackward(act: Activation, g: Storage, y: Storage, out: Storage): void {
    const n = out.length;
    const ctx = allF32(g, y, out) && n >= ACT_MIN ? enter(n, 8 * n, 1, 1, 1) : null;
    if (!ctx) {
      fallback.activationBackward(act, g, y, out);
      return;
    }
    const pg = outPtr(ctx, out, n, y);
    copyTo(ctx, g, pg, n);
    ctx.ex.actBackward(pg, put(ctx, y, n), n, ACT_CODE[act]);
    get(ctx, pg, out, n);
  }

  /**
   * Max pooling in wasm (assembly/pool.ts): the reference's comparisons in its order, so
   * the same maxima and indices; 2×2 windows at stride 2 four outputs at a time. The
   * indices (int64, stored as float64) are written and read as float64 in wasm memory.
   */
  /** A context for a pooling call over `inLen` inputs and `n` outputs, or null to take the reference. */
  function poolContext(ok: boolean, inLen: number, n: number): Context | null {
    // The input, the outputs and their float64 indices, and the geometry; no per-thread scratch.
    return ok && inLen >= minPool ? enterWith(0, 4 * inLen + 12 * n + 1024, () => 0) : null;
  }

  function maxPool2d(x: Storage, out: Storage, indices: Storage, p: PoolGeometry): void {
    const n = p.planes * p.oh * p.ow, inLen = p.planes * p.h * p.w;
    const ctx = poolContext(allF32(x, out) && indices instanceof Float64Array, inLen, n);
    if (!ctx) {
      fallback.maxPool2d(x, out, indices, p);
      return;
    }
    const pgeom = ctx.arena.alloc(64);
    new Int32Array(ctx.arena.f32.buffer, pgeom, 13).set([p.planes, p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.ph, p.pw, p.dh, p.dw, p.oh, p.ow]);
    const px = put(ctx, x, inLen);
    const pout = outPtr(ctx, out, n, x);
    const pidx = ctx.arena.alloc(8 * n);
    ctx.ex.maxPool2d(px, pout, pidx, pgeom);
    get(ctx, pout, out, n);
    (indices as Float64Array).set(new Float64Array(ctx.arena.f32.buffer, pidx, n));
  }

  /** Its backward in wasm: gx zeroed and each output's gradient added at its index, outputs in the reference's order. */
  function maxPool2dBackward(g: Storage, indices: Storage, gx: Storage, p: PoolGeometry): void {
    const n = p.planes * p.oh * p.ow, inLen = p.planes * p.h * p.w;
    const ctx = poolContext(allF32(g, gx) && indices instanceof Float64Array, inLen, n);
    if (!ctx) {
      fallback.maxPool2dBackward(g, indices, gx, p);
      return;
    }
    const pg = put(ctx, g, n);
    const pidx = ctx.arena.alloc(8 * n);
    new Float64Array(ctx.arena.f32.buffer, pidx, n).set((indices as Float64Array).subarray(0, n));
    const pgx = outPtr(ctx, gx, inLen, g); // the kernel zeroes it first
    ctx.ex.maxPool2dBackward(pg, pidx, pgx, p.planes, p.h * p.w, p.oh * p.ow);
    get(ctx, pgx, gx, inLen);
  }

  /**
   * A chunk of samples [b0, b0 + nb) in wasm memory: the geometry as the kernels read it
   * (16 i32, assembly/conv.ts), the chunk's input, and the weight.
   */
  function enterChunk(ctx: Context, g: ConvGeometry, x: Storage, w: Storage, b0: number, nb: number) {
    const pgeom = ctx.arena.alloc(64);
    new Int32Array(ctx.arena.f32.buffer, pgeom, 16).set([g.n, g.c, g.h, g.w, g.o, g.groups, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.oh, g.ow]);
    const perX = g.c * g.h * g.w;
    const px = put(ctx, x.subarray(b0 * perX, (b0 + nb) * perX), nb * perX);
    return { ctx, pgeom, px, pw: put(ctx, w, w.length) };
  }

  /**
   * Runs `body` on the samples [0, n) in chunks of `chunk`, each with the context that
   * `enterFor(nb)` enters for it. Returns false, having run nothing, when the first chunk
   * does not fit in wasm memory (the caller falls back); the later chunks are no larger,
   * so they fit once it does.
   */
  function inChunks(
    n: number, chunk: number, enterFor: (nb: number) => Context | null,
    body: (ctx: Context, b0: number, nb: number) => void,
  ): boolean {
    let ctx = enterFor(Math.min(chunk, n));
    if (!ctx) return false;
    for (let b0 = 0; b0 < n; b0 += chunk) {
      const nb = Math.min(n, b0 + chunk) - b0;
      if (b0 > 0) ctx = enterFor(nb) as Context;
      body(ctx, b0, nb);
    }
    return true;
  }

  /**
   * The direct kernels' geometry (16 i32, as assembly/direct.ts reads it) in wasm memory:
   * `blocks` is the forward's count of DIRECT_CB-channel blocks (the weight's gradient has none).
   */
  function enterDirectGeometry(ctx: Context, d: DirectSpec, blocks: number): number {
    const { owp, hp, wp } = paddedPlanes(d);
    const pgeom = ctx.arena.alloc(64);
    new Int32Array(ctx.arena.f32.buffer, pgeom, 16).set([d.cin, d.h, d.w, d.cout, d.kh, d.kw, d.dh, d.dw, d.pt, d.pl, d.oh, d.ow, hp, wp, owp, blocks]);
    return pgeom;
  }

  /**
   * A stride-1 convolution by the direct kernel (assembly/direct.ts) over `n` samples of
   * `x` ([n, cin, h, w]) into `out` ([n, cout, oh, ow]), in chunks of samples, each chunk
   * split over threads by samples; `packWeights` writes the weights as the kernel reads
   * them. Returns false, having run nothing, when the first chunk does not fit.
   */
  function runDirect(d: DirectSpec, n: number, x: Storage, bias: Storage | null, out: Storage, packWeights: (f32: Float32Array, at: number) => void): boolean {
    const { owp, hp, wp } = paddedPlanes(d), blocks = Math.ceil(d.cout / DIRECT_CB);
    const perX = d.cin * d.h * d.w, perOut = d.cout * d.oh * d.ow;
    const packFloats = blocks * d.cin * d.kh * d.kw * DIRECT_CB * 4;
    const scratch = 4 * (d.cin * hp * wp + DIRECT_CB * owp + d.cin * d.kh * d.kw) + 64;
    const chunk = Math.max(1, Math.min(n, Math.floor(DIRECT_CHUNK_FLOATS / (perX + perOut))));
    const fits = (nb: number): Context | null =>
      enterWith(nb * d.cout * d.cin * d.kh * d.kw * d.oh * d.ow, 4 * (nb * (perX + perOut) + packFloats + d.cout) + 1024, () => scratch);
    return inChunks(n, chunk, fits, (ctx, b0, nb) => {
      const pgeom = enterDirectGeometry(ctx, d, blocks);
      const pw = ctx.arena.alloc(4 * packFloats);
      packWeights(ctx.arena.f32, pw / 4);
      const pbias = bias ? put(ctx, bias, d.cout) : 0;
      const px = put(ctx, x.subarray(b0 * perX, (b0 + nb) * perX), nb * perX);
      const pout = ctx.arena.alloc(4 * nb * perOut);
      engine.runConv(ctx, "conv", { geom: pgeom, x: px, w: pw, out: pout, bias: pbias }, nb, { x: 4 * perX, w: 0, out: 4 * perOut }, scratch);
      get(ctx, pout, out.subarray(b0 * perOut, (b0 + nb) * perOut), nb * perOut);
    });
  }

  /**
   * The weight's gradient by the direct kernel: per sample gOut_b against the padded input's
   * taps (assembly/direct.ts convDirectWeightGrad), the samples' blocks then summed in
   * order in float64 and rounded once, as the reference sums its per-sample products. The
   * bias's gradient (`gb`) too, summed in wasm while the output's gradient is there.
   */
  function conv2dDirectWeightGrad(x: Storage, gOut: Storage, gw: Storage, gb: Storage | null, g: ConvGeometry): boolean {
    const d = directSpec(g);
    const { owp, hp, wp } = paddedPlanes(d);
    const taps = g.c * g.kh * g.kw, perX = g.c * g.h * g.w, perOut = g.o * g.oh * g.ow, perGw = g.o * taps;
    const scratch = 4 * (g.c * hp * wp + (g.o + (g.o % 2)) * g.oh * owp + 2 * taps) + 128;
    const chunk = Math.max(1, Math.min(g.n, Math.floor(DIRECT_CHUNK_FLOATS / (perX + perOut + perGw))));
    const sum = new Float64Array(perGw), gbSum = new Float64Array(g.o);
    const fits = (nb: number): Context | null =>
      enterWith(nb * perGw * g.oh * g.ow, 4 * nb * (perX + perOut + perGw) + 8 * g.o + 1024, () => scratch);
    const ran = inChunks(g.n, chunk, fits, (ctx, b0, nb) => {
      const pgeom = enterDirectGeometry(ctx, d, 0);
      const px = put(ctx, x.subarray(b0 * perX, (b0 + nb) * perX), nb * perX);
      const pgo = put(ctx, gOut.subarray(b0 * perOut, (b0 + nb) * perOut), nb * perOut);
      const pout = ctx.arena.alloc(4 * nb * perGw);
      const pgb = gb ? ctx.arena.alloc(8 * g.o) : 0;
      if (gb) {
        new Float64Array(ctx.arena.f32.buffer, pgb, g.o).set(gbSum);
        ctx.ex.channelSums(pgo, nb, g.o, g.oh * g.ow, pgb);
        gbSum.set(new Float64Array(ctx.arena.f32.buffer, pgb, g.o));
      }
      engine.runConv(ctx, "convWeight", { geom: pgeom, x: px, w: pgo, out: pout, bias: 0 }, nb, { x: 4 * perX, w: 4 * perOut, out: 4 * perGw }, scratch);
      const f32 = ctx.arena.f32;
      for (let b = 0, at = pout / 4; b < nb; b++, at += perGw) for (let k = 0; k < perGw; k++) sum[k] += f32[at + k];
    });
    if (ran) {
      for (let k = 0; k < perGw; k++) gw[k] = sum[k];
      if (gb) for (let k = 0; k < g.o; k++) gb[k] = gbSum[k];
    }
    return ran;
  }

  /** The forward by the direct kernel: w[o, c, i, j] packed per block of DIRECT_CB output channels, splatted. */
  function conv2dDirect(x: Storage, w: Storage, bias: Storage | null, out: Storage, g: ConvGeometry): boolean {
    const d = directSpec(g);
    return runDirect(d, g.n, x, bias, out, (f32, at) => packDirect(f32, at, d, (co, ci, i, j) => w[((co * g.c + ci) * g.kh + i) * g.kw + j]));
  }

  /**
   * The input's gradient by the direct kernel: a stride-1 convolution of gOut ([n, o, oh,
   * ow]) with the weight transposed ([c, o]) and flipped, padded by dilation·(k − 1) − padding.
   */
  function conv2dDirectInputGrad(gOut: Storage, w: Storage, gx: Storage, g: ConvGeometry): boolean {
    const d: DirectSpec = {
      cin: g.o, h: g.oh, w: g.ow, cout: g.c, kh: g.kh, kw: g.kw, dh: g.dh, dw: g.dw,
      pt: g.dh * (g.kh - 1) - g.pt, pl: g.dw * (g.kw - 1) - g.pl, oh: g.h, ow: g.w,
    };
    return runDirect(d, g.n, gOut, null, gx, (f32, at) =>
      packDirect(f32, at, d, (co, ci, i, j) => w[((ci * g.c + co) * g.kh + (g.kh - 1 - i)) * g.kw + (g.kw - 1 - j)]));
  }

  /**
   * The convolution in chunks of samples (the reference kernel's chunks): each chunk's
   * input copied in, its columns made by im2col in wasm memory, one GEMM per sample and
   * group written straight into the output's layout, the bias added there, the chunk's
   * output copied out. The columns never cross into JS.
   */
  function conv2d(x: Storage, w: Storage, bias: Storage | null, out: Storage, g: ConvGeometry): void {
    const rows = colRows(g), L = g.oh * g.ow, og = g.o / g.groups, chunk = samplesPerChunk(g);
    const perX = g.c * g.h * g.w, perOut = g.o * L;
    const fits = (nb: number): Context | null =>
      enter(nb * g.o * rows * L, 4 * (nb * perX + w.length + g.o + nb * rows * L + nb * perOut) + 1024, og, L, rows);
    const runChunk = (entered: Context, b0: number, nb: number): void => {
      const { ctx, pgeom, px, pw } = enterChunk(entered, g, x, w, b0, nb);
      const pbias = bias ? put(ctx, bias, g.o) : 0;
      const pcols = ctx.arena.alloc(4 * nb * rows * L);
      const outChunk = out.subarray(b0 * perOut, (b0 + nb) * perOut);
      const pout = outPtr(ctx, outChunk, nb * perOut, x, w, bias);
      const alone = ctx.workers.length === 0;
      const work = alone ? ctx.arena.alloc(ctx.ex.gemmScratchBytes(og, L, rows)) : 0;
      const job = (gi: number, b: number, cols: number): JobSpec => ({
        m: og, n: L, k: rows, a: pw + 4 * gi * og * rows, lda: rows, transA: 0,
        b: cols, ldb: L, transB: 0, c: pout + 4 * (b * g.o + gi * og) * L, ldc: L, accumulate: 0,
      });
      for (let gi = 0; gi < g.groups; gi++) {
        if (alone) {
          // On one thread each sample's columns are made just before its product, in one
          // region that stays in cache: a chunk's columns (9 MB for TinyVGG's second layer)
          // went out to memory and were read back to be packed. The same products, the same bits.
          for (let b = 0; b < nb; b++) {
            ctx.ex.im2col(px + 4 * b * perX, pcols, pgeom, gi, 1);
            engine.runGemmWith(ctx, job(gi, b, pcols), work);
          }
          continue;
        }
        ctx.ex.im2col(px, pcols, pgeom, gi, nb);
        const jobs: JobSpec[] = [];
        for (let b = 0; b < nb; b++) jobs.push(job(gi, b, pcols + 4 * b * rows * L));
        engine.runGemms(ctx, jobs);
      }
      if (bias) ctx.ex.addChannelBias(pout, nb * g.o, L, pbias, g.o);
      get(ctx, pout, outChunk, nb * perOut);
    };
    if (!allF32(x, w, bias, out) || g.o * rows * L < minMacs) {
      fallback.conv2d(x, w, bias, out, g);
      return;
    }
    if (directForward(g) && conv2dDirect(x, w, bias, out, g)) return;
    if (!inChunks(g.n, chunk, fits, runChunk)) fallback.conv2d(x, w, bias, out, g);
  }


  /**
   * The convolution's gradients, chunk by chunk as the forward: gOut read in place by the
   * GEMMs (each sample's group block through its leading dimension), the columns remade
   * by im2col, the input's gradient put back by col2im in wasm, and the weight's summed
   * over samples in order in float64, as the reference kernel sums it.
   */
  function conv2dBackward(args: ConvBackwardArgs): void {
    const { gOut, x, w, g, gx, gw } = args;
    let rest = args;
    const big = allF32(gOut, x, w, gx, gw) && g.o * colRows(g) * g.oh * g.ow >= minMacs;
    // Each gradient the direct kernels take is done; the products below make what is left.
    if (big && gx && directInputGrad(g) && conv2dDirectInputGrad(gOut, w, gx, g)) rest = { ...rest, gx: null };
    if (big && gw && directForward(g) && allF32(args.gb) && conv2dDirectWeightGrad(x, gOut, gw, args.gb, g)) rest = { ...rest, gw: null, gb: null };
    conv2dBackwardGemm(rest);
  }

  /** The gradients by im2col and the GEMM. */
  function conv2dBackwardGemm(args: ConvBackwardArgs): void {
    const { gOut, x, w, g, gx, gw, gb } = args;
    if (gb) channelSums(gOut, g, gb);
    if (!gx && !gw) return;
    const rows = colRows(g), L = g.oh * g.ow, og = g.o / g.groups, chunk = samplesPerChunk(g);
    const perX = g.c * g.h * g.w, perOut = g.o * L;
    const fits = (nb: number): Context | null =>
      enter(
        2 * nb * g.o * rows * L,
        4 * (nb * perX * 2 + w.length + nb * perOut + 2 * nb * rows * L + nb * og * rows) + 1024,
        Math.max(og, rows), Math.max(L, rows), Math.max(og, L),
      );
    const gwSum = gw ? new Float64Array(g.groups * og * rows) : null;
    const runChunk = (entered: Context, b0: number, nb: number): void => {
      const { ctx, pgeom, px, pw } = enterChunk(entered, g, x, w, b0, nb);
      const pgo = put(ctx, gOut.subarray(b0 * perOut, (b0 + nb) * perOut), nb * perOut);
      const pcols = ctx.arena.alloc(4 * nb * rows * L);
      const pgcols = gx ? ctx.arena.alloc(4 * nb * rows * L) : 0;
      const pper = gw ? ctx.arena.alloc(4 * nb * og * rows) : 0;
      const pgx = gx ? ctx.arena.alloc(4 * nb * perX) : 0;
      if (gx) ctx.arena.f32.fill(0, pgx / 4, pgx / 4 + nb * perX);
      const alone = ctx.workers.length === 0;
      const work = alone ? ctx.arena.alloc(Math.max(ctx.ex.gemmScratchBytes(og, rows, L), ctx.ex.gemmScratchBytes(rows, L, og))) : 0;
      // gw_b[og, rows] = gOut_b[og, L] · cols_bᵀ, and gcols_b[rows, L] = wgᵀ · gOut_b.
      const gwJob = (gi: number, b: number, cols: number, per: number): JobSpec => ({
        m: og, n: rows, k: L, a: pgo + 4 * (b * g.o + gi * og) * L, lda: L, transA: 0, b: cols, ldb: L, transB: 1, c: per, ldc: rows, accumulate: 0,
      });
      const gxJob = (gi: number, b: number, gcols: number): JobSpec => ({
        m: rows, n: L, k: og, a: pw + 4 * gi * og * rows, lda: rows, transA: 1, b: pgo + 4 * (b * g.o + gi * og) * L, ldb: L, transB: 0, c: gcols, ldc: L, accumulate: 0,
      });
      // Sample b's weight gradient into the float64 sums (samples in order, as the reference).
      const addGw = (gi: number, per: number): void => {
        const f32 = ctx.arena.f32, base = gi * og * rows, at = per / 4;
        for (let k = 0; k < og * rows; k++) (gwSum as Float64Array)[base + k] += f32[at + k];
      };
      for (let gi = 0; gi < g.groups; gi++) {
        if (alone) {
          // One sample at a time in cache-sized regions, as the forward (the same products and sums).
          for (let b = 0; b < nb; b++) {
            if (gw) {
              ctx.ex.im2col(px + 4 * b * perX, pcols, pgeom, gi, 1);
              engine.runGemmWith(ctx, gwJob(gi, b, pcols, pper), work);
              addGw(gi, pper);
            }
            if (gx) {
              engine.runGemmWith(ctx, gxJob(gi, b, pgcols), work);
              ctx.ex.col2imAdd(pgcols, pgx + 4 * b * perX, pgeom, gi, 1);
            }
          }
          continue;
        }
        const jobs: JobSpec[] = [];
        for (let b = 0; b < nb; b++) {
          if (gw) jobs.push(gwJob(gi, b, pcols + 4 * b * rows * L, pper + 4 * b * og * rows));
          if (gx) jobs.push(gxJob(gi, b, pgcols + 4 * b * rows * L));
        }
        if (gw) ctx.ex.im2col(px, pcols, pgeom, gi, nb);
        engine.runGemms(ctx, jobs);
        if (gx) ctx.ex.col2imAdd(pgcols, pgx, pgeom, gi, nb);
        if (gw) for (let b = 0; b < nb; b++) addGw(gi, pper + 4 * b * og * rows);
      }
      if (gx) get(ctx, pgx, gx.subarray(b0 * perX, (b0 + nb) * perX), nb * perX);
    };
    if (!allF32(gOut, x, w, gx, gw) || g.o * rows * L < minMacs || !inChunks(g.n, chunk, fits, runChunk)) {
      fallback.conv2dBackward({ ...args, gb: null });
      return;
    }
    if (gw && gwSum) for (let k = 0; k < gwSum.length; k++) gw[k] = gwSum[k];
  }

  /**
   * exp and sigmoid of float32 arrays, and exp of float64 ones, in wasm (assembly/exp.ts:
   * libm's exp step for step, so the same bits as the reference kernel over libm, two
   * lanes at a time), and the float32 functions of one exact operation (assembly/unary.ts:
   * neg, abs, sqrt, floor, ceil, trunc, round); every other element-wise function, and
   * short arrays, on the reference kernels. The kernels read each block before writing
   * it, so `out` may be `x` itself (an in-place sigmoid_ or round_); a resident `out` that
   * overlaps `x` otherwise is written in the arena and copied out.
   */
  function unary(op: UnaryOp, x: Storage, out: Storage): void {
    const n = out.length;
    const exact = EXACT[op];
    if ((op === "sigmoid" || op === "exp" || exact !== undefined) && n >= UNARY_MIN && allF32(x, out)) {
      const ctx = enterWith(0, 8 * n, () => 0);
      if (ctx) {
        // In place only when `out` is `x` exactly: a kernel that reads ahead of where it writes
        // would overwrite a partly overlapping `x` before reading it.
        const same = x instanceof Float32Array && x.buffer === out.buffer && x.byteOffset === (out as Float32Array).byteOffset;
        const px = put(ctx, x, n), po = outPtr(ctx, out, n, same ? null : x);
        if (exact !== undefined) ctx.ex.unaryExact(px, po, n, exact);
        else ctx.ex.expSigmoid(px, po, n, op === "sigmoid" ? 1 : 0);
        get(ctx, po, out, n);
        return;
      }
    }
    if (op === "exp" && n >= UNARY_MIN && x instanceof Float64Array && out instanceof Float64Array) {
      const ctx = enterWith(0, 16 * n, () => 0);
      if (ctx) {
        const px = ctx.arena.alloc(8 * n), po = ctx.arena.alloc(8 * n);
        // The arena's current buffer (renewed by `alloc` after a growth; reading the memory's
        // `buffer` makes a new object each time for a shared memory).
        const f64 = new Float64Array(ctx.arena.f32.buffer);
        f64.set(x.subarray(0, n), px / 8);
        ctx.ex.expF64(px, po, n);
        out.set(f64.subarray(po / 8, po / 8 + n));
        return;
      }
    }
    fallback.unary(op, x, out);
  }

  /**
   * Adam's step, tensor by tensor: float32 ones of ADAM_MIN elements or more in wasm
   * (assembly/optim.ts, the reference loop's bits), read and written in place where
   * resident (a layer's large weights, their gradients and moments), else copied in and
   * out; the rest on the reference kernel.
   */
  function adamStep(
    params: readonly Storage[], grads: readonly Storage[], expAvg: readonly Storage[], expAvgSq: readonly Storage[],
    maxExpAvgSq: readonly Storage[] | null, step: number, o: AdamOptions,
  ): void {
    for (let t = 0; t < params.length; t++) {
      const p = params[t], g = grads[t], m = expAvg[t], v = expAvgSq[t];
      const vMax = o.amsgrad && maxExpAvgSq ? maxExpAvgSq[t] : null;
      if (!(p.length >= ADAM_MIN && allF32(p, g, m, v, vMax) && adamInWasm(p as Float32Array, g, m, v, vMax, step, o))) {
        fallback.adamStep([p], [g], [m], [v], vMax ? [vMax] : null, step, o);
      }
    }
  }

  function adamInWasm(p: Float32Array, g: Storage, m: Storage, v: Storage, vMax: Storage | null, step: number, o: AdamOptions): boolean {
    const n = p.length;
    const ctx = enterWith(0, 4 * n * (vMax ? 5 : 4), () => 0);
    if (!ctx) return false;
    const k = adamScalars(libm, o, step, Math.fround);
    let flags = (o.maximize ? ADAM_FLAGS.maximize : 0) | (k.w1Small ? ADAM_FLAGS.w1Small : 0);
    if (o.weightDecay !== 0) flags |= o.decoupledWeightDecay ? ADAM_FLAGS.decoupledDecay : ADAM_FLAGS.coupledDecay;
    // p, m, v (and vMax) change in place, which is what the step means for them: resident
    // ones are written where they are, the others copied back out below.
    const pp = put(ctx, p, n), pg = put(ctx, g, n), pm = put(ctx, m, n), pv = put(ctx, v, n);
    const pMax = vMax ? put(ctx, vMax, n) : 0;
    ctx.ex.adamStep(pp, pg, pm, pv, pMax, n, flags, k.decay, k.wd, k.w1, k.w1m1, k.b2, k.c2, k.bc2, k.epsF, k.negStep);
    get(ctx, pp, p, n);
    get(ctx, pm, m, n);
    get(ctx, pv, v, n);
    if (vMax) get(ctx, pMax, vMax, n);
    return true;
  }

  return {
    ...fallback, name: "wasm", engine, matmul, linear, linearBackward, bceWithLogits, crossEntropy, relu, activationBackward, conv2d, conv2dBackward,
    maxPool2d, maxPool2dBackward, adamStep, unary,
  };
}
