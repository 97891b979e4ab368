import { describe, expect, it } from "vitest";
import { checkRandomState, RandomState } from "../../src/random/random-state.js";
import { expectClose64, fixture } from "./fixture-helpers.js";

interface ErrorFixture { type: string; message: string }
interface Case {
  seed: number;
  first_words: number[];
  random_sample: number[];
  standard_normal: number[];
  normal: number[];
  uniform: number[];
  randint_small: number[];
  randint_offset: number[];
  randint_pow2: number[];
  randint_max32: number[];
  randint_big: number[];
  permutation: number[];
  shuffle: number[];
  choice_replace: number[];
  choice_no_replace: number[];
  choice_p: number[];
  choice_p_no_replace: number[];
  choice_items: string[];
  poisson_small: number[];
  poisson_large: number[];
  randn_scalar: number;
  rand_shape: number[];
  normal_rows: number[];
  final_pos: number;
  final_has_gauss: number;
  final_cached_gaussian: number;
}
const { cases, errors } = fixture<{ cases: Case[]; errors: Record<string, ErrorFixture> }>("random_state.json");

describe("RandomState against numpy's legacy generator", () => {
  for (const c of cases) {
    it(`reproduces seed ${c.seed} draw by draw`, () => {
      const rs = new RandomState(c.seed);
      // randint(0, 2**32, dtype=uint64) is one raw word per draw.
      expect([rs.nextUint32(), rs.nextUint32(), rs.nextUint32()]).toEqual(c.first_words);

      rs.seed(c.seed);
      // Uniform draws involve no transcendental function: bit-identical.
      expect(rs.randomSample(10)).toEqual(c.random_sample);
      expectClose64(rs.standardNormal(11), c.standard_normal);
      expectClose64(rs.normal(3, 2, 5), c.normal);
      expect(rs.uniform(-2, 5, 7)).toEqual(c.uniform);
      expect(rs.randint(10, null, 20)).toEqual(c.randint_small);
      expect(rs.randint(-5, 1000, 20)).toEqual(c.randint_offset);
      expect(rs.randint(2 ** 31, null, 5)).toEqual(c.randint_pow2);
      expect(rs.randint(0, 2 ** 32, 5)).toEqual(c.randint_max32);
      expect(rs.randint(0, 2 ** 40 + 12345, 5)).toEqual(c.randint_big);
      expect(rs.permutation(20)).toEqual(c.permutation);
      const list = Array.from({ length: 15 }, (_, i) => i);
      rs.shuffle(list);
      expect(list).toEqual(c.shuffle);
      expect(rs.choice(10, { size: 8 })).toEqual(c.choice_replace);
      expect(rs.choice(10, { size: 5, replace: false })).toEqual(c.choice_no_replace);
      expect(rs.choice(5, { size: 12, p: [0.1, 0.2, 0.3, 0.15, 0.25] })).toEqual(c.choice_p);
      expect(rs.choice(6, { size: 4, replace: false, p: [0.05, 0.4, 0.1, 0.3, 0.05, 0.1] })).toEqual(c.choice_p_no_replace);
      expect(rs.choice(["a", "b", "c", "d"], { size: 6 })).toEqual(c.choice_items);
      expect(rs.poisson(2, 20)).toEqual(c.poisson_small);
      expect(rs.poisson(50, 20)).toEqual(c.poisson_large);
      expectClose64([rs.randn()], [c.randn_scalar]);
      expect(rs.rand(2, 3)).toEqual(c.rand_shape);
      expectClose64(rs.normal([0, 10, -5], [1, 0.5, 2], [4, 3]), c.normal_rows, 3);

      // Same number of words consumed, same normal cached.
      const state = rs.getState();
      expect(state.pos).toBe(c.final_pos);
      expect(state.hasGauss).toBe(c.final_has_gauss === 1);
      expectClose64([state.cachedGaussian], [c.final_cached_gaussian]);
    });
  }

  it("restores a saved state", () => {
    const rs = new RandomState(3);
    rs.standardNormal(3);
    const saved = rs.getState();
    const a = rs.standardNormal(5);
    rs.setState(saved);
    expect(rs.standardNormal(5)).toEqual(a);
  });

  it("shuffles the rows of a tensor with the same swaps as a list", async () => {
    const { tensor } = await import("../../src/tensor/creation.js");
    const t = tensor([[0, 0], [1, 10], [2, 20], [3, 30], [4, 40]], { dtype: "float64" });
    new RandomState(5).shuffle(t);
    const order = [0, 1, 2, 3, 4];
    new RandomState(5).shuffle(order);
    expect(t.tolist()).toEqual(order.map((i) => [i, i * 10]));
  });
});

describe("RandomState errors use numpy's messages", () => {
  const rs = new RandomState(0);
  const cases: [string, () => unknown][] = [
    ["randint_high_le_0", () => rs.randint(0)],
    ["randint_low_ge_high", () => rs.randint(5, 3)],
    ["choice_empty_pop", () => rs.choice(0, { size: 3 })],
    ["choice_2d", () => rs.choice([[1, 2]], { size: 1 })],
    ["choice_too_many", () => rs.choice(5, { size: 6, replace: false })],
    ["choice_p_sum", () => rs.choice(3, { size: 2, p: [0.5, 0.6, 0.1] })],
    ["choice_p_size", () => rs.choice(3, { size: 2, p: [0.5, 0.5] })],
    ["choice_p_negative", () => rs.choice(3, { size: 2, p: [-0.5, 1.5, 0] })],
    ["choice_p_few_nonzero", () => rs.choice(3, { size: 3, replace: false, p: [0.5, 0.5, 0] })],
    ["choice_empty_array", () => rs.choice([], { size: 2 })],
    ["poisson_negative", () => rs.poisson(-1)],
    ["poisson_too_large", () => rs.poisson(1e20)],
    ["seed_negative", () => new RandomState(-1)],
    ["seed_too_large", () => new RandomState(2 ** 32)],
    ["normal_negative_scale", () => rs.normal(0, -1)],
    ["uniform_infinite_range", () => rs.uniform(0, Infinity)],
    ["check_random_state_float", () => checkRandomState(1.5)],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      expect(f).toThrow(errors[name].message);
    });
  }

  it("checkRandomState passes a RandomState through and seeds a fresh one from an integer", () => {
    const rs = new RandomState(9);
    expect(checkRandomState(rs)).toBe(rs);
    expect(checkRandomState(9).randomSample(3)).toEqual(new RandomState(9).randomSample(3));
    expect(checkRandomState()).toBe(checkRandomState(null));
  });
});
