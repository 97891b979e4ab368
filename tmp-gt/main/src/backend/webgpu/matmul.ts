/**
 * WGSL source of the batched matrix product out[M, N] = op(A) · op(B), tiled: a workgroup
 * of 16 × 16 threads computes a (16R) × (16R) tile of out, each thread an R × R block of
 * it held in registers (rows ty + 16i, columns tx + 16j: neighbouring threads touch
 * neighbouring columns, so both the tile reads and the stores are contiguous). Each step
 * stages a 16-deep slice of A's rows and B's columns in workgroup memory, read in the
 * transposed forms by index arithmetic on the load (transA / transB are parameters, so one
 * pipeline serves all four forms).
 *
 * The register block is written out unrolled (R² named accumulators): a compiler may keep
 * an indexed local array in memory rather than registers.
 *
 * Parameter words: M, K, N, transA, transB, strideA, strideB, first batch index.
 * The linear layer's form adds a bias per column and applies ReLU (word 8) as each value
 * is stored (nn.Linear and Linear → ReLU in one pass).
 * The grid is (⌈N / 16R⌉, ⌈M / 16R⌉, batches).
 */
import { PRELUDE, input, output, type Compute } from "./wgsl.js";

export const TK = 16;

/** With `bias`, the store adds the linear layer's bias per column and applies ReLU when word 8 is 1. */
export function matmulSource(c: Compute, r: number, bias = false): string {
  const t = 16 * r;
  const zero = c === "f32" ? "0.0" : "0";
  const idx = Array.from({ length: r }, (_, i) => i);
  const decl = idx.flatMap((i) => idx.map((j) => `var c${i}_${j}: ${c} = ${zero};`)).join(" ");
  const loadsA = idx.map((i) => `let a${i} = As[kk * ${t}u + lid.y + ${16 * i}u];`).join(" ");
  const loadsB = idx.map((j) => `let b${j} = Bs[kk * ${t}u + lid.x + ${16 * j}u];`).join(" ");
  const fmas = idx.flatMap((i) => idx.map((j) => `c${i}_${j} += a${i} * b${j};`)).join(" ");
  const value = (i: number, j: number): string => (bias ? `epi(c${i}_${j} + BIAS[col0 + ${16 * j}u])` : `c${i}_${j}`);
  const stores = idx.flatMap((i) => idx.map((j) =>
    `if (row0 + ${16 * i}u < M && col0 + ${16 * j}u < N) { O[oBase + (row0 + ${16 * i}u) * N + col0 + ${16 * j}u] = ${value(i, j)}; }`,
  )).join("\n  ");
  const epilogue = bias ? input(4, "BIAS", c) + `fn epi(v: ${c}) -> ${c} { return select(v, select(v, ${c}(0), v < ${c}(0)), pu(8u) != 0u); }\n` : "";
  return PRELUDE + input(1, "A", c) + input(2, "B", c) + output(3, "O", c) + epilogue + /* wgsl */ `
var<workgroup> As: array<${c}, ${TK * t}>;
var<workgroup> Bs: array<${c}, ${TK * t}>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let M = pu(0u);
  let K = pu(1u);
  let N = pu(2u);
  let transA = pu(3u) != 0u;
  let transB = pu(4u) != 0u;
  let z = wid.z + pu(7u);
  let aBase = z * pu(5u);
  let bBase = z * pu(6u);
  let tileRow = wid.y * ${t}u;
  let tileCol = wid.x * ${t}u;
  ${decl}
  for (var k0 = 0u; k0 < K; k0 += ${TK}u) {
    for (var r = 0u; r < ${r}u; r++) {
      let e = li + r * 256u;
      // A's tile [t rows × 16 deep], read along memory's contiguous axis.
      var mm: u32; var ka: u32; var ia: u32;
      if (transA) { mm = e % ${t}u; ka = e / ${t}u; ia = (k0 + ka) * M + tileRow + mm; }
      else { ka = e % ${TK}u; mm = e / ${TK}u; ia = (tileRow + mm) * K + k0 + ka; }
      var va: ${c} = ${zero};
      if (tileRow + mm < M && k0 + ka < K) { va = A[aBase + ia]; }
      As[ka * ${t}u + mm] = va;
      // B's tile [16 deep × t columns].
      var nn: u32; var kb: u32; var ib: u32;
      if (transB) { kb = e % ${TK}u; nn = e / ${TK}u; ib = (tileCol + nn) * K + k0 + kb; }
      else { nn = e % ${t}u; kb = e / ${t}u; ib = (k0 + kb) * N + tileCol + nn; }
      var vb: ${c} = ${zero};
      if (tileCol + nn < N && k0 + kb < K) { vb = B[bBase + ib]; }
      Bs[kb * ${t}u + nn] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk++) {
      ${loadsA}
      ${loadsB}
      ${fmas}
    }
    workgroupBarrier();
  }
  let oBase = z * M * N;
  let row0 = tileRow + lid.y;
  let col0 = tileCol + lid.x;
  ${stores}
}`;
}
