/**
 * The WebGPU element-wise kernels against the reference backend (src/backend/js) on
 * SwiftShader: every unary, parametrised and binary op for each dtype it takes, with
 * broadcasting, NaN / ±inf / ±0 inputs, casts and where.
 *
 * Tolerances: WGSL's exp, log, sin, … are not correctly rounded (the spec allows several
 * ulps, and an absolute 2^-21 for log near 1), so transcendental ops get atol 2e-6 and
 * rtol 4e-6 (erf, gelu, pow: 1e-5); the rest (arithmetic, comparisons, rounding) must be
 * exact.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { jsBackend } from "../../../src/backend/index.js";
import type { BinaryOp, ParamUnaryOp, UnaryOp } from "../../../src/backend/backend.js";
import type { GpuDType, WebGpuBackend } from "../../../src/backend/webgpu/backend.js";
import { broadcastShapes, numelOf } from "../../../src/tensor/shape.js";
import type { Storage } from "../../../src/tensor/dtype.js";
import { rng } from "../helpers.js";
import { EXACT, integers, mismatch, uniform, type Tol } from "./compare.js";
import { gpuUnderTest } from "./device.js";

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await gpuUnderTest();
});

const TRANSCENDENTAL: Tol = { atol: 2e-6, rtol: 4e-6 };
const LOOSE: Tol = { atol: 1e-5, rtol: 1e-5 };
/** A parameter is rounded to float32 on the device (the CPU multiplies by the double): one ulp. */
const PARAM_ROUNDING: Tol = { atol: 0, rtol: 2.4e-7 };
const SPECIAL = [0, -0, Number.NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2.5, -2.5, 1e-7, -1e-7];

const hostOf = (dtype: GpuDType, n: number): Storage =>
  dtype === "float32" ? new Float32Array(n) : dtype === "int32" ? new Int32Array(n) : new Uint8Array(n);

/** Input ranges where each float op is defined and tested. */
function floatInput(op: UnaryOp, rand: () => number): Float32Array {
  const n = 300;
  const positive = ["log", "log2", "log10", "sqrt", "rsqrt"].includes(op);
  const x = op === "log1p" ? uniform(n, rand, -0.9, 5) : positive ? uniform(n, rand, 1e-3, 50) : uniform(n, rand, -12, 12);
  // Small arguments exercise the series of expm1, log1p, erf and tanh.
  for (let i = 0; i < 40; i++) x[i] *= 1e-3;
  return Float32Array.from([...x, ...SPECIAL]);
}

const UNARY_TOL: Partial<Record<UnaryOp, Tol>> = {
  exp: TRANSCENDENTAL, expm1: TRANSCENDENTAL, log: TRANSCENDENTAL, log1p: TRANSCENDENTAL, log2: TRANSCENDENTAL,
  log10: TRANSCENDENTAL, sqrt: TRANSCENDENTAL, rsqrt: TRANSCENDENTAL, reciprocal: TRANSCENDENTAL, sigmoid: TRANSCENDENTAL,
  tanh: TRANSCENDENTAL, sin: TRANSCENDENTAL, cos: TRANSCENDENTAL, erf: LOOSE,
};

const UNARY_OPS: UnaryOp[] = [
  "neg", "abs", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "rsqrt", "square", "reciprocal", "sigmoid", "tanh",
  "sin", "cos", "floor", "ceil", "round", "trunc", "sign", "erf", "isnan", "isfinite", "isinf", "logicalNot", "copy",
];
const PREDICATES = new Set<UnaryOp>(["isnan", "isfinite", "isinf", "logicalNot"]);
const INT_UNARY: UnaryOp[] = ["neg", "abs", "square", "floor", "ceil", "round", "trunc", "sign", "isnan", "isfinite", "isinf", "logicalNot", "copy"];

async function runUnary(op: UnaryOp, x: Storage, xd: GpuDType, od: GpuDType): Promise<{ got: ArrayLike<number>; want: Storage }> {
  const want = hostOf(od, x.length);
  jsBackend.unary(op, x, want);
  const gx = gpu.upload(x as Float32Array | Int32Array | Uint8Array, xd);
  const out = gpu.alloc(od, x.length);
  gpu.unary(op, gx, out);
  return { got: await gpu.read(out), want };
}

