/** Changing dtype. Float-to-float casts pass gradients through (cast back to the input dtype). */
import { record } from "../autograd/node.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import { castStorage } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { OPS } from "./table.js";
import { deviceDType } from "./device.js";
import { deviceBackend } from "./kernels.js";
import { unfilled } from "./util.js";

/** A cast on a device: the same rules, by its backend; int64 is int32 there, so int64 ↔ int32 is a copy. */
function castOnDevice(x: Tensor, dtype: DType): Tensor {
  const device = x.device as Exclude<typeof x.device, "cpu">;
  const to = deviceDType(dtype, device); // refuses float64 with the device's message
  const out = unfilled(x.shape, dtype, device);
  const b = deviceBackend(device);
  if (deviceDType(x.dtype, device) === to) {
    b.copyRange(x.store, 0, out.store, 0, x.numel());
    if (dtype === "float16") b.roundHalf(out.store); // float32 → float16: the same buffer type, rounded
  } else b.cast(x.store, out.store);
  return out;
}

export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  // Integers truncate toward zero (int32 wraps) and bool tests for non-zero, as torch's casts do.
  const out = x.device === "cpu" ? new Tensor(castStorage(x.data, x.dtype, dtype), x.shape, dtype) : castOnDevice(x, dtype);
  if (!isFloating(dtype) || !isFloating(x.dtype)) return out;
  const from = x.dtype;
  return record(out, OPS.cast, [x], (g) => [cast(g, from)]);
}
