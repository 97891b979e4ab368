/**
 * int32 (PyTorch's `int`) against PyTorch 2.13: type promotion with every kind of operand,
 * wrapping arithmetic, reductions, casts, creation, printing and indexing
 * (test/fixtures/engine/int32.json, written by scripts/fixtures/int32.py), and a property:
 * int32 add, sub and mul equal BigInt arithmetic modulo 2^32.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { deserialize, serialize } from "../../src/io/index.js";
import { GraphBuilder } from "../../src/io/onnx/graph.js";
import { expectTensor, type Encoded } from "./fixtures.js";
import { readFixture } from "../nn/fixture-utils.js";
import { readFileSync } from "node:fs";

interface Case {
  result?: Encoded;
  results?: Encoded[];
  error?: string;
}

interface Int32Fixture {
  meta: { torch: string };
  promotion: Record<string, Case>;
  unary: Record<string, Case>;
  reduction: Record<string, Case>;
  cast: Record<string, Case>;
  creation: Record<string, Case>;
  print: Record<string, string>;
  index: Record<string, Case>;
}

const fixture = readFixture<Int32Fixture>("engine/int32.json");
const I32 = { dtype: kd.int32 };

/** Kindling's int64 is exact to 2^53; PyTorch's wraps at 2^64 (products of int32 edges pass 2^53). */
const INT64_EXACT = 2 ** 53;
let beyond53 = 0;

function check(got: () => kd.Tensor | kd.Tensor[], want: Case, what: string): void {
  if (want.error !== undefined) {
    expect(got, what).toThrow(want.error);
    return;
  }
  const r = got();
  const outs = Array.isArray(r) ? r : [r];
  const wants = want.results ?? [want.result as Encoded];
  expect(outs.length, what).toBe(wants.length);
  outs.forEach((t, k) => {
    const w = wants[k];
    const beyond = (v: number | string): boolean => typeof v === "number" && Math.abs(v) > INT64_EXACT;
    if (w.dtype === "int64" && (w.data.some(beyond) || Array.from(t.data).some(beyond))) {
      // Only the dtype and shape are comparable: the exact result passes 2^53, where PyTorch's
      // int64 wraps at 2^64 and Kindling's (whole doubles) rounds.
      beyond53++;
      expect(t.dtype, what).toBe("int64");
      expect([...t.shape], what).toEqual(w.shape);
      return;
    }
    expectTensor(t, w, `${what}[${k}]`); // integers and bools exact, floats to float32's rounding
  });
}

const OPERANDS: Record<string, () => kd.TensorLike> = {
  i32: () => kd.tensor([2147483647, -46341], I32),
  i32b: () => kd.tensor([46341, -3], I32),
  i32_0d: () => kd.tensor(-2147483648, I32),
  f32: () => kd.tensor([1.5, -2]),
  f64: () => kd.tensor([1.5, -2], { dtype: kd.float64 }),
  i64: () => kd.tensor([3, -2], { dtype: kd.int64 }),
  bool: () => kd.tensor([true, false]),
  f32_0d: () => kd.tensor(2.5),
  f64_0d: () => kd.tensor(2.5, { dtype: kd.float64 }),
  i64_0d: () => kd.tensor(2, { dtype: kd.int64 }),
  bool_0d: () => kd.tensor(true),
  int: () => 3,
  bigint: () => 2 ** 40 + 7,
  float: () => 2.5,
  true: () => true,
};

const BINARY: Record<string, (a: kd.TensorLike, b: kd.TensorLike) => kd.Tensor> = {
  add: kd.add,
  sub: (a, b) => kd.sub(a, b),
  mul: kd.mul,
  div: (a, b) => kd.div(a, b),
  floor_divide: (a, b) => kd.div(a, b, { roundingMode: "floor" }),
  remainder: kd.remainder,
  pow: kd.pow,
  eq: kd.eq,
  lt: kd.lt,
  maximum: kd.maximum,
  where: (a, b) => kd.where(kd.tensor([true, false]), a, b),
};

