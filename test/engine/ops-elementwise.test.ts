/** Element-wise ops against PyTorch: broadcasting, scalar operands, dtypes, gradients. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { gelu, leakyRelu, elu, softplus, silu } from "../../src/ops/elementwise.js";
import { opSuite } from "./op-helper.js";

const { testOp, done } = opSuite("ops-elementwise");

const BCAST: Record<string, number[][]> = {
  same: [[3], [3]],
  row: [[2, 3], [3]],
  col: [[2, 3], [2, 1]],
  outer: [[2, 1], [1, 3]],
  "3d": [[4, 1, 3], [2, 1]],
  "0d": [[2, 3], []],
};

for (const [k, shapes] of Object.entries(BCAST)) {
  testOp(`add_${k}`, shapes, (a, b) => a.add(b));
  testOp(`sub_${k}`, shapes, (a, b) => a.sub(b));
  testOp(`mul_${k}`, shapes, (a, b) => kd.mul(a, b));
  testOp(`div_${k}`, shapes, (a, b) => a.div(b));
  testOp(`maximum_${k}`, shapes, (a, b) => kd.maximum(a, b));
  testOp(`minimum_${k}`, shapes, (a, b) => a.minimum(b));
}

// scalar operands and dtype promotion
testOp("add_scalar", [[2, 3]], (a) => a.add(2.5));
testOp("radd_scalar", [[2, 3]], (a) => kd.add(2.5, a));
testOp("add_alpha", [[2, 3], [3]], (a, b) => kd.add(a, b, { alpha: -1.5 }));
testOp("sub_scalar", [[2, 3]], (a) => a.sub(1.25));
testOp("rsub_scalar", [[2, 3]], (a) => kd.sub(1, a));
testOp("mul_scalar", [[2, 3]], (a) => a.mul(3));
testOp("mul_self", [[2, 3]], (a) => a.mul(a));
testOp("div_scalar", [[2, 3]], (a) => a.div(4));
testOp("rdiv_scalar", [[2, 3]], (a) => kd.div(2, a));
testOp("mul_f64_0d", [[2, 3], []], (a, b) => a.mul(b));
testOp("add_f32_f64", [[2, 3], [3]], (a, b) => a.add(b));

// powers
testOp("pow_2", [[2, 3]], (a) => a.pow(2));
testOp("pow_3", [[2, 3]], (a) => a.pow(3));
testOp("pow_half", [[2, 3]], (a) => a.pow(0.5));
testOp("pow_neg", [[2, 3]], (a) => a.pow(-1.5));
testOp("pow_0", [[2, 3]], (a) => a.pow(0));
testOp("pow_tensor", [[2, 3], [3]], (a, b) => a.pow(b));
testOp("rpow", [[2, 3]], (a) => kd.pow(2, a));
testOp("square", [[2, 3]], (a) => a.square());

// one operand
testOp("neg", [[2, 3]], (a) => a.neg());
testOp("abs", [[2, 3]], (a) => kd.abs(a));
testOp("exp", [[2, 3]], (a) => a.exp());
testOp("expm1", [[2, 3]], (a) => a.expm1());
testOp("log", [[2, 3]], (a) => kd.log(a));
testOp("log2", [[2, 3]], (a) => a.log2());
testOp("log1p", [[2, 3]], (a) => a.log1p());
testOp("sqrt", [[2, 3]], (a) => kd.sqrt(a));
testOp("rsqrt", [[2, 3]], (a) => a.rsqrt());
testOp("reciprocal", [[2, 3]], (a) => a.reciprocal());
testOp("sin", [[2, 3]], (a) => a.sin());
testOp("cos", [[2, 3]], (a) => a.cos());
testOp("erf", [[2, 3]], (a) => a.erf(), { rtol: 1e-5, atol: 1e-6 });
testOp("sigmoid", [[2, 3]], (a) => kd.sigmoid(a));
testOp("tanh", [[2, 3]], (a) => a.tanh());
testOp("relu", [[3, 4]], (a) => kd.relu(a));
testOp("clamp", [[3, 4]], (a) => a.clamp(-0.5, 0.75));
testOp("clamp_min", [[3, 4]], (a) => a.clamp(0.1));
testOp("clamp_max", [[3, 4]], (a) => kd.clamp(a, null, -0.2));
testOp("round", [[3, 4]], (a) => a.round());
testOp("round_decimals", [[3, 4]], (a) => a.round({ decimals: 2 }));
testOp("floor", [[3, 4]], (a) => a.floor());
testOp("ceil", [[3, 4]], (a) => kd.ceil(a));
testOp("trunc", [[3, 4]], (a) => a.trunc());
testOp("sign", [[3, 4]], (a) => a.sign());
testOp("atan2", [[2, 3], [3]], (a, b) => kd.atan2(a, b));
testOp("remainder", [[2, 3], [3]], (a, b) => a.remainder(b));
testOp("where", [[2, 3], [2, 3], [3]], (c, a, b) => kd.where(c, a, b));
testOp("where_scalar", [[2, 3], [2, 3]], (c, a) => a.where(c, 0.5));
testOp("leaky_relu", [[3, 4]], (a) => leakyRelu(a, 0.1));
testOp("elu", [[3, 4]], (a) => elu(a));
testOp("softplus", [[3, 4]], (a) => softplus(a));
testOp("gelu", [[3, 4]], (a) => gelu(a));
testOp("gelu_tanh", [[3, 4]], (a) => gelu(a, "tanh"));
testOp("silu", [[3, 4]], (a) => silu(a));
testOp("clone", [[2, 3]], (a) => a.clone());
testOp("to_double", [[2, 3]], (a) => a.double());
// The output is float32: finite differences need a step far above float32's rounding.
testOp("to_float", [[2, 3]], (a) => a.float(), { gradcheck: { eps: 1e-3 } });
testOp("f64_mul", [[2, 3], [3]], (a, b) => a.mul(b));
testOp("f64_sigmoid", [[2, 3]], (a) => a.sigmoid());
// JS numbers keep double precision with float64 tensors (a wrapped Python float).
testOp("f64_scalar", [[2, 3]], (a) => a.add(0.1).mul(0.3).sub(1 / 3), { atol: 1e-15, rtol: 1e-15 });

// comparisons, logic and tests
testOp("eq", [[2, 3], [3]], (a, b) => kd.eq(a, b));
testOp("ne_scalar", [[2, 3]], (a) => a.ne(1));
testOp("lt", [[2, 3], [3]], (a, b) => a.lt(b));
testOp("le_scalar", [[2, 3]], (a) => a.le(0.5));
testOp("gt", [[2, 3], [2, 1]], (a, b) => kd.gt(a, b));
testOp("ge", [[2, 1], [1, 3]], (a, b) => a.ge(b));
testOp("logical_and", [[2, 3], [3]], (a, b) => a.logicalAnd(b));
testOp("logical_or", [[2, 3], [2, 1]], (a, b) => kd.logicalOr(a, b));
testOp("logical_xor", [[2, 3], [3]], (a, b) => a.logicalXor(b));
testOp("logical_not", [[2, 3]], (a) => kd.logicalNot(a));
testOp("logical_and_special", [[3, 4], [4]], (a, b) => kd.logicalAnd(a, b));
testOp("logical_not_special", [[3, 4]], (a) => a.logicalNot());
testOp("isnan", [[3, 4]], (a) => kd.isnan(a));
testOp("isfinite", [[3, 4]], (a) => a.isfinite());
testOp("isinf", [[3, 4]], (a) => a.isinf());
testOp("eq_special", [[3, 4], [3, 4]], (a, b) => a.eq(b));
testOp("sign_special", [[3, 4]], (a) => a.sign());
testOp("relu_special", [[3, 4]], (a) => a.relu());
testOp("maximum_special", [[3, 4], [3, 4]], (a, b) => kd.maximum(a, b));
testOp("clamp_special", [[3, 4]], (a) => a.clamp(-1, 1));
testOp("round_half", [[8]], (a) => kd.round(kd.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 4.5], { device: a.device }).add(a.mul(0))));
testOp("bool_add", [[2, 3], [3]], (a, b) => a.add(b));
testOp("bool_mul", [[2, 3], [3]], (a, b) => a.mul(b));
testOp("int_add_scalar", [[2, 3]], (a) => a.add(3));
testOp("int_mul_float", [[2, 3]], (a) => a.mul(0.5));
testOp("int_div", [[2, 3], [3]], (a, b) => a.div(b));
testOp("int_div_floor", [[2, 3], [3]], (a, b) => a.div(b, { roundingMode: "floor" }));
testOp("int_div_trunc", [[2, 3], [3]], (a, b) => kd.div(a, b, { roundingMode: "trunc" }));
testOp("div_floor", [[2, 3], [3]], (a, b) => a.div(b, { roundingMode: "floor" }));
testOp("int_exp", [[2, 3]], (a) => a.exp());
testOp("int_pow", [[2, 3]], (a) => a.pow(2));
testOp("int_clamp_float", [[2, 3]], (a) => a.clamp(-1.5, 2.5));
testOp("int_abs_neg", [[2, 3]], (a) => a.abs().neg());

done();

/** Values with their signs (−0 is not 0) and NaNs compared as equal. */
function sameValues(t: kd.Tensor, want: number[]): void {
  const got = Array.from(t.toArray() as ArrayLike<number>);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Object.is(g, want[i]) || (Number.isNaN(g) && Number.isNaN(want[i])), `[${i}]: got ${g}, want ${want[i]}`).toBe(true));
}

