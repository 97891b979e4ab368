/**
 * How ops reach the backend's kernels: the primitives for everyone, a fused kernel only
 * through the op-table entry that declares it. This module is the only way in (an eslint
 * rule keeps `backend/index.js` out of ops, autograd, nn and optim), so which op runs
 * which fused kernel is written in one place, the table, and checked by the compiler.
 */
import type { DeviceBackend, FusedKernelName, FusedKernels, HostReads, Movements, OnStore, Primitives } from "../backend/backend.js";
import { backend, deviceBackend as registered } from "../backend/index.js";
import type { Device, Store } from "../tensor/device.js";
import { halfAwareBackend, halfAwareDevice } from "./half-kernels.js";

/** The current backend's primitives: element-wise, reductions, the matmul family, copies. */
export function kernels(): Primitives {
  return halfAwareBackend(backend());
}

/**
 * The primitives and data movements of the device `device`'s tensors live on, over that
 * device's storage (`t.store`): the CPU backend's typed arrays, or a GPU's buffer handles.
 * An op written against these runs on every device.
 */
export function kernelsOn(device: Device): Primitives<Store> & Movements<Store> {
  return device === "cpu"
    ? (halfAwareBackend(backend()) as Primitives<Store> & Movements<Store>)
    : (halfAwareDevice(registered(device)) as Primitives<Store> & Movements<Store>);
}

/**
 * The CPU's synchronous reads over storage handles (backend.ts `HostReads`): for an op
 * that needs a JS value from a CPU tensor's numbers at once (an element, checked indices,
 * a mask's kept positions, torch.equal). Only CPU tensors' handles go in.
 */
export function hostReads(): OnStore<HostReads> {
  return halfAwareBackend(backend()) as unknown as OnStore<HostReads>;
}

/** A non-CPU device's backend: its primitives, uploads, read-backs and data movements. */
export function deviceBackend(device: Exclude<Device, "cpu">): DeviceBackend {
  return halfAwareDevice(registered(device));
}

/**
 * The fused kernels an entry declares (`fused` in ops/table.ts), and no others:
 * `fused(OPS.linear).linearBackward(…)` compiles, `fused(OPS.linear).crossEntropy(…)` does not.
 */
export function fused<E extends { readonly fused: readonly FusedKernelName[] }>(_entry: E): Pick<OnStore<FusedKernels>, E["fused"][number]> {
  // The CPU backend's storage handles are its typed arrays: the kernels take `t.store` as is.
  return halfAwareBackend(backend()) as unknown as OnStore<FusedKernels>;
}
