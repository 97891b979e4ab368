/** Shape arithmetic: sizes, strides, dims and broadcasting. No tensors here. */
import { IndexError, ShapeError, ValueError } from "../errors.js";

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** A validated copy of a shape for a new tensor, as torch.empty checks it (whole sizes, none negative). */
export function checkShape(shape: Shape): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new ValueError(`Trying to create tensor with negative dimension ${s}: ${fmtShape(shape)}`);
    }
  }
  return [...shape];
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapeEq(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** PyTorch prints shapes as `[2, 3]` in messages and `torch.Size([2, 3])` in reprs. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Wraps a possibly negative dim into [0, ndim); PyTorch's message when it is out of range. */
export function normDim(dim: number, ndim: number): number {
  const lo = -Math.max(ndim, 1);
  const hi = Math.max(ndim, 1) - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** The broadcast shape of two shapes, or PyTorch's error naming both and the dimension. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i} ` +
          `(shapes ${fmtShape(a)} and ${fmtShape(b)})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` viewed as broadcast to `outShape` (0 where broadcast). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const st = stridesOf(shape);
  const off = outShape.length - shape.length;
  const res = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) res[i + off] = shape[i] === 1 ? 0 : st[i];
  return res;
}

/** Resolves a single -1 in a requested shape, as reshape / view do. */
export function inferShape(requested: Shape, numel: number, from: Shape): number[] {
  let infer = -1;
  let known = 1;
  requested.forEach((s, i) => {
    if (s === -1) {
      if (infer >= 0) throw new ShapeError("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new ShapeError(`invalid shape dimension ${s} at index ${i} of shape ${fmtShape(requested)}`);
    } else known *= s;
  });
  const out = [...requested];
  if (infer >= 0) {
    if (known === 0 && numel === 0) {
      throw new ShapeError(
        `cannot reshape tensor of 0 elements into shape ${fmtShape(requested)} because the unspecified dimension size -1 can be any value and is ambiguous`,
      );
    }
    if (known === 0 || numel % known !== 0) {
      throw new ShapeError(`shape '${fmtShape(requested)}' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new ShapeError(`shape '${fmtShape(requested)}' is invalid for input of size ${numel}`);
  }
  void from;
  return out;
}

/**
 * Normalises the `dim` option of a reduction to a sorted list of distinct dims.
 * No dim, or an empty list (as `x.sum(dim=[])` in PyTorch), means every dim.
 */
export function reductionDims(dim: number | readonly number[] | undefined, ndim: number): number[] {
  if (dim === undefined || (typeof dim !== "number" && dim.length === 0)) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim;
  const seen = distinctDims(list.map((d) => normDim(d, ndim)));
  return ndim === 0 ? [] : [...seen].sort((x, y) => x - y);
}

/** The normalised dims of a list, refused with PyTorch's message when one repeats. */
export function distinctDims(dims: readonly number[]): number[] {
  const seen = new Set<number>();
  for (const d of dims) {
    if (seen.has(d)) throw new ShapeError(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return [...seen];
}