describe(`int32 against PyTorch ${fixture.meta.torch}`, () => {
  it("records a recent PyTorch", () => expect(fixture.meta.torch).toMatch(/^2\.13\./));

  describe("type promotion (torch.result_type) and wrapping, per op and operand pair", () => {
    for (const [key, want] of Object.entries(fixture.promotion)) {
      const [op, a, b] = key.split(":");
      it(key, () => check(() => BINARY[op](OPERANDS[a](), OPERANDS[b]()), want, key));
    }
    it("covers every binary op and operand of the fixture", () => {
      const keys = Object.keys(fixture.promotion);
      expect(keys.length).toBeGreaterThan(700);
      for (const k of keys) {
        const [op, a, b] = k.split(":");
        expect(BINARY[op] && OPERANDS[a] && OPERANDS[b], k).toBeTruthy();
      }
    });
  });

  const x5 = (): kd.Tensor => kd.tensor([2147483647, -2147483648, -7, 0, 46341], I32);
  const unary: Record<string, () => kd.Tensor> = {
    neg: () => x5().neg(),
    abs: () => x5().abs(),
    sign: () => x5().sign(),
    square: () => x5().square(),
    pow_3: () => kd.pow(x5(), 3),
    "pow_2.5": () => kd.pow(x5(), 2.5),
    clamp_int: () => x5().clamp(-10, 10),
    clamp_float: () => x5().clamp(-0.5, 10.5),
    relu: () => kd.relu(x5()),
    floor: () => x5().floor(),
    round: () => x5().round(),
    exp_small: () => kd.tensor([0, 1, -2], I32).exp(),
    sqrt: () => kd.tensor([0, 4, 2], I32).sqrt(),
    sigmoid: () => kd.tensor([0, 4, -2], I32).sigmoid(),
    div_trunc: () => kd.div(kd.tensor([7, -7, -2147483648], I32), 2, { roundingMode: "trunc" }),
    div_floor: () => kd.div(kd.tensor([7, -7, -2147483648], I32), 2, { roundingMode: "floor" }),
    floordiv_zero: () => kd.div(kd.tensor([7, -7], I32), kd.tensor([1, 0], I32), { roundingMode: "floor" }),
    remainder_zero: () => kd.remainder(kd.tensor([7, -7], I32), 0),
    truediv_zero: () => kd.div(kd.tensor([7, -7, 0], I32), 0),
    logical_not: () => kd.logicalNot(kd.tensor([0, 3], I32)),
    isnan: () => kd.isnan(kd.tensor([0, 3], I32)),
  };

  const m = (): kd.Tensor => kd.tensor([[2147483647, -7, 5], [1, -2147483648, 3]], I32);
  const small = (): kd.Tensor => kd.tensor([[3, -7, 5], [1, 2, -4]], I32);
  const reduction: Record<string, () => kd.Tensor | kd.Tensor[]> = {
    sum: () => m().sum(),
    sum_0: () => m().sum(0),
    sum_1_keepdim: () => m().sum(1, true),
    sum_dtype_int32: () => m().sum(0, { dtype: kd.int32 }),
    prod_1: () => m().prod(1),
    prod_small: () => small().prod(),
    mean: () => m().mean(),
    mean_dtype_f64: () => m().mean({ dtype: kd.float64 }),
    std: () => m().std(),
    max: () => m().max(),
    min: () => m().min(),
    max_dim: () => { const r = m().max(1); return [r.values, r.indices]; },
    amin_0: () => m().amin(0),
    argmax: () => m().argmax(),
    argmin_1: () => m().argmin(1),
    cumsum_1: () => m().cumsum(1),
    norm: () => small().norm(),
    logsumexp: () => small().logsumexp(1),
    any: () => small().any(),
    all_1: () => kd.tensor([[0, 1], [2, 3]], I32).all(1),
  };

  const cast: Record<string, () => kd.Tensor> = {
    from_f32: () => kd.tensor([1e10, -1e10, 3.7, -3.7, -0.5, 0.5, 2147483520, -2147483648, 2147483648, -2147483904, Infinity, -Infinity, NaN]).int(),
    from_f64: () => kd.tensor([2147483647.9, -2147483648.9, 2147483648, -2147483649, 1e300, 123.999], { dtype: kd.float64 }).int(),
    from_i64: () => kd.tensor([2 ** 40 + 5, -(2 ** 33) - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -5], { dtype: kd.int64 }).int(),
    from_bool: () => kd.tensor([true, false]).int(),
    to_f32: () => kd.tensor([2147483647, -2147483648, 16777217, 3], I32).float(),
    to_f64: () => kd.tensor([2147483647, -2147483648, 16777217], I32).double(),
    to_i64: () => kd.tensor([2147483647, -2147483648], I32).long(),
    to_bool: () => kd.tensor([0, -1, 2], I32).bool(),
    tensor_trunc: () => kd.tensor([3.7, -3.7, 2147483647.0, -2147483648.0], I32),
    tensor_overflow_frac: () => kd.tensor([2147483647.5], I32),
    tensor_overflow: () => kd.tensor([2 ** 31], I32),
    tensor_underflow: () => kd.tensor([-(2 ** 31) - 1], I32),
  };

  const creation: Record<string, () => kd.Tensor> = {
    arange: () => kd.arange(5, I32),
    arange_step: () => kd.arange(-3, 9, 4, I32),
    arange_frac: () => kd.arange(0, 2, 0.3, I32),
    arange_frac_i64: () => kd.arange(0, 2, 0.3, { dtype: kd.int64 }),
    zeros: () => kd.zeros([2, 3], I32),
    ones: () => kd.ones([3], I32),
    full: () => kd.full([2], 7, I32),
    full_frac: () => kd.full([2], -3.5, I32),
    full_frac_i64: () => kd.full([2], -3.5, { dtype: kd.int64 }),
    full_overflow: () => kd.full([2], 2 ** 31, I32),
    linspace: () => kd.linspace(0, 10, 4, I32),
    linspace_neg: () => kd.linspace(-7, 3, 6, I32),
    eye: () => kd.eye(2, 3, I32),
    randint: () => kd.randint(0, 10, [6], { dtype: kd.int32, generator: new kd.Generator().manualSeed(0) }),
  };

  const x34 = (): kd.Tensor => kd.arange(12, { dtype: kd.float32 }).reshape([3, 4]);
  const index: Record<string, () => kd.Tensor> = {
    index_select: () => x34().indexSelect(0, kd.tensor([2, 0, 2], I32)),
    index: () => x34().index(kd.tensor([2, 0, -1], I32)),
    gather: () => x34().gather({ dim: 1, index: kd.tensor([[0, 3], [1, 1], [2, 0]], I32) }),
    scatter: () => kd.zeros([3, 4]).scatter(1, kd.tensor([[0], [3], [1]], I32), 1),
    index_of_int32: () => kd.tensor([10, 20, 30], I32).index(kd.tensor([2, 0], { dtype: kd.int64 })),
    cross_entropy: () => kd.nn.functional.crossEntropy(kd.zeros([2, 3]), kd.tensor([0, 1], I32)),
    nll_loss: () => kd.nn.functional.nllLoss(kd.zeros([2, 3]), kd.tensor([0, 1], I32)),
    one_hot: () => kd.nn.functional.oneHot(kd.tensor([0, 1], I32)),
    matmul: () => kd.matmul(kd.tensor([[1, 2], [3, 4]], I32), kd.tensor([[5], [-6]], I32)),
    matmul_wrap: () => kd.matmul(kd.tensor([[65536, 3]], I32), kd.tensor([[65536], [1]], I32)),
    matmul_big: () => kd.matmul(kd.tensor([[2147483647, -2147483648, 46341]], I32),
      kd.tensor([[2147483647, 3], [-2147483648, 5], [46341, -7]], I32)),
    matmul_float: () => kd.matmul(kd.tensor([[1, 2]], I32), kd.tensor([[1], [2]])),
    requires_grad: () => kd.tensor([1, 2], I32).requiresGrad_(),
    cat_i64: () => kd.cat([kd.tensor([1], I32), kd.tensor([2], { dtype: kd.int64 })]),
    cat_f32: () => kd.cat([kd.tensor([1], I32), kd.tensor([2.5])]),
    stack: () => kd.stack([kd.tensor([1, 2], I32), kd.tensor([3, 4], I32)]),
    masked_fill: () => kd.tensor([5, 2, 9], I32).maskedFill(kd.tensor([true, false, true]), 2.5),
    masked_fill_i64: () => kd.tensor([5, 2, 9], { dtype: kd.int64 }).maskedFill(kd.tensor([true, false, true]), -2.5),
    unique: () => kd.unique(kd.tensor([3, 1, 3, -2], I32)) as kd.Tensor,
  };

  const groups = { unary, reduction, cast, creation, index } as const;
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      const want = fixture[group as keyof typeof groups];
      for (const [name, run] of Object.entries(cases)) it(name, () => check(run, want[name], `${group}.${name}`));
      it(`tests every ${group} case of the fixture`, () => expect(Object.keys(want).sort()).toEqual(Object.keys(cases).sort()));
    });
  }

  describe("printing", () => {
    const made: Record<string, () => kd.Tensor> = {
      row: () => kd.tensor([1, -2, 300], I32),
      extremes: () => kd.tensor([[2147483647, -2147483648], [0, 5]], I32),
      scalar: () => kd.tensor(-5, I32),
      empty: () => kd.zeros([0], I32),
      empty_2d: () => kd.zeros([0, 3], I32),
      long_row: () => kd.arange(2000, I32),
      sum_of_int32: () => kd.tensor([1, 2], I32).sum(),
    };
    for (const [name, make] of Object.entries(made)) it(name, () => expect(String(make())).toBe(fixture.print[name]));
    it("tests every printed case", () => expect(Object.keys(fixture.print).sort()).toEqual(Object.keys(made).sort()));
  });

  it("leaves only a few int64 results beyond 2^53 unchecked (pow and prod of int32 edges)", () => {
    // Run after the cases above (vitest runs a file's tests in order).
    expect(beyond53).toBeGreaterThan(0);
    expect(beyond53).toBeLessThan(12);
  });
});

