/**
 * The wasm loss kernels (assembly/loss.ts) against the definitions computed in float64
 * and against the reference kernels in src/backend/js, on odd sizes and hard values.
 */
import { describe, expect, it } from "vitest";
import { jsBackend, wasmBackend } from "../../src/backend/index.js";
import { randF32, rng } from "./helpers.js";

const wasm = wasmBackend() as NonNullable<ReturnType<typeof wasmBackend>>;

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
