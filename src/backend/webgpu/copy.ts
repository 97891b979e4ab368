/**
 * WGSL sources of the kernels that move words without arithmetic on them (permute, fill,
 * indexSelect) and of indexSelect's adjoint, indexAdd. The movers read every dtype as u32.
 *
 * An index out of range is not clamped silently: the kernel writes 0 and raises a flag
 * that the next read-back turns into PyTorch's "index out of range in self".
 */
import { offsetFn } from "./elementwise.js";
import { PRELUDE, flatMain, input, output, statusBinding } from "./wgsl.js";

/** Parameter words: [n, nd, out shape[nd], the input's stride along each out dim[nd]]. */
export function permuteSource(): string {
  return PRELUDE + offsetFn("offX", "2u + nd") + input(1, "X", "u32") + output(2, "O", "u32") + flatMain(`
  O[i] = X[offX(i)];`);
}

/** Parameter words: [n, the value's bits]. */
export function fillSource(): string {
  return PRELUDE + output(1, "O", "u32") + flatMain(`
  O[i] = pu(1u);`);
}

/**
 * out[p, j, q] = x[p, idx[j], q] for x [outer, size, inner] and out [outer, nIdx, inner].
 * Parameter words: [n = outer·nIdx·inner, size, inner, nIdx].
 */
export function indexSelectSource(): string {
  return PRELUDE + input(1, "X", "u32") + input(2, "IDX", "i32") + output(3, "O", "u32") + statusBinding(4) + flatMain(`
  let size = pu(1u);
  let inner = pu(2u);
  let nIdx = pu(3u);
  let q = i % inner;
  let t = i / inner;
  let s = IDX[t % nIdx];
  if (s < 0 || u32(s) >= size) {
    atomicStore(&FLAG[STATUS_INDEX], 1u);
    O[i] = 0u;
    return;
  }
  O[i] = X[((t / nIdx) * size + u32(s)) * inner + q];`);
}

/**
 * The int32 form: integer addition is associative, so atomic adds give the same result
 * in any order, in one pass of one invocation per gradient element.
 */
export function indexAddIntSource(): string {
  return PRELUDE + input(1, "G", "i32") + input(2, "IDX", "i32")
    + "@group(0) @binding(3) var<storage, read_write> O: array<atomic<i32>>;\n" + statusBinding(4) + flatMain(`
  let size = pu(1u);
  let inner = pu(2u);
  let nIdx = pu(3u);
  let q = i % inner;
  let r = i / inner;
  let s = IDX[r % nIdx];
  if (s < 0 || u32(s) >= size) {
    atomicStore(&FLAG[STATUS_INDEX], 1u);
    return;
  }
  atomicAdd(&O[((r / nIdx) * size + u32(s)) * inner + q], G[i]);`);
}

/** out[i] = start + i·step in int32 (parameter words: [n, start, step]), wrapping as int32. */
export function arangeSource(): string {
  return PRELUDE + output(1, "O", "i32") + flatMain(`
  O[i] = pi(1u) + i32(i) * pi(2u);`);
}

/**
 * indexAdd's first pass, one invocation per index j: each target position's first
 * occurrence (atomic min of j: the same in any order) and its number of occurrences.
 * Parameter words: [nIdx, size].
 */
export function indexCountSource(): string {
  return PRELUDE + input(1, "IDX", "i32")
    + "@group(0) @binding(2) var<storage, read_write> HEAD: array<atomic<u32>>;\n"
    + "@group(0) @binding(3) var<storage, read_write> COUNT: array<atomic<u32>>;\n" + statusBinding(4) + flatMain(`
  let s = IDX[i];
  if (s < 0 || u32(s) >= pu(1u)) {
    atomicStore(&FLAG[STATUS_INDEX], 1u);
    return;
  }
  atomicMin(&HEAD[u32(s)], i);
  atomicAdd(&COUNT[u32(s)], 1u);`);
}

/**
 * out[p, idx[j], q] += g[p, j, q] for every j, deterministically without float atomics:
 * the invocation of a position's first occurrence adds the gradients of all its
 * occurrences, in increasing j (the order of a sequential loop over j); the others
 * return. Distinct indices cost O(1) each; a position repeated c times costs one walk
 * to its last occurrence. Parameter words: [n = outer·nIdx·inner, size, inner, nIdx].
 */
export function indexAddSource(): string {
  return PRELUDE + input(1, "G", "f32") + input(2, "IDX", "i32") + input(3, "HEAD", "u32") + input(4, "COUNT", "u32")
    + output(5, "O", "f32") + flatMain(`
  let size = pu(1u);
  let inner = pu(2u);
  let nIdx = pu(3u);
  let q = i % inner;
  let r = i / inner;
  let j = r % nIdx;
  let p = r / nIdx;
  let s = IDX[j];
  if (s < 0 || u32(s) >= size || HEAD[u32(s)] != j) { return; }
  let o = (p * size + u32(s)) * inner + q;
  var acc = O[o] + G[i];
  var left = COUNT[u32(s)] - 1u;
  for (var j2 = j + 1u; left > 0u && j2 < nIdx; j2++) {
    if (IDX[j2] == s) {
      acc += G[(p * nIdx + j2) * inner + q];
      left--;
    }
  }
  O[o] = acc;`);
}
