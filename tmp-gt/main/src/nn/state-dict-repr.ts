/**
 * A state dict is a plain object of tensors (so Object.entries, JSON-like handling and
 * spreading work), but prints as PyTorch prints its OrderedDict:
 *   OrderedDict([('0.weight', tensor([[ 0.5406,  0.5869], ...])), ('0.bias', tensor([...]))])
 * (Python 3.11's form, the one tutorials show). The printing methods are non-enumerable,
 * so they never appear among the entries.
 */
import { pyStrRepr } from "../data/datasets/python-text.js";
import type { Tensor } from "../tensor/tensor.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export function orderedDictRepr(entries: Iterable<[string, Tensor]>): string {
  const items: string[] = [];
  for (const [k, v] of entries) items.push(`(${pyStrRepr(k)}, ${String(v)})`);
  return items.length === 0 ? "OrderedDict()" : `OrderedDict([${items.join(", ")}])`;
}

/** Gives `dict` PyTorch's printed form for String(), template literals and console.log. */
export function withOrderedDictRepr<T extends Record<string, Tensor>>(dict: T): T {
  const repr = (): string => orderedDictRepr(Object.entries(dict));
  // A state dict entry named "toString" (a module attribute) keeps its place; only printing falls back.
  if (!Object.hasOwn(dict, "toString")) Object.defineProperty(dict, "toString", { value: repr, enumerable: false });
  Object.defineProperty(dict, INSPECT, { value: repr, enumerable: false });
  return dict;
}
