/**
 * The activation kernels (src/backend/js/activation.ts and the wasm ones) against
 * PyTorch's definitions written out here, bit for bit, on odd lengths and the special
 * values (NaN, ±0, ±inf): ReLU is max(v, 0) with NaN and −0 passing through, its
 * backward PyTorch's threshold_backward; sigmoid's and tanh's from their output.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { jsBackend, wasmBackend } from "../../src/backend/index.js";

/** torch.relu of one value: values below 0 become +0; NaN and −0 pass (torch.relu(-0.) is -0.). */
const reluRef = (v: number): number => (v < 0 ? 0 : v);

function reluInto(x: Storage, out: Storage): void {
  for (let i = 0; i < out.length; i++) out[i] = reluRef(x[i]);
}
import type { Storage } from "../../src/tensor/dtype.js";

const specials = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.5, -2.25];

function values(n: number, seed: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push(i < specials.length && (seed + i) % 2 === 0 ? specials[(i + seed) % specials.length] : (s / 2147483648 - 0.5) * 8);
  }
  // Every special value at least once when there is room.
  for (let i = 0; i < specials.length && i * 2 < n; i++) out[i * 2] = specials[i];
  return out;
}

function sameBits(a: Storage, b: Storage): void {
  expect(a.constructor).toBe(b.constructor);
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`index ${i}: ${a[i]} vs ${b[i]}`);
  }
}

const makers: [string, (v: number[]) => Storage][] = [
  ["Float32Array", (v) => Float32Array.from(v)],
  ["Float64Array", (v) => Float64Array.from(v)],
];

const backends = [jsBackend, wasmBackend()].filter((b): b is NonNullable<typeof b> => b !== null);

describe("ReLU kernels", () => {
  for (const b of backends) {
    for (const [name, make] of makers) {
      for (const n of [1, 3, 17, 255]) {
        it(`forward is PyTorch's max(v, 0) (${b.name}, ${name}, n=${n})`, () => {
          const x = make(values(n, n));
          const want = make(new Array<number>(n).fill(7));
          reluInto(x, want);
          const got = make(new Array<number>(n).fill(7));
          b.relu(x, got);
          sameBits(got, want);
        });

        it(`backward is exactly 0 where y <= 0, else g, NaN outputs included (PyTorch's threshold_backward) (${b.name}, ${name}, n=${n})`, () => {
          const x = make(values(n, n + 1));
          const y = make(new Array<number>(n).fill(0));
          b.relu(x, y);
          // Gradients with specials too, so NaN and -0 gradients pass through where y > 0 or y is NaN.
          const g = make(values(n, n + 2).reverse());
          const want = make(new Array<number>(n).fill(7));
          for (let i = 0; i < n; i++) want[i] = y[i] <= 0 ? 0 : g[i];
          const got = make(new Array<number>(n).fill(7));
          b.activationBackward("relu", g, y, got);
          sameBits(got, want);
          // Where the output is 0 or -0 the gradient is exactly +0; a NaN output passes g.
          for (let i = 0; i < n; i++) if (y[i] <= 0) expect(Object.is(got[i], 0)).toBe(true);
          if (values(n, n + 1).some((v) => Number.isNaN(v))) expect(Array.from(y).some((v) => Number.isNaN(v))).toBe(true);
        });
      }
    }
  }

  it("float32 forward works on the bits: strictly negative values (to −inf, denormals) become +0, −0 and (quiet) NaNs keep their bits", () => {
    const bits = Int32Array.from([
      0x80000000, 0x00000000, 0xffc00000 | 0, 0xffc00001 | 0, 0x7fc00001, 0x7f800000, 0xff800000 | 0,
      0x80000001 | 0, 0x00000001, 0xbf800000 | 0, 0x3f800000, 0xff7fffff | 0, 0x7f7fffff,
    ]);
    // Offset views, as a tensor's storage may be part of a larger buffer; short arrays
    // and long ones (the wasm backend's kernel from 1024 floats on).
    for (const n of [bits.length, 4099]) {
      const pattern = Int32Array.from({ length: n }, (_, i) => bits[i % bits.length]);
      const x = new Float32Array(new Int32Array([7, ...pattern]).buffer, 4, n);
      const out = new Float32Array(n + 2).subarray(1, n + 1);
      for (const b of backends) {
        b.relu(x, out);
        const got = new Int32Array(out.buffer, out.byteOffset, out.length);
        for (let i = 0; i < n; i++) {
          const v = pattern[i], mag = v & 0x7fffffff;
          const strictlyNegative = v < 0 && mag !== 0 && mag <= 0x7f800000;
          if (got[i] !== (strictlyNegative ? 0 : v)) expect(got[i], `${b.name} n=${n} bits ${(v >>> 0).toString(16)}`).toBe(strictlyNegative ? 0 : v);
        }
      }
    }
  });

  it("mixed storage types fall back to the generic loop", () => {
    const x = Float64Array.from([NaN, -0, -1, 2]);
    const out = new Float32Array(4);
    jsBackend.relu(x, out);
    sameBits(out, Float32Array.from([NaN, -0, 0, 2]));
    const g = Float64Array.from([5, 6, 7, 8]);
    const gx = new Float64Array(4);
    jsBackend.activationBackward("relu", g, out, gx);
    sameBits(gx, Float64Array.from([5, 0, 0, 8])); // a NaN output passes g, as PyTorch
  });
});

