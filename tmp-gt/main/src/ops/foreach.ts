/**
 * The optimizers' updates as ops: PyTorch's `_foreach` SGD and fused Adam, each one call
 * over a whole parameter group into the fused kernel its entry in the table declares
 * (UPDATES in ops/table.ts). They change their tensors in place and record nothing, as
 * torch.optim's steps run under no_grad; the optimizer bumps the parameters' versions.
 *
 * The rounding is torch.optim's single-tensor path (float32 after each op); the kernels
 * (backend/js/fused-optim.ts and the wasm backend's) document it.
 */
import type { AdamOptions, SGDOptions } from "../backend/backend.js";
import type { Tensor } from "../tensor/tensor.js";
import { deviceBackend, fused } from "./kernels.js";
import { mixedDevices, type DeviceStore } from "../tensor/device.js";
import { UPDATES } from "./table.js";

function storages(ts: readonly Tensor[]): Tensor["data"][] {
  const out = new Array<Tensor["data"]>(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = ts[i].data;
  return out;
}

/** A device's handles of the tensors (all on that device: the optimizer keeps its state beside its parameters). */
function stores(ts: readonly Tensor[]): DeviceStore[] {
  const device = ts[0]?.device;
  return ts.map((t) => {
    if (t.device !== device) throw mixedDevices(device, t.device);
    return t.store as DeviceStore;
  });
}

/**
 * params ← params − lr·(grads (+ weight decay), through momentum when `buffers` are given),
 * over every index at once. `firstStep`: the buffers are set from the gradients, as
 * PyTorch initialises a momentum buffer on a parameter's first step.
 */
export function foreachSgd_(
  params: readonly Tensor[], grads: readonly Tensor[], buffers: readonly Tensor[] | null, firstStep: boolean, options: SGDOptions,
): void {
  // A device's floats are float32 (float64 never goes there), which its fused kernels take.
  if (params.length > 0 && params[0].device !== "cpu") {
    return deviceBackend(params[0].device).sgdStep(stores(params), stores(grads), buffers ? stores(buffers) : null, firstStep, options);
  }
  fused(UPDATES.sgd).sgdStep(storages(params), storages(grads), buffers ? storages(buffers) : null, firstStep, options);
}

/** One Adam / AdamW step `step` (from 1) of every parameter, its moments updated in place. */
export function fusedAdam_(
  params: readonly Tensor[], grads: readonly Tensor[], expAvg: readonly Tensor[], expAvgSq: readonly Tensor[],
  maxExpAvgSq: readonly Tensor[] | null, step: number, options: AdamOptions,
): void {
  if (params.length > 0 && params[0].device !== "cpu") {
    return deviceBackend(params[0].device).adamStep(
      stores(params), stores(grads), stores(expAvg), stores(expAvgSq), maxExpAvgSq ? stores(maxExpAvgSq) : null, step, options,
    );
  }
  fused(UPDATES.adam).adamStep(
    storages(params), storages(grads), storages(expAvg), storages(expAvgSq), maxExpAvgSq ? storages(maxExpAvgSq) : null, step, options,
  );
}
