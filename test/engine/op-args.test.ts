/**
 * Arguments as PyTorch takes them, generated from the op table's schemas: every op that
 * takes `dim` is called with it positionally and in the options object, with `keepdim`
 * either way, and must give the same answer (never a silent reduction of everything);
 * a wrong type, an unknown option or a value given twice is a TypeError naming the op
 * and the argument. `METHODS` is typed by the table's names, so an op that gains a
 * schema without a call here does not compile.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { OPS, SHAPE_ARGS } from "../../src/ops/table.js";

type T = kd.Tensor;
type WithArgs = { [K in keyof typeof OPS]: (typeof OPS)[K] extends { args: readonly [unknown, ...unknown[]] } ? K : never }[keyof typeof OPS];
type Call = (x: T, ...args: unknown[]) => T;

const values = (r: T | kd.ValuesIndices): number[] => Array.from((r instanceof kd.Tensor ? r : r.values).toArray());
const shape = (r: T | kd.ValuesIndices): readonly number[] => (r instanceof kd.Tensor ? r : r.values).shape;

/** Each op with a schema, as a method call (its PyTorch name for messages) and as a kd function where one exists. */
const METHODS: { [K in WithArgs]: { torch: string; call: Call; fn?: Call; input?: () => T } } = {
  sum: { torch: "sum", call: (x, ...a) => x.sum(...(a as [])), fn: (x, ...a) => kd.sum(x, ...(a as [])) },
  mean: { torch: "mean", call: (x, ...a) => x.mean(...(a as [])), fn: (x, ...a) => kd.mean(x, ...(a as [])) },
  prod: { torch: "prod", call: (x, ...a) => x.prod(...(a as [])) },
  maxDim: { torch: "max", call: (x, ...a) => (x.max as (...b: unknown[]) => T)(...a), fn: (x, ...a) => (kd.max as (y: T, ...b: unknown[]) => T)(x, ...a) },
  amax: { torch: "amax", call: (x, ...a) => x.amax(...(a as [])) },
  argmax: { torch: "argmax", call: (x, ...a) => x.argmax(...(a as [])), fn: (x, ...a) => kd.argmax(x, ...(a as [])) },
  var: { torch: "var", call: (x, ...a) => x.var(...(a as [])) },
  std: { torch: "std", call: (x, ...a) => x.std(...(a as [])) },
  logsumexp: { torch: "logsumexp", call: (x, ...a) => x.logsumexp(...(a as [number])), fn: (x, ...a) => kd.logsumexp(x, ...(a as [number])) },
  norm: { torch: "norm", call: (x, ...a) => x.norm(...(a as [])) },
  boolReduce: { torch: "all", call: (x, ...a) => x.all(...(a as [])), input: () => kd.tensor([[true, false, true], [true, true, true]]) },
  cumsum: { torch: "cumsum", call: (x, ...a) => x.cumsum(...(a as [number])) },
  sort: { torch: "sort", call: (x, ...a) => (x.sort as (...b: unknown[]) => kd.ValuesIndices)(...a).values, fn: (x, ...a) => (kd.sort as (y: T, ...b: unknown[]) => kd.ValuesIndices)(x, ...a).values },
  // topk's k (2 here) comes first: given where the generic calls leave it out.
  topk: {
    torch: "topk",
    call: (x, ...a) => {
      const b = a[0] === undefined ? [2, ...a.slice(1)] : typeof a[0] === "object" ? [2, ...a] : a;
      return (x.topk as (...c: unknown[]) => kd.ValuesIndices)(...b).values;
    },
  },
  softmax: { torch: "softmax", call: (x, ...a) => x.softmax(...(a as [number])), fn: (x, ...a) => kd.softmax(x, ...(a as [number])) },
  logSoftmax: { torch: "log_softmax", call: (x, ...a) => x.logSoftmax(...(a as [number])), fn: (x, ...a) => kd.nn.functional.logSoftmax(x, ...(a as [number])) },
};

const X = (): T => kd.tensor([[0.5, -1.5, 2.0], [3.0, 0.25, -0.75]]);

