/**
 * Bad input fails at the call the user made, with the exported error class and the
 * message PyTorch gives for the same mistake (read from the fixture, written by PyTorch).
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { linear } from "../../src/ops/matmul.js";
import { unique } from "../../src/ops/unique.js";
import { loadFixture } from "./fixtures.js";

type ErrorClass = new (message: string) => kd.KindlingError;
const fixture = loadFixture<Record<string, { type: string; message: string }>>("errors");
const tested = new Set<string>();
const r = (...shape: number[]): kd.Tensor => kd.randn(shape);
const long = (v: number[]): kd.Tensor => kd.tensor(v, { dtype: "int64" });

/** `fn` must throw `cls` with PyTorch's message (or, with `prefix`, a message starting with it). */
function fails(name: string, cls: ErrorClass, fn: () => unknown, prefix = false): void {
  tested.add(name);
  it(name, () => {
    const want = fixture[name];
    expect(want, `no fixture case ${name}`).toBeDefined();
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught, "an error").toBeInstanceOf(cls);
    const msg = (caught as Error).message;
    if (prefix) expect(msg.startsWith(want.message), `${msg}\n  should start with\n${want.message}`).toBe(true);
    else expect(msg).toBe(want.message);
  });
}

function freedTwice(): void {
  const a = r(3).requiresGrad_();
  const loss = a.mul(a).sum();
  loss.backward();
  loss.backward();
}