describe("webgpu unary", () => {
  it("float32: every op against the reference, special values included", async () => {
    const rand = rng(1);
    for (const op of UNARY_OPS) {
      const x = floatInput(op, rand);
      const { got, want } = await runUnary(op, x, "float32", PREDICATES.has(op) ? "bool" : "float32");
      expect(mismatch(got, want, UNARY_TOL[op] ?? EXACT, x), op).toBeNull();
    }
  });

  it("int32 and bool inputs, exact (int32 wraps as PyTorch's: −INT_MIN and INT_MIN² included)", async () => {
    const rand = rng(2);
    const x = Int32Array.from([...integers(200, rand, -50000, 50000), 0, 1, -1, 2147483647, -2147483648]);
    for (const op of INT_UNARY) {
      const { got, want } = await runUnary(op, x, "int32", PREDICATES.has(op) ? "bool" : "int32");
      // The reference squares in doubles, which lose the low bits past 2^53 before the
      // int32 store wraps; PyTorch's int32 square keeps them, as Math.imul does.
      const expected = op === "square" ? x.map((v) => Math.imul(v, v)) : want;
      expect(mismatch(got, expected), op).toBeNull();
    }
    const b = Uint8Array.from([0, 1, 1, 0, 1]);
    const { got, want } = await runUnary("logicalNot", b, "bool", "bool");
    expect(mismatch(got, want)).toBeNull();
  });

  it("an int32 input to a float op computes in float32", async () => {
    const x = Int32Array.from([1, 4, 9, 100]);
    const gx = gpu.upload(x, "int32");
    const out = gpu.alloc("float32", 4);
    gpu.unary("sqrt", gx, out);
    expect(Array.from(await gpu.read(out))).toEqual([1, 2, 3, 10]);
  });

  it("in place (out is x) and a chain of ops read once", async () => {
    const x = Float32Array.from([1, -2, 3, -4]);
    const g = gpu.upload(x, "float32");
    gpu.unary("neg", g, g);
    gpu.unary("abs", g, g);
    gpu.unary("square", g, g);
    expect(Array.from(await gpu.read(g))).toEqual([1, 4, 9, 16]);
  });
});

describe("webgpu unaryParam", () => {
  const cases: [ParamUnaryOp, number, number, Tol][] = [
    ["clamp", -0.5, 0.75, EXACT], ["clamp", 1, -1, EXACT], ["leakyRelu", 0.01, 0, PARAM_ROUNDING], ["elu", 1.5, 0, TRANSCENDENTAL],
    ["softplus", 1, 20, TRANSCENDENTAL], ["softplus", 2, 3, TRANSCENDENTAL], ["gelu", 0, 0, LOOSE], ["geluTanh", 0, 0, LOOSE],
    ["silu", 0, 0, TRANSCENDENTAL], ["powScalar", 2, 0, EXACT], ["powScalar", 3, 0, LOOSE], ["powScalar", -2, 0, LOOSE],
    ["powScalar", 0.5, 0, LOOSE], ["powScalar", 2.7, 0, LOOSE], ["powScalar", 0, 0, EXACT],
  ];
  it("float32: every op against the reference", async () => {
    const rand = rng(3);
    for (const [op, p0, p1, tol] of cases) {
      const x = Float32Array.from([...uniform(200, rand, -6, 6), ...SPECIAL]);
      const want = new Float32Array(x.length);
      jsBackend.unaryParam(op, x, want, p0, p1);
      const out = gpu.alloc("float32", x.length);
      gpu.unaryParam(op, gpu.upload(x, "float32"), out, p0, p1);
      expect(mismatch(await gpu.read(out), want, tol, x), `${op}(${p0}, ${p1})`).toBeNull();
    }
  });

  it("int32 clamp and pow, exact and wrapping", async () => {
    const rand = rng(4);
    const x = Int32Array.from([...integers(100, rand, -20, 20), 0, 1, -1, 3, 46341]);
    for (const [op, p0, p1] of [["clamp", -5, 7], ["powScalar", 3, 0], ["powScalar", 2, 0], ["powScalar", 7, 0], ["powScalar", -1, 0], ["powScalar", 0, 0]] as const) {
      const want = new Int32Array(x.length);
      jsBackend.unaryParam(op, x, want, p0, p1);
      const out = gpu.alloc("int32", x.length);
      gpu.unaryParam(op, gpu.upload(x, "int32"), out, p0, p1);
      expect(mismatch(await gpu.read(out), want), `${op}(${p0})`).toBeNull();
    }
  });
});

