/**
 * Element-wise kernels of two operands with broadcasting. Broadcasting is reduced
 * to rows: the innermost dimension is walked with a stride of 0 or 1 per operand,
 * and the outer dimensions only move row offsets, so every op is one tight loop.
 */
import type { Storage } from "../../tensor/dtype.js";
import { broadcastStrides, numelOf, shapeEq, type Shape } from "../../tensor/shape.js";
import type { BinaryOp } from "../backend.js";
import type { MathLib } from "../libm.js";

type Row = (a: Storage, ao: number, sa: number, b: Storage, bo: number, sb: number, o: Storage, oo: number, len: number) => void;

/** Python's modulo: the result takes the divisor's sign, as torch.remainder. */
function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
}

/**
 * Floor division as PyTorch computes it, from the exact remainder rather than a rounded
 * quotient: Math.floor(a / b) is off by one wherever a / b rounds up onto a whole number
 * (1 / 0.1 rounds to 10, but 0.1 goes into 1 only 9 times with a remainder), and gives 0
 * for 5 / −∞ where the floor is −1. The quotient is (a − fmod(a, b)) / b, one less when the
 * remainder's sign differs from the divisor's, then rounded to the nearest whole number
 * (it is whole up to rounding). A zero divisor gives a / b (±∞ or NaN; integer tensors
 * refuse it before the kernel), and a zero quotient takes the sign of a / b. Exact for
 * integers stored as doubles. `r` rounds each step to the storage's precision (Math.fround
 * for float32, whose kernel PyTorch runs in float arithmetic).
 */
function floorDivWith(r: (v: number) => number): (a: number, b: number) => number {
  return (a, b) => {
    if (b === 0) return a / b;
    const mod = a % b; // fmod: exact
    let div = r(r(a - mod) / b);
    if (mod !== 0 && (b < 0) !== (mod < 0)) div = r(div - 1);
    if (div === 0) {
      const q = a / b;
      return q < 0 || Object.is(q, -0) ? -0 : 0;
    }
    const whole = Math.floor(div);
    return r(div - whole) > 0.5 ? whole + 1 : whole;
  };
}
const floorDiv64 = floorDivWith((v) => v);
const floorDiv32 = floorDivWith(Math.fround);

/**
 * pow with C's special cases, as PyTorch's kernels give them, over a pow that follows
 * ECMAScript's (Math.pow, libm.pow): 1 to any power, NaN and ±∞ included, is 1, and so is
 * −1 to ±∞; ECMAScript gives NaN for all of these. Every other input agrees.
 */
export function cPow(pow: (x: number, y: number) => number): (x: number, y: number) => number {
  return (x, y) => (x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : pow(x, y));
}

/**
 * base ** exp in int32 arithmetic: squaring and multiplying with Math.imul keeps the low
 * 32 bits, as PyTorch's integer pow wraps. A negative exponent gives PyTorch's integer
 * answer: ±1 for a base of ±1, else 0 (truncated 1 / base^|exp|).
 */
export function int32Pow(base: number, exp: number): number {
  if (exp < 0) return base === 1 ? 1 : base === -1 ? (exp % 2 === 0 ? 1 : -1) : 0;
  let r = 1, b = base | 0;
  for (let e = exp; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
  }
  return r;
}

/**
 * int32 rows where the float row would lose bits: a product of two int32 can pass 2^53,
 * so it is taken with Math.imul (exact modulo 2^32, as PyTorch's int32 product wraps).
 * The other rows are exact in doubles and the Int32Array store wraps them.
 */
const int32Rows: Partial<Record<BinaryOp, Row>> = {
  mul: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = Math.imul(a[ao + i * sa], b[bo + i * sb]); },
  pow: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = int32Pow(a[ao + i * sa], b[bo + i * sb]); },
};