describe("errors in PyTorch's words", () => {
  const { ShapeError, DTypeError, IndexError, ValueError, AutogradError } = kd;
  const x = r(2, 3);

  fails("mm_shapes", ShapeError, () => r(200, 2).matmul(r(5, 1)));
  fails("linear_shapes", ShapeError, () => linear(r(200, 2), r(1, 5)));
  fails("mm_fn", ShapeError, () => kd.mm(r(3, 2), r(3, 2)));
  fails("matmul_1d2d", ShapeError, () => r(3).matmul(r(2, 4)));
  fails("matmul_2d1d", ShapeError, () => r(2, 3).matmul(r(4)));
  fails("matmul_1d1d", ShapeError, () => r(3).matmul(r(4)));
  fails("matmul_3d2d", ShapeError, () => r(4, 2, 3).matmul(r(4, 5)));
  fails("matmul_3d3d", ShapeError, () => r(4, 2, 3).matmul(r(4, 4, 5)));
  // Kindling adds the two shapes after PyTorch's text.
  fails("matmul_batch", ShapeError, () => r(4, 2, 3).matmul(r(3, 3, 5)), true);
  fails("matmul_0d", ShapeError, () => kd.tensor(1).matmul(r(3)));
  fails("mm_dtype", DTypeError, () => r(2, 3).matmul(r(3, 2).double()));
  fails("linear_dtype", DTypeError, () => linear(r(2, 3).double(), r(2, 3)));
  fails("linear_long", DTypeError, () => linear(kd.ones([2, 3], { dtype: "int64" }), r(2, 3)));
  fails("bmm_dims", ShapeError, () => kd.bmm(r(2, 3), r(2, 3, 4)));
  fails("dot_sizes", ShapeError, () => r(3).dot(r(4)));
  fails("dot_2d", ShapeError, () => x.dot(x));
  fails("broadcast", ShapeError, () => r(2, 3).add(r(4)), true);
  fails("broadcast_3d", ShapeError, () => r(5, 2, 3).mul(r(4, 1, 3)), true);
  fails("backward_nonscalar", AutogradError, () => r(3).requiresGrad_().mul(2).backward());
  fails("backward_freed", AutogradError, freedTwice);
  fails("backward_no_grad", AutogradError, () => r(3).sum().backward());
  fails("backward_shape", AutogradError, () => r(3).requiresGrad_().mul(2).backward(kd.ones([2])));
  fails("grad_unused", AutogradError, () => kd.autograd.grad(r(3).requiresGrad_().mul(2).sum(), [r(3).requiresGrad_()]));
  fails("grad_not_requiring", AutogradError, () => kd.autograd.grad(r(3).requiresGrad_().mul(2).sum(), [r(3)]));
  fails("dim_range", IndexError, () => x.sum({ dim: 2 }));
  fails("dim_range_neg", IndexError, () => x.sum({ dim: -3 }));
  fails("dim_range_0d", IndexError, () => kd.tensor(1).sum({ dim: 1 }));
  fails("dim_range_softmax", IndexError, () => x.softmax(5));
  fails("dim_range_unsqueeze", IndexError, () => x.unsqueeze(4));
  fails("dim_range_max", IndexError, () => x.max({ dim: 3 }));
  fails("dims_twice", ShapeError, () => x.sum({ dim: [0, 0] }));
  fails("requires_grad_long", DTypeError, () => long([1, 1, 1]).requiresGrad_());
  fails("requires_grad_factory", DTypeError, () => kd.ones([3], { dtype: "int64", requiresGrad: true }));
  fails("mean_long", DTypeError, () => long([1, 1, 1]).mean());
  fails("mean_bool", DTypeError, () => kd.ones([3], { dtype: "bool" }).mean());
  fails("var_long", DTypeError, () => long([1, 1, 1]).var());
  fails("reshape_size", ShapeError, () => x.reshape(4, 4));
  fails("reshape_two_infer", ShapeError, () => x.reshape(-1, -1));
  fails("view_infer", ShapeError, () => x.view(-1, 4));
  fails("reshape_negative", ShapeError, () => x.reshape(-2, 3));
  fails("expand_size", ShapeError, () => r(3).expand(2, 4));
  fails("expand_few", ShapeError, () => x.expand(3));
  fails("cat_sizes", ShapeError, () => kd.cat([r(2, 3), r(2, 4)]));
  fails("cat_sizes_dim1", ShapeError, () => kd.cat([r(2, 3), r(3, 3)], 1));
  fails("cat_ndim", ShapeError, () => kd.cat([r(2, 3), r(3)]));
  fails("cat_empty", ValueError, () => kd.cat([]));
  fails("cat_0d", ShapeError, () => kd.cat([kd.tensor(1), kd.tensor(2)]));
  fails("stack_sizes", ShapeError, () => kd.stack([r(2, 3), r(2, 4)]));
  fails("split_sizes", ShapeError, () => r(3).split([1, 1]));
  fails("split_zero", ValueError, () => x.split(0));
  fails("split_negative", ValueError, () => r(3).split(-1));
  fails("chunk_zero", ValueError, () => x.chunk(0));
  fails("permute_len", ShapeError, () => x.permute(0, 1, 2));
  fails("permute_dup", ShapeError, () => x.permute(0, 0));
  fails("t_3d", ShapeError, () => r(2, 3, 4).t());
  fails("mT_1d", ShapeError, () => r(3).mT);
  fails("flatten_order", ShapeError, () => r(2, 3, 4).flatten(2, 1));
  fails("select_range", IndexError, () => x.select(0, 5));
  fails("narrow_range", IndexError, () => x.narrow(1, 2, 3));
  fails("index_range", IndexError, () => x.index(long([0, 5])));
  fails("index_float", IndexError, () => x.index(kd.tensor([0, 1])));
  fails("mask_shape", IndexError, () => x.index(kd.tensor([true, false, true])));
  fails("mask_shape_2d", IndexError, () => x.index(kd.tensor([[true, false], [true, true]])));
  fails("index_select_dims", IndexError, () => x.indexSelect(0, kd.tensor([[0]], { dtype: "int64" })));
  fails("index_select_float", DTypeError, () => r(3).indexSelect(0, kd.tensor([0])));
  fails("gather_ndim", ShapeError, () => x.gather(1, long([0, 1])));
  fails("gather_size", ShapeError, () => x.gather(0, kd.tensor([[0, 1, 0, 1]], { dtype: "int64" })));
  fails("gather_range", IndexError, () => x.gather(1, kd.tensor([[0], [3]], { dtype: "int64" })));
  fails("scatter_src", ShapeError, () => kd.zeros([2, 3]).scatter(1, kd.tensor([[0, 1, 2]], { dtype: "int64" }), kd.ones([1, 2])));
  fails("masked_fill_float", DTypeError, () => x.maskedFill(kd.ones([2, 3]), 0));
  fails("item_many", ValueError, () => x.item());
  fails("leaf_inplace", AutogradError, () => r(3).requiresGrad_().add_(1));
  fails("nonleaf_requires_grad", AutogradError, () => r(3).requiresGrad_().mul(2).requiresGrad_(false));
  fails("inplace_cast", DTypeError, () => long([1, 1, 1]).add_(0.5));
  fails("inplace_shape", ShapeError, () => kd.ones([3]).add_(kd.ones([2, 3])));
  fails("clamp_none", ValueError, () => x.clamp());
  fails("arange_sign", ValueError, () => kd.arange(0, 5, -1));
  fails("arange_step0", ValueError, () => kd.arange(0, 5, 0));
  fails("zeros_negative", ValueError, () => kd.zeros([2, -1]));
  fails("linspace_negative", ValueError, () => kd.linspace(0, 1, -1));
  fails("max_empty", ValueError, () => kd.tensor([]).max());
  fails("max_dim_empty", IndexError, () => kd.zeros([2, 0]).max({ dim: 1 }));
  fails("tensor_ragged", ShapeError, () => kd.tensor([[1, 2], [3]]));
  fails("pow_int_negative", ValueError, () => long([2, 3]).pow(-1));
  fails("bool_sub", DTypeError, () => kd.tensor([true]).sub(kd.tensor([true])));
  fails("bool_neg", DTypeError, () => kd.tensor([true]).neg());
  fails("unique_dim", IndexError, () => unique(x, { dim: 3 }));

  it("tests every case of errors.json", () => {
    expect(Object.keys(fixture).filter((k) => !tested.has(k))).toEqual([]);
  });

  it("names both shapes in a broadcasting error", () => {
    expect(() => r(2, 3).add(r(4))).toThrow("(shapes [2, 3] and [4])");
  });

  it("every error class is a KindlingError and an Error", () => {
    for (const cls of [ShapeError, DTypeError, IndexError, ValueError, AutogradError, kd.GradcheckError]) {
      const e = new cls("m");
      expect(e).toBeInstanceOf(kd.KindlingError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(cls.name);
    }
  });
});
