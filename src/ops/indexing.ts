/** Indexing: select, narrow, Python-style slices, integer and boolean indices, gather / scatter. */
import { record } from "../autograd/node.js";
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { fmtShape, normDim, numelOf, stridesOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { empty } from "./util.js";

/** One dim of a slice: null keeps it, a number selects (and drops) it, [start, end, step] slices it. */
export type SliceSpec = null | number | readonly [number | null, (number | null)?, number?];

/** Copies every `step`-th entry of [start, start + len·step) along `dim`. */
function stridedRaw(x: Tensor, d: number, start: number, len: number, step: number): Tensor {
  const shape = [...x.shape];
  shape[d] = len;
  const out = empty(shape, x.dtype);
  const outer = numelOf(x.shape.slice(0, d));
  const inner = numelOf(x.shape.slice(d + 1));
  const size = x.shape[d];
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < len; k++) {
      const src = (p * size + start + k * step) * inner;
      out.data.set(x.data.subarray(src, src + inner), (p * len + k) * inner);
    }
  }
  return out;
}

/** The gradient of a strided slice: g placed back among zeros. */
function stridedBackward(g: Tensor, inShape: readonly number[], d: number, start: number, step: number): Tensor {
  const out = empty(inShape, g.dtype);
  const len = g.shape[d];
  const outer = numelOf(inShape.slice(0, d));
  const inner = numelOf(inShape.slice(d + 1));
  const size = inShape[d];
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < len; k++) {
      const dst = (p * size + start + k * step) * inner;
      out.data.set(g.data.subarray((p * len + k) * inner, (p * len + k + 1) * inner), dst);
    }
  }
  return out;
}

