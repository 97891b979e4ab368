/**
 * WGSL sources of the kernels that walk a line in order: cumsum, the product of every
 * other element of a line (prod's gradient), and the integer-divisor check.
 *
 * The line kernels view x as [outer, size, inner] and run one invocation per line
 * (outer · inner of them), walking its `size` elements in index order: the order the CPU
 * loop sums in, so the device's results follow the CPU's. cumsum's float form carries a
 * compensation term (Kahan), which keeps a long line's running sum within a few float32
 * roundings of the CPU's float64 one instead of drifting by one rounding per element.
 */
import { PRELUDE, flatMain, input, output, type GpuDType } from "./wgsl.js";

/** The line of invocation i: its first element and the step between its elements. */
const LINE = /* wgsl */ `
  let size = pu(1u);
  let inner = pu(2u);
  let base = (i / inner) * size * inner + i % inner;`;

/**
 * out[p, k, q] = Σ_{j ≤ k} x[p, j, q]; float32 in float32 (compensated), int32 and bool
 * into int32 (wrapping, as PyTorch's int32 arithmetic). Parameter words: [lines, size, inner].
 */
export function cumsumSource(x: GpuDType): string {
  if (x === "float32") {
    return PRELUDE + input(1, "X", "f32") + output(2, "O", "f32") + flatMain(LINE + `
  var s = 0.0;
  var c = 0.0;
  for (var k = 0u; k < size; k++) {
    let o = base + k * inner;
    let y = X[o] - c;
    let t = s + y;
    // Once the sum is infinite or NaN the compensation has no meaning (inf − inf): drop it.
    c = select((t - s) - y, 0.0, isinf_(t) || isnan_(t));
    s = t;
    O[o] = s;
  }`);
  }
  return PRELUDE + input(1, "X", x === "int32" ? "i32" : "u32") + output(2, "O", "i32") + flatMain(LINE + `
  var s = 0;
  for (var k = 0u; k < size; k++) {
    let o = base + k * inner;
    s += i32(X[o]);
    O[o] = s;
  }`);
}

/**
 * out[p, k, q] = Π_{j ≠ k} x[p, j, q] as prefix · suffix products, exact with zeros (no
 * division): prod's gradient. float32 or int32. Parameter words: [lines, size, inner].
 */
export function productOfOthersSource(x: GpuDType): string {
  const t = x === "float32" ? "f32" : "i32";
  return PRELUDE + input(1, "X", t) + output(2, "O", t) + flatMain(LINE + `
  var acc = ${t}(1);
  for (var k = 0u; k < size; k++) {
    let o = base + k * inner;
    O[o] = acc;
    acc *= X[o];
  }
  acc = ${t}(1);
  for (var k = i32(size) - 1; k >= 0; k--) {
    let o = base + u32(k) * inner;
    O[o] *= acc;
    acc *= X[o];
  }`);
}

/**
 * Raises status word 3 when an integer divisor is zero: the next read throws PyTorch's
 * ZeroDivisionError (the CPU checks before dividing; the device cannot stop and ask).
 * Parameter words: [n].
 */
export function zeroDivisorSource(): string {
  return PRELUDE + input(1, "X", "u32")
    + "@group(0) @binding(2) var<storage, read_write> FLAG: array<atomic<u32>>;\n" + flatMain(`
  if (X[i] == 0u) { atomicStore(&FLAG[3], 1u); }`);
}
