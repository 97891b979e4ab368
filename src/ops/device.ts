/**
 * Moving tensors between devices, and reading a device's numbers back. The CPU's numbers
 * are typed arrays; another device's are handles of its backend (ops/kernels.ts hands it
 * out), uploaded and read back here and nowhere else.
 *
 * Element types follow PyTorch's Apple-GPU device: float32, int32 and bool live on the GPU
 * as they are; float64 does not exist there (WGSL has no 64-bit floats) and is refused
 * with an error naming float32; int64 (class indices, counts) is held as int32 on the
 * device, range-checked on the way in, and comes back as int64.
 */
import { DeviceError } from "../errors.js";
import type { DeviceDType } from "../backend/backend.js";
import { INT32_MAX, INT32_MIN, type DType, type Storage } from "../tensor/dtype.js";
import { mixedDevices, type Device, type DeviceStore } from "../tensor/device.js";
import { numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { deviceBackend, hostReads } from "./kernels.js";
import { markHalf } from "./half-kernels.js";
import { HalfStorage } from "../tensor/half.js";

/** The element type a tensor of `dtype` has on a device. */
export function deviceDType(dtype: DType, device: Device): DeviceDType {
  if (dtype === "float64") {
    throw new DeviceError(
      `Cannot convert a ${device} Tensor to float64 dtype as WebGPU does not support float64. Please use float32 instead ` +
      `(t.float() before moving it, or model.float()).`,
    );
  }
  // float16 is a float32 buffer rounded after each op (ops/half-kernels.ts).
  return dtype === "int64" ? "int32" : dtype === "float16" ? "float32" : dtype;
}

/** `t` on `device`: an upload to a GPU; a GPU's tensor comes back only asynchronously (cpuAsync). */
export function toDevice(t: Tensor, device: Device): Tensor {
  if (t.device === device) return t;
  if (device === "cpu") {
    throw new DeviceError(`a tensor on ${t.device} comes back to the CPU asynchronously: use await t.cpuAsync() (or await t.toArrayAsync())`);
  }
  if (t.device !== "cpu") throw mixedDevices(t.device, device);
  // The CPU's typed array is handed to the device's upload as it is (a transfer, not a read by the op).
  return new Tensor(uploadStorage(hostReads().hostArray(t.store), t.dtype, device), t.shape, t.dtype, device);
}

/** A copy of CPU values on `device`, in the element type it holds `dtype` in. */
export function uploadStorage(data: Storage, dtype: DType, device: Exclude<Device, "cpu">): DeviceStore {
  const target = deviceDType(dtype, device);
  if (dtype === "int64" || dtype === "int32") {
    // int32 goes as it is; int64 (whole numbers in a Float64Array) narrows, range-checked.
    const n = data.length;
    const narrowed = data instanceof Int32Array ? data : new Int32Array(n);
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (v < INT32_MIN || v > INT32_MAX) {
        throw new DeviceError(`value ${v} at index ${i} of an int64 tensor does not fit in int32, which holds int64 on ${device}; keep this tensor on the CPU`);
      }
      if (narrowed !== data) narrowed[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const s = deviceBackend(device).upload(narrowed, target);
    ranges.set(s, { min, max });
    return s;
  }
  if (data instanceof Float64Array) throw new DeviceError(`float64 storage cannot go to ${device}`); // deviceDType refused it above
  const s = deviceBackend(device).upload(data, target);
  return dtype === "float16" ? markHalf(s) : s;
}

/**
 * The range of integer values uploaded from the CPU, by their device storage: a device
 * cannot check class indices without a read-back, so the losses check what was known
 * when they came up (ops computed on the device, such as argmax, are in range by making).
 */
const ranges = new WeakMap<DeviceStore, { min: number; max: number }>();

/** The value range of an integer tensor uploaded from the CPU and not changed in place since; null when unknown. */
export function uploadedRange(t: Tensor): { min: number; max: number } | null {
  if (t.device === "cpu" || t._version !== 0) return null;
  return ranges.get(t.store as DeviceStore) ?? null;
}

/** A tensor's numbers on the CPU, in its dtype's typed array (int64 widened back from the device's int32). */
export async function readStore(t: Tensor): Promise<Storage> {
  if (t.device === "cpu") return hostReads().hostArray(t.store).slice();
  const raw = await deviceBackend(t.device).read(t.store as DeviceStore);
  const n = numelOf(t.shape);
  if (t.dtype === "int64") return Float64Array.from(raw.subarray(0, n));
  if (t.dtype === "float16") return new HalfStorage(raw.subarray(0, n)); // already on the binary16 grid
  return raw.length === n ? raw : raw.slice(0, n);
}

/**
 * The one device of an op's tensors. A 0-dim CPU tensor (a wrapped JS number, a scalar
 * made on the CPU) goes with a tensor of any device, as in PyTorch.
 */
export function commonDevice(a: Tensor, b: Tensor): Device {
  if (a.device === b.device) return a.device;
  if (a.device === "cpu" && a.ndim === 0) return b.device;
  if (b.device === "cpu" && b.ndim === 0) return a.device;
  throw mixedDevices(a.device, b.device);
}

/** `t` on `device` when it is a CPU scalar joining a device op (see commonDevice); else `t`. */
export function onDevice(t: Tensor, device: Device): Tensor {
  return t.device === device ? t : toDevice(t, device);
}