describe("arguments from the op table's schemas", () => {
  for (const [name, m] of Object.entries(METHODS) as [WithArgs, (typeof METHODS)[WithArgs]][]) {
    const schema = OPS[name].args as readonly { name: string }[];
    const at = schema.findIndex((s) => s.name === "dim");
    const hasKeepdim = schema.some((s) => s.name === "keepdim");
    const keepAt = schema.findIndex((s) => s.name === "keepdim");
    const input = m.input ?? X;
    /** The positional arguments with `dim` (and `keepdim`) in their schema places, earlier ones left undefined. */
    const positional = (dim: number, keepdim?: boolean): unknown[] => {
      const a: unknown[] = new Array(keepdim === undefined ? at + 1 : keepAt + 1).fill(undefined);
      a[at] = dim;
      if (keepdim !== undefined) a[keepAt] = keepdim;
      return a;
    };

    describe(`${m.torch}`, () => {
      it("dim positionally and in the options object give the same per-row result", () => {
        const byPosition = m.call(input(), ...positional(1));
        const byOption = m.call(input(), { dim: 1 });
        expect(values(byPosition)).toEqual(values(byOption));
        // Reducing along dim 1 keeps dim 0 (cumsum and softmax keep both).
        expect(shape(byPosition)[0]).toBe(2);
        if (m.fn) expect(values(m.fn(input(), ...positional(1)))).toEqual(values(byOption));
      });

      if (hasKeepdim) {
        it("keepdim positionally, in the options object, or beside a positional dim", () => {
          const forms = [
            m.call(input(), ...positional(1, true)),
            m.call(input(), ...positional(1), { keepdim: true }),
            m.call(input(), { dim: 1, keepdim: true }),
          ];
          for (const r of forms) {
            expect(shape(r)).toEqual([2, 1]);
            expect(values(r)).toEqual(values(forms[2]));
          }
        });
      }

      it("a dim of the wrong type is a TypeError naming the op and the argument", () => {
        const a = positional(1);
        a[at] = "1";
        expect(() => m.call(input(), ...a)).toThrow(TypeError);
        expect(() => m.call(input(), ...a)).toThrow(`${m.torch}(): argument 'dim' (position ${at + 1}) must be`);
        expect(() => m.call(input(), { dim: 1.5 })).toThrow(`${m.torch}(): argument 'dim' must be`);
      });

      it("an unknown option and a value given twice are TypeErrors", () => {
        expect(() => m.call(input(), { dims: 1 })).toThrow(`${m.torch}() got an unexpected keyword argument 'dims'`);
        expect(() => m.call(input(), ...positional(1), { dim: 0 })).toThrow(`${m.torch}() got multiple values for argument 'dim'`);
      });
    });
  }
});

type ShapeCall = (x: T, ...args: unknown[]) => T | T[];
const I = (v: number[][]): T => kd.tensor(v, { dtype: "int64" });
const X3 = (): T => kd.arange(24).reshape([2, 3, 4]).to("float32");
/**
 * The shape and indexing ops whose schema lives in SHAPE_ARGS, each with an example of
 * every argument in PyTorch's order (typed by the schema names: an op that gains a schema
 * without a call here does not compile).
 */
