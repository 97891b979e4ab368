/// <reference types="@webgpu/types" />
/**
 * `kd.webgpu`: the GPU device, found once per process. WebGPU hands out its adapter
 * asynchronously, so unlike torch.cuda.is_available() the answer needs one await first:
 *
 *   await kd.webgpu.init();
 *   const device = kd.webgpu.isAvailable() ? "webgpu" : "cpu";
 *
 * In a browser it uses navigator.gpu; in Node the optional `webgpu` package (Dawn).
 */
import { registerDevice } from "../index.js";
import { initWebGpu, webGpuIfReady } from "./gpu.js";

let failure: string | null = null;

/**
 * Looks for a GPU and sets up the "webgpu" device; resolves true when there is one, false
 * (with the reason in `unavailableReason()`) when not. Calling it again is cheap.
 */
async function init(): Promise<boolean> {
  try {
    registerDevice("webgpu", await initWebGpu());
    failure = null;
    return true;
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    return false;
  }
}

/** True once `init()` has found a GPU. */
function isAvailable(): boolean {
  return webGpuIfReady() !== null;
}

/** Why the last `init()` found no GPU (null when it found one, or before any). */
function unavailableReason(): string | null {
  return failure;
}

/** The adapter's name ("SwiftShader driver", "NVIDIA …"); null before init. */
function adapterName(): string | null {
  return webGpuIfReady()?.adapterName ?? null;
}

/** Sends the device's recorded work now (reads do it themselves; for timing a step). */
function synchronize(): Promise<void> {
  const b = webGpuIfReady();
  if (!b) return Promise.resolve();
  b.flush();
  return b.device.queue.onSubmittedWorkDone();
}

export const webgpu = { init, isAvailable, unavailableReason, adapterName, synchronize };
