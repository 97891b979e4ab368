/**
 * TinyVGG's layers one at a time on the backends' kernels (a batch of 32, learnpytorch
 * chapter 03's FashionMNISTModelV2(1, 10, 10)): each convolution's forward and backward
 * (input and weight gradients) in GFLOP/s, beside the GEMM of the same shape as one product
 * (what im2col + GEMM would reach with free columns), and max pooling's forward and backward
 * in ms, the reference kernel beside wasm; and a square GEMM for scale. Min of `reps` runs
 * (the machine is shared).
 *
 *   npx tsx bench/conv-layers.ts [reps] [threads]
 */
import type { ConvGeometry, PoolGeometry } from "../src/backend/backend.js";
import { jsBackend, setNumThreads, wasmBackend } from "../src/backend/index.js";
import { now } from "./workloads/result.js";

const reps = Number(process.argv[2] ?? 20);
const threads = Number(process.argv[3] ?? 1);
setNumThreads(threads);
const wasm = wasmBackend();
if (!wasm) throw new Error("WebAssembly SIMD is required");

function rand(n: number): Float32Array {
  const a = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

function best(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  let min = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    fn();
    min = Math.min(min, now() - t0);
  }
  return min;
}

const N = 32;
const conv = (c: number, side: number): ConvGeometry => ({
  n: N, c, h: side, w: side, o: 10, groups: 1, kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, dh: 1, dw: 1, oh: side, ow: side,
});
const layers: [string, ConvGeometry][] = [
  ["conv1 1→10 @28²", conv(1, 28)],
  ["conv2 10→10 @28²", conv(10, 28)],
  ["conv3 10→10 @14²", conv(10, 14)],
  ["conv4 10→10 @14²", conv(10, 14)],
];

const gf = (flop: number, ms: number): string => (flop / ms / 1e6).toFixed(1);
console.log(`TinyVGG layers, batch ${N}, ${threads} thread(s), min of ${reps} (shared, loaded machine)`);
console.log("layer                 fwd ms  fwd GF/s  bwd ms  bwd GF/s  GEMM GF/s (one [o, rows]·[rows, N·L] product)");
for (const [name, g] of layers) {
  const L = g.oh * g.ow, rows = g.c * g.kh * g.kw;
  const x = rand(g.n * g.c * g.h * g.w), w = rand(g.o * rows), bias = rand(g.o);
  const out = new Float32Array(g.n * g.o * L), gOut = rand(out.length);
  const gx = new Float32Array(x.length), gw = new Float32Array(w.length), gb = new Float32Array(g.o);
  const flop = 2 * g.n * g.o * rows * L;
  const fwd = best(() => wasm.conv2d(x, w, bias, out, g));
  // The first layer's input needs no gradient (the images), as in training.
  const needGx = g.c > 1;
  const bwd = best(() => wasm.conv2dBackward({ gOut, x, w, g, gx: needGx ? gx : null, gw, gb }));
  const a = rand(g.o * rows), b = rand(rows * g.n * L), c = new Float32Array(g.o * g.n * L);
  const gemm = best(() => wasm.matmul(a, b, c, 1, g.o, rows, g.n * L, false, false, 0, 0));
  console.log(
    `${name.padEnd(20)} ${fwd.toFixed(2).padStart(7)} ${gf(flop, fwd).padStart(9)} ${bwd.toFixed(2).padStart(7)} ${gf((needGx ? 2 : 1) * flop, bwd).padStart(9)}  ${gf(flop, gemm).padStart(9)}`,
  );
}

{
  // The GEMM's own rate on a square product, for scale.
  const size = 512, a = rand(size * size), b = rand(size * size), c = new Float32Array(size * size);
  const ms = best(() => wasm.matmul(a, b, c, 1, size, size, size, false, false, 0, 0));
  console.log(`GEMM ${size}³: ${ms.toFixed(2)} ms, ${gf(2 * size ** 3, ms)} GFLOP/s`);
}

console.log("\nmax pool 2×2             reference fwd ms  wasm fwd ms  reference bwd ms  wasm bwd ms");
for (const side of [28, 14]) {
  const p: PoolGeometry = { planes: N * 10, h: side, w: side, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh: side / 2, ow: side / 2 };
  const x = rand(p.planes * side * side), n = p.planes * p.oh * p.ow;
  const out = new Float32Array(n), idx = new Float64Array(n), g = rand(n), gx = new Float32Array(x.length);
  const jf = best(() => jsBackend.maxPool2d(x, out, idx, p)), wf = best(() => wasm.maxPool2d(x, out, idx, p));
  const jb = best(() => jsBackend.maxPool2dBackward(g, idx, gx, p)), wb = best(() => wasm.maxPool2dBackward(g, idx, gx, p));
  console.log(`${`${N}×10×${side}²`.padEnd(24)} ${jf.toFixed(3).padStart(17)} ${wf.toFixed(3).padStart(12)} ${jb.toFixed(3).padStart(17)} ${wb.toFixed(3).padStart(12)}`);
}
