/** Property tests (fast-check): invariants that must hold for every shape, not just the fixture's. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const dims = (max: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: max });
const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** Whole-number int64 data, so sums are exact whatever the order. */
const intTensor = (shape: number[], seed: number): kd.Tensor =>
  kd.fromArray(Float64Array.from({ length: numel(shape) }, (_, i) => ((i * 7919 + seed) % 23) - 11), shape, { dtype: "int64" });

/** An output shape and two operand shapes that broadcast to it. */
const broadcastPair = dims(4).chain((out) =>
  fc.tuple(
    fc.constant(out),
    ...[0, 1].map(() =>
      fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })).map(
        ([drop, ones]) => out.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)),
      ),
    ),
  ),
);

describe("properties", () => {
  it("broadcasting: the result has the broadcast shape and equals the expanded operands' sum; gradients keep each shape", () => {
    fc.assert(
      fc.property(broadcastPair, fc.integer(), ([, sa, sb], seed) => {
        const a = intTensor(sa, seed).double().requiresGrad_();
        const b = intTensor(sb, seed + 1).double().requiresGrad_();
        const out = a.add(b);
        const shape = [...out.shape];
        expect(kd.equal(out, a.detach().expand(shape).add(b.detach().expand(shape)))).toBe(true);
        out.sum().backward();
        expect(a.grad!.shape).toEqual(sa);
        expect(b.grad!.shape).toEqual(sb);
        // Each element of a is used numel(out) / numel(a) times.
        expect(Array.from(a.grad!.data).every((v) => v === numel(shape) / numel(sa))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("reshape round-trips, and -1 infers the missing size", () => {
    fc.assert(
      fc.property(dims(4), fc.integer({ min: 0, max: 3 }), (shape, k) => {
        const x = intTensor(shape, k);
        const flat = x.reshape(-1);
        expect(flat.shape).toEqual([numel(shape)]);
        const back = flat.reshape(shape);
        expect(back.tolist()).toEqual(x.tolist());
        if (shape.length > 0) {
          const i = k % shape.length;
          const req = shape.map((s, j) => (j === i ? -1 : s));
          expect(x.reshape(req).shape).toEqual(shape);
        }
      }),
    );
  });

  it("summing over some dims, then the rest, gives the total", () => {
    fc.assert(
      fc.property(dims(4), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean(), (shape, pick, keepdim) => {
        const x = intTensor(shape, 3);
        const ds = shape.map((_, i) => i).filter((i) => pick[i]);
        const part = x.sum({ dim: ds.length ? ds : undefined, keepdim });
        expect(part.sum().item()).toBe(x.sum().item());
        let total = 0;
        for (const v of x.data) total += v;
        expect(x.sum().item()).toBe(total);
        if (keepdim) expect(part.ndim).toBe(shape.length);
      }),
    );
  });

  it("permute by p then by p⁻¹ is the identity", () => {
    fc.assert(
      fc.property(
        dims(5).filter((s) => s.length > 0).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }))),
        ([shape, perm]) => {
          const x = intTensor(shape, 5);
          const inv = new Array<number>(perm.length);
          perm.forEach((p, i) => (inv[p] = i));
          const y = x.permute(perm);
          expect([...y.shape]).toEqual(perm.map((p) => shape[p]));
          expect(y.permute(inv).tolist()).toEqual(x.tolist());
        },
      ),
    );
  });

  it("split then cat round-trips, along any dim", () => {
    fc.assert(
      fc.property(dims(3).filter((s) => s.length > 0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 }), (shape, d0, size) => {
        const d = d0 % shape.length;
        const x = intTensor(shape, 9);
        const parts = x.split(size, d);
        expect(parts.reduce((n, p) => n + p.shape[d], 0)).toBe(shape[d]);
        expect(kd.cat(parts, d).tolist()).toEqual(x.tolist());
        expect(kd.stack(x.unbind(d), d).tolist()).toEqual(x.tolist());
      }),
    );
  });

  it("softmax rows sum to 1 and logSoftmax is its log, for any finite input", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 12 }), (vals) => {
        const x = kd.tensor(vals, { dtype: "float64" });
        expect(x.softmax(0).sum().item()).toBeCloseTo(1, 12);
        expect(x.logSoftmax(0).allclose(x.softmax(0).log(), { atol: 1e-9 })).toBe(true);
      }),
    );
  });

  it("matmul agrees with the sum of products, batched and broadcast", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (b, m, k, n) => {
        const a = intTensor([b, m, k], 1).double(), c = intTensor([k, n], 2).double();
        const viaBroadcast = a.unsqueeze(-1).mul(c.unsqueeze(0).unsqueeze(0)).sum({ dim: 2 });
        expect(kd.equal(a.matmul(c), viaBroadcast)).toBe(true);
      }),
    );
  });
});