const FLOAT_BINARY: [BinaryOp, Tol][] = [
  ["add", EXACT], ["sub", EXACT], ["mul", EXACT], ["div", TRANSCENDENTAL], ["pow", LOOSE], ["maximum", EXACT], ["minimum", EXACT],
  ["atan2", TRANSCENDENTAL], ["remainder", { atol: 1e-6, rtol: 1e-6 }], ["fmod", { atol: 1e-6, rtol: 1e-6 }], ["floorDivide", EXACT],
  ["eq", EXACT], ["ne", EXACT], ["lt", EXACT], ["le", EXACT], ["gt", EXACT], ["ge", EXACT],
  ["logicalAnd", EXACT], ["logicalOr", EXACT], ["logicalXor", EXACT],
];
const COMPARISONS = new Set<BinaryOp>(["eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor"]);
const INT_BINARY: BinaryOp[] = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "remainder", "fmod", "floorDivide", "eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor"];

async function runBinary(op: BinaryOp, a: Storage, aShape: number[], b: Storage, bShape: number[], dt: GpuDType, tol: Tol): Promise<void> {
  const outShape = broadcastShapes(aShape, bShape);
  const od: GpuDType = COMPARISONS.has(op) ? "bool" : dt;
  const want = hostOf(od, numelOf(outShape));
  jsBackend.binary(op, a, aShape, b, bShape, want, outShape);
  // pow(1, y) = 1 and pow(−1, ±∞) = 1 on both (C's rules, as PyTorch's; the reference's cPow).
  const out = gpu.alloc(od, want.length);
  const up = (s: Storage): ReturnType<WebGpuBackend["upload"]> => gpu.upload(s as Float32Array | Int32Array, dt);
  gpu.binary(op, up(a), aShape, up(b), bShape, out, outShape);
  expect(mismatch(await gpu.read(out), want, tol), `${op} ${dt} [${aShape}] with [${bShape}]`).toBeNull();
}

