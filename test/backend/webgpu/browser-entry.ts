/** The page side of browser.test.ts: a few kernels through navigator.gpu, results as plain arrays. */
import { initWebGpu } from "../../../src/backend/webgpu/gpu.js";

export async function runWebGpu(): Promise<{ adapter: string; exp: number[]; matmul: number[]; argmax: number[]; sum: number[] }> {
  const gpu = await initWebGpu();
  const x = gpu.upload(Float32Array.of(0, 1, -1, 2, Number.NaN, 0.5), "float32");
  const e = gpu.alloc("float32", 6);
  gpu.unary("exp", x, e);
  const a = gpu.upload(Float32Array.of(1, 2, 3, 4, 5, 6), "float32");
  const m = gpu.alloc("float32", 4);
  gpu.matmul(a, a, m, 1, 2, 3, 2, false, true, 0, 0);
  const am = gpu.alloc("int32", 2);
  gpu.reduce("argmax", x, am, 2, 3, 1);
  const big = gpu.upload(Float32Array.from({ length: 1000 }, (_, i) => i % 7), "float32");
  const s = gpu.alloc("float32", 1);
  gpu.reduce("sum", big, s, 1, 1000, 1);
  return {
    adapter: gpu.adapterName,
    exp: Array.from(await gpu.read(e)),
    matmul: Array.from(await gpu.read(m)),
    argmax: Array.from(await gpu.read(am)),
    sum: Array.from(await gpu.read(s)),
  };
}
