/** Element-wise ops against PyTorch: broadcasting, scalar operands, dtypes, gradients. */
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
