/**
 * Float32 storage resident in the wasm kernels' own memory: a kernel output allocated
 * here is a Float32Array view of that memory, so the wasm kernels read it in place and
 * write their results straight into it, with no copy in or out.
 *
 * The heap lives in a region of wasm memory that never moves (engine.ts `residentHeap`):
 *   - with worker threads, in the shared memory they see, so that products split over
 *     threads read and write it in place. V8 runs `set`, `fill` and `slice` on views of a
 *     SharedArrayBuffer 2–28× slower than on ordinary arrays (relaxed-atomic copies), but
 *     the kernels touch these arrays in place and the copies they save are those very
 *     copies (W3 on two threads: 0.2 s of copies through the shared memory before);
 *   - on one thread, in a plain memory created at its full size and never grown: growing
 *     an unshared memory detaches its buffer, and with it every view a tensor holds.
 *
 * Blocks come back three ways:
 *   - `recycle`: the engine's proofs that storage is dead (tensor/pool.ts's callers:
 *     consumed gradients, a freed graph's saved buffers, a Sequential's intermediates)
 *     free the block at once, inside the synchronous training loop;
 *   - a FinalizationRegistry on the view: blocks the collector proved dead, freed when the
 *     event loop turns (finalizers never run inside a synchronous loop);
 *   - never, while the heap is full: `alloc` then answers null and the caller makes an
 *     ordinary array, so tensors beyond the heap still work and memory stays bounded.
 * Blocks are rounded up to size classes (four per doubling, at most 25 % slack) and
 * reused from per-class free lists; the heap only grows its high-water mark.
 *
 * Only kernel outputs (storage a kernel writes in full: `allocate(dtype, n, false)`), a
 * layer's own weights (nn/parameter.ts `parameterZeros`: they live as long as the module)
 * and their optimizer state (optim/optimizer.ts `zerosLikeParam`) of RESIDENT_MIN_FLOATS
 * or more are resident. Arrays made by JS (`tensor`, `randn`,
 * `zeros`, a user's data) stay ordinary: user code often makes them in loops where nothing
 * proves them dead until the loop yields. Shorter outputs stay ordinary because a block costs
 * more than their copies (bench/resident.ts).
 *
 * A caveat a typed array of one's own does not have: an alias of a resident view (a
 * `subarray`, or a `Uint8Array` over its `buffer`) does not keep the block alive, so one
 * kept after its tensor died sees the block's next owner; and the buffer, being wasm
 * memory, cannot be transferred to a worker, and when it is the threads' shared memory a
 * `postMessage` or `structuredClone` of the view shares it rather than copying it, and
 * browsers' `Blob` and `TextDecoder` refuse it (copy with `slice()` first).
 */

/**
 * Shorter arrays stay ordinary. bench/resident.ts: a block (its view, FinalizationRegistry
 * entry and free) costs about 0.6 µs, the copies it saves (the result out, and back in at
 * its next kernel) 0.5 µs at 4k floats and 1.4 µs at 16k; with the collector's cost of the
 * weak entries added, outputs of 256 floats and more made W1 30–60 % slower in CPU time.
 */
export const RESIDENT_MIN_FLOATS = 16384;

interface Block {
  readonly offset: number;
  readonly bytes: number;
  freed: boolean;
}

export interface ResidentStats {
  /** Blocks handed out (fresh or reused), and of those reused from a free list. */
  allocs: number;
  reused: number;
  /** Blocks freed by the engine's proofs, and by the collector. */
  freedByEngine: number;
  freedByGc: number;
  /** Requests answered null because no block was free and the heap was full. */
  full: number;
  /** Bytes in blocks now held by tensors, and the heap's high-water mark. */
  liveBytes: number;
  highWater: number;
}

export class ResidentHeap {
  /** The memory's buffer: a view is resident here when its `buffer` is this one. */
  readonly buffer: ArrayBufferLike;
  private readonly start: number;
  private readonly end: number;
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** The block of each view this heap made (only the view itself, never a subarray of it). */
  private readonly blocks = new WeakMap<Float32Array, Block>();
  private readonly registry: FinalizationRegistry<Block>;
  readonly stats: ResidentStats = { allocs: 0, reused: 0, freedByEngine: 0, freedByGc: 0, full: 0, liveBytes: 0, highWater: 0 };

  /** The heap takes bytes [start, end) of `buffer`, which must never be detached (a memory that does not grow). */
  constructor(buffer: ArrayBufferLike, start: number, end: number) {
    this.buffer = buffer;
    this.start = alignUp(start);
    this.end = end;
    this.top = this.start;
    this.registry = new FinalizationRegistry((b: Block) => {
      if (!b.freed) {
        this.stats.freedByGc++;
        this.release(b);
      }
    });
  }

  /** A view of `n` floats (stale values when reused, zeros when fresh), or null when the heap is full. */
  alloc(n: number): Float32Array | null {
    const bytes = classBytes(n * 4);
    let offset = this.free.get(bytes)?.pop();
    if (offset === undefined) {
      if (this.top + bytes > this.end) {
        this.stats.full++;
        return null;
      }
      offset = this.top;
      this.top += bytes;
      this.stats.highWater = this.top - this.start;
    } else this.stats.reused++;
    const view = new Float32Array(this.buffer, offset, n);
    const block: Block = { offset, bytes, freed: false };
    this.blocks.set(view, block);
    this.registry.register(view, block, view);
    this.stats.allocs++;
    this.stats.liveBytes += bytes;
    return view;
  }

  /** Whether `s` is a view this heap handed out (not a subarray of one). */
  owns(s: ArrayBufferView): boolean {
    return s instanceof Float32Array && s.length >= RESIDENT_MIN_FLOATS && s.buffer === this.buffer && this.blocks.has(s);
  }

  /** Frees the block of a view the engine has proved dead (nothing for any other array). */
  recycle(s: ArrayBufferView): void {
    if (s.buffer !== this.buffer) return;
    const b = this.blocks.get(s as Float32Array);
    if (!b || b.freed) return;
    this.registry.unregister(s);
    this.blocks.delete(s as Float32Array);
    this.stats.freedByEngine++;
    this.release(b);
  }

  private release(b: Block): void {
    b.freed = true;
    this.stats.liveBytes -= b.bytes;
    let list = this.free.get(b.bytes);
    if (!list) this.free.set(b.bytes, (list = []));
    list.push(b.offset);
  }
}

const ALIGN = 64;

function alignUp(x: number): number {
  return Math.ceil(x / ALIGN) * ALIGN;
}

/** The size class of `bytes`: rounded up to a quarter of its power of two, and to 64 bytes. */
export function classBytes(bytes: number): number {
  if (bytes <= 1024) return 1024;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return alignUp(Math.ceil(bytes / step) * step);
}
