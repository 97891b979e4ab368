/** Model files (safetensors) and ONNX export. */
import type { Tensor } from "../tensor/tensor.js";
import { KindlingError } from "../errors.js";

/** Placeholder until the safetensors module lands: refuses loudly rather than doing nothing. */
export function save(_stateDict: Record<string, Tensor>, _path: string): never {
  throw new KindlingError("kd.save is not available yet");
}
export function load(_path: string): never {
  throw new KindlingError("kd.load is not available yet");
}