describe("webgpu binary", () => {
  it("float32: every op, same shapes with special values in both operands", async () => {
    const rand = rng(5);
    const s = SPECIAL.length;
    const a = Float32Array.from([...uniform(100, rand, -4, 4), ...SPECIAL.flatMap((v) => new Array<number>(s).fill(v))]);
    const b = Float32Array.from([...uniform(100, rand, 0.25, 4), ...SPECIAL.flatMap(() => SPECIAL)]);
    for (let i = 0; i < 50; i++) b[i] = -b[i]; // both signs of divisor for remainder / floorDivide
    for (let i = 60; i < 70; i++) b[i] = a[i]; // equal pairs for the comparisons
    for (const [op, tol] of FLOAT_BINARY) {
      // Python's division at infinities and zeros follows PyTorch (next test), not the reference.
      const n = op === "remainder" || op === "fmod" || op === "floorDivide" ? 100 : a.length;
      await runBinary(op, a.subarray(0, n), [n], b.subarray(0, n), [n], "float32", tol);
    }
  });

  it("float32 floor division and remainder as PyTorch computes them (from the exact fmod)", async () => {
    // torch 2.13: a // b and torch.remainder(a, b) on these float32 tensors.
    const a = Float32Array.from([Infinity, -Infinity, 5, -5, 5, -5, 0, 1, -1, 0, 1, 5.5, -5.5, 7, 1e6, 0.3]);
    const b = Float32Array.from([2, 2, Infinity, Infinity, -Infinity, -Infinity, Infinity, 0, 0, 0, 1e-7, 2, 2, 0.1, 0.3, 0.1]);
    const floorDiv = [NaN, NaN, 0, -1, -1, 0, 0, Infinity, -Infinity, NaN, 9999999, 2, -3, 69, 3333333, 3];
    const rem = [NaN, NaN, 5, Infinity, -Infinity, -5, 0, NaN, NaN, NaN, 8.831390374552939e-8, 1.5, 0.5, 0.09999989718198776, 0.06026357412338257, 7.450580596923828e-9];
    for (const [op, want] of [["floorDivide", floorDiv], ["remainder", rem]] as const) {
      const out = gpu.alloc("float32", a.length);
      gpu.binary(op, gpu.upload(a, "float32"), [a.length], gpu.upload(b, "float32"), [b.length], out, [a.length]);
      expect(mismatch(await gpu.read(out), Float32Array.from(want)), op).toBeNull();
    }
  });

  it("broadcasting over random shapes (fast-check)", async () => {
    // Shapes of up to 4 dims whose sizes are 1 or the output's, so the pair broadcasts.
    const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((out) =>
      fc.tuple(fc.constant(out), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
        fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), fc.nat(out.length), fc.integer()));
    await fc.assert(fc.asyncProperty(shapes, async ([out, oneA, oneB, dropB, seed]) => {
      const aShape = out.map((s, d) => (oneA[d] ? 1 : s));
      const bShape = out.map((s, d) => (oneB[d] ? 1 : s)).slice(dropB);
      const rand = rng(seed);
      const a = uniform(numelOf(aShape), rand, -3, 3), b = uniform(numelOf(bShape), rand, -3, 3);
      await runBinary("sub", a, aShape, b, bShape, "float32", EXACT);
    }), { numRuns: 40 });
  });

  it("int32: every op with an integer form, exact and wrapping", async () => {
    const rand = rng(6);
    const a = Int32Array.from([...integers(120, rand, -1000, 1000), 2147483647, -2147483648, 65536, 7, -7, 7, -7]);
    const b = Int32Array.from([...integers(120, rand, 1, 30), 2, -1, 65536, 2, 2, -2, -2]);
    for (let i = 0; i < 60; i++) b[i] = -b[i];
    for (const op of INT_BINARY) {
      const bb = op === "pow" ? b.map((v) => Math.abs(v) % 9) : b;
      await runBinary(op, a, [a.length], bb, [b.length], "int32", EXACT);
    }
    await runBinary("mul", a, [a.length], Int32Array.of(3), [1], "int32", EXACT);
  });

  it("bool operands of the logical ops", async () => {
    const a = Uint8Array.from([0, 0, 1, 1]), b = Uint8Array.from([0, 1, 0, 1]);
    for (const op of ["logicalAnd", "logicalOr", "logicalXor", "eq"] as const) {
      const want = new Uint8Array(4);
      jsBackend.binary(op, a, [4], b, [4], want, [4]);
      const out = gpu.alloc("bool", 4);
      gpu.binary(op, gpu.upload(a, "bool"), [4], gpu.upload(b, "bool"), [4], out, [4]);
      expect(Array.from(await gpu.read(out)), op).toEqual(Array.from(want));
    }
  });
});

describe("webgpu relu and activationBackward", () => {
  it("match the reference, NaN, ±0 and ±inf included", async () => {
    const rand = rng(7);
    const x = Float32Array.from([...uniform(100, rand, -3, 3), ...SPECIAL]);
    const want = new Float32Array(x.length);
    jsBackend.relu(x, want);
    const out = gpu.alloc("float32", x.length);
    gpu.relu(gpu.upload(x, "float32"), out);
    const got = await gpu.read(out);
    expect(mismatch(got, want)).toBeNull();
    expect(Object.is(got[100 + SPECIAL.indexOf(-0, 1)], -0)).toBe(true); // −0 passes through
    const xi = integers(50, rand, -9, 9), wantI = new Int32Array(50), outI = gpu.alloc("int32", 50);
    jsBackend.relu(xi, wantI);
    gpu.relu(gpu.upload(xi, "int32"), outI);
    expect(mismatch(await gpu.read(outI), wantI)).toBeNull();
    const g = uniform(x.length, rand, -2, 2);
    for (const act of ["relu", "sigmoid", "tanh"] as const) {
      const y = act === "relu" ? want : uniform(x.length, rand, act === "sigmoid" ? 0 : -1, 1);
      const wantG = new Float32Array(x.length);
      jsBackend.activationBackward(act, g, y, wantG);
      const o = gpu.alloc("float32", x.length);
      gpu.activationBackward(act, gpu.upload(g, "float32"), gpu.upload(y, "float32"), o);
      expect(mismatch(await gpu.read(o), wantG, act === "relu" ? EXACT : { atol: 1e-7, rtol: 4e-7 }), act).toBeNull();
    }
  });
});