describe("clamp with tensor bounds (expected values are PyTorch 2.13's)", () => {
  const t = kd.tensor;
  it("clamps element-wise and broadcasts the bounds with the input", () => {
    expect(kd.clamp(t([0.5, 2, -1]), kd.zeros([3]), kd.ones([3])).tolist()).toEqual([0.5, 1, 0]);
    const b = kd.clamp(t([0.5, 2, -1]), kd.zeros([3, 1]), kd.ones([3, 1]));
    expect(b.shape).toEqual([3, 3]);
    expect(b.tolist()).toEqual([[0.5, 1, 0], [0.5, 1, 0], [0.5, 1, 0]]);
    expect(t([0.5, 2, -1]).clamp(kd.zeros([3]), kd.ones([3])).tolist()).toEqual([0.5, 1, 0]);
    expect(kd.clip(t([0.5, 2, -1]), kd.zeros([3]), kd.ones([3])).tolist()).toEqual([0.5, 1, 0]);
    expect(t([0.5, 2, -1]).clip(null, kd.zeros([3])).tolist()).toEqual([0, 0, -1]);
    // NaN in the input or either bound gives NaN; min > max gives max.
    sameValues(kd.clamp(t([1, NaN, 3]), t([NaN, 0, 0]), t([2, 2, NaN])), [NaN, NaN, NaN]);
    expect(kd.clamp(t([0, 9]), t([5, 5]), t([4, 4])).tolist()).toEqual([4, 4]);
  });

  it("promotes the input with the bounds as PyTorch does", () => {
    const i64 = t([1, 5, -3], { dtype: "int64" });
    const r1 = kd.clamp(i64, t([0.5, 0.5, 0.5]), null);
    expect([r1.dtype, r1.tolist()]).toEqual(["float32", [1, 5, 0.5]]);
    expect(kd.clamp(i64, t(0.5, { dtype: "float64" })).dtype).toBe("float64");
    expect(kd.clamp(t([1, 5, -3]), t(0.5, { dtype: "float64" })).dtype).toBe("float32");
    expect(kd.clamp(t([1, 5, -3]), t([0.5], { dtype: "float64" })).dtype).toBe("float64");
    const r2 = kd.clamp(t([1, 5, -3], { dtype: "int32" }), t([0, 0, 0], { dtype: "int64" }), t([2, 2, 2], { dtype: "int64" }));
    expect([r2.dtype, r2.tolist()]).toEqual(["int64", [1, 2, 0]]);
    expect(() => kd.clamp(t([true, false]), t([false, false]), t([true, true]))).toThrow(`"clamp_cpu" not implemented for 'Bool'`);
  });

  it("clamp_ with tensor bounds writes in place, and refuses a float result in an int tensor or a broadcast past its shape", () => {
    const x = t([1, 5, -3]);
    expect(x.clamp_(kd.zeros([3]), t(2))).toBe(x);
    expect(x.tolist()).toEqual([1, 2, 0]);
    expect(() => t([1, 5, -3], { dtype: "int64" }).clamp_(t([0.5, 0.5, 0.5]))).toThrow("result type Float can't be cast to the desired output type Long");
    expect(() => t([1, 5, -3]).clamp_(kd.zeros([3, 1]))).toThrow("output with shape [3] doesn't match the broadcast shape [3, 3]");
  });
});

