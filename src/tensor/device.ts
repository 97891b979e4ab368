/**
 * Devices, as PyTorch names them: "cpu" (the wasm and TypeScript backends, whose numbers
 * are typed arrays the engine may read) and "webgpu" (a GPU, whose buffers only its
 * backend touches and whose values come back asynchronously).
 */
import { DeviceError } from "../errors.js";
import type { Storage } from "./dtype.js";

export type Device = "cpu" | "webgpu";

export const DEVICE_NAMES: readonly Device[] = ["cpu", "webgpu"];

/**
 * A buffer on a device the CPU cannot read directly: an opaque handle that its backend
 * allocated, and that only that backend reads, writes and frees.
 */
export interface DeviceStore {
  /** Elements (not bytes). */
  readonly length: number;
}

/** What a tensor's numbers live in: a typed array on the CPU, a backend's handle elsewhere. */
export type Store = Storage | DeviceStore;

/** True for the CPU's storage (a typed array); a device's handle is no ArrayBuffer view. */
export function isCpuStorage(s: Store): s is Storage {
  return ArrayBuffer.isView(s);
}

/**
 * A device name from user code: "cpu", "webgpu" and "webgpu:0" (one GPU: index 0). CUDA
 * and MPS names get an error that names the device Kindling has instead.
 */
export function parseDevice(name: string): Device | null {
  if (name === "cpu" || name === "webgpu") return name;
  if (name === "webgpu:0") return "webgpu";
  if (/^(cuda|mps)(:\d+)?$/.test(name)) {
    throw new DeviceError(
      `device '${name}' is not available in Kindling: its GPU device is "webgpu" (await kd.webgpu.init(), then ` +
      `const device = kd.webgpu.isAvailable() ? "webgpu" : "cpu")`,
    );
  }
  return null;
}

/** PyTorch's refusal of an op whose tensors live on two devices. */
export function mixedDevices(a: Device, b: Device): DeviceError {
  return new DeviceError(`Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`);
}
