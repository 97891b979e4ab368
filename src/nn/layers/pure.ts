/**
 * Built-in layers whose forward keeps no reference to its input or output anywhere but
 * in the autograd graph, and Sequential's use of that: the outputs passed between two
 * such layers are reachable only through the graph, so their storage can go back to the
 * pool (tensor/pool.ts) as soon as the graph no longer needs them. Which layers are pure
 * is declared in the layer registry (registry.ts); exact classes only: a user's subclass
 * may keep what it likes.
 */
import { isGradEnabled } from "../../autograd/grad-mode.js";
import type { Store } from "../../tensor/device.js";
import { recycle } from "../../tensor/pool.js";
import type { Tensor } from "../../tensor/tensor.js";
import { hasClassForward, hasForwardHooks, type Module } from "../module.js";
import { entryOf } from "./registry.js";

/** A built-in layer (exact class, its own forward) with no forward hook that could see its tensors. */
export function isPureLayer(m: Module): boolean {
  return (entryOf(m)?.pure ?? false) && hasClassForward(m) && !hasForwardHooks(m);
}

/**
 * Recycles the storage of `between` (outputs passed from one pure layer to the next),
 * except storage shared with the container's input or output (Identity, Flatten and
 * Dropout in eval mode pass their input on). Without grad mode nothing saved them, so
 * they are dead now; with a graph, the nodes that saved them all lie between `output`
 * and `input`, and are freed together with output's node after backward.
 */
export function releaseIntermediates(between: readonly Tensor[], input: Tensor, output: Tensor): void {
  const seen = new Set<Store>();
  // Only CPU storage is pooled by the engine; a device's backend reuses its own buffers.
  if (output.device !== "cpu") return;
  for (const t of between) {
    const s = t.store;
    if (s === input.store || s === output.store || seen.has(s)) continue;
    seen.add(s);
    if (!isGradEnabled()) recycle(s);
    // When the graph is freed (recycle refuses it if a node's `inputs` handed it out by then).
    else if (output.gradFn) output.gradFn.recycleOnRelease(s);
  }
}
