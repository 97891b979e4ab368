/**
 * The wasm loss kernels (assembly/loss.ts) against the definitions computed in float64
 * and against the reference kernels in src/backend/js, on odd sizes and hard values.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jsBackend, wasmBackend } from "../../src/backend/index.js";
import { maxRelErr, randF32, rng } from "./helpers.js";

const wasm = wasmBackend() as NonNullable<ReturnType<typeof wasmBackend>>;
/** PyTorch's BCE-with-logits loss and gradient (fixtures/torch-fused.json, made by fixtures/make_torch_fused.py). */
const fx = JSON.parse(readFileSync(new URL("./fixtures/torch-fused.json", import.meta.url), "utf8")) as {
  bce: { x: number[]; y: number[]; loss: number; grad: number[] };
};

/** Row losses and softmax − onehot in float64, straight from the definitions. */
function exactCe(x: Float32Array, t: Float64Array, rows: number, classes: number, ignore: number): { loss: number; grad: number[] } {
  let loss = 0;
  const grad: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from(x.subarray(r * classes, (r + 1) * classes));
    if (t[r] === ignore) {
      grad.push(...row.map(() => 0));
      continue;
    }
    const m = Math.max(...row);
    const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
    loss += Math.log(s) + m - row[t[r]];
    grad.push(...row.map((v, c) => Math.exp(v - m) / s - (c === t[r] ? 1 : 0)));
  }
  return { loss, grad };
}

describe("wasm cross-entropy kernel", () => {
  for (const [rows, classes] of [[800, 4], [17, 1], [9, 3], [31, 5], [4, 17], [3, 255], [200, 10]]) {
    it(`${rows} rows × ${classes} classes, with ignored rows and large logits: within float32 rounding`, () => {
      const rand = rng(rows * 1000 + classes);
      const x = randF32(rows * classes, rand, 20);
      x[0] = 80; x[classes] = -80;
      const t = Float64Array.from({ length: rows }, () => Math.floor(rand() * classes));
      t[rows - 1] = -100;
      const g1 = new Float32Array(rows * classes).fill(Number.NaN), g2 = new Float32Array(rows * classes);
      const l1 = wasm.crossEntropy(x, t, rows, classes, g1, -100);
      const l2 = jsBackend.crossEntropy(x, t, rows, classes, g2, -100);
      const want = exactCe(x, t, rows, classes, -100);
      const scale = Math.max(1, Math.abs(want.loss));
      expect(Math.abs(l1 - want.loss) / scale).toBeLessThan(1e-6);
      expect(Math.abs(l1 - l2) / scale).toBeLessThan(1e-6);
      g1.forEach((g, i) => expect(Math.abs(g - want.grad[i]), `grad ${i}`).toBeLessThan(3e-7));
      expect(wasm.crossEntropy(x, t, rows, classes, null, -100)).toBe(l1);
    });
  }

  it("a row with a NaN logit gives a NaN loss", () => {
    const x = new Float32Array(40).fill(0.5);
    x[13] = Number.NaN;
    expect(wasm.crossEntropy(x, new Float64Array(10), 10, 4, null, -100)).toBeNaN();
  });
});

describe("wasm BCE-with-logits kernel", () => {
  /** The loss and σ(x) − y in float64, straight from the definitions. */
  function exact(x: Float32Array, y: Float32Array): { loss: number; grad: number[] } {
    let loss = 0;
    const grad: number[] = [];
    x.forEach((v, i) => {
      loss += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
      grad.push(1 / (1 + Math.exp(-v)) - y[i]);
    });
    return { loss, grad };
  }
  it("matches PyTorch's numbers (fixture)", () => {
    const grad = new Float32Array(fx.bce.x.length);
    const loss = wasm.bceWithLogits(Float32Array.from(fx.bce.x), Float32Array.from(fx.bce.y), grad);
    expect(loss).toBeCloseTo(fx.bce.loss, 4);
    expect(maxRelErr(grad, fx.bce.grad)).toBeLessThan(1e-6);
  });
  for (const n of [16, 17, 19, 255, 1000]) {
    it(`${n} elements, logits from -120 to 120 and targets in [0, 1]: within float32 rounding of exact, and of the reference`, () => {
      const rand = rng(n);
      const x = randF32(n, rand, 30);
      x[0] = 0; x[1] = -120; x[2] = 120; x[3] = 1e-9; x[4] = -17; x[5] = 17;
      const y = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? rand() : i % 2));
      const g1 = new Float32Array(n), g2 = new Float32Array(n);
      const l1 = wasm.bceWithLogits(x, y, g1);
      const l2 = jsBackend.bceWithLogits(x, y, g2);
      const want = exact(x, y);
      expect(Math.abs(l1 - want.loss) / want.loss).toBeLessThan(1e-6);
      expect(Math.abs(l1 - l2) / l2).toBeLessThan(1e-6);
      g1.forEach((g, i) => expect(Math.abs(g - want.grad[i]), `grad ${i} at x=${x[i]}`).toBeLessThan(2e-7 * Math.max(1, Math.abs(want.grad[i]))));
      // Without a gradient buffer the loss is the same.
      expect(wasm.bceWithLogits(x, y, null)).toBe(l1);
    });
  }
  it("propagates NaN as PyTorch does", () => {
    const x = new Float32Array(20).fill(0.5);
    x[7] = Number.NaN;
    expect(wasm.bceWithLogits(x, new Float32Array(20), null)).toBeNaN();
  });
});
