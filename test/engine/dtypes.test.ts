/**
 * dtypes: PyTorch's type promotion (tensors with dims, zero-dim tensors, JS numbers),
 * casts, creation functions, and the documented JS-number choice.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { decode, expectTensor, loadFixture, type Encoded } from "./fixtures.js";

const promotion = loadFixture<Record<string, { result?: Encoded; error?: string }>>("promotion");
const creation = loadFixture<Record<string, Encoded>>("creation");

const OPERANDS: Record<string, () => kd.TensorLike> = {
  f32: () => kd.tensor([1.5, -2]),
  f64: () => kd.tensor([1.5, -2], { dtype: "float64" }),
  i64: () => kd.tensor([3, -2], { dtype: "int64" }),
  bool: () => kd.tensor([true, false]),
  f32_0d: () => kd.tensor(2.5),
  f64_0d: () => kd.tensor(2.5, { dtype: "float64" }),
  i64_0d: () => kd.tensor(2, { dtype: "int64" }),
  bool_0d: () => kd.tensor(true),
  int: () => 2,
  float: () => 2.5,
  true: () => true,
};

const OPS: Record<string, (a: kd.TensorLike, b: kd.TensorLike) => kd.Tensor> = {
  add: kd.add,
  mul: kd.mul,
  div: (a, b) => kd.div(a, b),
  sub: (a, b) => kd.sub(a, b),
  eq: kd.eq,
  where: (a, b) => kd.where(kd.tensor([true, false]), a, b),
};

describe("type promotion as PyTorch's result_type", () => {
  for (const [key, want] of Object.entries(promotion)) {
    const [op, a, b] = key.split(":");
    it(key, () => {
      const run = (): kd.Tensor => OPS[op](OPERANDS[a](), OPERANDS[b]());
      if (want.error) expect(run).toThrow(want.error);
      else expectTensor(run(), want.result as Encoded, key);
    });
  }
});

describe("creation functions against PyTorch", () => {
  const made: Record<string, () => kd.Tensor> = {
    arange_5: () => kd.arange(5),
    arange_2_9_3: () => kd.arange(2, 9, 3),
    arange_neg_step: () => kd.arange(5, -3, -2),
    arange_float: () => kd.arange(0, 1, 0.1),
    arange_float_f64: () => kd.arange(-1, 1, 0.25, { dtype: "float64" }),
    arange_float_end: () => kd.arange(2.5),
    arange_dtype_f32: () => kd.arange(4, { dtype: "float32" }),
    linspace_7: () => kd.linspace(-1, 1, 7),
    linspace_5: () => kd.linspace(0, 1, 5),
    linspace_1: () => kd.linspace(3, 5, 1),
    linspace_0: () => kd.linspace(3, 5, 0),
    linspace_f64: () => kd.linspace(-2, 3, 11, { dtype: "float64" }),
    linspace_long: () => kd.linspace(0, 10, 4, { dtype: "int64" }),
    eye_3: () => kd.eye(3),
    eye_2_4: () => kd.eye(2, 4),
    eye_long: () => kd.eye(2, 3, { dtype: "int64" }),
    full: () => kd.full([2, 3], 1.5),
    full_bool: () => kd.full([2], true),
    zeros_f64: () => kd.zeros([2, 2], { dtype: "float64" }),
    ones_long: () => kd.ones([3], { dtype: "int64" }),
    long_trunc: () => kd.tensor([1.7, -1.7, 2.5, -0.5]).long(),
    bool_cast: () => kd.tensor([0, -0, 0.5, NaN, -3]).bool(),
    float_from_bool: () => kd.tensor([true, false]).float(),
    double_from_f32: () => kd.tensor([0.1, 1 / 3]).double(),
    float_from_f64: () => kd.tensor([0.1, 1 / 3, 1e-50, 1e40], { dtype: "float64" }).float(),
  };
  for (const [name, make] of Object.entries(made)) {
    it(name, () => expectTensor(make(), creation[name], name, { atol: 0, rtol: 0 }));
  }
  it("tests every case of creation.json", () => {
    expect(Object.keys(creation).filter((k) => !(k in made))).toEqual([]);
  });
});

describe("dtypes", () => {
  it("JS numbers give float32 unless a dtype is given; booleans give bool", () => {
    expect(kd.tensor([1, 2]).dtype).toBe("float32");
    expect(kd.tensor([1, 2], { dtype: "int64" }).dtype).toBe("int64");
    expect(kd.tensor([true, false]).dtype).toBe("bool");
    expect(kd.tensor(Float64Array.from([1, 2])).dtype).toBe("float64");
    expect(kd.tensor(Int32Array.from([1, 2])).dtype).toBe("int32"); // as torch.from_numpy of an int32 array
    expect(kd.tensor(Int16Array.from([1, 2])).dtype).toBe("int64");
    expect(kd.zeros([2]).dtype).toBe("float32");
  });

  it("stores each dtype in its typed array; int64 as whole numbers in a Float64Array", () => {
    expect(kd.zeros([1]).data).toBeInstanceOf(Float32Array);
    expect(kd.zeros([1], { dtype: "float64" }).data).toBeInstanceOf(Float64Array);
    const l = kd.tensor([2.9, -2.9], { dtype: "int64" });
    expect(l.data).toBeInstanceOf(Float64Array);
    expect(Array.from(l.data)).toEqual([2, -2]);
    expect(kd.zeros([1], { dtype: "bool" }).data).toBeInstanceOf(Uint8Array);
  });

  it("converts with float(), double(), long(), bool(), to(dtype) and to('cpu')", () => {
    const x = kd.tensor([1.5, -0.5, 0]);
    expect(x.double().dtype).toBe("float64");
    expect(x.double().float().dtype).toBe("float32");
    expect(x.long().tolist()).toEqual([1, -0, 0]);
    expect(x.bool().tolist()).toEqual([true, true, false]);
    expect(x.to("int64").dtype).toBe("int64");
    expect(x.to("cpu")).toBe(x);
    expect(x.float()).toBe(x); // same dtype: the tensor itself, as PyTorch
  });

  it("gives values out with item(), tolist() and toArray()", () => {
    const x = kd.tensor([[1, 2], [3, 4]]);
    expect(x.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(kd.tensor(2.5).item()).toBe(2.5);
    expect(kd.tensor([[7]]).item()).toBe(7);
    const arr = x.toArray();
    expect(arr).toBeInstanceOf(Float32Array);
    arr[0] = 100; // a copy
    expect(x.data[0]).toBe(1);
    expect(kd.tensor([true]).tolist()).toEqual([true]);
    expect(kd.tensor(3).tolist()).toBe(3);
  });

  it("reports shape, dtype, numel() and dim()", () => {
    const x = kd.zeros([2, 3, 4], { dtype: "float64" });
    expect(x.shape).toEqual([2, 3, 4]);
    expect(x.numel()).toBe(24);
    expect(x.dim()).toBe(3);
    expect(x.ndim).toBe(3);
    expect(x.size(-1)).toBe(4);
    expect(kd.tensor(1).dim()).toBe(0);
    expect(kd.tensor(1).numel()).toBe(1);
  });

  it("makes tensors with zerosLike, onesLike, fromArray", () => {
    const x = kd.tensor([[1, 2]], { dtype: "float64" });
    expect(kd.zerosLike(x).dtype).toBe("float64");
    expect(kd.onesLike(x).tolist()).toEqual([[1, 1]]);
    expect(kd.onesLike(x, { dtype: "int64" }).dtype).toBe("int64");
    const f = kd.fromArray(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(f.shape).toEqual([2, 3]);
    expect(f.dtype).toBe("float32");
    expect(() => kd.fromArray(Float32Array.from([1, 2]), [3])).toThrow(kd.ValueError);
    expect(kd.zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it("decodes the fixture encoding (a check of the test helper itself)", () => {
    const t = decode({ shape: [3], dtype: "float32", data: ["nan", "-inf", -0] });
    expect(Number.isNaN(t.data[0])).toBe(true);
    expect(t.data[1]).toBe(-Infinity);
    expect(Object.is(t.data[2], -0)).toBe(true);
  });
});

describe("add and sub with alpha (PyTorch 2.13's dtypes, values and errors)", () => {
  const t = kd.tensor;
  const i64 = (v: number[]): kd.Tensor => t(v, { dtype: "int64" });
  it("promotes the operands as without alpha: alpha scales b in the result dtype", () => {
    const a = kd.add(t(1.0, { dtype: "float64" }), i64([1, 2]), { alpha: 0.5 });
    expect([a.dtype, a.tolist()]).toEqual(["float64", [1.5, 2]]);
    const s = kd.sub(t(1.0, { dtype: "float64" }), i64([1, 2]), { alpha: 0.5 });
    expect([s.dtype, s.tolist()]).toEqual(["float64", [0.5, 0]]);
    const f = kd.add(t([1, 2]), t(1, { dtype: "float64" }), { alpha: 0.1 });
    expect(f.dtype).toBe("float32");
    expect(Array.from(f.toArray())).toEqual([1.100000023841858, 2.0999999046325684]);
    const ii = kd.add(i64([1, 2]), i64([1, 2]), { alpha: 2 });
    expect([ii.dtype, ii.tolist()]).toEqual(["int64", [3, 6]]);
    const bb = kd.add(t([true, false]), t([true, true]), { alpha: 2 });
    expect([bb.dtype, bb.tolist()]).toEqual(["bool", [true, true]]);
    // Each operand gets its gradient in its own dtype.
    const x = t([1, 2], { requiresGrad: true }), y = t([3, 4], { dtype: "float64", requiresGrad: true });
    const z = kd.add(x, y, { alpha: 2 });
    z.sum().backward();
    expect([z.dtype, x.grad?.dtype, x.grad?.tolist(), y.grad?.dtype, y.grad?.tolist()]).toEqual(["float64", "float32", [1, 1], "float64", [2, 2]]);
  });

  it("refuses a fractional alpha with integral operands", () => {
    const msg = "For integral input tensors, argument alpha must not be a floating point number.";
    expect(() => kd.add(i64([1, 2]), i64([1, 2]), { alpha: 0.5 })).toThrow(msg);
    expect(() => kd.add(i64([1, 2]), 3, { alpha: 0.5 })).toThrow(msg);
    expect(() => kd.sub(i64([1, 2]), i64([1, 2]), { alpha: 0.5 })).toThrow(msg);
    expect(() => kd.add(t([true]), t([true]), { alpha: 0.5 })).toThrow(msg);
  });
});

