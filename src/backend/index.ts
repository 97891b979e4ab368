/**
 * The backend in use. Kernels are swapped here; ops always call `backend()`.
 *
 * By default that is the WebAssembly SIMD backend, which runs matrix products and the
 * fused linear layer in wasm (and on worker threads when large) and everything else on
 * the TypeScript kernels over Kindling's own math functions (libm.ts: the same bits in
 * every engine); where WebAssembly SIMD is missing it is the reference backend alone. KINDLING_BACKEND=js (environment) forces the reference one.
 */
import type { Backend, DeviceBackend } from "./backend.js";
import { DeviceError } from "../errors.js";
import type { Device } from "../tensor/device.js";
import { jsBackend, jsKernelsWith } from "./js/index.js";
import { libm } from "./libm.js";
import { createWasmBackend, type WasmBackend } from "./wasm/backend.js";
import { WasmEngine } from "./wasm/engine.js";
import { RESIDENT_MIN_FLOATS, type ResidentStats } from "./wasm/resident.js";
import { useResidentAllocator, type ResidentAllocator } from "../tensor/pool.js";

/** Undefined until first tried; null where wasm could not be set up. */
let wasm: WasmBackend | null | undefined;

/** The WebAssembly backend, created on first call; null where this runtime lacks WebAssembly SIMD. */
export function wasmBackend(): WasmBackend | null {
  if (wasm === undefined) {
    try {
      // Everything not run in wasm runs on the TypeScript kernels over Kindling's libm, so
      // that transcendental functions give the same bits in every engine.
      wasm = createWasmBackend(new WasmEngine(), jsKernelsWith(libm, "wasm"));
    } catch {
      wasm = null;
    }
  }
  return wasm;
}

function initial(): Backend {
  const env = typeof process !== "undefined" ? process.env?.KINDLING_BACKEND : undefined;
  if (env === "js") return jsBackend;
  return wasmBackend() ?? jsBackend;
}

let current: Backend = initial();

/**
 * Whether float32 kernel outputs are kept resident in the wasm backend's memory (on by
 * default; KINDLING_WASM_RESIDENT=0 or setResidentStorage(false) turns it off).
 */
let residentOn = (typeof process !== "undefined" ? process.env?.KINDLING_WASM_RESIDENT : undefined) !== "0";
let allocator: ResidentAllocator | null = null;

/** Points new float32 outputs at the wasm backend's resident heap while it is the backend in use. */
function syncResident(): void {
  const engine = residentOn && current === wasm && wasm ? wasm.engine : null;
  if (engine && !allocator) {
    // The heap is made on the first long enough output (engine.residentHeap).
    allocator = {
      minLength: RESIDENT_MIN_FLOATS,
      alloc: (n) => engine.residentHeap()?.alloc(n) ?? null,
      owns: (s) => engine.resident?.owns(s) ?? false,
      recycle: (s) => engine.resident?.recycle(s),
    };
  }
  // Cleared, it no longer allocates; views already made keep their blocks until they die,
  // so it stays installed for recycling while any may be alive.
  useResidentAllocator(engine ? allocator : allocator ? { ...allocator, alloc: () => null } : null);
}
syncResident();

export function backend(): Backend {
  return current;
}

/** Replaces the kernels beneath every op: a Backend, or "js" / "wasm" for the built-in ones. */
export function setBackend(b: Backend | "js" | "wasm"): void {
  if (b === "js") current = jsBackend;
  else if (b === "wasm") {
    const w = wasmBackend();
    if (!w) throw new Error("setBackend: WebAssembly SIMD is not available in this runtime");
    current = w;
  } else current = b;
  syncResident();
}

/**
 * Whether the wasm backend keeps float32 kernel outputs in its own memory, where its
 * kernels read them without copies (default on). Off, every tensor is an ordinary typed
 * array and each wasm call copies its operands in and its results out.
 */
export function setResidentStorage(on: boolean): void {
  residentOn = on;
  syncResident();
}

/** The resident heap's counters (all zero until it is made; null without wasm): blocks handed out, freed, and bytes held. */
export function residentStats(): Readonly<ResidentStats> | null {
  const w = wasmBackend();
  if (!w) return null;
  return w.engine.resident?.stats ?? { allocs: 0, reused: 0, freedByEngine: 0, freedByGc: 0, full: 0, liveBytes: 0, highWater: 0 };
}

/** The devices besides the CPU that have been set up (kd.webgpu.init() registers "webgpu"). */
const devices = new Map<Device, DeviceBackend>();

export function registerDevice(device: Exclude<Device, "cpu">, b: DeviceBackend): void {
  devices.set(device, b);
}

/** The backend of a device set up before; a clear error when it was not. */
export function deviceBackend(device: Exclude<Device, "cpu">): DeviceBackend {
  const b = devices.get(device);
  if (!b) {
    throw new DeviceError(`the ${device} device is not initialised: await kd.webgpu.init() first (kd.webgpu.isAvailable() says whether this runtime has a GPU)`);
  }
  return b;
}

/** Threads large products may use, the calling one included (torch.set_num_threads). */
export function setNumThreads(n: number): void {
  wasmBackend()?.engine.setNumThreads(n);
}

/** torch.get_num_threads: 1 where threads are not available (no shared memory). */
export function getNumThreads(): number {
  return wasmBackend()?.engine.numThreads ?? 1;
}

export { jsBackend };
export type {
  DeviceBackend, DeviceDType,
  Activation, AdamOptions, LinearActivation, Backend, BinaryOp, LinearBackwardArgs, ParamUnaryOp, ReduceOp, SGDOptions, UnaryOp,
} from "./backend.js";
export type { WasmBackend } from "./wasm/backend.js";
