/**
 * Version counters (PyTorch's `tensor._version`): every in-place change the engine makes
 * to a storage adds one, and a backward node compares the versions of the tensors it
 * saved with those at the forward, so a gradient is never computed from values changed
 * in between (an optimizer step before backward, `relu_out.add_(1)`). Keyed by the
 * storage object, which views share. Writing into `.data` directly bypasses it, as
 * writing through `.data` does in PyTorch.
 */

const versions = new WeakMap<object, number>();

export function bumpVersion(s: object): void {
  versions.set(s, (versions.get(s) ?? 0) + 1);
}

export function versionOf(s: object): number {
  return versions.get(s) ?? 0;
}
