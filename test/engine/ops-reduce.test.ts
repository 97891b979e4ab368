/** Reductions against PyTorch: dims, negative dims, keepdim, ties, zeros, NaN, dtypes, gradients. */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { opSuite } from "./op-helper.js";

const { testOp, done } = opSuite("ops-reduce");
const x23 = [2, 3], x234 = [2, 3, 4];
const pair = (r: kd.ValuesIndices): kd.Tensor[] => [r.values, r.indices];

testOp("sum_all", [x234], (a) => a.sum());
testOp("sum_dim1", [x234], (a) => a.sum({ dim: 1 }));
testOp("sum_dim_neg_keepdim", [x234], (a) => kd.sum(a, { dim: -1, keepdim: true }));
testOp("sum_dims", [x234], (a) => a.sum({ dim: [0, 2] }));
testOp("sum_dims_neg_keepdim", [x234], (a) => a.sum({ dim: [-1, -3], keepdim: true }));
testOp("sum_dims_adjacent", [x234], (a) => a.sum({ dim: [1, 2] }));
testOp("sum_empty_dims", [x23], (a) => a.sum({ dim: [] }));
testOp("sum_0d", [[]], (a) => a.sum());
testOp("sum_int", [x23], (a) => a.sum());
testOp("sum_bool_dim", [x23], (a) => a.sum({ dim: 0 }));
testOp("mean_all", [x234], (a) => a.mean());
testOp("mean_dim", [x234], (a) => kd.mean(a, { dim: 1 }));
testOp("mean_dims_keepdim", [x234], (a) => a.mean({ dim: [0, -1], keepdim: true }));
testOp("mean_f64", [x23], (a) => a.mean({ dim: 0 }));
testOp("max_all", [x234], (a) => a.max());
testOp("min_all", [x234], (a) => kd.min(a));
testOp("max_dim", [x234], (a) => pair(a.max({ dim: 1 })));
testOp("max_dim_keepdim", [x234], (a) => pair(kd.max(a, { dim: -1, keepdim: true })));
testOp("min_dim", [x234], (a) => pair(a.min({ dim: 0 })));
testOp("min_dim_keepdim", [x23], (a) => pair(a.min({ dim: 1, keepdim: true })));
// Tied maxima: the gradient is PyTorch's choice of subgradient, not a derivative.
const TIES = { atKink: "tied maxima: PyTorch's subgradient (evenly split, or to the first index)" };
testOp("max_ties", [[3, 4]], (a) => a.max(), TIES);
testOp("amax_ties", [[3, 4]], (a) => a.amax({ dim: 1 }), TIES);
testOp("max_dim_ties", [[3, 4]], (a) => pair(a.max({ dim: 1 })), TIES);
testOp("maximum_ties", [[3, 4], [3, 4]], (a, b) => kd.maximum(a, b));
testOp("amax", [x234], (a) => kd.amax(a, { dim: [0, 2] }));
testOp("amin_keepdim", [x234], (a) => a.amin({ dim: 1, keepdim: true }));
testOp("argmax_all", [x234], (a) => a.argmax());
testOp("argmax_dim", [x234], (a) => kd.argmax(a, { dim: 1 }));
testOp("argmax_keepdim", [x234], (a) => a.argmax({ dim: -1, keepdim: true }));
testOp("argmin_dim", [x234], (a) => a.argmin({ dim: 0 }));
testOp("argmax_special", [[4, 5]], (a) => a.argmax({ dim: 1 }));
testOp("max_special", [[4, 5]], (a) => pair(a.max({ dim: 1 })));
testOp("prod_all", [x23], (a) => a.prod());
testOp("prod_dim", [x234], (a) => kd.prod(a, { dim: 1 }));
testOp("prod_dim_keepdim", [x234], (a) => a.prod({ dim: -1, keepdim: true }));
testOp("prod_one_zero", [[5]], (a) => a.prod());
testOp("prod_two_zeros", [[5]], (a) => a.prod());
testOp("prod_dim_zeros", [[3, 4]], (a) => a.prod({ dim: 1 }));
testOp("var_all", [x234], (a) => a.var());
testOp("var_dim", [x234], (a) => kd.var(a, { dim: 1 }));
testOp("var_biased", [x234], (a) => a.var({ dim: -1, unbiased: false, keepdim: true }));
testOp("var_correction", [x234], (a) => a.var({ dim: [0, 2], correction: 2 }));
testOp("std_all", [x234], (a) => a.std());
testOp("std_dim_keepdim", [x234], (a) => kd.std(a, { dim: 0, keepdim: true }));
testOp("logsumexp", [x234], (a) => a.logsumexp({ dim: 1 }));
testOp("logsumexp_dims_keepdim", [x234], (a) => kd.logsumexp(a, { dim: [0, 2], keepdim: true }));
testOp("logsumexp_large", [x23], (a) => a.logsumexp({ dim: 1 }));
testOp("softmax_last", [x234], (a) => a.softmax(-1));
testOp("softmax_dim0", [x234], (a) => kd.softmax(a, 0));
testOp("softmax_mid", [x234], (a) => a.softmax(1));
testOp("softmax_large", [x23], (a) => a.softmax(1));
testOp("log_softmax_last", [x234], (a) => a.logSoftmax(-1));
testOp("log_softmax_dim0", [x234], (a) => kd.logSoftmax(a, 0));
testOp("log_softmax_large", [x23], (a) => a.logSoftmax(1));
testOp("norm_all", [x234], (a) => a.norm());
testOp("norm_dim", [x234], (a) => kd.norm(a, { dim: 1 }));
testOp("norm_p1", [x23], (a) => a.norm({ p: 1 }));
testOp("norm_p3", [x23], (a) => a.norm({ p: 3, dim: 1 }));
testOp("cumsum", [x234], (a) => a.cumsum(1));
testOp("all", [x23], (a) => a.all());
testOp("any_dim", [x23], (a) => kd.any(a, { dim: 1 }));
testOp("all_dim_keepdim", [x23], (a) => a.all({ dim: 0, keepdim: true }));
testOp("all_float", [[3, 4]], (a) => kd.all(a, { dim: 1 }));
testOp("any_float", [[3, 4]], (a) => a.any({ dim: 0 }));