function strided(x: Tensor, d: number, start: number, len: number, step: number): Tensor {
  const out = stridedRaw(x, d, start, len, step);
  return record(out, "SliceBackward0", [x], (g) => [stridedBackward(g, x.shape, d, start, step)]);
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, x.ndim);
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size || length < 0 || s + length > size) {
    throw new IndexError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  if (s === 0 && length === size) return x;
  return strided(x, d, s, length, 1);
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new IndexError("select() cannot be applied to a 0-dim tensor.");
  const d = normDim(dim, x.ndim);
  const size = x.shape[d];
  if (index < -size || index >= size) {
    throw new IndexError(`index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  return strided(x, d, i, 1, 1).squeeze(d);
}

/** Python's slice semantics: negative indices count from the end, out-of-range bounds clamp. */
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  if (specs.length > x.ndim) throw new IndexError(`too many indices for tensor of dimension ${x.ndim}`);
  let cur = x;
  let d = 0;
  for (const spec of specs) {
    if (spec === null) {
      d++;
      continue;
    }
    if (typeof spec === "number") {
      cur = select(cur, d, spec);
      continue;
    }
    const size = cur.shape[d];
    const step = spec[2] ?? 1;
    if (step <= 0) throw new IndexError("step must be greater than zero");
    const clampIdx = (v: number | null | undefined, dflt: number): number => {
      if (v === null || v === undefined) return dflt;
      const w = v < 0 ? v + size : v;
      return Math.min(Math.max(w, 0), size);
    };
    const start = clampIdx(spec[0], 0);
    const end = clampIdx(spec[1], size);
    const len = Math.max(0, Math.ceil((end - start) / step));
    if (!(start === 0 && len === size && step === 1)) cur = strided(cur, d, start, len, step);
    d++;
  }
  return cur;
}

/** Checks integer indices and wraps negative ones. */
function normIndices(index: Tensor, size: number, d: number): Int32Array {
  if (index.dtype !== "int64") {
    throw new IndexError(`tensors used as indices must be long, int, byte or bool tensors (got ${index.dtype})`);
  }
  const out = new Int32Array(index.numel());
  for (let i = 0; i < out.length; i++) {
    const v = index.data[i];
    if (v < -size || v >= size) throw new IndexError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    out[i] = v < 0 ? v + size : v;
  }
  return out;
}

/** Entries along `dim` picked by a 1-D integer index (torch.index_select). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.ndim);
  if (index.ndim > 1) throw new IndexError("index_select(): Index is supposed to be a vector");
  const idx = normIndices(index, x.shape[d], d);
  const shape = [...x.shape];
  shape[d] = idx.length;
  const out = empty(shape, x.dtype);
  const outer = numelOf(x.shape.slice(0, d));
  const inner = numelOf(x.shape.slice(d + 1));
  const size = x.shape[d];
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < idx.length; k++) {
      const src = (p * size + idx[k]) * inner;
      out.data.set(x.data.subarray(src, src + inner), (p * idx.length + k) * inner);
    }
  }
  return record(out, "IndexSelectBackward0", [x], (g) => {
    const gx = empty(x.shape, g.dtype);
    for (let p = 0; p < outer; p++) {
      for (let k = 0; k < idx.length; k++) {
        const dst = (p * size + idx[k]) * inner;
        const src = (p * idx.length + k) * inner;
        for (let q = 0; q < inner; q++) gx.data[dst + q] += g.data[src + q];
      }
    }
    return [gx];
  });
}

/**
 * `x[indices]` along `dim`: an integer tensor (any shape) or array picks entries,
 * a boolean mask over the leading dims keeps the entries where it is true.
 */
export function index(x: Tensor, indices: Tensor | readonly number[], dim = 0): Tensor {
  const idx = indices instanceof Tensor ? indices : new Tensor(Float64Array.from(indices), [indices.length], "int64");
  if (idx.dtype === "bool") {
    if (dim !== 0) throw new IndexError("a boolean mask indexes from the first dimension");
    return maskRows(x, idx);
  }
  if (idx.dtype !== "int64") {
    throw new IndexError(`tensors used as indices must be long, int, byte or bool tensors (got ${idx.dtype})`);
  }
  const d = normDim(dim, x.ndim);
  const picked = indexSelect(x, d, idx.reshape([-1]));
  const shape = [...x.shape.slice(0, d), ...idx.shape, ...x.shape.slice(d + 1)];
  return picked.reshape(shape);
}

/** `x[mask]` with a mask over the leading dims: the kept entries, stacked. */
function maskRows(x: Tensor, mask: Tensor): Tensor {
  if (mask.ndim > x.ndim || mask.shape.some((s, i) => s !== x.shape[i])) {
    throw new IndexError(
      `The shape of the mask ${fmtShape(mask.shape)} at index 0 does not match the shape of the indexed tensor ${fmtShape(x.shape)} at index 0`,
    );
  }
  const lead = x.reshape([mask.numel(), ...x.shape.slice(mask.ndim)]);
  const keep: number[] = [];
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) keep.push(i);
  return indexSelect(lead, 0, new Tensor(Float64Array.from(keep), [keep.length], "int64"));
}

export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== "bool") throw new DTypeError(`masked_select: expected BoolTensor for mask`);
  const m = mask.expand(x.shape);
  return maskRows(x.reshape([-1]), m.reshape([-1]));
}

export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  if (mask.dtype !== "bool") throw new DTypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype}`);
  return x.where(mask.logicalNot(), value);
}

/** The source offset for each element of an index-shaped iteration, replacing `dim`'s coordinate. */
function scatterOffsets(target: readonly number[], index: Tensor, d: number): Int32Array {
  const idxStrides = stridesOf(index.shape);
  const tStrides = stridesOf(target);
  const out = new Int32Array(index.numel());
  for (let i = 0; i < out.length; i++) {
    let rem = i, off = 0;
    for (let k = 0; k < index.ndim; k++) {
      const c = Math.floor(rem / idxStrides[k]);
      rem -= c * idxStrides[k];
      let coord = c;
      if (k === d) {
        const v = index.data[i];
        if (v < -target[d] || v >= target[d]) {
          throw new IndexError(`index ${v} is out of bounds for dimension ${d} with size ${target[d]}`);
        }
        coord = v < 0 ? v + target[d] : v;
      } else if (c >= target[k]) {
        throw new ShapeError(`Size does not match at dimension ${k} expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(target)} apart from dimension ${d}`);
      }
      off += coord * tStrides[k];
    }
    out[i] = off;
  }
  return out;
}

function checkIndex(x: Tensor, index: Tensor, fn: string): void {
  if (index.dtype !== "int64") throw new DTypeError(`${fn}(): Expected dtype int64 for index`);
  if (index.ndim !== x.ndim) throw new ShapeError(`Index tensor must have the same number of dimensions as input tensor`);
}

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.ndim);
  checkIndex(x, index, "gather");
  const offs = scatterOffsets(x.shape, index, d);
  const out = empty(index.shape, x.dtype);
  for (let i = 0; i < offs.length; i++) out.data[i] = x.data[offs[i]];
  return record(out, "GatherBackward0", [x], (g) => [scatterAdd(empty(x.shape, g.dtype), d, index, g)]);
}

export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  const d = normDim(dim, x.ndim);
  checkIndex(x, index, "scatter");
  const offs = scatterOffsets(x.shape, index, d);
  const out = x.detach().clone();
  const s = typeof src === "number" ? null : src.dtype === x.dtype ? src : cast(src, x.dtype);
  for (let i = 0; i < offs.length; i++) out.data[offs[i]] = s ? s.data[i] : (src as number);
  const inputs = s ? [x, s] : [x];
  return record(out, "ScatterBackward0", inputs, (g) => {
    const gx = g.clone();
    for (let i = 0; i < offs.length; i++) gx.data[offs[i]] = 0;
    return s ? [gx, gather(g, d, index)] : [gx];
  });
}

export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normDim(dim, x.ndim);
  checkIndex(x, index, "scatter_add");
  const offs = scatterOffsets(x.shape, index, d);
  const out = x.detach().clone();
  const s = src.dtype === x.dtype ? src : cast(src, x.dtype);
  for (let i = 0; i < offs.length; i++) out.data[offs[i]] += s.data[i];
  return record(out, "ScatterAddBackward0", [x, s], (g) => [g, gather(g, d, index)]);
}
