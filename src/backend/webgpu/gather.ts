/**
 * WGSL sources of gather, scatter and scatter_add along one dim of tensors of any rank
 * (torch.gather / Tensor.scatter / Tensor.scatter_add), over contiguous storages.
 *
 * An index outside [0, size) is never clamped or wrapped (PyTorch refuses negative ones
 * here too): the kernel skips it and records the first offender, its dim and the dim's
 * size in the status buffer (words 4-7), which the next read turns into PyTorch's
 * "index -1 is out of bounds for dimension 0 with size 4".
 *
 * Scatters run one invocation per line of the index (every coordinate but `dim` fixed),
 * walking the line in order: two lines never touch the same target element, so there are
 * no races, a repeated index keeps the last write (as the CPU loop does), and scatter_add
 * sums in index order, the same in every run, without float atomics.
 */
import { PRELUDE, flatMain, input, output, statusBinding, type GpuDType } from "./wgsl.js";

const raiseIndex = (binding: number): string => statusBinding(binding) + `// The first bad index wins (a weak exchange may fail spuriously, hence the loop).
fn raiseIndex_(v: i32, d: u32, size: u32) {
  loop {
    let r = atomicCompareExchangeWeak(&FLAG[STATUS_GATHER], 0u, 1u);
    if (r.exchanged) {
      atomicStore(&FLAG[STATUS_GATHER_VALUE], bitcast<u32>(v));
      atomicStore(&FLAG[STATUS_GATHER_DIM], d);
      atomicStore(&FLAG[STATUS_GATHER_SIZE], size);
      return;
    }
    if (r.old_value != 0u) { return; }
  }
}
`;

/**
 * out[i] = x at the coordinates of index element i with coordinate `d` replaced by idx[i].
 * Parameter words: [n, nd, d, size of x along d, index shape[nd], x strides[nd]].
 */
export function gatherSource(): string {
  return PRELUDE + input(1, "X", "u32") + input(2, "IDX", "i32") + output(3, "O", "u32") + raiseIndex(4) + flatMain(`
  let nd = pu(1u);
  let d = pu(2u);
  let sizeD = pu(3u);
  let v = IDX[i];
  if (v < 0 || u32(v) >= sizeD) {
    raiseIndex_(v, d, sizeD);
    O[i] = 0u;
    return;
  }
  var rest = i;
  var off = 0u;
  for (var k = i32(nd) - 1; k >= 0; k--) {
    let len = pu(4u + u32(k));
    var c = rest % len;
    rest /= len;
    if (u32(k) == d) { c = u32(v); }
    off += c * pu(4u + nd + u32(k));
  }
  O[i] = X[off];`);
}

/** How a scatter combines: write the source, write one value, or add the source. */
export type ScatterMode = "src" | "value" | "add";

/**
 * O (already holding the input) gets the source written or added at the indexed places.
 * Parameter words: [lines, nd, d, size of O along d, index length along d, value bits,
 * index shape[nd], index strides[nd], src strides[nd], O strides[nd]].
 */
export function scatterSource(mode: ScatterMode, dtype: GpuDType): string {
  const t = dtype === "float32" ? "f32" : dtype === "int32" ? "i32" : "u32";
  const put = mode === "value" ? "O[o] = bitcast<" + t + ">(pu(5u));"
    : mode === "src" ? "O[o] = S[so];"
      : dtype === "bool" ? "O[o] = select(0u, 1u, O[o] != 0u || S[so] != 0u);" : "O[o] = O[o] + S[so];";
  // The value form binds no source: [IDX, O, status]; the others [IDX, S, O, status].
  const buffers = mode === "value" ? input(1, "IDX", "i32") + output(2, "O", t) + raiseIndex(3)
    : input(1, "IDX", "i32") + input(2, "S", t) + output(3, "O", t) + raiseIndex(4);
  return PRELUDE + buffers + flatMain(`
  let nd = pu(1u);
  let d = pu(2u);
  let sizeD = pu(3u);
  let lenD = pu(4u);
  // The line's first element in the index, the source and the output.
  var rest = i;
  var io = 0u;
  var so0 = 0u;
  var oo = 0u;
  for (var k = i32(nd) - 1; k >= 0; k--) {
    let uk = u32(k);
    if (uk == d) { continue; }
    let len = pu(6u + uk);
    let c = rest % len;
    rest /= len;
    io += c * pu(6u + nd + uk);
    so0 += c * pu(6u + 2u * nd + uk);
    oo += c * pu(6u + 3u * nd + uk);
  }
  let iStep = pu(6u + nd + d);
  let sStep = pu(6u + 2u * nd + d);
  let oStep = pu(6u + 3u * nd + d);
  for (var j = 0u; j < lenD; j++) {
    let v = IDX[io + j * iStep];
    if (v < 0 || u32(v) >= sizeD) {
      raiseIndex_(v, d, sizeD);
      continue;
    }
    let o = oo + u32(v) * oStep;
    let so = so0 + j * sStep;
    ${put}
  }`);
}
