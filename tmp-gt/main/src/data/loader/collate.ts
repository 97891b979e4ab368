/**
 * defaultCollate (torch.utils.data.default_collate): turns a list of samples into
 * one batch, recursing through arrays and plain objects.
 *
 *   tensors  → stacked along a new first dimension
 *   numbers  → a 1-D tensor: int64 when every number is whole, else float64 (torch
 *              looks at Python's int / float type, which JS numbers do not carry)
 *   booleans → a 1-D bool tensor
 *   strings  → the array of strings
 *   arrays   → per position, each collated (all samples must have the same length)
 *   objects  → per key, each collated
 */
import { ValueError } from "../../errors.js";
import { stack } from "../../ops/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/** The batch type defaultCollate makes from samples of type T. */
export type Collated<T> = T extends Tensor | number | boolean
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collated<T[K]> }
        : never;

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return x.constructor?.name ?? "object";
  return typeof x;
}

function collateAny(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) {
    return stack(batch.map((b) => {
      if (!(b instanceof Tensor)) throw new ValueError(`default_collate: expected every sample to be a Tensor, found ${describe(b)}`);
      return b;
    }));
  }
  if (typeof elem === "number") {
    const nums = batch as readonly number[];
    const odd = nums.find((v) => typeof v !== "number");
    if (odd !== undefined) throw new ValueError(`default_collate: expected every sample to be a number, found ${describe(odd)}`);
    const whole = nums.every((v) => Number.isInteger(v));
    const dtype = whole ? "int64" : "float64";
    return new Tensor(Float64Array.from(nums), [nums.length], dtype);
  }
  if (typeof elem === "boolean") {
    const odd = batch.find((v) => typeof v !== "boolean");
    if (odd !== undefined) throw new ValueError(`default_collate: expected every sample to be a boolean, found ${describe(odd)}`);
    return new Tensor(Uint8Array.from(batch as readonly boolean[], Number), [batch.length], "bool");
  }
  if (typeof elem === "string") return [...(batch as readonly string[])];
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((b) => Array.isArray(b) && b.length === size)) {
      throw new ValueError("each element in list of batch should be of equal size");
    }
    const rows = batch as readonly unknown[][];
    return elem.map((_, i) => collateAny(rows.map((r) => r[i])));
  }
  if (elem !== null && typeof elem === "object" && Object.getPrototypeOf(elem) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = collateAny(batch.map((b) => (b as Record<string, unknown>)[key]));
    return out;
  }
  throw new ValueError(
    `default_collate: batch must contain tensors, numbers, booleans, strings, plain objects or arrays; found ${describe(elem)}`,
  );
}

/** Collates a list of samples into a batch (see the file comment for the rules). */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (batch.length === 0) throw new ValueError("default_collate: the batch is empty");
  return collateAny(batch) as Collated<T>;
}
