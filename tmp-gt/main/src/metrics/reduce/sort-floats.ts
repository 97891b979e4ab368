/**
 * Ascending sort of float32 scores in linear time: an LSD radix sort (three passes of 11 bits)
 * over the bit patterns mapped to unsigned keys that order like the numbers. NaN goes last,
 * -0 just before +0, as the typed arrays' own sort orders them. Float64 arrays (and short
 * ones) use the native sort.
 */
import type { FloatArray } from "../core/tensors.js";

const RADIX_FROM = 4096;

export function sortAscending<T extends FloatArray>(values: T): T {
  if (values instanceof Float64Array || values.length < RADIX_FROM) return values.sort() as T;
  return radixSortFloat32(values as Float32Array) as T;
}

function radixSortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  let keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // one positive NaN, so that every NaN sorts above +Infinity
    const b = values[i] !== values[i] ? 0x7fc00000 : bits[i];
    keys[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let other = new Uint32Array(n);
  const count = new Uint32Array(2048);
  for (const shift of [0, 11, 22]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & 0x7ff]++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) other[count[(keys[i] >>> shift) & 0x7ff]++] = keys[i];
    [keys, other] = [other, keys];
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? (k ^ 0x80000000) >>> 0 : ~k >>> 0;
  }
  values.set(new Float32Array(keys.buffer));
  return values;
}