describe("clamp's and hardtanh's dtypes with number bounds (PyTorch 2.13's)", () => {
  const t = kd.tensor;
  it("promotes a bool tensor with number bounds (int64, or float for a fraction)", () => {
    const a = kd.clamp(t([true, false]), 0, 2);
    expect([a.dtype, a.tolist()]).toEqual(["int64", [1, 0]]);
    const b = kd.clamp(t([true, false]), 0.5);
    expect([b.dtype, b.tolist()]).toEqual(["float32", [1, 0.5]]);
  });

  it("clamp_ refuses bounds whose result type the tensor cannot hold", () => {
    expect(() => t([1, 5, -3], { dtype: "int64" }).clamp_(0.5, 2.5)).toThrow("result type Float can't be cast to the desired output type long int");
    expect(() => t([true, false]).clamp_(0, 2)).toThrow("result type Long can't be cast to the desired output type bool");
    const x = t([1, 5, -3], { dtype: "int64" });
    x.clamp_(0, 2);
    expect([x.dtype, x.tolist()]).toEqual(["int64", [1, 2, 0]]);
  });

  it("hardtanh keeps an integer dtype and holds whole values only", () => {
    const F = kd.nn.functional;
    const a = F.hardtanh(t([4, -2, 1], { dtype: "int64" }), -0.5, 1.5);
    expect([a.dtype, Array.from(a.toArray())]).toEqual(["int64", [1, 0, 1]]);
    expect(Array.from(F.hardtanh(t([4, -2, 1], { dtype: "int32" }), -0.5, 1.5).toArray())).toEqual([1, 0, 1]);
    expect(Array.from(F.hardtanh(t([4, -2, 1, -1], { dtype: "int64" }), -1.5, 1.5).toArray())).toEqual([1, -1, 1, -1]);
    expect(() => F.hardtanh(t([true, false]))).toThrow("Bool inputs not supported for hardtanh");
  });

  it("squares a bool tensor in int64", () => {
    const s = kd.square(t([true, false]));
    expect([s.dtype, s.tolist()]).toEqual(["int64", [1, 0]]);
  });
});

