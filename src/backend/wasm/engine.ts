/**
 * The wasm engine. Products run in one of two contexts, each a kernel instance on its
 * own memory with an arena that operands are copied into:
 *   - plain: an ordinary (unshared) memory, used for every product a single thread runs;
 *   - shared: a shared memory that worker threads also see, created on the first product
 *     large enough to split across threads.
 * Two, because V8 copies into a SharedArrayBuffer about five times slower than into an
 * ordinary one (relaxed-atomic copies): small and medium products would lose more to
 * the copies than they gain. `context(macs)` picks, `runGemms` runs.
 *
 * Once a float32 output is long enough to be resident (resident.ts: tensors the kernels
 * read and write in place), the resident heap is made where the products can reach it:
 *   - with threads: in the shared memory, above its arena, so that split products read
 *     and write resident tensors in place too; the calling thread's calls then run on
 *     the shared memory as well (non-resident operands pay the slower copy there);
 *   - on one thread: the plain context moves to a memory made at its full size that
 *     never grows (a growth would detach every view of it), with the heap beside a
 *     fixed arena.
 * Either way a call too large for the fixed arena runs in the growable plain memory used
 * until then (`overflow`).
 */
import { canShareMemory, hardwareThreads } from "../threads/env.js";
import { ThreadPool, controlBytes } from "../threads/pool.js";
import { MAX_JOBS, type ConvJob, type GemmJob } from "../threads/protocol.js";
import { Arena } from "./arena.js";
import { ResidentHeap } from "./resident.js";
import { instantiate, kernelModule, type WasmExports } from "./kernels.js";
import { SHARED_MAX_PAGES } from "./kernels.generated.js";
import { splitJob } from "./split.js";

/**
 * Products smaller than this many multiply-adds in total stay on the calling thread:
 * below it, the slower copies into shared memory and the hand-off to a worker cost more
 * than half the product. Measured by bench/thresholds.ts.
 */
export const THREAD_MIN_MACS = 1 << 22;
/** Workers a pool holds at most (threads beyond the calling one). */
const MAX_WORKERS = 15;
const PAGE = 65536;
/**
 * The plain memory's fixed regions: the arena (scratch and copied operands of one call)
 * and the resident heap. Untouched pages cost address space only, not memory.
 */
const ARENA_BYTES = 48 * 1024 * 1024;
const RESIDENT_BYTES = 208 * 1024 * 1024;
/**
 * The shared memory's arena once the resident heap sits above it: large enough for the
 * products worth splitting over threads (operands copied in, scratch per thread), which
 * a growable shared arena held before.
 */
const SHARED_ARENA_BYTES = 512 * 1024 * 1024;

export type JobSpec = Omit<GemmJob, "work">;

/** A kernel instance, its memory's arena, and (shared context only) the worker pool. */
export interface Context {
  readonly ex: WasmExports;
  readonly arena: Arena;
  /** Ready workers this call may use (empty for the plain context). */
  readonly workers: readonly number[];
  readonly pool: ThreadPool | null;
  /** The buffer resident views live in when this context's kernels can read them in place; null otherwise. */
  readonly home: ArrayBufferLike | null;
}

interface SharedState {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ex: WasmExports;
  arena: Arena;
  ctrl: number;
  pool: ThreadPool | null;
  /** The resident heap's buffer when the heap lives in this memory (resident.ts); else null. */
  home: ArrayBufferLike | null;
}

export class WasmEngine {
  /** Whether this runtime can share memory with workers at all. */
  readonly canShare: boolean;
  private shared: SharedState | null = null;
  /** The plain context, one object for every call (no allocation per product). */
  private plain: Context;
  /** The growable plain context, once a resident heap has taken the plain context's place. */
  private big: Context | null = null;
  /** The resident heap: undefined until first asked for, null where it cannot be had. */
  private heap: ResidentHeap | null | undefined;
  private readonly residentBytes: number;
  private threads: number;
  /** Counters for the benchmark and tests: products run, and how many went to several threads. */
  readonly stats = { gemms: 0, threaded: 0 };

  /** `residentBytes`: the resident heap's size (0: none). */
  constructor(canShare = canShareMemory(), residentBytes = RESIDENT_BYTES) {
    this.canShare = canShare;
    this.threads = canShare ? Math.min(defaultThreads(), MAX_WORKERS + 1) : 1;
    this.residentBytes = residentBytes;
    this.heap = residentBytes > 0 ? undefined : null;
    this.plain = growableContext();
  }

  /** The plain context's exports and arena. */
  get ex(): WasmExports {
    return this.plain.ex;
  }
  get arena(): Arena {
    return this.plain.arena;
  }

  /** The resident heap if one has been made (never makes it). */
  get resident(): ResidentHeap | null {
    return this.heap ?? null;
  }

