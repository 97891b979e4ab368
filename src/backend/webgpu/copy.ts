/**
 * WGSL sources of the kernels that move words without arithmetic on them (permute, fill,
 * indexSelect) and of indexSelect's adjoint, indexAdd. The movers read every dtype as u32.
 *
 * An index out of range is not clamped silently: the kernel writes 0 and raises a flag
 * that the next read-back turns into PyTorch's "index out of range in self".
 */
import { offsetFn } from "./elementwise.js";
import { PRELUDE, flatMain, input, output } from "./wgsl.js";

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

const FLAG = (binding: number): string => `@group(0) @binding(${binding}) var<storage, read_write> FLAG: array<atomic<u32>>;\n`;

/**
 * out[p, j, q] = x[p, idx[j], q] for x [outer, size, inner] and out [outer, nIdx, inner].
 * Parameter words: [n = outer·nIdx·inner, size, inner, nIdx].
 */
export function indexSelectSource(): string {
  return PRELUDE + input(1, "X", "u32") + input(2, "IDX", "i32") + output(3, "O", "u32") + FLAG(4) + flatMain(`
  let size = pu(1u);
  let inner = pu(2u);
  let nIdx = pu(3u);
  let q = i % inner;
  let t = i / inner;
  let s = IDX[t % nIdx];
  if (s < 0 || u32(s) >= size) {
    atomicStore(&FLAG[0], 1u);
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
    + "@group(0) @binding(3) var<storage, read_write> O: array<atomic<i32>>;\n" + FLAG(4) + flatMain(`
  let size = pu(1u);
  let inner = pu(2u);
  let nIdx = pu(3u);
  let q = i % inner;
  let r = i / inner;
  let s = IDX[r % nIdx];
  if (s < 0 || u32(s) >= size) {
    atomicStore(&FLAG[0], 1u);
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
 * out[p, idx[j], q] += g[p, j, q] for every j, deterministically without float atomics:
 * the invocation of a value's first occurrence j adds the gradients of every occurrence,
 * in increasing j (the order of a sequential loop over j); the others return. Work is
 * O(nIdx²) per (p, q) in the worst case, fine for batch-sized index lists (a sort by
 * index would make it O(nIdx · log nIdx) for full-data-set gathers).
 * Parameter words: as indexSelectSource's.
 */
export function indexAddSource(): string {
  return PRELUDE + input(1, "G", "f32") + input(2, "IDX", "i32") + output(3, "O", "f32") + FLAG(4) + flatMain(`
  let size = pu(1u);
  let inner = pu(2u);
  let nIdx = pu(3u);
  let q = i % inner;
  let r = i / inner;
  let j = r % nIdx;
  let p = r / nIdx;
  let s = IDX[j];
  if (s < 0 || u32(s) >= size) {
    atomicStore(&FLAG[0], 1u);
    return;
  }
  for (var j2 = 0u; j2 < j; j2++) {
    if (IDX[j2] == s) { return; }
  }
  let o = (p * size + u32(s)) * inner + q;
  var acc = O[o];
  for (var j2 = j; j2 < nIdx; j2++) {
    if (IDX[j2] == s) { acc += G[(p * nIdx + j2) * inner + q]; }
  }
  O[o] = acc;`);
}