describe("floor division and remainder (expected values are PyTorch 2.13's)", () => {
  const A = [1.0, 5.0, -5.0, 7.5, -7.5, 0.0, -0.0, 0.0, 3.0, -3.0, Infinity, NaN, 1e30, 1e-30, -1e-30, 0.3, 2.0, 0.7];
  const B = [0.1, -Infinity, Infinity, -2.0, 2.0, -3.0, 3.0, 0.0, 0.0, 0.0, 3.0, 2.0, 3e-9, 7.0, 7.0, 0.1, 0.2, 0.1];

  it("divides from the exact remainder in float64 (1 // 0.1 is 9, 5 // −∞ is −1)", () => {
    const a = kd.tensor(A, { dtype: "float64" }), b = kd.tensor(B, { dtype: "float64" });
    sameValues(kd.div(a, b, { roundingMode: "floor" }),
      [9, -1, -1, -4, -4, -0, -0, NaN, Infinity, -Infinity, NaN, NaN, 3.3333333333333333e+38, 0, -1, 2, 9, 6]);
    sameValues(kd.remainder(a, b),
      [0.09999999999999995, -Infinity, Infinity, -0.5, 0.5, 0, -0, NaN, NaN, NaN, NaN, NaN, 1.4338966084070613e-09, 1e-30, 7, 0.09999999999999998, 0.1999999999999999, 0.09999999999999992]);
  });

  it("rounds each step to float32 in float32 (0.3 // 0.1 is 3 there, 2 in float64)", () => {
    const a = kd.tensor(A), b = kd.tensor(B);
    sameValues(kd.div(a, b, { roundingMode: "floor" }),
      [9, -1, -1, -4, -4, -0, -0, NaN, Infinity, -Infinity, NaN, NaN, 3.3333332943699295e+38, 0, -1, 3, 9, 6]);
    sameValues(kd.remainder(a, b),
      [0.09999998658895493, -Infinity, Infinity, -0.5, 0.5, 0, -0, NaN, NaN, NaN, NaN, NaN, 1.4610113119317703e-09, 1.0000000031710769e-30, 7, 7.450580596923828e-09, 0.19999997317790985, 0.09999997913837433]);
  });

  it("is exact for int64 (no −0, no rounded quotient) and refuses a zero divisor", () => {
    const L = (v: number[]): kd.Tensor => kd.tensor(v, { dtype: "int64" });
    sameValues(kd.div(L([7, -7, 0, -9, 2 ** 53 - 1]), L([2, 2, -3, -4, 3]), { roundingMode: "floor" }), [3, -4, 0, 2, 3002399751580330]);
    sameValues(kd.remainder(L([7, -7, 0, -9, -6]), L([2, 2, -3, -4, 3])), [1, 1, 0, -1, 0]);
    expect(() => kd.div(L([1]), L([0]), { roundingMode: "floor" })).toThrow("ZeroDivisionError");
  });
});

