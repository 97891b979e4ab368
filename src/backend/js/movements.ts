/**
 * The data movements over typed arrays (the CPU's side of `Movements`), and the CPU's
 * synchronous reads (`HostReads`): the loops the ops ran on `t.data` before, moved here
 * as they were (same order, same arithmetic), so the bits do not change.
 *
 * CPU indices are int64 values in a Float64Array (a tensor's) or int32 positions in an
 * Int32Array (an op's own geometry); both read as numbers. Errors are thrown at once,
 * with PyTorch's text, as the ops threw them.
 */
import { IndexError, ValueError } from "../../errors.js";
import type { DType, Storage } from "../../tensor/dtype.js";
import { castInto } from "../../tensor/convert.js";
import { broadcastStrides, numelOf, stridesOf, type Shape } from "../../tensor/shape.js";
import { ZERO_DIVISION, type HostReads, type Movements } from "../backend.js";

/**
 * Copies src[from, from + len) to dst at `to`. Runs shorter than a few hundred elements
 * are copied in a loop: a subarray per run costs more than the loop (a minibatch gather
 * copies one row of features per sample).
 */
export function copyRange(src: Storage, from: number, dst: Storage, to: number, len: number): void {
  if (len < 256) for (let i = 0; i < len; i++) dst[to + i] = src[from + i];
  else dst.set(src.subarray(from, from + len), to);
}

/**
 * The flat offset in `target` of each element of the index (shape `idxShape`), its `d`
 * coordinate replaced by the index value: gather's and scatter's addressing.
 */
function scatterOffsets(target: Shape, idx: Storage, idxShape: Shape, d: number): Int32Array {
  const idxStrides = stridesOf(idxShape);
  const tStrides = stridesOf(target);
  const out = new Int32Array(numelOf(idxShape));
  for (let i = 0; i < out.length; i++) {
    let rem = i, off = 0;
    for (let k = 0; k < idxShape.length; k++) {
      const c = Math.floor(rem / idxStrides[k]);
      rem -= c * idxStrides[k];
      let coord = c;
      if (k === d) {
        // Unlike indexing, gather and scatter take no negative indices (as PyTorch).
        const v = idx[i];
        if (v < 0 || v >= target[d]) {
          throw new IndexError(`index ${v} is out of bounds for dimension ${d} with size ${target[d]}`);
        }
        coord = v;
      }
      off += coord * tStrides[k];
    }
    out[i] = off;
  }
  return out;
}

/** For each element of the index, the offset of the element at the same coordinates in `shape`. */
function sameCoordOffsets(indexShape: Shape, shape: Shape): Int32Array {
  const n = numelOf(indexShape);
  const out = new Int32Array(n);
  const is = stridesOf(indexShape), ss = stridesOf(shape);
  for (let i = 0; i < n; i++) {
    let rem = i, off = 0;
    for (let k = 0; k < indexShape.length; k++) {
      const c = Math.floor(rem / is[k]);
      rem -= c * is[k];
      off += c * ss[k];
    }
    out[i] = off;
  }
  return out;
}

/**
 * out = cond ? a : b over the broadcast `outShape`: rows of the last dim walked with each
 * operand's stride there (0 on a broadcast dim), the outer dims moving row offsets.
 */
function where(cond: Storage, a: Storage, b: Storage, out: Storage, cShape: Shape, aShape: Shape, bShape: Shape, outShape: Shape): void {
  const n = out.length, nd = outShape.length;
  if (nd === 0 || (cond.length === n && a.length === n && b.length === n)) {
    for (let i = 0; i < n; i++) out[i] = cond[i] ? a[i] : b[i];
    return;
  }
  const cs = broadcastStrides(cShape, outShape), as = broadcastStrides(aShape, outShape), bs = broadcastStrides(bShape, outShape);
  const last = outShape[nd - 1];
  if (last === 0) return;
  const cl = cs[nd - 1], al = as[nd - 1], bl = bs[nd - 1];
  const coord = new Array<number>(nd).fill(0);
  let ci = 0, ai = 0, bi = 0;
  for (let o = 0; o < n; o += last) {
    for (let j = 0; j < last; j++) out[o + j] = cond[ci + j * cl] ? a[ai + j * al] : b[bi + j * bl];
    // Odometer over the outer dims: step the innermost, carrying into the earlier ones.
    for (let k = nd - 2; k >= 0; k--) {
      if (++coord[k] < outShape[k]) {
        ci += cs[k];
        ai += as[k];
        bi += bs[k];
        break;
      }
      coord[k] = 0;
      ci -= cs[k] * (outShape[k] - 1);
      ai -= as[k] * (outShape[k] - 1);
      bi -= bs[k] * (outShape[k] - 1);
    }
  }
}

/** Ascending with NaN last; ties keep input order, so the first of equal values represents them. */
function compareValues(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return a !== a ? (b !== b ? 0 : 1) : -1;
}

/**
 * Sorts the items 0..n-1 with `cmp` and groups equal neighbours (NaN equals nothing,
 * as PyTorch keeps every NaN). Returns each item's group and each group's first item.
 */
function groupSorted(n: number, cmp: (i: number, j: number) => number, same: (i: number, j: number) => boolean) {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => cmp(i, j) || i - j);
  const inverse = new Float64Array(n);
  const firsts: number[] = [];
  const counts: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (r === 0 || !same(order[r - 1], i)) {
      firsts.push(i);
      counts.push(0);
    }
    inverse[i] = firsts.length - 1;
    counts[counts.length - 1]++;
  }
  return { inverse, firsts: Int32Array.from(firsts), counts: Float64Array.from(counts) };
}