describe("int32 in use", () => {
  it("converts with .int(), to(kd.int32), to('int32') and type()", () => {
    const x = kd.tensor([1.9, -1.9, 0]);
    expect(x.int().dtype).toBe("int32");
    expect(x.int().data).toBeInstanceOf(Int32Array);
    expect(x.to(kd.int32).tolist()).toEqual([1, -1, 0]);
    expect(x.to("int32").tolist()).toEqual([1, -1, 0]);
    expect(x.type(kd.int32).dtype).toBe("int32");
    const i = x.int();
    expect(i.int()).toBe(i); // the same dtype: the tensor itself
    expect(kd.tensor([[7]], I32).item()).toBe(7);
    expect(kd.tensor([[1, 2], [3, 4]], I32).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(kd.int32).toBe("int32");
    expect([kd.float32, kd.float64, kd.int64, kd.bool]).toEqual(["float32", "float64", "int64", "bool"]);
  });

  it("infers int32 from an Int32Array, as torch.from_numpy does for numpy's int32", () => {
    expect(kd.tensor(Int32Array.of(1, -2)).dtype).toBe("int32");
    expect(kd.fromArray(Int32Array.of(1, 2, 3, 4), [2, 2]).dtype).toBe("int32");
  });

  it("refuses an unknown dtype with the list of dtypes, int32 among them", () => {
    expect(() => kd.tensor([1]).to("int16" as kd.DType)).toThrow(/"int32"/);
  });

  it("add, sub and mul equal BigInt arithmetic modulo 2^32 (property)", () => {
    const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    fc.assert(fc.property(fc.array(fc.tuple(i32, i32), { minLength: 1, maxLength: 20 }), (pairs) => {
      const a = kd.tensor(pairs.map((p) => p[0]), I32), b = kd.tensor(pairs.map((p) => p[1]), I32);
      const wrap = (v: bigint): number => Number(BigInt.asIntN(32, v));
      expect(kd.add(a, b).tolist()).toEqual(pairs.map(([u, v]) => wrap(BigInt(u) + BigInt(v))));
      expect(kd.sub(a, b).tolist()).toEqual(pairs.map(([u, v]) => wrap(BigInt(u) - BigInt(v))));
      expect(kd.mul(a, b).tolist()).toEqual(pairs.map(([u, v]) => wrap(BigInt(u) * BigInt(v))));
      // A JS integer operand keeps int32 and wraps the same way (PyTorch's wrapped scalar).
      expect(kd.mul(a, pairs[0][1]).tolist()).toEqual(pairs.map(([u]) => wrap(BigInt(u) * BigInt(pairs[0][1]))));
    }), { numRuns: 200 });
  });

  it("matmul (plain and transposed) equals BigInt sums of products modulo 2^32 (property)", () => {
    const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    const dims = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }));
    fc.assert(fc.property(dims.chain(([m, k, n]) => fc.tuple(
      fc.array(i32, { minLength: m * k, maxLength: m * k }), fc.array(i32, { minLength: k * n, maxLength: k * n }),
    ).map(([a, b]) => ({ m, k, n, a, b }))), ({ m, k, n, a, b }) => {
      const want: number[][] = [];
      for (let i = 0; i < m; i++) {
        want.push([]);
        for (let j = 0; j < n; j++) {
          let acc = 0n;
          for (let p = 0; p < k; p++) acc += BigInt(a[i * k + p]) * BigInt(b[p * n + j]);
          want[i].push(Number(BigInt.asIntN(32, acc)));
        }
      }
      const A = kd.fromArray(Int32Array.from(a), [m, k]), B = kd.fromArray(Int32Array.from(b), [k, n]);
      expect(kd.matmul(A, B).tolist()).toEqual(want);
      // The kernel's transposed forms (the backward's), on Aᵀ [k, m] and Bᵀ [n, k].
      const out = new Int32Array(m * n);
      kd.jsBackend.matmul(A.t().data, B.t().data, out, 1, m, k, n, true, true, 0, 0);
      expect(kd.fromArray(out, [m, n]).tolist()).toEqual(want);
    }), { numRuns: 150 });
  });

  it("integer pow wraps as repeated int32 products (property)", () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 70 }), (base, e) => {
      const want = Number(BigInt.asIntN(32, BigInt(base) ** BigInt(e)));
      expect(kd.pow(kd.tensor([base], I32), e).tolist()).toEqual([want]);
      expect(kd.pow(kd.tensor([base], I32), kd.tensor([e], I32)).tolist()).toEqual([want]);
    }), { numRuns: 200 });
  });

  it("in-place ops keep int32 and wrap; a float result cannot be cast back in place", () => {
    const x = kd.tensor([2147483647, 5], I32);
    x.add_(1);
    expect(x.tolist()).toEqual([-2147483648, 6]);
    expect(() => x.mul_(1.5)).toThrow(/result type Float can't be cast to the desired output type Int/);
  });

  it("round-trips through safetensors as I32, placed after F32 as safetensors orders dtypes", () => {
    const sd = { c: kd.tensor([2147483647, -2147483648, 0], I32), a: kd.tensor([1.5]), b: kd.tensor([[1, 2]], I32) };
    const bytes = serialize(sd);
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, { dtype: string; data_offsets: number[] }>;
    expect(header.c.dtype).toBe("I32");
    expect(header.a.data_offsets).toEqual([0, 4]);
    expect(header.b.data_offsets).toEqual([4, 12]);
    expect(header.c.data_offsets).toEqual([12, 24]);
    const back = deserialize(bytes).tensors;
    expect(back.c.dtype).toBe("int32");
    expect(back.c.data).toBeInstanceOf(Int32Array);
    expect(back.c.tolist()).toEqual([2147483647, -2147483648, 0]);
    expect(back.b.tolist()).toEqual([[1, 2]]);
  });

  it("reads and writes the safetensors file the safetensors package wrote, byte for byte", () => {
    const file = new Uint8Array(readFileSync(new URL("../fixtures/engine/int32.safetensors", import.meta.url)));
    const t = deserialize(file).tensors;
    expect(t.counts.dtype).toBe("int32");
    expect(t.counts.tolist()).toEqual([2147483647, -2147483648, 0]);
    expect(t.pairs.tolist()).toEqual([[1, 2], [-3, 4]]);
    const mine = serialize({
      counts: kd.tensor([2147483647, -2147483648, 0], I32),
      weight: kd.tensor([1.5, -0.25]),
      pairs: kd.tensor([[1, 2], [-3, 4]], I32),
      steps: kd.tensor(7, { dtype: kd.int64 }),
      mask: kd.tensor([true, false]),
    });
    expect(Buffer.from(mine).equals(Buffer.from(file))).toBe(true);
  });

  it("makes an integer DataFrame column of an int32 tensor", () => {
    const df = new kd.data.DataFrame({ n: kd.tensor([1, -2], I32) });
    expect(String(df)).toBe("   n\n0  1\n1 -2");
  });

  it("exports an int32 tensor to ONNX as INT32 (TensorProto data type 6), little-endian", () => {
    const g = new GraphBuilder();
    g.tensor("counts", kd.tensor([1, -2, 2147483647], I32));
    const init = g.initializers[0];
    expect(init.data_type).toBe(6);
    const raw = init.raw_data as Uint8Array;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    expect([0, 4, 8].map((o) => view.getInt32(o, true))).toEqual([1, -2, 2147483647]);
    expect(raw.byteLength).toBe(12);
  });

  it("metrics give the same results for int32 labels as for int64 ones (property)", () => {
    const labels = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 });
    fc.assert(fc.property(labels, labels, (p, t) => {
      const n = Math.min(p.length, t.length);
      const as = (v: number[], dtype: kd.DType): kd.Tensor => kd.tensor(v.slice(0, n), { dtype });
      for (const [name, f] of [
        ["accuracy", (a: kd.Tensor, b: kd.Tensor) => kd.metrics.multiclassAccuracy(a, b, { numClasses: 4 })],
        ["f1", (a: kd.Tensor, b: kd.Tensor) => kd.metrics.multiclassF1Score(a, b, { numClasses: 4, average: "weighted" })],
        ["confmat", (a: kd.Tensor, b: kd.Tensor) => kd.metrics.multiclassConfusionMatrix(a, b, { numClasses: 4 })],
      ] as const) {
        const a32 = f(as(p, kd.int32), as(t, kd.int32)), a64 = f(as(p, kd.int64), as(t, kd.int64));
        expect(a32.dtype, name).toBe(a64.dtype);
        expect(a32.tolist(), name).toEqual(a64.tolist());
      }
    }), { numRuns: 100 });
  });

  it("batches int32 targets through TensorDataset and DataLoader, and metrics accept them", () => {
    const X = kd.arange(10, { dtype: kd.float32 }).reshape([5, 2]);
    const y = kd.tensor([0, 1, 2, 1, 0], I32);
    const loader = new kd.data.DataLoader(new kd.data.TensorDataset(X, y), { batchSize: 2 });
    const batches = [...loader].map(([, yb]) => yb);
    expect(batches.map((b) => b.dtype)).toEqual(["int32", "int32", "int32"]);
    expect(kd.cat(batches).tolist()).toEqual([0, 1, 2, 1, 0]);
    const preds = kd.tensor([0, 2, 2, 1, 1], I32);
    // torchmetrics: 3 of 5 right; macro accuracy is the mean of the per-class recalls (1/2, 1/2, 1).
    expect(kd.metrics.accuracy(preds, y, { task: "multiclass", numClasses: 3, average: "micro" }).item()).toBeCloseTo(0.6, 6);
    expect(kd.metrics.multiclassAccuracy(preds, y, { numClasses: 3 }).item()).toBeCloseTo(2 / 3, 6);
    expect(kd.metrics.multiclassConfusionMatrix(preds, y, { numClasses: 3 }).tolist()).toEqual([[1, 1, 0], [0, 1, 1], [0, 0, 1]]);
    expect(kd.metrics.binaryAccuracy(kd.tensor([0, 1, 1], I32), kd.tensor([0, 1, 0], I32)).item()).toBeCloseTo(2 / 3, 6);
  });
});

