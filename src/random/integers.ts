/**
 * Random integers: torch.randint (tensor.random_(from, to)) and torch.randperm, as
 * the CPU kernels draw them (DistributionsHelper.h, native/TensorFactories.cpp).
 */
import { ValueError } from "../errors.js";
import { cppTypeName, isFloating, type DType, type Storage } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkShape } from "./checks.js";
import { getDefaultGenerator, type Generator } from "./generator.js";
import { finishRandom, type RandomTensorOptions } from "./uniform.js";
import { drawBuffer, writeDrawn } from "./draws.js";
import { libm } from "../backend/libm.js";

/** Mantissa digits of the float dtypes (std::numeric_limits<T>::digits). */
const DIGITS: Partial<Record<DType, number>> = { float32: 24, float64: 53 };

/** The value a whole number takes once cast to a float dtype (int64 → float → int64). */
function castThrough(v: number, dtype: DType): number {
  return dtype === "float32" ? Math.fround(v) : v;
}

/**
 * torch's update_from / update_to: for float dtypes, bounds whose neighbours round
 * onto them are moved inward so no drawn value lands outside [from, to).
 */
function updateFrom(from: number, dtype: DType, digits: number): number {
  const fromPlus1 = castThrough(from + 1, dtype);
  if (fromPlus1 < from) {
    const n = Math.floor(libm.log2(Math.abs(from + 1)));
    return fromPlus1 + 2 ** (n - digits + 1);
  }
  return from;
}

function updateTo(to: number, dtype: DType, digits: number): number {
  const toMinus1 = castThrough(to - 1, dtype);
  if (toMinus1 >= to) {
    const n = Math.floor(libm.log2(Math.abs(to - 1)));
    return toMinus1 - 2 ** (n - digits + 1);
  }
  return to;
}

/**
 * tensor.random_(from, to): fills `t` with whole numbers in [from, to). A range
 * below 2^28 takes one 32-bit word per value (word % range), a wider one a 64-bit
 * draw, as torch does.
 */
/** The value ranges random_ checks its bounds against (int64's is checked where the draws are made). */
const BOUNDS = { bool: [0, 1], int32: [-(2 ** 31), 2 ** 31 - 1] } as const;

export function random_(t: Tensor, from: number, to: number, opts: { generator?: Generator } = {}): Tensor {
  const [lo, hi] = drawRange(t.dtype, from, to);
  t.checkInplace();
  return writeDrawn(t, drawIntegers(t.dtype, t.numel(), lo, hi, opts));
}

/** [from, to) as random_ draws it in `dtype`, after torch's checks (see updateFrom / updateTo). */
function drawRange(dtype: DType, from: number, to: number): [number, number] {
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new ValueError(`random_ expects integer bounds, but got from=${from}, to=${to}`);
  if (!(from < to)) throw new ValueError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  const digits = DIGITS[dtype];
  let lo = from;
  let hi = to;
  if (digits !== undefined) {
    lo = updateFrom(from, dtype, digits);
    hi = updateTo(to, dtype, digits);
    if (!(lo < hi)) {
      throw new ValueError(`random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${lo} >= to=${hi}`);
    }
  } else if (dtype in BOUNDS) {
    // PyTorch checks the range against the dtype's, rather than wrapping the draws.
    const [min, max] = BOUNDS[dtype as keyof typeof BOUNDS];
    if (lo < min || lo > max) throw new ValueError(`from is out of bounds for ${cppTypeName(dtype)}`);
    if (hi - 1 < min || hi - 1 > max) throw new ValueError(`to - 1 is out of bounds for ${cppTypeName(dtype)}`);
  }
  return [lo, hi];
}

/** n whole numbers in [lo, hi) as `dtype`: one 32-bit word each below a range of 2^28, else a 64-bit draw. */
function drawIntegers(dtype: DType, n: number, lo: number, hi: number, opts: { generator?: Generator }): Storage {
  const g = opts.generator ?? getDefaultGenerator();
  const d = drawBuffer(dtype, n);
  const range = hi - lo;
  if (range < 2 ** 28) {
    for (let i = 0; i < d.length; i++) d[i] = (g.random() % range) + lo;
  } else {
    const r = BigInt(range);
    const base = BigInt(lo);
    for (let i = 0; i < d.length; i++) d[i] = Number((g.random64() % r) + base);
  }
  return d;
}

/**
 * torch.randint(low, high, shape) or randint(high, shape): whole numbers in
 * [low, high), int64 unless `dtype` says otherwise.
 */
export function randint(high: number, shape: readonly number[], opts?: RandomTensorOptions): Tensor;
export function randint(low: number, high: number, shape: readonly number[], opts?: RandomTensorOptions): Tensor;
export function randint(
  a: number,
  b: number | readonly number[],
  c?: readonly number[] | RandomTensorOptions,
  d?: RandomTensorOptions,
): Tensor {
  const [low, high, shape, opts] = typeof b === "number"
    ? [a, b, c as readonly number[], d ?? {}]
    : [0, a, b, (c as RandomTensorOptions | undefined) ?? {}];
  const dtype = opts.dtype ?? "int64";
  const s = checkShape(shape);
  let n = 1;
  for (const k of s) n *= k;
  const [lo, hi] = drawRange(dtype, low, high);
  return finishRandom(new Tensor(drawIntegers(dtype, n, lo, hi, opts), s, dtype), opts);
}

/** Below this n torch's randperm takes 32-bit draws; from it, 64-bit ones (uint32 max / 20). */
const RANDPERM_SMALL_N = Math.floor(0xffffffff / 20);

/**
 * torch.randperm(n): a random permutation of 0 … n−1 (int64 unless `dtype` says
 * otherwise). For n < 2^32/20, the Fisher–Yates shuffle of torch's CPU kernel:
 * for i from 0 to n−2, swap entry i with entry i + random() % (n − i).
 */
export function randperm(n: number, opts: RandomTensorOptions = {}): Tensor {
  checkShape([n]);
  const dtype = opts.dtype ?? "int64";
  if (dtype === "bool") throw new ValueError(`"randperm" not implemented for 'Bool'`);
  const digits = DIGITS[dtype];
  if (digits !== undefined && isFloating(dtype) && n > 2 ** digits + 1) {
    throw new ValueError(`n cannot be greater than 2^${digits}+1 for ${dtype === "float32" ? "Float" : "Double"} type.`);
  }
  const g = opts.generator ?? getDefaultGenerator();
  const p = shuffleIndices(n, g);
  const d = drawBuffer(dtype, n);
  d.set(p);
  return finishRandom(new Tensor(d, [n], dtype), opts);
}

/** The permutation randperm(n) draws, as a Float64Array of indices. */
export function shuffleIndices(n: number, g: Generator, smallLimit = RANDPERM_SMALL_N): Float64Array {
  const r = new Float64Array(n);
  if (n < smallLimit) {
    for (let i = 0; i < n; i++) r[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = i + (g.random() % (n - i));
      const save = r[i];
      r[i] = r[z];
      r[z] = save;
    }
    return r;
  }
  // Huge n: torch's "inside-out" Fisher–Yates with 64-bit draws, where % of a 32-bit
  // word would be visibly biased.
  for (let i = 0; i < n; i++) {
    const z = Number(g.random64() % BigInt(i + 1));
    r[i] = r[z];
    r[z] = i;
  }
  return r;
}
