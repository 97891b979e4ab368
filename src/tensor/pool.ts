/**
 * A pool of storage arrays the engine has proved dead, handed out again by `allocate`.
 *
 * Why: a typed array longer than 16 floats lives outside V8's heap, and making one costs
 * 2–30 µs here (calloc, fresh pages, the collector's bookkeeping), against well under a
 * microsecond to zero a recycled one. A small model's training step makes about twenty
 * such arrays, so allocation was a third of the tutorial's training loop (issue 7).
 *
 * Only the engine recycles, and only arrays nothing outside it can reach: gradients
 * flowing through the backward pass once consumed (autograd/backward.ts), buffers a
 * fused op kept for its own backward once the graph is freed, and a Sequential's
 * intermediate outputs between built-in layers (nn/layers/containers.ts). A user never
 * sees a recycled array, and never has to give anything back.
 *
 * Bounded, so the pool never holds on to much: at most PER_LENGTH arrays of one length
 * and MAX_BYTES in all; past that, recycled arrays are simply left to the collector.
 */
import type { Storage } from "./dtype.js";
import { isCpuStorage, type Store } from "./device.js";
import { HalfStorage } from "./half.js";

/** Arrays this short live on V8's heap and are cheap to make; they are not pooled. */
const MIN_BYTES = 128;
const PER_LENGTH = 8;
const MAX_BYTES = 64 * 1024 * 1024;

type Mode = "on" | "off" | "poison";

const f32 = new Map<number, Float32Array[]>();
const f64 = new Map<number, Float64Array[]>();
const i32 = new Map<number, Int32Array[]>();
const u8 = new Map<number, Uint8Array[]>();
let pooledBytes = 0;
let mode: Mode = "on";
/** Counters for tests and the benchmark. */
export const poolStats = { reused: 0, recycled: 0, dropped: 0 };

function listFor(s: Storage): Map<number, Storage[]> {
  if (s instanceof Float32Array) return f32 as Map<number, Storage[]>;
  if (s instanceof Float64Array) return f64 as Map<number, Storage[]>;
  if (s instanceof Int32Array) return i32 as Map<number, Storage[]>;
  return u8 as Map<number, Storage[]>;
}

function take<T extends Storage>(lists: Map<number, T[]>, n: number): T | undefined {
  const list = lists.get(n);
  const s = list?.pop();
  if (!s) return undefined;
  pooledBytes -= s.byteLength;
  poolStats.reused++;
  return s;
}

/**
 * (One function per array class rather than one generic: each call site then sees a
 * single class, which keeps V8's code for `fill` and the constructor monomorphic.)
 *
 * A Float32Array of length n from the pool, or a new one: zero-filled, or with `filled`
 * false, holding stale values for a caller that overwrites every element.
 */
export function takeFloat32(n: number, filled = true): Float32Array {
  const s = n * 4 >= MIN_BYTES ? take(f32, n) : undefined;
  return s ? (filled ? s.fill(0) : s) : new Float32Array(n);
}

/** As takeFloat32, for Float64Array. */
export function takeFloat64(n: number, filled = true): Float64Array {
  const s = n * 8 >= MIN_BYTES ? take(f64, n) : undefined;
  return s ? (filled ? s.fill(0) : s) : new Float64Array(n);
}

/** As takeFloat32, for Int32Array. */
export function takeInt32(n: number, filled = true): Int32Array {
  const s = n * 4 >= MIN_BYTES ? take(i32, n) : undefined;
  return s ? (filled ? s.fill(0) : s) : new Int32Array(n);
}

/** As takeFloat32, for Uint8Array. */
export function takeUint8(n: number, filled = true): Uint8Array {
  const s = n >= MIN_BYTES ? take(u8, n) : undefined;
  return s ? (filled ? s.fill(0) : s) : new Uint8Array(n);
}

/**
 * Float32 storage a backend keeps in its own memory (the wasm backend's resident heap):
 * kernel outputs are allocated there, and recycled arrays go back to it.
 */
export interface ResidentAllocator {
  /** Arrays shorter than this are ordinary ones. */
  readonly minLength: number;
  /** A view of n floats with stale values, or null when the backend's memory is full. */
  alloc(n: number): Float32Array | null;
  /** Whether `s` is one of its views. */
  owns(s: Storage): boolean;
  /** Takes back one of its views proved dead. */
  recycle(s: Storage): void;
}

let resident: ResidentAllocator | null = null;

/** Sets (or with null, clears) where unfilled float32 storage is allocated first. */
export function useResidentAllocator(a: ResidentAllocator | null): void {
  resident = a;
}

/**
 * Storage for a kernel's float32 output, written in full by it: resident in the backend's
 * memory where one is in use and has room, else an ordinary array (pooled or new).
 */
export function takeFloat32Output(n: number): Float32Array {
  if (resident !== null && n >= resident.minLength) {
    const s = resident.alloc(n);
    if (s !== null) return s;
  }
  return takeFloat32(n, false);
}

/** Storage that has been handed out to code outside the engine (see `expose`). */
const exposed = new WeakSet<Storage>();

/**
 * Marks storage as reachable from outside the engine (read as a parameter's `.grad`, or
 * through a graph node's `inputs`): from then on `recycle` refuses it, whatever proof a
 * caller has. Views share their storage object, so this covers them too.
 */
export function expose(s: Store): void {
  // A device's buffers are its backend's to reuse: only CPU arrays are tracked here.
  if (isCpuStorage(s)) exposed.add(s);
}

/**
 * Gives back an array the caller has proved nothing else refers to. Arrays that are
 * views into a larger buffer, that live in shared memory, or that were exposed, are
 * never pooled.
 */
export function recycle(s: Store): void {
  // A device's buffers are its backend's to reuse; this pool holds CPU arrays only.
  if (!isCpuStorage(s)) return;
  // Half storage is never pooled: handed out again it would be taken for float32 storage.
  if (mode === "off" || s.byteLength < MIN_BYTES || exposed.has(s) || s instanceof HalfStorage) return;
  if (resident !== null && resident.owns(s)) {
    // Back to the backend's memory; in poison mode poisoned and kept from reuse, as below.
    if (mode === "poison") s.fill(Number.NaN);
    else resident.recycle(s);
    poolStats.recycled++;
    return;
  }
  if (s.byteOffset !== 0 || s.buffer.byteLength !== s.byteLength || !(s.buffer instanceof ArrayBuffer)) return;
  if (mode === "poison") {
    // Test mode: make any later read of a recycled array visible, and never reuse it.
    if (s instanceof Uint8Array) s.fill(0xa5);
    else if (s instanceof Int32Array) s.fill(-0x5a5a5a5b);
    else s.fill(Number.NaN);
    poolStats.recycled++;
    return;
  }
  const lists = listFor(s);
  let list = lists.get(s.length);
  if (!list) lists.set(s.length, (list = []));
  if (list.length >= PER_LENGTH || pooledBytes + s.byteLength > MAX_BYTES || list.includes(s)) {
    poolStats.dropped++;
    return;
  }
  list.push(s);
  pooledBytes += s.byteLength;
  poolStats.recycled++;
}

/**
 * "on" (default), "off" (nothing is pooled), or "poison" (recycled arrays are filled with
 * NaN and never reused: a test of the engine's proofs that an array was dead).
 */
export function setPoolMode(m: Mode): void {
  mode = m;
  f32.clear();
  f64.clear();
  i32.clear();
  u8.clear();
  pooledBytes = 0;
}

export function poolMode(): Mode {
  return mode;
}