describe("pow's special cases are C's, as PyTorch's (PyTorch 2.13's values)", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`1 to any power and −1 to ±∞ are 1 (${dtype})`, () => {
      const t = (v: number[]): kd.Tensor => kd.tensor(v, { dtype });
      sameValues(kd.pow(t([1, -1, 1, -1, 1, -1, 2, 0.5]), t([Infinity, Infinity, NaN, -Infinity, -Infinity, NaN, Infinity, -Infinity])),
        [1, 1, 1, 1, 1, NaN, Infinity, Infinity]);
      sameValues(kd.pow(t([1, -1, 2]), Infinity), [1, 1, Infinity]);
      sameValues(kd.pow(t([1, -1, 2]), NaN), [1, NaN, NaN]);
      sameValues(kd.pow(t([1, -1, 2]), -Infinity), [1, 1, 0]);
      sameValues(kd.pow(1, t([NaN, Infinity])), [1, 1]);
      sameValues(kd.pow(-1, t([NaN, Infinity, -Infinity])), [NaN, 1, 1]);
    });
  }
  it("an int64 base with a float exponent", () => {
    sameValues(kd.pow(kd.tensor([1, -1, 2], { dtype: "int64" }), kd.tensor([NaN, Infinity, -Infinity])), [1, 1, 0]);
  });
});

describe("fmod and floorDivide, as PyTorch 2.13", () => {
  it("fmod takes the dividend's sign, with FmodBackward's gradients", () => {
    const a = kd.tensor([5, -5, 5, -5, 0.3]).requiresGrad_(), b = kd.tensor([3, 3, -3, -3, 0.1]).requiresGrad_();
    const r = kd.fmod(a, b);
    expect(r.tolist()).toEqual([2, -2, 2, -2, 7.450580596923828e-9]);
    expect(r.gradFn?.name).toBe("FmodBackward1");
    r.sum().backward();
    expect([a.grad?.tolist(), b.grad?.tolist()]).toEqual([[1, 1, 1, 1, 1], [-1, 1, 1, -1, -3]]);
    expect(a.fmod(2).gradFn?.name).toBe("FmodBackward0");
    const i = kd.fmod(kd.tensor([5, -5, -6, 6], { dtype: "int64" }), 3);
    expect([i.dtype, i.tolist()]).toEqual(["int64", [2, -2, 0, 0]]);
    expect(Object.is(i.toArray()[2], 0)).toBe(true); // an integer has no −0
    expect(Object.is(kd.fmod(kd.tensor([-6]), 3).toArray()[0], -0)).toBe(true); // a float keeps it, as C's fmod
    expect(() => kd.fmod(kd.tensor([5], { dtype: "int64" }), kd.tensor([0], { dtype: "int64" }))).toThrow("ZeroDivisionError");
  });
  it("floorDivide rounds the quotient down", () => {
    expect(kd.floorDivide(kd.tensor([5, -5]), 3).tolist()).toEqual([1, -2]);
    const q = kd.tensor([5, -5], { dtype: "int64" }).floorDivide(3);
    expect([q.dtype, q.tolist()]).toEqual(["int64", [1, -2]]);
  });
});
