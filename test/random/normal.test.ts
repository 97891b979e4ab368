/**
 * randn / normal_ / normal against torch 2.13. float32 is bit for bit on both paths:
 * 16 or more elements (the AVX2 kernel: float32 Cephes log and sincos, fused
 * multiply-adds, the last 16 redrawn) and fewer (scalar double Box–Muller with the
 * cached sine value). float64 holds to 5e-16 relative: V8's Math.log / sin / cos are
 * not glibc's and differ from them in the last bit now and then.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { describeExactDraws, expectExact, fixture, maxRelError, runOp, seeded, type DrawCase, type TensorFixture } from "./helpers.js";

const F32 = fixture<{ cases: DrawCase[] }>("normal.json");
const F64 = fixture<{ cases: DrawCase[] }>("normal_float64.json");

describeExactDraws("randn / normal_ / normal (float32) match torch bit for bit", F32.cases);

describe("randn / normal_ (float64) match torch to 5e-16", () => {
  for (const c of F64.cases) {
    const { seed, out, ...op } = c;
    it(`${JSON.stringify(op)} seed ${seed}`, () => {
      const t = runOp(op, seeded(seed));
      expect(t.dtype).toBe("float64");
      expect([...t.shape]).toEqual(out.shape);
      expect(maxRelError(t.data, out.data)).toBeLessThanOrEqual(5e-16);
    });
  }

  it("is still bit for bit in most values (the libm differences are rare)", () => {
    let same = 0;
    let total = 0;
    for (const c of F64.cases) {
      const { seed, out, ...op } = c;
      const t = runOp(op, seeded(seed));
      out.data.forEach((v, i) => {
        total++;
        if (t.data[i] === v) same++;
      });
    }
    expect(same / total).toBeGreaterThan(0.85);
  });
});

interface TensorNormalCase {
  seed: string;
  form: "tt" | "tn" | "nt";
  mean: number[] | TensorFixture;
  std: number[] | TensorFixture;
  meanDtype: kd.DType;
  stdDtype: kd.DType;
  out: TensorFixture;
}

function asTensor(x: number[] | TensorFixture, dtype: kd.DType): kd.Tensor {
  return Array.isArray(x) ? kd.tensor(x, { dtype }) : kd.fromArray(x.data, x.shape, { dtype });
}

describe("normal with tensor mean / std matches torch", () => {
  const cases = fixture<{ cases: TensorNormalCase[] }>("normal_tensor.json").cases;
  for (const c of cases) {
    it(`form ${c.form}, mean ${c.meanDtype}, std ${c.stdDtype}, n ${c.out.data.length}, seed ${c.seed}`, () => {
      const g = seeded(c.seed);
      const mean = asTensor(c.mean, c.meanDtype);
      const std = asTensor(c.std, c.stdDtype);
      const out = c.form === "tt" ? kd.normal(mean, std, { generator: g })
        : c.form === "tn" ? kd.normal(mean, 0.7, { generator: g })
          : kd.normal(0.4, std, { generator: g });
      if (out.dtype === "float32") {
        expectExact(out, c.out);
      } else {
        // A float64 output draws float64 normals, so the libm contract applies: z within
        // 5e-16, then scaled by std (≤ 2) and shifted by mean (≤ 3), which can cancel.
        expect(out.dtype).toBe(c.out.dtype);
        expect([...out.shape]).toEqual(c.out.shape);
        expect(maxRelError(out.data, c.out.data)).toBeLessThanOrEqual(4e-15);
      }
    });
  }
});

describe("normal arguments", () => {
  it("refuses what torch refuses", () => {
    expect(() => kd.randn([3], { dtype: "int64" })).toThrow(`"normal_kernel_cpu" not implemented for 'Long'`);
    expect(() => kd.normal_(kd.zeros([3]), 0, -1)).toThrow("normal expects std >= 0.0, but found std -1");
    expect(() => kd.normal(kd.zeros([2]), kd.tensor([-1, 1]))).toThrow("normal expects all elements of std >= 0.0");
    expect(() => kd.normal(kd.zeros([2]), -1)).toThrow("normal expects std >= 0.0, but found std -1");
    expect(() => kd.normal(0, 1)).toThrow(kd.ValueError);
  });

  it("takes the size as an option too, and randnLike the input's shape and dtype", () => {
    const a = kd.normal(1, 2, { size: [2, 2], generator: new kd.Generator().manualSeed(0) });
    const b = kd.normal(1, 2, [2, 2], { generator: new kd.Generator().manualSeed(0) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const like = kd.randnLike(kd.zeros([3, 2], { dtype: "float64" }));
    expect([like.dtype, ...like.shape]).toEqual(["float64", 3, 2]);
    expect(kd.randn([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it("the scalar path caches the second value: randn(1) twice equals randn(2)", () => {
    const g = new kd.Generator().manualSeed(9);
    const a = [kd.randn([1], { generator: g }).data[0], kd.randn([1], { generator: g }).data[0]];
    const b = kd.randn([2], { generator: new kd.Generator().manualSeed(9) });
    expect(a).toEqual(Array.from(b.data));
  });

  it("manualSeed drops the cached value", () => {
    const g = new kd.Generator().manualSeed(9);
    kd.randn([1], { generator: g });
    g.manualSeed(9);
    const again = kd.randn([1], { generator: g });
    expect(again.data[0]).toBe(kd.randn([1], { generator: new kd.Generator().manualSeed(9) }).data[0]);
  });
});
