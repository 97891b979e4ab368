/**
 * Element-wise functions that are one exact IEEE operation on float32, four lanes at a
 * time: negation, |x|, √x, floor, ceil, trunc and round (halves to even, as torch.round).
 * Each gives the value the reference kernel (src/backend/js/unary.ts) stores: those
 * compute in double and round to float32, which for one such operation of a float32 is
 * the float32 operation itself.
 */

/** Operation codes (src/backend/wasm/kernels.ts EXACT_CODE). */
const NEG: i32 = 0, ABS: i32 = 1, SQRT: i32 = 2, FLOOR: i32 = 3, CEIL: i32 = 4, TRUNC: i32 = 5, ROUND: i32 = 6;

// @ts-ignore: decorator
@inline function exact4(v: v128, op: i32): v128 {
  switch (op) {
    case NEG: return f32x4.neg(v);
    case ABS: return f32x4.abs(v);
    case SQRT: return f32x4.sqrt(v);
    case FLOOR: return f32x4.floor(v);
    case CEIL: return f32x4.ceil(v);
    case TRUNC: return f32x4.trunc(v);
    case ROUND:
    default: return f32x4.nearest(v);
  }
}

/** out[i] = op(x[i]) for n float32 values; out may be x itself. */
export function unaryExact(x: usize, out: usize, n: i32, op: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, exact4(v128.load(x + at), op));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    v128.store32_lane(out + at, exact4(v128.load32_zero(x + at), op), 0);
  }
}