function uniqueGroups(v: Storage, outer: number, size: number, inner: number): ReturnType<HostReads["uniqueGroups"]> {
  const len = outer * inner;
  // Single elements: compare the values themselves.
  if (len === 1) return groupSorted(size, (i, j) => compareValues(v[i], v[j]), (i, j) => v[i] === v[j]);
  // Element e of slice i, with the other dims in row-major order.
  const at = (i: number, e: number): number => {
    const p = Math.floor(e / inner), q = e % inner;
    return v[(p * size + i) * inner + q];
  };
  const cmp = (i: number, j: number): number => {
    for (let e = 0; e < len; e++) {
      const c = compareValues(at(i, e), at(j, e));
      if (c !== 0) return c;
    }
    return 0;
  };
  const same = (i: number, j: number): boolean => {
    for (let e = 0; e < len; e++) if (at(i, e) !== at(j, e)) return false;
    return true;
  };
  return groupSorted(size, cmp, same);
}

/** The CPU's movements. */
export const movements: Movements<Storage> = {
  cast: (x: Storage, out: Storage, from: DType, to: DType) => castInto(x, from, out, to),
  fill: (out, value) => {
    out.fill(value);
  },
  where,
  indexSelect: (x, outer, size, inner, idx, out) => {
    const len = idx.length;
    for (let p = 0; p < outer; p++) {
      for (let k = 0; k < len; k++) copyRange(x, (p * size + idx[k]) * inner, out, (p * len + k) * inner, inner);
    }
  },
  indexAdd: (g, outer, size, inner, idx, out) => {
    const len = idx.length;
    for (let p = 0; p < outer; p++) {
      for (let k = 0; k < len; k++) {
        const dst = (p * size + idx[k]) * inner;
        const src = (p * len + k) * inner;
        for (let q = 0; q < inner; q++) out[dst + q] += g[src + q];
      }
    }
  },
  gather: (x, xShape, d, idx, idxShape, out) => {
    const offs = scatterOffsets(xShape, idx, idxShape, d);
    for (let i = 0; i < offs.length; i++) out[i] = x[offs[i]];
  },
  scatter: (mode, out, outShape, d, idx, idxShape, src, srcShape) => {
    const offs = scatterOffsets(outShape, idx, idxShape, d);
    if (typeof src === "number") {
      for (let i = 0; i < offs.length; i++) out[offs[i]] = src;
      return;
    }
    const srcOffs = sameCoordOffsets(idxShape, srcShape);
    if (mode === "add") for (let i = 0; i < offs.length; i++) out[offs[i]] += src[srcOffs[i]];
    else for (let i = 0; i < offs.length; i++) out[offs[i]] = src[srcOffs[i]];
  },
  cumsum: (x, out, outer, size, inner) => {
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        let acc = 0;
        for (let k = 0; k < size; k++) {
          const i = (p * size + k) * inner + q;
          acc += x[i];
          out[i] = acc;
        }
      }
    }
  },
  productOfOthers: (xs, r, outer, size, inner) => {
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        const base = p * size * inner + q;
        let acc = 1;
        for (let k = 0; k < size; k++) {
          r[base + k * inner] = acc;
          acc *= xs[base + k * inner];
        }
        acc = 1;
        for (let k = size - 1; k >= 0; k--) {
          r[base + k * inner] *= acc;
          acc *= xs[base + k * inner];
        }
      }
    }
  },
  checkDivisor: (x) => {
    for (let i = 0; i < x.length; i++) if (x[i] === 0) throw new ValueError(ZERO_DIVISION);
  },
  copyRange,
};

/** HostReads.sortOrder: one comparator sort per slice, over a copy of its values. */
function sortOrder(x: Storage, outer: number, size: number, inner: number, descending: boolean): Int32Array {
  const out = new Int32Array(outer * size * inner);
  const keys = new Float64Array(size), order = new Int32Array(size);
  const sign = descending ? -1 : 1;
  // NaN is the largest value (last ascending, first descending); ties keep input order, so
  // the sort is stable whatever the engine's algorithm.
  const compare = (a: number, b: number): number => {
    const u = keys[a], v = keys[b];
    if (u !== u || v !== v) return u !== u && v !== v ? a - b : (u !== u ? 1 : -1) * sign;
    return u < v ? -sign : u > v ? sign : a - b;
  };
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      for (let j = 0; j < size; j++) {
        keys[j] = x[base + j * inner];
        order[j] = j;
      }
      order.sort(compare);
      for (let j = 0; j < size; j++) out[base + j * inner] = order[j];
    }
  }
  return out;
}

/** The CPU's synchronous reads. */
export const hostReads: HostReads = {
  item: (x, i) => x[i],
  wrapIndices: (idx, size, d) => {
    const out = new Int32Array(idx.length);
    for (let i = 0; i < out.length; i++) {
      const v = idx[i];
      if (v < -size || v >= size) throw new IndexError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
      out[i] = v < 0 ? v + size : v;
    }
    return out;
  },
  nonzero: (x) => {
    let count = 0;
    for (let i = 0; i < x.length; i++) if (x[i]) count++;
    const out = new Int32Array(count);
    for (let i = 0, j = 0; i < x.length; i++) if (x[i]) out[j++] = i;
    return out;
  },
  allClose: (x, y, rtol, atol, equalNan) => {
    for (let i = 0; i < x.length; i++) {
      const u = x[i], v = y[i];
      if (u !== u || v !== v) {
        if (!(equalNan && u !== u && v !== v)) return false;
      } else if (u !== v && !(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
    }
    return true;
  },
  uniqueGroups,
  sortOrder,
  hostArray: (x) => x,
};