const SHAPE_CALLS: { [K in keyof typeof SHAPE_ARGS]: { torch: string; call: ShapeCall; example: unknown[]; input?: () => T } } = {
  squeeze: { torch: "squeeze", call: (x, ...a) => (x.squeeze as (...b: unknown[]) => T)(...a), example: [1], input: () => kd.ones([2, 1, 3]) },
  unsqueeze: { torch: "unsqueeze", call: (x, ...a) => (x.unsqueeze as (...b: unknown[]) => T)(...a), example: [1] },
  flatten: { torch: "flatten", call: (x, ...a) => (x.flatten as (...b: unknown[]) => T)(...a), example: [1, 2] },
  transpose: { torch: "transpose", call: (x, ...a) => (x.transpose as (...b: unknown[]) => T)(...a), example: [0, 2] },
  flip: { torch: "flip", call: (x, ...a) => (x.flip as (...b: unknown[]) => T)(...a), example: [[0, 2]] },
  cat: { torch: "cat", call: (x, ...a) => (kd.cat as unknown as (t: T[], ...b: unknown[]) => T)([x, x], ...a), example: [1] },
  split: { torch: "split", call: (x, ...a) => (x.split as (...b: unknown[]) => T[])(...a), example: [2, 2] },
  chunk: { torch: "chunk", call: (x, ...a) => (x.chunk as (...b: unknown[]) => T[])(...a), example: [2, 2] },
  unbind: { torch: "unbind", call: (x, ...a) => (x.unbind as (...b: unknown[]) => T[])(...a), example: [2] },
  select: { torch: "select", call: (x, ...a) => (x.select as (...b: unknown[]) => T)(...a), example: [2, 1] },
  narrow: { torch: "narrow", call: (x, ...a) => (x.narrow as (...b: unknown[]) => T)(...a), example: [2, 1, 2] },
  indexSelect: { torch: "index_select", call: (x, ...a) => (x.indexSelect as (...b: unknown[]) => T)(...a), example: [2, kd.tensor([3, 0], { dtype: "int64" })] },
  gather: { torch: "gather", call: (x, ...a) => (x.gather as (...b: unknown[]) => T)(...a), example: [1, I([[0, 2]]).reshape([1, 1, 2]).expand([2, 1, 2])] },
  scatter: { torch: "scatter", call: (x, ...a) => (x.scatter as (...b: unknown[]) => T)(...a), example: [1, I([[0, 2]]).reshape([1, 1, 2]).expand([2, 1, 2]), -1] },
  scatterAdd: { torch: "scatter_add", call: (x, ...a) => (x.scatterAdd as (...b: unknown[]) => T)(...a), example: [1, I([[0, 2]]).reshape([1, 1, 2]).expand([2, 1, 2]), kd.ones([2, 1, 2])] },
};

const flat = (r: T | T[]): unknown => (Array.isArray(r) ? r.map(flat) : { shape: r.shape, values: Array.from(r.toArray()) });

describe("arguments of the shape and indexing ops, from their schemas", () => {
  for (const [name, m] of Object.entries(SHAPE_CALLS) as [keyof typeof SHAPE_ARGS, (typeof SHAPE_CALLS)[keyof typeof SHAPE_ARGS]][]) {
    const schema = SHAPE_ARGS[name] as readonly { name: string }[];
    const input = m.input ?? X3;
    const asOptions = (from: number): Record<string, unknown> => Object.fromEntries(schema.slice(from).map((s, i) => [s.name, m.example[from + i]]));
    it(`${m.torch}: every split of its arguments between positions and the options object gives the same result`, () => {
      const want = flat(m.call(input(), ...m.example));
      for (let k = 0; k < schema.length; k++) {
        expect(flat(m.call(input(), ...m.example.slice(0, k), asOptions(k))), `${k} positional`).toEqual(want);
      }
    });
    it(`${m.torch}: a wrong type, an unknown option and a value given twice are TypeErrors naming the op`, () => {
      const bad = [...m.example];
      bad[0] = "1";
      expect(() => m.call(input(), ...bad)).toThrow(`${m.torch}(): argument '${schema[0].name}' (position 1) must be`);
      expect(() => m.call(input(), ...m.example, { nope: 1 })).toThrow(TypeError);
      expect(() => m.call(input(), ...m.example, { nope: 1 })).toThrow(`${m.torch}() got an unexpected keyword argument 'nope'`);
      expect(() => m.call(input(), ...m.example, { [schema[0].name]: m.example[0] })).toThrow(`${m.torch}() got multiple values for argument '${schema[0].name}'`);
    });
  }
});