/** Values within `tol` of the expected nested list (so -0 matches 0, as PyTorch prints it). */
function expectClose(t: kd.Tensor | null, expected: unknown, tol = 1e-6): void {
  expect(t).not.toBeNull();
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const got = flat(t!.tolist()), want = flat(expected);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (Number.isNaN(want[i]) || !Number.isFinite(want[i])) expect(g).toBe(want[i]);
    else expect(Math.abs(g - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
  });
}

// The expected values below are PyTorch 2.13's (torch.linalg.vector_norm, any, all, cumsum).
describe("norm's special orders and zeros, as PyTorch", () => {
  const X = [[1, 0, -2], [0, 3, -0.5]];

  it("p = 0 counts the nonzero entries (NaN too) and sends no gradient", () => {
    const x = kd.tensor(X, { requiresGrad: true });
    const n = x.norm(0, 1);
    expectClose(n, [2, 2]);
    expectClose(kd.tensor(X).norm(0), 4);
    expect(kd.tensor(X).norm(0, 1, true).shape).toEqual([2, 1]);
    expectClose(kd.tensor(5).norm(0), 1);
    expectClose(kd.tensor([[1, NaN, -2], [0, 0, 0]]).norm(0, 1), [3, 0]);
    expectClose(kd.zeros([0, 3]).norm(0), 0);
    n.sum().backward();
    expect(x.grad).toBeNull(); // PyTorch: x.grad is None
  });

  it("p = -inf is the smallest |x|; its gradient is sign(x), split evenly over ties", () => {
    const x = kd.tensor(X, { requiresGrad: true });
    const n = kd.norm(x, -Infinity, 1);
    expectClose(n, [0, 0]);
    expectClose(kd.tensor(X).norm(-Infinity, 0), [0, 0, 0.5]);
    n.sum().backward();
    expectClose(x.grad, [[0, 0, 0], [0, 0, 0]]);
    const t = kd.tensor([[1, -1, 2], [0, 0, 3], [2, -2, -2]], { requiresGrad: true });
    const m = t.norm(-Infinity, 1);
    expectClose(m, [1, 0, 2]);
    m.sum().backward();
    expectClose(t.grad, [[0.5, -0.5, 0], [0, 0, 0], [1 / 3, -1 / 3, -1 / 3]]);
    const s = kd.tensor(5, { requiresGrad: true });
    s.norm(-Infinity).backward();
    expectClose(s.grad, 1);
  });

  it("±inf norms refuse an empty dim, as max / min have no identity", () => {
    expect(() => kd.zeros([0, 3]).norm(-Infinity, 0)).toThrow(
      "linalg.vector_norm cannot compute the -inf norm on the dimension 0because this dimension is empty and the operation does not have an identity",
    );
    expect(() => kd.zeros([0, 3]).norm(Infinity)).toThrow(
      "linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an identity",
    );
    expect(kd.zeros([0, 3]).norm(Infinity, 1).shape).toEqual([0]);
  });

  it("the gradient is 0 at zero entries and in all-zero rows, for every p", () => {
    const grads: [number, number[], number[][]][] = [
      [0.5, [13.928203582763672, 1, 0], [[2.154700517654419, -1.866025447845459], [0, 1], [0, 0]]],
      [1.5, [5.584250450134277, 1, 0], [[0.7329565286636353, -0.8463453054428101], [0, 1], [0, 0]]],
      [2, [5, 1, 0], [[0.6, -0.8], [0, 1], [0, 0]]],
      [1, [7, 1, 0], [[1, -1], [0, 1], [0, 0]]],
      [Infinity, [4, 1, 0], [[0, -1], [0, 1], [0, 0]]],
      [3, [4.497941493988037, 1, 0], [[0.4448513388633728, -0.7908468246459961], [0, 1], [0, 0]]],
      [-1, [1.7142856121063232, 0, 0], [[0.3265305757522583, -0.1836734414100647], [0, 0], [0, 0]]],
    ];
    for (const [p, norms, grad] of grads) {
      const x = kd.tensor([[3, -4], [0, 1], [0, 0]], { requiresGrad: true });
      const n = x.norm(p, 1);
      expectClose(n, norms);
      n.sum().backward();
      expectClose(x.grad, grad, 1e-5);
    }
  });
});