describe("webgpu cast, fill, where", () => {
  it("casts between float32, int32 and bool as the CPU converts", async () => {
    const f = Float32Array.from([1.9, -1.9, 0, -0, 0.5, -0.5, 1e6, 3, -2.5e3, Number.NaN]);
    const i = Int32Array.from([0, 1, -1, 16777217, -7, 2, 0, 5, 1, 0]);
    const b = Uint8Array.from([0, 1, 1, 0, 1, 0, 0, 1, 1, 0]);
    // float → int truncates toward zero (NaN is outside PyTorch's defined casts: left out).
    const fi = gpu.alloc("int32", 9);
    gpu.cast(gpu.upload(f.subarray(0, 9).slice(), "float32"), fi);
    expect(Array.from(await gpu.read(fi))).toEqual(Array.from(f.subarray(0, 9), (v) => Math.trunc(v) | 0));
    const fb = gpu.alloc("bool", 10);
    gpu.cast(gpu.upload(f, "float32"), fb);
    expect(Array.from(await gpu.read(fb))).toEqual([1, 1, 0, 0, 1, 1, 1, 1, 1, 1]); // NaN is true
    const iF = gpu.alloc("float32", 10);
    gpu.cast(gpu.upload(i, "int32"), iF);
    expect(Array.from(await gpu.read(iF))).toEqual(Array.from(Float32Array.from(i)));
    const ib = gpu.alloc("bool", 10);
    gpu.cast(gpu.upload(i, "int32"), ib);
    expect(Array.from(await gpu.read(ib))).toEqual(Array.from(i, (v) => (v !== 0 ? 1 : 0)));
    for (const to of ["float32", "int32"] as const) {
      const o = gpu.alloc(to, 10);
      gpu.cast(gpu.upload(b, "bool"), o);
      expect(Array.from(await gpu.read(o)), to).toEqual(Array.from(b));
    }
  });

  it("fill writes the value in the storage's dtype", async () => {
    const f = gpu.alloc("float32", 1000), i = gpu.alloc("int32", 3), b = gpu.alloc("bool", 3);
    gpu.fill(f, -1.5);
    gpu.fill(i, -7);
    gpu.fill(b, 2);
    expect((await gpu.read(f)).every((v) => v === -1.5)).toBe(true);
    expect(Array.from(await gpu.read(i))).toEqual([-7, -7, -7]);
    expect(Array.from(await gpu.read(b))).toEqual([1, 1, 1]);
    expect(Array.from(await gpu.read(gpu.alloc("float32", 5)))).toEqual([0, 0, 0, 0, 0]);
  });

  it("where broadcasts its three operands", async () => {
    const cond = Uint8Array.from([1, 0, 1]); // [3, 1]
    const a = Float32Array.from([10, 20, 30, 40]); // [4]
    const b = Float32Array.from([-1]); // []
    const out = gpu.alloc("float32", 12);
    gpu.where(gpu.upload(cond, "bool"), gpu.upload(a, "float32"), gpu.upload(b, "float32"), out, [3, 1], [4], [], [3, 4]);
    expect(Array.from(await gpu.read(out))).toEqual([10, 20, 30, 40, -1, -1, -1, -1, 10, 20, 30, 40]);
    expect(() => gpu.where(gpu.upload(a, "float32"), gpu.upload(a, "float32"), gpu.upload(a, "float32"), out, [4], [4], [4], [4]))
      .toThrow("where expected condition to be a boolean tensor");
  });
});