describe("kd.relu on the dedicated kernels", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`values, grad_fn and gradient (${dtype})`, () => {
      const v = values(17, 5);
      const x = kd.tensor(v, { dtype, requiresGrad: true });
      const y = kd.relu(x);
      expect(y.dtype).toBe(dtype);
      expect(y.gradFn?.name).toBe("ReluBackward0");
      const ref = dtype === "float32" ? Float32Array.from(v) : Float64Array.from(v);
      const want = ref.slice();
      reluInto(ref, want);
      sameBits(y.data, want);
      y.sum().backward();
      const gw = ref.slice();
      for (let i = 0; i < gw.length; i++) gw[i] = want[i] <= 0 ? 0 : 1; // NaN passes g (PyTorch's threshold_backward)
      if (!x.grad) throw new Error("missing gradient");
      sameBits(x.grad.data, gw);
    });
  }

  it("int64 keeps the generic kernel", () => {
    const y = kd.relu(kd.tensor([-3, 0, 4], { dtype: "int64" }));
    expect(y.dtype).toBe("int64");
    expect(Array.from(y.data)).toEqual([0, 0, 4]);
  });
});

describe("activation backward (sigmoid, tanh) in wasm SIMD and on the reference kernels", () => {
  const wasm = wasmBackend();
  for (const act of ["sigmoid", "tanh"] as const) {
    for (const n of [5, 1023, 1024, 4099]) {
      it(`${act}, ${n} floats: wasm agrees with the reference within float32 rounding`, () => {
        expect(wasm).not.toBeNull();
        const g = Float32Array.from(values(n, 7).map((v) => (Number.isFinite(v) ? v : 1)));
        const y = Float32Array.from(values(n, 11).map((v) => (Number.isFinite(v) ? Math.tanh(v) : 0.5)));
        const ref = new Float32Array(n), got = new Float32Array(n);
        jsBackend.activationBackward(act, g, y, ref);
        (wasm as NonNullable<typeof wasm>).activationBackward(act, g, y, got);
        for (let i = 0; i < n; i++) {
          const want = act === "tanh" ? g[i] * (1 - y[i] * y[i]) : g[i] * (y[i] * (1 - y[i]));
          // float32 steps round y² (or y(1 − y)) to 2⁻²⁴ of 1: the error is bounded by |g|, not |result|.
          const bound = Math.abs(g[i]) * 1.5e-7 + Math.abs(want) * 2.5e-7 + 1e-30;
          expect(Math.abs(ref[i] - want)).toBeLessThanOrEqual(bound);
          expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(2 * bound);
        }
      });
    }
  }

  it("the tanh op's gradient through the kernel equals the gradient built from ops (createGraph)", () => {
    const x = kd.randn([3000]).requiresGrad_();
    const y = x.tanh();
    const [viaKernel] = kd.autograd.grad(y.sum(), [x], { retainGraph: true });
    const [viaOps] = kd.autograd.grad(y.sum(), [x], { createGraph: true });
    const a = (viaKernel as kd.Tensor).toArray(), b = (viaOps as kd.Tensor).toArray();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(3e-7);
  });
});