/** The row kernels over a math library (pow, with C's special cases, and atan2 take theirs from it). */
function rowsWith(M: MathLib): Record<BinaryOp, Row> {
  const pow = cPow(M.pow);
  return {
    add: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] + b[bo + i * sb]; },
    sub: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] - b[bo + i * sb]; },
    mul: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] * b[bo + i * sb]; },
    div: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] / b[bo + i * sb]; },
    pow: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = pow(a[ao + i * sa], b[bo + i * sb]); },
    atan2: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = M.atan2(a[ao + i * sa], b[bo + i * sb]); },
    remainder: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = pyMod(a[ao + i * sa], b[bo + i * sb]); },
    // JavaScript's % is C's fmod, exactly (the result takes the dividend's sign).
    fmod: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] % b[bo + i * sb]; },
    floorDivide: (a, ao, sa, b, bo, sb, o, oo, n) => {
      const fd = o instanceof Float32Array ? floorDiv32 : floorDiv64; // float32 (and half, computed in float32) or exact doubles
      for (let i = 0; i < n; i++) o[oo + i] = fd(a[ao + i * sa], b[bo + i * sb]);
    },
    maximum: (a, ao, sa, b, bo, sb, o, oo, n) => {
      for (let i = 0; i < n; i++) {
        const x = a[ao + i * sa], y = b[bo + i * sb];
        o[oo + i] = x !== x || y !== y ? NaN : x < y ? y : x; // std::max: max(-0, 0) is -0
      }
    },
    minimum: (a, ao, sa, b, bo, sb, o, oo, n) => {
      for (let i = 0; i < n; i++) {
        const x = a[ao + i * sa], y = b[bo + i * sb];
        o[oo + i] = x !== x || y !== y ? NaN : y < x ? y : x; // std::min: min(-0, 0) is -0
      }
    },
    eq: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] === b[bo + i * sb] ? 1 : 0; },
    ne: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] !== b[bo + i * sb] ? 1 : 0; },
    lt: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] < b[bo + i * sb] ? 1 : 0; },
    le: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] <= b[bo + i * sb] ? 1 : 0; },
    gt: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] > b[bo + i * sb] ? 1 : 0; },
    ge: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] >= b[bo + i * sb] ? 1 : 0; },
    // Truth is "non-zero" as in PyTorch, so NaN counts as true (JS would call it falsy).
    logicalAnd: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] !== 0 && b[bo + i * sb] !== 0 ? 1 : 0; },
    logicalOr: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i * sa] !== 0 || b[bo + i * sb] !== 0 ? 1 : 0; },
    logicalXor: (a, ao, sa, b, bo, sb, o, oo, n) => { for (let i = 0; i < n; i++) o[oo + i] = (a[ao + i * sa] !== 0) !== (b[bo + i * sb] !== 0) ? 1 : 0; },
  };
}

/**
 * Merges adjacent dims that both operands walk as one (strides compatible), and drops
 * dims of size 1, so that e.g. [4, 8, 10] + [8, 10] becomes 4 rows of 80, and equal
 * shapes become a single row.
 */
function coalesce(shape: Shape, sa: number[], sb: number[]): { shape: number[]; sa: number[]; sb: number[] } {
  const outShape: number[] = [], outA: number[] = [], outB: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && outA[last] === sa[i] * shape[i] && outB[last] === sb[i] * shape[i]) {
      outShape[last] *= shape[i];
      outA[last] = sa[i];
      outB[last] = sb[i];
    } else {
      outShape.push(shape[i]);
      outA.push(sa[i]);
      outB.push(sb[i]);
    }
  }
  if (outShape.length === 0) return { shape: [1], sa: [0], sb: [0] };
  return { shape: outShape, sa: outA, sb: outB };
}

export type BinaryKernel = (op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Storage, outShape: Shape) => void;

/** The broadcasting element-wise kernel over a math library: the engine's Math (reference backend) or libm. */
export function binaryWith(M: MathLib): BinaryKernel {
  const rows = rowsWith(M);
  return (op, a, aShape, b, bShape, out, outShape) =>
    broadcastRows((out instanceof Int32Array && int32Rows[op]) || rows[op], a, aShape, b, bShape, out, outShape);
}

function broadcastRows(row: Row, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Storage, outShape: Shape): void {
  const n = numelOf(outShape);
  if (n === 0) return;
  const na = numelOf(aShape), nb = numelOf(bShape);
  // Fast paths: same shape, or one operand a single value.
  if ((na === 1 || shapeEq(aShape, outShape)) && (nb === 1 || shapeEq(bShape, outShape))) {
    row(a, 0, na === 1 ? 0 : 1, b, 0, nb === 1 ? 0 : 1, out, 0, n);
    return;
  }
  const c = coalesce(outShape, broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape));
  const nd = c.shape.length;
  const sa = c.sa, sb = c.sb, shape = c.shape;
  const len = shape[nd - 1];
  const nRows = n / len;
  const idx = new Array<number>(nd).fill(0);
  let ao = 0, bo = 0;
  for (let r = 0; r < nRows; r++) {
    row(a, ao, sa[nd - 1], b, bo, sb[nd - 1], out, r * len, len);
    // Advance the outer-dimension counter like an odometer.
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ao += sa[d];
      bo += sb[d];
      if (idx[d] < shape[d]) break;
      ao -= sa[d] * shape[d];
      bo -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
}