describe("in-place changes of Kindling's copies where PyTorch has views", () => {
  it("a slice, select, split piece, transpose or expand refuses an in-place change instead of silently leaving its source alone", () => {
    const x = kd.ones([2, 3]);
    const copies: [string, () => T][] = [
      ["select", () => x.select(0, 0)],
      ["narrow", () => x.narrow(1, 1, 2)],
      ["slice", () => x.slice(null, [0, 2])],
      ["split", () => x.split(1)[0]],
      ["unbind", () => x.unbind()[1]],
      ["t", () => x.t()],
      ["expand", () => kd.ones([1, 3]).expand([2, 3])],
    ];
    for (const [what, make] of copies) {
      expect(() => make().mul_(2), what).toThrow("in Kindling these are copies, not views");
    }
    expect(x.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it("a clone of the slice may be changed, and the views Kindling shares (reshape, view, squeeze) change their source", () => {
    const x = kd.ones([2, 3]);
    const row = x.select(0, 0).clone();
    row.mul_(3);
    expect(row.tolist()).toEqual([3, 3, 3]);
    x.view(6).mul_(2);
    x.reshape([3, 2]).add_(1);
    expect(x.tolist()).toEqual([[3, 3, 3], [3, 3, 3]]);
  });
});

describe("the calls the issue names", () => {
  const t = kd.tensor([[1, 2, 3], [4, 5, 6]]);
  it("x.sum(1), x.mean(0), x.argmax(1), kd.argmax(t, 1) reduce one dim", () => {
    expect(t.sum(1).tolist()).toEqual([6, 15]);
    expect(t.mean(0).tolist()).toEqual([2.5, 3.5, 4.5]);
    expect(t.argmax(1).tolist()).toEqual([2, 2]);
    expect(kd.argmax(t, 1).tolist()).toEqual([2, 2]);
    expect(t.sum([0, 1], { keepdim: true }).tolist()).toEqual([[21]]);
    expect(t.sum({ dim: 1 }).tolist()).toEqual([6, 15]);
  });
  it("x.max(0) gives values and indices; kd.logsumexp(A, 1) and kd.softmax(x, { dim: 1 }) work", () => {
    const m = t.max(0);
    expect(m.values.tolist()).toEqual([4, 5, 6]);
    expect(m.indices.tolist()).toEqual([1, 1, 1]);
    expect(kd.logsumexp(kd.zeros([2, 2]), 1).toArray()[0]).toBeCloseTo(Math.LN2, 6);
    expect(kd.softmax(kd.zeros([2, 2]), { dim: 1 }).tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    expect(kd.softmax(kd.zeros([2, 2]), 1).tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  });
  it("the tutorial's torch.softmax(y_logits, dim=1).argmax(dim=1)", () => {
    const logits = kd.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 0.5]]);
    expect(kd.softmax(logits, { dim: 1 }).argmax({ dim: 1 }).tolist()).toEqual([1, 0]);
    expect(kd.softmax(logits, 1).argmax(1).tolist()).toEqual([1, 0]);
  });
  it("required arguments are required: logsumexp and cumsum without dim", () => {
    expect(() => (t.logsumexp as () => T)()).toThrow("logsumexp() missing required argument 'dim'");
    expect(() => (t.cumsum as () => T)()).toThrow("cumsum() missing required argument 'dim'");
  });
  it("keyword-only arguments are refused positionally (sum's dtype)", () => {
    expect(() => (t.sum as (...a: unknown[]) => T)(1, false, "float64")).toThrow("sum() takes at most 2 positional arguments but 3 were given");
    expect(t.sum(1, false, { dtype: "float64" }).dtype).toBe("float64");
  });
  it("an unknown device is a TypeError naming it", () => {
    expect(() => kd.ones([2]).to("tpu" as "cpu")).toThrow(TypeError);
    expect(() => kd.ones([2]).to("tpu" as "cpu")).toThrow("to(): unknown device or dtype 'tpu'");
    // CUDA's and MPS's names say which GPU device Kindling has.
    expect(() => kd.ones([2]).to("cuda" as "cpu")).toThrow(/device 'cuda' is not available in Kindling: its GPU device is "webgpu"/);
  });
});
