/**
 * The WebGPU classification losses against the reference's fused kernels: cross-entropy
 * (with ignoreIndex, large logits, a NaN row, an out-of-bounds target) and BCE with logits.
 * Tolerances: the loss sums rows in float32 on the device where the reference sums in
 * float64 (1e-5 relative); gradients 2e-6 absolute (exp and division in float32).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { jsBackend } from "../../../src/backend/index.js";
import { fromArray } from "../../../src/tensor/creation.js";
import type { WebGpuBackend } from "../../../src/backend/webgpu/backend.js";
import { rng } from "../helpers.js";
import { integers, mismatch, uniform } from "./compare.js";
import { gpuUnderTest } from "./device.js";

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await gpuUnderTest();
});

const GRAD_TOL = { atol: 2e-6, rtol: 1e-5 };

describe("webgpu crossEntropy", () => {
  it("matches the reference: loss sum and gradient, ignored rows, large logits", async () => {
    const rand = rng(51);
    for (const [rows, classes] of [[1, 2], [37, 10], [300, 3]] as const) {
      const logits = uniform(rows * classes, rand, -8, 8);
      for (let c = 0; c < classes; c++) logits[c] *= 1e4; // a row far from 0: the max shift matters
      const targets = integers(rows, rand, 0, classes - 1);
      if (rows > 1) targets[1] = -100;
      const wantGrad = new Float32Array(rows * classes);
      const wantLoss = jsBackend.crossEntropy(logits, targets, rows, classes, wantGrad, -100);
      const loss = gpu.alloc("float32", 1), grad = gpu.alloc("float32", rows * classes), lossOnly = gpu.alloc("float32", 1);
      const gl = gpu.upload(logits, "float32"), gt = gpu.upload(targets, "int32");
      gpu.crossEntropy(gl, gt, rows, classes, grad, -100, loss);
      gpu.crossEntropy(gl, gt, rows, classes, null, -100, lossOnly);
      const what = `${rows}x${classes}`;
      expect(mismatch(await gpu.read(loss), Float32Array.of(wantLoss), { atol: 1e-4, rtol: 1e-5 }), what).toBeNull();
      expect(mismatch(await gpu.read(lossOnly), Float32Array.of(wantLoss), { atol: 1e-4, rtol: 1e-5 }), what).toBeNull();
      expect(mismatch(await gpu.read(grad), wantGrad, GRAD_TOL), what).toBeNull();
    }
  });

  it("a NaN logit makes its row's loss and gradient NaN; an out-of-bounds target throws PyTorch's error at the read", async () => {
    const logits = Float32Array.of(1, Number.NaN, 0, 1, 2, 3, -Infinity, -Infinity, -Infinity, Infinity, 0, 1);
    const wantGrad = new Float32Array(12);
    const wantLoss = jsBackend.crossEntropy(logits, Int32Array.of(0, 2, 1, 0), 4, 3, wantGrad, -100);
    const loss = gpu.alloc("float32", 1), grad = gpu.alloc("float32", 12);
    gpu.crossEntropy(gpu.upload(logits, "float32"), gpu.upload(Int32Array.of(0, 2, 1, 0), "int32"), 4, 3, grad, -100, loss);
    expect(Number.isNaN(wantLoss)).toBe(true);
    expect(Number.isNaN((await gpu.read(loss))[0])).toBe(true);
    // Rows of −inf logits and with +inf: NaN as in the reference (inf − inf).
    expect(mismatch(await gpu.read(grad), wantGrad, GRAD_TOL)).toBeNull();
    gpu.crossEntropy(gpu.upload(logits, "float32"), gpu.upload(Int32Array.of(0, 3, 0, 0), "int32"), 4, 3, null, -100, loss);
    await expect(gpu.read(loss)).rejects.toThrow("Target 3 is out of bounds.");
  });
});

describe("webgpu softmax", () => {
  it("matches the CPU op along any axis, NaN and −inf columns included", async () => {
    const rand = rng(53);
    const [outer, size, inner] = [3, 11, 4];
    const x = uniform(outer * size * inner, rand, -20, 20);
    x[0 * inner + 1] = Number.NaN; // column (0, 1) holds a NaN
    x[(1 * size + 2) * inner + 2] = Infinity; // column (1, 2): inf − inf is NaN
    for (let k = 0; k < size; k++) x[(2 * size + k) * inner + 3] = -Infinity; // column (2, 3) is all −inf
    for (const log of [false, true]) {
      const t = fromArray(x, [outer, size, inner]);
      const want = (log ? t.logSoftmax(1) : t.softmax(1)).data;
      const out = gpu.alloc("float32", x.length);
      gpu.softmax(gpu.upload(x, "float32"), out, outer, size, inner, log);
      expect(mismatch(await gpu.read(out), want, { atol: 4e-6, rtol: 4e-6 }), log ? "logSoftmax" : "softmax").toBeNull();
    }
  });
});

describe("webgpu bceWithLogits", () => {
  it("matches the reference: loss sum and gradient, large |x|", async () => {
    const rand = rng(52);
    const x = Float32Array.from([...uniform(500, rand, -10, 10), 80, -80, 0, 1e-8]);
    const y = uniform(x.length, rand, 0, 1);
    const wantGrad = new Float32Array(x.length);
    const wantLoss = jsBackend.bceWithLogits(x, y, wantGrad);
    const loss = gpu.alloc("float32", 1), grad = gpu.alloc("float32", x.length);
    gpu.bceWithLogits(gpu.upload(x, "float32"), gpu.upload(y, "float32"), grad, loss);
    expect(mismatch(await gpu.read(loss), Float32Array.of(wantLoss), { atol: 1e-4, rtol: 1e-5 })).toBeNull();
    expect(mismatch(await gpu.read(grad), wantGrad, GRAD_TOL)).toBeNull();
  });
});
