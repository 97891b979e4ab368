/**
 * kd.Generator against torch.Generator: seeding (init_genrand with the low 32 bits,
 * the 64-bit seed kept), the state bytes after draws (word counts, twists, the cached
 * normal), loading torch's states, and the global-generator functions.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { DEFAULT_SEED, setDefaultGenerator } from "../../src/random/generator.js";
import { MT19937 } from "../../src/random/mt19937.js";
import { bytesFromBase64, expectExact, expectState, fixture, runOp, seeded, type OpSpec, type TensorFixture } from "./helpers.js";

interface StateCase {
  name: string;
  seed: string | null;
  ops: OpSpec[];
  initialSeed: string;
  state: string;
}

const F = fixture<{ cases: StateCase[]; restore: { state: string; draws: TensorFixture[] } }>("generator.json");

describe("Generator state", () => {
  for (const c of F.cases) {
    it(`matches torch's get_state() bytes: ${c.name}`, () => {
      const g = c.seed === null ? new kd.Generator() : seeded(c.seed);
      for (const op of c.ops) runOp(op, g);
      expectState(g.getState(), c.state);
      // initialSeed is a number: exact up to 2^53, rounded beyond.
      expect(g.initialSeed()).toBe(Number(BigInt(c.initialSeed)));
    });
  }

  it("continues torch's stream after loading torch's state bytes", () => {
    const g = new kd.Generator().setState(bytesFromBase64(F.restore.state));
    expectExact(kd.randn([3], { generator: g }), F.restore.draws[0], "randn after set_state");
    expectExact(kd.rand([4], { generator: g }), F.restore.draws[1], "rand after set_state");
  });

  it("round-trips its own state, cached normal included", () => {
    const g = new kd.Generator().manualSeed(5);
    kd.randn([3], { generator: g });
    kd.rand([700], { generator: g });
    const saved = g.getState();
    const a = kd.randn([5], { generator: g });
    g.setState(saved);
    const b = kd.randn([5], { generator: g });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(g.getState()).not.toBe(saved); // a copy, not a live view
  });

  it("rejects states of the wrong size or inconsistent counters, with torch's message", () => {
    const g = new kd.Generator();
    expect(() => g.setState(new Uint8Array(10))).toThrow(
      "Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10",
    );
    const bad = g.getState();
    new DataView(bad.buffer).setInt32(12, 0, true); // seeded = false
    expect(() => g.setState(bad)).toThrow(kd.ValueError);
  });
});

describe("seeding", () => {
  it("wraps negative seeds and rejects out-of-range or fractional ones as torch does", () => {
    expect(new kd.Generator().manualSeed(-1).getState().slice(0, 8)).toEqual(new Uint8Array(8).fill(255));
    expect(() => new kd.Generator().manualSeed(2n ** 64n)).toThrow("Overflow when unpacking long long");
    expect(() => new kd.Generator().manualSeed(-(2n ** 63n) - 1n)).toThrow("Overflow when unpacking long long");
    expect(() => new kd.Generator().manualSeed(1.5)).toThrow("manual_seed expected a long, but got float");
  });

  it("seeds the engine with the low 32 bits only, as torch does", () => {
    const a = kd.rand([50], { generator: new kd.Generator().manualSeed(2n ** 40n + 3n) });
    const b = kd.rand([50], { generator: new kd.Generator().manualSeed(3) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it("seed() picks a fresh seed and reports it", () => {
    const g = new kd.Generator();
    const s1 = g.seed();
    expect(g.initialSeed()).toBe(s1);
    expect(Number.isSafeInteger(s1)).toBe(true);
    const s2 = g.seed();
    expect(s2).not.toBe(s1);
  });

  it("starts unseeded generators from torch's default seed", () => {
    expect(new kd.Generator().initialSeed()).toBe(DEFAULT_SEED);
    expect(DEFAULT_SEED).toBe(67280421310721);
  });
});

describe("global generator", () => {
  afterEach(() => setDefaultGenerator(new kd.Generator()));

  it("manualSeed / initialSeed / getRngState / setRngState act on the default generator", () => {
    const g = kd.manualSeed(42);
    expect(g).toBe(kd.getDefaultGenerator());
    expect(kd.initialSeed()).toBe(42);
    const local = kd.rand([5], { generator: new kd.Generator().manualSeed(42) });
    const state = kd.getRngState();
    expect(Array.from(kd.rand([5]).data)).toEqual(Array.from(local.data));
    kd.setRngState(state);
    expect(Array.from(kd.rand([5]).data)).toEqual(Array.from(local.data));
    const s = kd.seed();
    expect(kd.initialSeed()).toBe(s);
  });
});

describe("MT19937", () => {
  it("emits the reference init_genrand stream (first words for seed 5489 from the MT19937 paper)", () => {
    const mt = new MT19937(5489);
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it("gives numpy's and torch's first word for seed 42", () => {
    expect(new MT19937(42).nextUint32()).toBe(1608637542);
  });

  it("clones independently", () => {
    const a = new MT19937(7);
    for (let i = 0; i < 1000; i++) a.nextUint32();
    const b = a.clone();
    expect(b.nextUint32()).toBe(a.nextUint32());
    expect(b.hasTwisted).toBe(true);
  });
});