  /**
   * The resident heap, made on first call (so that a program that never has a long enough
   * output does not pay the memory's set-up, about a millisecond, at start): a memory of
   * its full size that never grows, whose kernel instance becomes the plain context; the
   * growable one made before stays, for calls the fixed arena cannot hold. Null where the
   * runtime refuses the address space (a 32-bit or constrained one).
   */
  residentHeap(): ResidentHeap | null {
    if (this.heap !== undefined) return this.heap;
    if (this.canShare && this.threads > 1) {
      const shared = this.sharedHeap();
      if (shared) return (this.heap = shared);
    }
    // The module's data (under a page), the arena, a page, the heap, a page: kernels may
    // read a few floats past an operand's end.
    const pages = Math.ceil(ARENA_BYTES / PAGE) + Math.ceil(this.residentBytes / PAGE) + 3;
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    } catch {
      this.heap = null;
      return null;
    }
    const ex = instantiate(kernelModule(false), memory);
    const base = ex.heapBase();
    const buffer = memory.buffer as ArrayBuffer;
    const start = (Math.ceil((base + ARENA_BYTES) / PAGE) + 1) * PAGE;
    this.heap = new ResidentHeap(buffer, start, Math.min(start + this.residentBytes, buffer.byteLength - PAGE));
    this.big = this.plain;
    this.plain = { ex, arena: new Arena(memory, base, base + ARENA_BYTES), workers: [], pool: null, home: buffer };
    return this.heap;
  }

  /**
   * The resident heap in the shared memory, where products split over threads can read
   * resident operands and write resident results in place (measured on W3 with two
   * threads: the copies in and out of the shared memory took 0.2 s of 2.5). Placed after
   * the shared arena's region, which stops growing there; the memory grows once to hold
   * both and never again, so the SharedArrayBuffer the views hold stays the one kernels
   * are checked against. The calling thread's products run on the shared memory from then
   * on too (the growable plain context stays for calls its arena cannot hold). Null where
   * the memory cannot grow that far.
   */
  private sharedHeap(): ResidentHeap | null {
    const s = this.sharedState();
    const arenaEnd = Math.max(Math.ceil((s.ctrl + controlBytes(MAX_WORKERS) + SHARED_ARENA_BYTES) / PAGE), Math.ceil(s.arena.reach / PAGE)) * PAGE;
    const start = arenaEnd + PAGE;
    const end = start + Math.ceil(this.residentBytes / PAGE) * PAGE;
    const pages = end / PAGE + 1;
    if (pages > SHARED_MAX_PAGES) return null;
    try {
      s.memory.grow(pages - s.arena.reach / PAGE);
    } catch {
      return null;
    }
    s.arena.refresh(arenaEnd);
    const buffer = s.memory.buffer;
    s.home = buffer;
    this.big = this.plain;
    this.plain = { ex: s.ex, arena: s.arena, workers: [], pool: null, home: buffer };
    return new ResidentHeap(buffer, start, end);
  }

  get numThreads(): number {
    return this.threads;
  }

  /** Threads products may use (1 = the calling thread only); capped by what the runtime allows. */
  setNumThreads(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
    this.threads = this.canShare ? Math.min(n, MAX_WORKERS + 1) : 1;
  }

  /** Worker threads started so far (0 until a product has been large enough). */
  get workersStarted(): number {
    return this.shared?.pool?.size ?? 0;
  }

  /** Workers that have finished starting and take products now. */
  get workersReady(): number {
    return this.shared?.pool?.ready().length ?? 0;
  }

  private sharedState(): SharedState {
    if (!this.shared) {
      const module = kernelModule(true);
      const memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
      const ex = instantiate(module, memory);
      const ctrl = Math.ceil(ex.heapBase() / 64) * 64;
      const arena = new Arena(memory, ctrl + controlBytes(MAX_WORKERS), SHARED_MAX_PAGES * PAGE);
      this.shared = { module, memory, ex, arena, ctrl, pool: null, home: null };
    }
    return this.shared;
  }

  /**
   * The growable plain context for a single-thread call the fixed arena cannot hold (the
   * plain context itself until a resident heap is made: its memory grows).
   */
  overflow(): Context {
    return this.big ?? this.plain;
  }

  /**
   * The context for a call doing `macs` multiply-adds: the shared one when the product is
   * large enough and a worker is ready (the pool is started here on first need, and never
   * waited for), else the plain one.
   */
  context(macs: number): Context {
    if (this.threads > 1 && this.canShare && macs >= THREAD_MIN_MACS) {
      const s = this.sharedState();
      if (!s.pool) {
        // As many as asked for (the default is the hardware's count): as torch.set_num_threads,
        // an explicit count above the cores is honoured, which lets a 2-core machine check
        // that a 4-way split gives the same bits.
        const workers = Math.min(MAX_WORKERS, this.threads - 1);
        if (workers >= 1) s.pool = new ThreadPool(s.module, s.memory, s.ctrl, workers);
      }
      const ready = s.pool ? s.pool.ready().slice(0, this.threads - 1) : [];
      if (ready.length > 0) return { ex: s.ex, arena: s.arena, workers: ready, pool: s.pool, home: s.home };
    }
    return this.plain;
  }

  /** One product on the calling thread, with `work` bytes of scratch the caller reserved (gemmScratchBytes of its size or more). */
  runGemmWith(ctx: Context, j: JobSpec, work: number): void {
    this.stats.gemms++;
    ctx.ex.gemm(j.m, j.n, j.k, j.a, j.lda, j.transA, j.b, j.ldb, j.transB, j.c, j.ldc, j.accumulate, work);
  }

  /**
   * A direct convolution or its weight gradient (assembly/direct.ts) of `n` samples whose
   * operands are in `ctx`'s arena: `at` gives sample 0's job, and each further sample moves
   * x, w and out by `strides` bytes (w's 0 when it is the weight). The samples split over the context's threads in contiguous runs, each
   * thread with its own `scratch` bytes of work; a sample's result is the same whichever
   * thread makes it.
   */
  runConv(
    ctx: Context, kind: ConvJob["kind"], at: Omit<ConvJob, "kind" | "nb" | "work">, n: number,
    strides: { x: number; w: number; out: number }, scratch: number,
  ): void {
    const { ex, arena, workers, pool } = ctx;
    const t = Math.min(n, workers.length + 1);
    const jobs: ConvJob[] = [];
    for (let i = 0; i < t; i++) {
      const b0 = Math.floor((i * n) / t), b1 = Math.floor(((i + 1) * n) / t);
      jobs.push({
        ...at, kind, x: at.x + b0 * strides.x, w: at.w + b0 * strides.w, out: at.out + b0 * strides.out, nb: b1 - b0, work: arena.alloc(scratch),
      });
    }
    const exec = (j: ConvJob): void => {
      if (j.kind === "conv") ex.convDirect(j.geom, j.x, j.w, j.out, j.bias, j.nb, j.work);
      else ex.convDirectWeightGrad(j.geom, j.x, j.w, j.out, j.nb, j.work);
    };
    if (t === 1 || !pool) {
      exec(jobs[0]);
      return;
    }
    this.stats.threaded += t;
    pool.run(workers.slice(0, t - 1), jobs.slice(1).map((j) => [j]), [jobs[0]], exec);
  }

  /** Runs independent products whose operands are already in `ctx`'s arena; scratch comes from there too. */
  runGemms(ctx: Context, jobs: readonly JobSpec[]): void {
    const { ex, arena, workers, pool } = ctx;
    this.stats.gemms += jobs.length;
    if (workers.length === 0 || !pool) {
      // The common case, kept free of allocation: one scratch region, calls in a row.
      let bytes = 0;
      for (const j of jobs) bytes = Math.max(bytes, ex.gemmScratchBytes(j.m, j.n, j.k));
      const work = arena.alloc(bytes);
      for (const j of jobs) ex.gemm(j.m, j.n, j.k, j.a, j.lda, j.transA, j.b, j.ldb, j.transB, j.c, j.ldc, j.accumulate, work);
      return;
    }
    this.stats.threaded += jobs.length;
    const t = workers.length + 1;
    const perThread: JobSpec[][] = Array.from({ length: t }, () => []);
    if (jobs.length >= t) jobs.forEach((j, i) => perThread[i % t].push(j));
    else for (const j of jobs) splitJob({ ...j, work: 0 }, t).forEach((s, i) => perThread[i].push(s));
    // One scratch region per thread, as large as its largest piece needs.
    const withWork = perThread.map((list) => {
      let bytes = 0;
      for (const j of list) bytes = Math.max(bytes, ex.gemmScratchBytes(j.m, j.n, j.k));
      const work = arena.alloc(bytes);
      return list.map((j): GemmJob => ({ ...j, work }));
    });
    const exec = (j: GemmJob): void => {
      ex.gemm(j.m, j.n, j.k, j.a, j.lda, j.transA, j.b, j.ldb, j.transB, j.c, j.ldc, j.accumulate, j.work);
    };
    // Rounds of at most MAX_JOBS per worker (only many small batched products need more than one).
    for (let r = 0; ; r++) {
      const slice = (l: GemmJob[]): GemmJob[] => l.slice(r * MAX_JOBS, (r + 1) * MAX_JOBS);
      const mine = slice(withWork[0]);
      const theirs = withWork.slice(1).map(slice);
      if (mine.length === 0 && theirs.every((l) => l.length === 0)) break;
      pool.run(workers, theirs, mine, exec);
    }
  }
}

/** A kernel instance on an ordinary memory that grows to the largest call. */
function growableContext(): Context {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const ex = instantiate(kernelModule(false), memory);
  return { ex, arena: new Arena(memory, ex.heapBase(), 65536 * PAGE - PAGE), workers: [], pool: null, home: null };
}

function defaultThreads(): number {
  const env = typeof process !== "undefined" ? process.env?.KINDLING_NUM_THREADS : undefined;
  const n = env ? Number.parseInt(env, 10) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : hardwareThreads();
}
