/**
 * Forward hooks: functions called around a module's forward, as PyTorch calls them.
 * Registering one returns a handle whose `remove()` takes it out again.
 */
import type { Tensor } from "../tensor/tensor.js";
import type { Module } from "./module.js";

/**
 * Called after `forward` with the module, its positional inputs and its output.
 * Returning a value replaces the output (PyTorch's semantics); returning nothing keeps it.
 */
export type ForwardHook = (module: Module, inputs: readonly Tensor[], output: Tensor) => Tensor | void;

/**
 * Called before `forward` with the module and its positional inputs. Returning a tensor
 * or an array of tensors replaces the inputs.
 */
export type ForwardPreHook = (module: Module, inputs: readonly Tensor[]) => Tensor | readonly Tensor[] | void;

let nextHookId = 0;

/** PyTorch's RemovableHandle: `remove()` unregisters the hook (idempotent). */
export class RemovableHandle {
  readonly id: number;
  private readonly registry: Map<number, unknown>;

  constructor(registry: Map<number, unknown>) {
    this.id = nextHookId++;
    this.registry = registry;
  }

  remove(): void {
    this.registry.delete(this.id);
  }
}

/** Adds `hook` to `registry` (first when `prepend`) and returns its handle. */
export function addHook<H>(registry: Map<number, H>, hook: H, prepend = false): RemovableHandle {
  const handle = new RemovableHandle(registry as Map<number, unknown>);
  if (!prepend) {
    registry.set(handle.id, hook);
    return handle;
  }
  const rest = [...registry];
  registry.clear();
  registry.set(handle.id, hook);
  for (const [id, h] of rest) registry.set(id, h);
  return handle;
}

/** Hooks that run for every module (torch.nn.modules.module.register_module_forward_hook). */
export const globalForwardHooks = new Map<number, ForwardHook>();
export const globalForwardPreHooks = new Map<number, ForwardPreHook>();

/** Registers a forward hook called after the forward of every module. */
export function registerModuleForwardHook(hook: ForwardHook, opts: { prepend?: boolean } = {}): RemovableHandle {
  return addHook(globalForwardHooks, hook, opts.prepend);
}

/** Registers a forward pre-hook called before the forward of every module. */
export function registerModuleForwardPreHook(hook: ForwardPreHook, opts: { prepend?: boolean } = {}): RemovableHandle {
  return addHook(globalForwardPreHooks, hook, opts.prepend);
}
