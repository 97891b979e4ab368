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
import { mixedDevices, type DeviceStore } from "../tensor/device.js";
import { UPDATES } from "./table.js";
import { DTypeError } from "../errors.js";
import { roundHalf } from "../tensor/half.js";

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
  if (params.length > 0 && params[0].dtype === "float16") return halfSgd(params, grads, buffers, firstStep, options);
  // A device's floats are float32 (float64 never goes there), which its fused kernels take.
  if (params.length > 0 && params[0].device !== "cpu") {
    return deviceBackend(params[0].device).sgdStep(stores(params), stores(grads), buffers ? stores(buffers) : null, firstStep, options);
  }
  fused(UPDATES.sgd).sgdStep(storages(params), storages(grads), buffers ? storages(buffers) : null, firstStep, options);
}

/**
 * SGD on float16 parameters, as torch.optim's single-tensor path runs it on half tensors:
 * each tensor op (grad + wd·p, buf·m, buf + (1 − dampening)·d, p − lr·d) computes in
 * float32 and rounds its result to half. `x.add_(y, alpha)` takes alpha as a half and,
 * as PyTorch's CPU kernel (AVX512 build, checked for every length up to 200 in the
 * float16 fixture's MLP and by hand), computes x + alpha·y in float32 over whole blocks
 * of 32 elements and, in the scalar loop over the last n mod 32, rounds alpha·y to half first.
 * On a device the fused kernel rounds the new parameters to half once, which is this
 * for plain SGD; momentum and weight decay there are not made half-aware and are refused.
 */
function halfSgd(params: readonly Tensor[], grads: readonly Tensor[], buffers: readonly Tensor[] | null, firstStep: boolean, o: SGDOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  if (params[0].device !== "cpu") {
    if (momentum !== 0 || weightDecay !== 0) {
      throw new DTypeError(`"SGD with momentum or weight_decay on ${params[0].device}" not implemented for 'Half' in Kindling (plain SGD is; or train in float32)`);
    }
    return deviceBackend(params[0].device).sgdStep(stores(params), stores(grads), null, firstStep, o);
  }
  // mul_'s scalar stays float32; add_'s alpha is a half.
  const mom = Math.fround(momentum);
  const wd = roundHalf(weightDecay), keep = roundHalf(1 - dampening), momAlpha = roundHalf(momentum), negLr = roundHalf(-lr);
  for (let t = 0; t < params.length; t++) {
    const p = params[t].data, g = grads[t].data;
    const buf = momentum !== 0 && buffers ? buffers[t].data : null;
    const blocks = p.length - (p.length % 32);
    const addAlpha = (x: number, alpha: number, y: number, i: number): number => roundHalf(x + (i < blocks ? alpha * y : roundHalf(alpha * y)));
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = addAlpha(d, wd, p[i], i);
      if (buf) {
        buf[i] = firstStep ? d : addAlpha(roundHalf(buf[i] * mom), keep, d, i);
        d = nesterov ? addAlpha(d, momAlpha, buf[i], i) : buf[i];
      }
      p[i] = addAlpha(p[i], negLr, d, i);
    }
  }
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

/**
 * One RMSprop step of every parameter: `gradAvg` for the centered form, `buffers` with
 * momentum (null otherwise), all updated in place beside the parameters.
 */
export function foreachRmsprop_(
  params: readonly Tensor[], grads: readonly Tensor[], squareAvg: readonly Tensor[],
  gradAvg: readonly Tensor[] | null, buffers: readonly Tensor[] | null, options: RMSpropOptions,
): void {
  if (params.length > 0 && params[0].device !== "cpu") {
    return deviceBackend(params[0].device).rmspropStep(
      stores(params), stores(grads), stores(squareAvg), gradAvg ? stores(gradAvg) : null, buffers ? stores(buffers) : null, options,
    );
  }
  fused(UPDATES.rmsprop).rmspropStep(
    storages(params), storages(grads), storages(squareAvg), gradAvg ? storages(gradAvg) : null, buffers ? storages(buffers) : null, options,
  );
}

/** One Adagrad step `step` (from 1) of every parameter, its accumulated squares `sums` updated in place. */
export function foreachAdagrad_(
  params: readonly Tensor[], grads: readonly Tensor[], sums: readonly Tensor[], step: number, options: AdagradOptions,
): void {
  if (params.length > 0 && params[0].device !== "cpu") {
    return deviceBackend(params[0].device).adagradStep(stores(params), stores(grads), stores(sums), step, options);
  }
  fused(UPDATES.adagrad).adagradStep(storages(params), storages(grads), storages(sums), step, options);
}
