/**
 * How ops reach the backend's kernels: the primitives for everyone, a fused kernel only
 * through the op-table entry that declares it. This module is the only way in (an eslint
 * rule keeps `backend/index.js` out of ops, autograd, nn and optim), so which op runs
 * which fused kernel is written in one place, the table, and checked by the compiler.
 */
import type { FusedKernelName, FusedKernels, Primitives } from "../backend/backend.js";
import { backend } from "../backend/index.js";

/** The current backend's primitives: element-wise, reductions, the matmul family, copies. */
export function kernels(): Primitives {
  return backend();
}

/**
 * The fused kernels an entry declares (`fused` in ops/table.ts), and no others:
 * `fused(OPS.linear).linearBackward(…)` compiles, `fused(OPS.linear).crossEntropy(…)` does not.
 */
export function fused<E extends { readonly fused: readonly FusedKernelName[] }>(_entry: E): Pick<FusedKernels, E["fused"][number]> {
  return backend();
}
