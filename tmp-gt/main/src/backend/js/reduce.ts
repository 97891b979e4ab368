/**
 * Reductions over the middle axis of [outer, size, inner]. Sums and products accumulate
 * in float64. Each kernel is one loop nest with the operation written inline (no
 * per-element callback); when inner > 1 the rows are walked contiguously.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { ReduceOp } from "../backend.js";

type Kernel = (x: Storage, o: Storage, outer: number, size: number, inner: number) => void;

function sum(x: Storage, o: Storage, outer: number, size: number, inner: number): void {
  if (inner === 1) {
    for (let p = 0; p < outer; p++) {
      let acc = 0;
      const base = p * size;
      for (let k = 0; k < size; k++) acc += x[base + k];
      o[p] = acc;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let p = 0; p < outer; p++) {
    acc.fill(0);
    let idx = p * size * inner;
    for (let k = 0; k < size; k++) for (let q = 0; q < inner; q++) acc[q] += x[idx++];
    for (let q = 0; q < inner; q++) o[p * inner + q] = acc[q];
  }
}

function prod(x: Storage, o: Storage, outer: number, size: number, inner: number): void {
  const acc = new Float64Array(inner);
  for (let p = 0; p < outer; p++) {
    acc.fill(1);
    let idx = p * size * inner;
    for (let k = 0; k < size; k++) for (let q = 0; q < inner; q++) acc[q] *= x[idx++];
    for (let q = 0; q < inner; q++) o[p * inner + q] = acc[q];
  }
}

/** max / min: NaN wins, as in PyTorch. */
function extreme(wantMax: boolean): Kernel {
  return (x, o, outer, size, inner) => {
    const acc = new Float64Array(inner);
    for (let p = 0; p < outer; p++) {
      acc.fill(wantMax ? -Infinity : Infinity);
      let idx = p * size * inner;
      for (let k = 0; k < size; k++) {
        for (let q = 0; q < inner; q++) {
          const v = x[idx++];
          const a = acc[q];
          if (wantMax ? v > a : v < a) acc[q] = v;
          else if (v !== v) acc[q] = v;
        }
      }
      for (let q = 0; q < inner; q++) o[p * inner + q] = acc[q];
    }
  };
}

/** any / all: the first element that decides ends the scan of its column. */
function logical(wantAll: boolean): Kernel {
  return (x, o, outer, size, inner) => {
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        let r = wantAll ? 1 : 0;
        for (let k = 0, idx = p * size * inner + q; k < size; k++, idx += inner) {
          // NaN is truthy in PyTorch (non-zero), falsy in JS: test `!== 0` explicitly.
          const nz = x[idx] !== 0;
          if (wantAll ? !nz : nz) {
            r = wantAll ? 0 : 1;
            break;
          }
        }
        o[p * inner + q] = r;
      }
    }
  };
}

/** Index of the first max (or min); the first NaN counts as the extreme, as in PyTorch. */
function argExtreme(wantMax: boolean): Kernel {
  return (x, o, outer, size, inner) => {
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        const base = p * size * inner + q;
        let best = x[base];
        let bi = 0;
        if (best === best) {
          for (let k = 1; k < size; k++) {
            const v = x[base + k * inner];
            if (v !== v) { bi = k; break; }
            if (wantMax ? v > best : v < best) { best = v; bi = k; }
          }
        }
        o[p * inner + q] = bi;
      }
    }
  };
}

export const reduceKernels: Record<ReduceOp, Kernel> = {
  sum,
  prod,
  max: extreme(true),
  min: extreme(false),
  argmax: argExtreme(true),
  argmin: argExtreme(false),
  any: logical(false),
  all: logical(true),
};
