/**
 * Element-wise kernels of two operands with broadcasting. Broadcasting is reduced
 * to rows: the innermost dimension is walked with a stride of 0 or 1 per operand,
 * and the outer dimensions only move row offsets, so every op is one tight loop.
 */
import type { Storage } from "../../tensor/dtype.js";
import { broadcastStrides, numelOf, shapeEq, type Shape } from "../../tensor/shape.js";
import type { BinaryOp } from "../backend.js";

type Row = (a: Storage, ao: number, sa: number, b: Storage, bo: number, sb: number, o: Storage, oo: number, len: number) => void;

/** Python's modulo: the result takes the divisor's sign, as torch.remainder. */
function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
}

const rows: Record<BinaryOp, Row> = {
  add: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] + b[bo + i * sb]; },
  sub: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] - b[bo + i * sb]; },
  mul: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] * b[bo + i * sb]; },
  div: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] / b[bo + i * sb]; },
  pow: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i * sa], b[bo + i * sb]); },
  atan2: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = Math.atan2(a[ao + i * sa], b[bo + i * sb]); },
  remainder: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = pyMod(a[ao + i * sa], b[bo + i * sb]); },
  floorDivide: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = Math.floor(a[ao + i * sa] / b[bo + i * sb]); },
  maximum: (a, ao, sa, b, bo, sb, o, oo, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ao + i * sa], y = b[bo + i * sb];
      o[oo + i] = x !== x || y !== y ? NaN : x > y ? x : y;
    }
  },
  minimum: (a, ao, sa, b, bo, sb, o, oo, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ao + i * sa], y = b[bo + i * sb];
      o[oo + i] = x !== x || y !== y ? NaN : x < y ? x : y;
    }
  },
  eq: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] === b[bo + i * sb] ? 1 : 0; },
  ne: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] !== b[bo + i * sb] ? 1 : 0; },
  lt: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] < b[bo + i * sb] ? 1 : 0; },
  le: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] <= b[bo + i * sb] ? 1 : 0; },
  gt: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] > b[bo + i * sb] ? 1 : 0; },
  ge: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] >= b[bo + i * sb] ? 1 : 0; },
  logicalAnd: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] && b[bo + i * sb] ? 1 : 0; },
  logicalOr: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] || b[bo + i * sb] ? 1 : 0; },
  logicalXor: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = !a[ao + i * sa] !== !b[bo + i * sb] ? 1 : 0; },
};

export function binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Storage, outShape: Shape): void {
  const row = rows[op];
  const n = numelOf(outShape);
  if (n === 0) return;
  const na = numelOf(aShape), nb = numelOf(bShape);
  // Fast paths: same shape, or one operand a single value.
  if ((na === n || na === 1) && (nb === n || nb === 1) && (na === n ? shapeEq(aShape, outShape) || na === 1 : true) && (nb === n ? shapeEq(bShape, outShape) || nb === 1 : true)) {
    row(a, 0, na === 1 ? 0 : 1, b, 0, nb === 1 ? 0 : 1, out, 0, n);
    return;
  }
  const nd = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const len = outShape[nd - 1];
  const nRows = n / len;
  const idx = new Array<number>(nd - 1).fill(0);
  let ao = 0, bo = 0;
  for (let r = 0; r < nRows; r++) {
    row(a, ao, sa[nd - 1], b, bo, sb[nd - 1], out, r * len, len);
    // Advance the outer-dimension counter like an odometer.
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ao += sa[d];
      bo += sb[d];
      if (idx[d] < outShape[d]) break;
      ao -= sa[d] * outShape[d];
      bo -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}
