/**
 * Every libm function over a fixed spread of arguments (small, large, huge, subnormal,
 * special), as one Float64Array: the determinism tests compare its bytes between Node
 * and Chromium, and test/backend/libm.test.ts checks the values themselves.
 */
import { libm } from "../../../src/backend/libm.js";

export function libmGrid(count = 2000): Float64Array {
  const args: number[] = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, 2, 1e-310, -1e-310, 709.78, -745.1, 1e300, -1e300, Math.PI, 1e22];
  let s = 7;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < count; i++) {
    const scale = [1, 10, 100, 1e5, 1e12, 1e-8][i % 6];
    args.push((rand() * 2 - 1) * scale);
  }
  const unary = [libm.exp, libm.expm1, libm.log, libm.log1p, libm.log2, libm.log10, libm.sin, libm.cos, libm.tanh];
  const out: number[] = [];
  for (const x of args) {
    for (const f of unary) out.push(f(x), f(Math.abs(x)));
    const y = args[(args.length * 7 + out.length) % args.length];
    out.push(libm.pow(Math.abs(x), y / 10), libm.pow(x, Math.round(y) % 50), libm.atan2(x, y));
  }
  return Float64Array.from(out);
}