describe("reductions over dim = []", () => {
  it("any / all reduce no dim (a bool copy), while sum, mean and amax reduce every dim", () => {
    const x = kd.tensor([[1, 0]]);
    for (const r of [x.any([]), x.all([]), kd.any(x, { dim: [], keepdim: true }), kd.all(x, { dim: [] })]) {
      expect(r.dtype).toBe("bool");
      expect(r.shape).toEqual([1, 2]);
      expect(r.tolist()).toEqual([[true, false]]);
    }
    expect(kd.tensor([[1, NaN, 0]]).any([]).tolist()).toEqual([[true, true, false]]);
    expect(kd.tensor(0).all([]).tolist()).toBe(false);
    // PyTorch keeps the legacy meaning of an empty list (every dim) for these.
    expectClose(x.sum([]), 1);
    expect(x.sum({ dim: [], keepdim: true }).shape).toEqual([1, 1]);
    expectClose(x.mean([]), 0.5);
    expectClose(x.amax([]), 1);
  });
});

describe("cumsum of a 0-d tensor", () => {
  it("is the element itself, with gradient 1, over dim 0 and -1", () => {
    for (const dim of [0, -1]) {
      const x = kd.tensor(2, { requiresGrad: true });
      const y = x.cumsum(dim);
      expect(y.shape).toEqual([]);
      expectClose(y, 2);
      y.backward();
      expect(x.grad?.shape).toEqual([]);
      expectClose(x.grad, 1);
    }
    expect(kd.tensor(2, { dtype: "int32" }).cumsum(0).dtype).toBe("int64");
  });
});

done();

describe("max / min / argmax / argmin over nothing (PyTorch 2.13's errors)", () => {
  const z = kd.zeros([0, 3]);
  it("refuse an empty dim, and every element of an empty tensor", () => {
    expect(() => z.amax(0)).toThrow("amax(): Expected reduction dim 0 to have non-zero size.");
    expect(() => z.amin([0, 1])).toThrow("amin(): Expected reduction dim 0 to have non-zero size.");
    expect(() => z.amax()).toThrow("amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    expect(() => z.amin([])).toThrow("amin(): Expected reduction dim to be specified for input.numel() == 0.");
    expect(() => z.argmax(0)).toThrow("argmax(): Expected reduction dim 0 to have non-zero size.");
    expect(() => z.argmin()).toThrow("argmin(): Expected reduction dim to be specified for input.numel() == 0.");
    expect(() => z.argmax()).toThrow(kd.IndexError);
  });
  it("reduce a non-empty dim of an empty tensor to an empty result, and logsumexp / softmax / prod stay defined", () => {
    expect(z.amax(1).shape).toEqual([0]);
    expect(z.argmax(1).shape).toEqual([0]);
    expect(kd.zeros([3, 0]).amax(0).shape).toEqual([0]);
    expect(z.logsumexp(0).tolist()).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(z.softmax(0).shape).toEqual([0, 3]);
    expect(z.prod(0).tolist()).toEqual([1, 1, 1]);
  });
});

describe("max() / min() of everything with NaN", () => {
  it("share the gradient among the NaN elements, as PyTorch 2.13 does", () => {
    for (const op of ["max", "min"] as const) {
      const x = kd.tensor([1, NaN, 3, NaN]).requiresGrad_();
      const r = x[op]();
      expect(r.item()).toBeNaN();
      r.backward();
      expect(x.grad?.tolist()).toEqual([0, 0.5, 0, 0.5]);
    }
    const y = kd.tensor([1, 3, 3]).requiresGrad_();
    y.max().backward();
    expect(y.grad?.tolist()).toEqual([0, 0.5, 0.5]);
  });
});
