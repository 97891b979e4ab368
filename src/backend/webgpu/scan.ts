/**
 * WGSL sources of the kernels that walk a line in order: cumsum, the product of every
 * other element of a line (prod's gradient), and the integer-divisor check.
 *
 * The line kernels view x as [outer, size, inner] and run one invocation per line
 * (outer · inner of them), walking its `size` elements in index order: the order the CPU
 * loop sums in. cumsum's float sums carry their rounding errors along (PAIR_LIB), so each
 * output is the running sum rounded about once, as the CPU's float64 sum rounded to
 * float32, even where large terms cancel (plain float32 drifts by one rounding per
 * element, and Kahan's compensation loses the small terms added next to a cancelled one).
 *
 * A line of SCAN_FROM elements or more is scanned by a workgroup instead (cumsumScanSource):
 * in chunks of 1024, each thread's four elements, then the threads' totals in a tree,
 * then the carry from the chunks before; with the same pairs, the order costs no accuracy.
 */
import { PRELUDE, WG, flatMain, input, output, statusBinding, type GpuDType } from "./wgsl.js";

/** Line lengths from which a workgroup, not one invocation, scans each line. */
export const SCAN_FROM = 256;
/** Elements per thread, and per workgroup pass (WG threads · PER_THREAD). */
const PER_THREAD = 4;
export const SCAN_CHUNK = WG * PER_THREAD;

/**
 * Float sums as (hi, lo) pairs whose exact sum is the value (double-float arithmetic):
 * Knuth's two-sum gives each addition's rounding error exactly, and the pair keeps it.
 * Past infinity (or at NaN) the error means nothing (inf − inf): it is dropped.
 */
const PAIR_LIB = /* wgsl */ `
fn twoSum_(a: f32, b: f32) -> vec2<f32> {
  let s = a + b;
  let bb = s - a;
  let e = (a - (s - bb)) + (b - bb);
  return vec2<f32>(s, select(e, 0.0, isinf_(s) || isnan_(s)));
}
fn add_(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = twoSum_(a.x, b.x);
  return twoSum_(s.x, s.y + a.y + b.y);
}`;

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
    return PRELUDE + PAIR_LIB + input(1, "X", "f32") + output(2, "O", "f32") + flatMain(LINE + `
  var acc = vec2<f32>(0.0, 0.0);
  for (var k = 0u; k < size; k++) {
    let o = base + k * inner;
    acc = add_(acc, vec2<f32>(X[o], 0.0));
    O[o] = acc.x + acc.y;
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
 * cumsum by one workgroup of WG threads per line (workgroup index = line), for long lines.
 * Float32 values travel as (hi, lo) pairs, hi + lo being their exact sum so far; int32 and
 * bool sum into int32, where any order gives the same wrapped result. Parameter words:
 * [lines, size, inner].
 */
export function cumsumScanSource(x: GpuDType): string {
  const f = x === "float32";
  const t = f ? "f32" : "i32";
  // A value of the scan: a pair for floats, one int32 for integers.
  const V = f ? "vec2<f32>" : "i32";
  const zero = f ? "vec2<f32>(0.0, 0.0)" : "0";
  const load = f ? "vec2<f32>(X[o], 0.0)" : "i32(X[o])";
  const result = f ? "v.x + v.y" : "v";
  const lib = f ? PAIR_LIB : `
fn add_(a: i32, b: i32) -> i32 { return a + b; }`;
  return PRELUDE + lib + input(1, "X", f ? "f32" : x === "int32" ? "i32" : "u32") + output(2, "O", t) + /* wgsl */ `
var<workgroup> PART: array<${V}, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let line = wid.y * nwg.x + wid.x;
  if (line >= pu(0u)) { return; }
  let size = pu(1u);
  let inner = pu(2u);
  let base = (line / inner) * size * inner + line % inner;
  var carry = ${zero};
  for (var c0 = 0u; c0 < size; c0 += ${SCAN_CHUNK}u) {
    // This thread's elements: their running sums within the thread.
    var local: array<${V}, ${PER_THREAD}>;
    var acc = ${zero};
    for (var j = 0u; j < ${PER_THREAD}u; j++) {
      let k = c0 + li * ${PER_THREAD}u + j;
      if (k < size) {
        let o = base + k * inner;
        acc = add_(acc, ${load});
      }
      local[j] = acc;
    }
    // The threads' totals, scanned in a tree (Hillis-Steele): PART[t] = Σ of threads ≤ t.
    PART[li] = acc;
    workgroupBarrier();
    for (var off = 1u; off < ${WG}u; off <<= 1u) {
      var mine = PART[li];
      if (li >= off) { mine = add_(PART[li - off], mine); }
      workgroupBarrier();
      PART[li] = mine;
      workgroupBarrier();
    }
    var before = carry;
    if (li > 0u) { before = add_(carry, PART[li - 1u]); }
    for (var j = 0u; j < ${PER_THREAD}u; j++) {
      let k = c0 + li * ${PER_THREAD}u + j;
      if (k < size) {
        let v = add_(before, local[j]);
        O[base + k * inner] = ${result};
      }
    }
    carry = add_(carry, PART[${WG - 1}u]);
    workgroupBarrier();
  }
}`;
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
 * Raises the status word ZERO_DIVISION when an integer divisor is zero: the next read throws PyTorch's
 * ZeroDivisionError (the CPU checks before dividing; the device cannot stop and ask).
 * Parameter words: [n].
 */
export function zeroDivisorSource(): string {
  return PRELUDE + input(1, "X", "u32")
    + statusBinding(2) + flatMain(`
  if (X[i] == 0u) { atomicStore(&FLAG[STATUS_ZERO_DIVISION], 1u); }`);
}
