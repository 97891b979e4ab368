/** Reductions over the middle axis of [outer, size, inner]. Sums accumulate in float64. */
import type { Storage } from "../../tensor/dtype.js";
import type { ReduceOp } from "../backend.js";

type Kernel = (x: Storage, o: Storage, outer: number, size: number, inner: number) => void;

function fold(init: number, step: (acc: number, v: number) => number): Kernel {
  return (x, o, outer, size, inner) => {
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        let acc = init;
        let idx = p * size * inner + q;
        for (let k = 0; k < size; k++, idx += inner) acc = step(acc, x[idx]);
        o[p * inner + q] = acc;
      }
    }
  };
}

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

/** Index of the first max (or min); NaN counts as the extreme, as in PyTorch. */
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
  prod: fold(1, (a, v) => a * v),
  max: fold(-Infinity, (a, v) => (v !== v || a !== a ? NaN : v > a ? v : a)),
  min: fold(Infinity, (a, v) => (v !== v || a !== a ? NaN : v < a ? v : a)),
  argmax: argExtreme(true),
  argmin: argExtreme(false),
  any: fold(0, (a, v) => (a || v ? 1 : 0)),
  all: fold(1, (a, v) => (a && v ? 1 : 0)),
};