describe("integer refusals, as PyTorch refuses them", () => {
  it("softmax and logSoftmax have no integer kernel; a dtype casts first", () => {
    for (const dtype of ["int32", "int64", "bool"] as const) {
      const t = kd.tensor([1, 0], { dtype });
      const name = { int32: "Int", int64: "Long", bool: "Bool" }[dtype];
      expect(() => t.softmax(0)).toThrow(`"softmax_lastdim_kernel_impl" not implemented for '${name}'`);
      expect(() => kd.logSoftmax(t, 0)).toThrow(`"log_softmax_lastdim_kernel_impl" not implemented for '${name}'`);
    }
    expect(kd.tensor([1, 2]).softmax(0, { dtype: "float32" }).tolist()).toEqual([0.2689414322376251, 0.7310585975646973]);
  });

  it("randint checks its bounds against int32's range instead of wrapping", () => {
    expect(() => kd.randint(0, 2 ** 31 + 5, [3], { dtype: "int32" })).toThrow("to - 1 is out of bounds for int");
    expect(() => kd.randint(-(2 ** 31) - 1, 5, [3], { dtype: "int32" })).toThrow("from is out of bounds for int");
    const t = kd.randint(-(2 ** 31), 2 ** 31, [1000], { dtype: "int32" });
    expect(t.dtype).toBe("int32");
  });
});
