/**
 * The wasm side's scratch memory. Most tensors keep their storage in JS typed arrays (the
 * GC frees them), so each kernel call copies those operands in, runs, and copies results
 * out; long float32 outputs are resident in wasm memory instead (resident.ts) and skip both.
 * The arena is a bump allocator reset at every call: nothing is freed piecemeal, and the
 * memory only grows to the largest call's need, then stays (no growth over a long run).
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  /** Float32 view of the whole memory; renewed after each growth. */
  f32: Float32Array;
  private readonly base: number;
  private maxBytes: number;
  private top: number;
  /** memory.buffer.byteLength, kept here: the getter costs hundreds of ns (it makes a new SharedArrayBuffer object for shared memory). */
  private capacity: number;

  /** `base`: first byte the arena may use; `maxBytes`: where the memory cannot grow past. */
  constructor(memory: WebAssembly.Memory, base: number, maxBytes: number) {
    this.memory = memory;
    this.base = align(base);
    this.maxBytes = maxBytes;
    this.top = this.base;
    this.f32 = new Float32Array(memory.buffer);
    this.capacity = this.f32.byteLength;
  }

  /**
   * After the memory was grown by its owner: the arena takes the new buffer, and never
   * grows past `maxBytes` from now on (what lies beyond belongs to someone else).
   */
  refresh(maxBytes: number): void {
    this.maxBytes = Math.min(this.maxBytes, maxBytes);
    this.f32 = new Float32Array(this.memory.buffer);
    this.capacity = this.f32.byteLength;
  }

  /** Bytes up to where the arena's memory now reaches. */
  get reach(): number {
    return this.capacity;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Whether `bytes` more (plus alignment slack for `regions` allocations) can be had. */
  fits(bytes: number, regions = 8): boolean {
    return this.top + bytes + regions * ALIGN <= this.maxBytes;
  }

  /**
   * Reserves `bytes` (cache-line aligned) and returns its byte offset. Past `maxBytes` it
   * throws rather than grow: above a fixed arena lie the resident tensors, which a call
   * that used more than it declared to `fits` would otherwise overwrite in silence.
   */
  alloc(bytes: number): number {
    const ptr = this.top;
    this.top = align(ptr + bytes);
    if (this.top > this.maxBytes) {
      this.top = ptr;
      throw new Error(`wasm arena: ${bytes} bytes more than its region holds (a kernel call reserved more than it declared; this is a bug in Kindling)`);
    }
    if (this.top > this.capacity) {
      this.memory.grow(Math.ceil((this.top - this.capacity) / PAGE));
      this.f32 = new Float32Array(this.memory.buffer);
      this.capacity = this.f32.byteLength;
    }
    return ptr;
  }

  /** Copies `src` in and returns where it went. */
  put(src: Float32Array): number {
    const ptr = this.alloc(src.length * 4);
    this.f32.set(src, ptr / 4);
    return ptr;
  }

  /** Copies `out.length` floats from `ptr` into `out`. */
  get(ptr: number, out: Float32Array): void {
    const at = ptr / 4;
    out.set(this.f32.subarray(at, at + out.length));
  }
}

const PAGE = 65536;
/** Cache-line alignment keeps every operand's rows off shared lines between threads. */
const ALIGN = 64;

/** Arithmetic, not bit masks: offsets may pass 2^31 where bitwise ops would wrap. */
function align(x: number): number {
  return Math.ceil(x / ALIGN) * ALIGN;
}
