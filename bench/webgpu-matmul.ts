/**
 * The WebGPU device's float32 matmul speed (issue 14): square products on whatever adapter
 * Dawn finds (SwiftShader on a machine without a GPU, which says nothing about a GPU's
 * speed). The first product of each size compiles its pipeline and is not timed; each size
 * is then timed over `reps` products recorded before one read, so the read-back's latency
 * is paid once.
 *
 *   npx tsx bench/webgpu-matmul.ts [sizes, default 256,512] [reps, default 3]
 *
 * Without a GPU, set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json and
 * XDG_RUNTIME_DIR to a writable directory (see src/backend/webgpu/gpu.ts).
 */
import { initWebGpu } from "../src/backend/webgpu/gpu.js";

const sizes = (process.argv[2] ?? "256,512").split(",").map(Number);
const reps = Number(process.argv[3] ?? 3);

const gpu = await initWebGpu();
console.log(`adapter: ${gpu.adapterName}`);
for (const n of sizes) {
  const a = gpu.alloc("float32", n * n), b = gpu.alloc("float32", n * n), out = gpu.alloc("float32", n * n);
  gpu.fill(a, 0.5);
  gpu.fill(b, 0.25);
  gpu.matmul(a, b, out, 1, n, n, n, false, false, 0, 0);
  const first = await gpu.read(out); // compiles the pipeline
  if (first[0] !== 0.125 * n) throw new Error(`wrong product: ${first[0]}, expected ${0.125 * n}`);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) gpu.matmul(a, b, out, 1, n, n, n, false, false, 0, 0);
  await gpu.read(out);
  const seconds = (performance.now() - t0) / 1000;
  const gflops = (2 * n * n * n * reps) / seconds / 1e9;
  console.log(`${n}³ float32: ${((seconds / reps) * 1000).toFixed(1)} ms per product, ${gflops.toFixed(3)} GFLOP/s`);
}
process.exit(0);
