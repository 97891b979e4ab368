/**
 * The optimizers' updates as ops: PyTorch's `_foreach` SGD, RMSprop, Adagrad and fused Adam, each one call
 * over a whole parameter group into the fused kernel its entry in the table declares
 * (UPDATES in ops/table.ts). They change their tensors in place and record nothing, as
 * torch.optim's steps run under no_grad; the optimizer bumps the parameters' versions.
 *
 * The rounding is torch.optim's single-tensor path (float32 after each op); the kernels
 * (backend/js/fused-optim.ts and the wasm backend's) document it.
 */
import type { AdagradOptions, AdamOptions, RMSpropOptions, SGDOptions } from "../backend/backend.js";
import type { Tensor } from "../tensor/tensor.js";
import { deviceBackend, fused } from "./kernels.js";
import { mixedDevices, type Device, type Store } from "../tensor/device.js";
import { UPDATES } from "./table.js";
import { DTypeError } from "../errors.js";

/**
 * The tensors' storage handles, all on one device (the optimizer keeps its state beside
 * its parameters): the CPU backend's storages, or a device's buffers.
 */
function stores(ts: readonly Tensor[]): Store[] {
  const device = ts[0]?.device;
  return ts.map((t) => {
    if (t.device !== device) throw mixedDevices(device, t.device);
    return t.store;
  });
}

/** The parameters' device (a group's tensors all live on one). */
function deviceOf(params: readonly Tensor[]): Device {
  return params.length > 0 ? params[0].device : "cpu";
}

/**
 * params ← params − lr·(grads (+ weight decay), through momentum when `buffers` are given),
 * over every index at once. `firstStep`: the buffers are set from the gradients, as
 * PyTorch initialises a momentum buffer on a parameter's first step.
 */
export function foreachSgd_(
  params: readonly Tensor[], grads: readonly Tensor[], buffers: readonly Tensor[] | null, firstStep: boolean, options: SGDOptions,
): void {
  if (params.length > 0 && params[0].dtype === "float16") return halfSgd(params, grads, buffers, firstStep, options);
  // A device's floats are float32 (float64 never goes there), which its fused kernels take.
  const device = deviceOf(params);
  const k = device === "cpu" ? fused(UPDATES.sgd) : deviceBackend(device);
  k.sgdStep(stores(params), stores(grads), buffers ? stores(buffers) : null, firstStep, options);
}

/**
 * SGD on float16 parameters, as torch.optim's single-tensor path runs it on half tensors
 * (each op rounds to half; backend/js/half-sgd.ts). On a device the fused kernel rounds
 * the new parameters to half once, which is this for plain SGD; momentum and weight
 * decay there are not made half-aware and are refused.
 */
function halfSgd(params: readonly Tensor[], grads: readonly Tensor[], buffers: readonly Tensor[] | null, firstStep: boolean, o: SGDOptions): void {
  const device = deviceOf(params);
  if (device !== "cpu") {
    if (o.momentum !== 0 || o.weightDecay !== 0) {
      throw new DTypeError(`"SGD with momentum or weight_decay on ${device}" not implemented for 'Half' in Kindling (plain SGD is; or train in float32)`);
    }
    return deviceBackend(device).sgdStep(stores(params), stores(grads), null, firstStep, o);
  }
  fused(UPDATES.sgd).sgdStepHalf(stores(params), stores(grads), o.momentum !== 0 && buffers ? stores(buffers) : null, firstStep, o);
}

/** One Adam / AdamW step `step` (from 1) of every parameter, its moments updated in place. */
export function fusedAdam_(
  params: readonly Tensor[], grads: readonly Tensor[], expAvg: readonly Tensor[], expAvgSq: readonly Tensor[],
  maxExpAvgSq: readonly Tensor[] | null, step: number, options: AdamOptions,
): void {
  const device = deviceOf(params);
  const k = device === "cpu" ? fused(UPDATES.adam) : deviceBackend(device);
  k.adamStep(
    stores(params), stores(grads), stores(expAvg), stores(expAvgSq), maxExpAvgSq ? stores(maxExpAvgSq) : null, step, options,
  );
}

/**
 * One RMSprop step of every parameter: `gradAvg` for the centered form, `buffers` with
 * momentum (null otherwise), all updated in place beside the parameters.
 */
export function foreachRmsprop_(
  params: readonly Tensor[], grads: readonly Tensor[], squareAvg: readonly Tensor[],
  gradAvg: readonly Tensor[] | null, buffers: readonly Tensor[] | null, options: RMSpropOptions,
): void {
  const device = deviceOf(params);
  const k = device === "cpu" ? fused(UPDATES.rmsprop) : deviceBackend(device);
  k.rmspropStep(
    stores(params), stores(grads), stores(squareAvg), gradAvg ? stores(gradAvg) : null, buffers ? stores(buffers) : null, options,
  );
}

/** One Adagrad step `step` (from 1) of every parameter, its accumulated squares `sums` updated in place. */
export function foreachAdagrad_(
  params: readonly Tensor[], grads: readonly Tensor[], sums: readonly Tensor[], step: number, options: AdagradOptions,
): void {
  const device = deviceOf(params);
  const k = device === "cpu" ? fused(UPDATES.adagrad) : deviceBackend(device);
  k.adagradStep(stores(params), stores(grads), stores(sums), step, options);
}
