/**
 * The fused kernels: the reference implementations against PyTorch 2.13's own numbers
 * (fixtures/torch-fused.json, made by fixtures/make_torch_fused.py) and against the
 * unfused composition of basic kernels; the wasm linear layer against the reference.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AdamOptions, LinearActivation, SGDOptions } from "../../src/backend/index.js";
import { jsBackend, wasmBackend } from "../../src/backend/index.js";
import { jsKernelsWith } from "../../src/backend/js/index.js";
import { libm } from "../../src/backend/libm.js";
import { createWasmBackend } from "../../src/backend/wasm/backend.js";
import { maxRelErr, randF32, rng } from "./helpers.js";

interface Fixtures {
  p0: number[][];
  grads: number[][][];
  results: Record<string, number[][]>;
  ce: { x: number[]; t: number[]; loss: number; grad: number[] };
  bce: { x: number[]; y: number[]; loss: number; grad: number[] };
}
const fx = JSON.parse(readFileSync(new URL("./fixtures/torch-fused.json", import.meta.url), "utf8")) as Fixtures;

const SGD: SGDOptions = { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
const ADAM: AdamOptions = { lr: 1e-2, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, amsgrad: false, maximize: false };

function runSgd(o: SGDOptions): Float32Array[] {
  const ps = fx.p0.map((p) => Float32Array.from(p));
  const bufs = ps.map((p) => new Float32Array(p.length));
  fx.grads.forEach((gs, step) => jsBackend.sgdStep(ps, gs.map((g) => Float32Array.from(g)), bufs, step === 0, o));
  return ps;
}

function runAdam(o: AdamOptions): Float32Array[] {
  const ps = fx.p0.map((p) => Float32Array.from(p));
  const zeros = (): Float32Array[] => ps.map((p) => new Float32Array(p.length));
  const m = zeros(), v = zeros(), vmax = zeros();
  fx.grads.forEach((gs, step) => jsBackend.adamStep(ps, gs.map((g) => Float32Array.from(g)), m, v, o.amsgrad ? vmax : null, step + 1, o));
  return ps;
}

function expectMatches(got: Float32Array[], want: number[][]): void {
  got.forEach((p, i) => expect(maxRelErr(p, want[i])).toBeLessThan(1e-6));
}

describe("fused optimizer steps match torch.optim", () => {
  it("SGD", () => expectMatches(runSgd(SGD), fx.results.sgd_plain));
  it("SGD with Nesterov momentum and weight decay", () => {
    expectMatches(runSgd({ ...SGD, lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }), fx.results.sgd_momentum_nesterov_wd);
  });
  it("SGD with momentum, dampening, maximize", () => {
    expectMatches(runSgd({ ...SGD, lr: 0.05, momentum: 0.8, dampening: 0.3, maximize: true }), fx.results.sgd_momentum_dampening_maximize);
  });
  it("Adam", () => expectMatches(runAdam(ADAM), fx.results.adam));
  it("Adam with L2 weight decay and AMSGrad", () => {
    expectMatches(runAdam({ ...ADAM, weightDecay: 0.1, amsgrad: true, betas: [0.8, 0.95] }), fx.results.adam_wd_amsgrad);
  });
  it("AdamW, maximize", () => {
    expectMatches(runAdam({ ...ADAM, weightDecay: 0.05, decoupledWeightDecay: true, maximize: true }), fx.results.adamw_maximize);
  });
});

describe("the wasm Adam step (assembly/optim.ts)", () => {
  // The reference loop the wasm backend ran before: the TypeScript kernels over Kindling's libm.
  const reference = jsKernelsWith(libm, "reference");
  // Bits, with every NaN as one pattern: a NaN's sign and payload are not a value (wasm's
  // max may give −NaN where Math.max gives NaN).
  const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.map((x) => (x === x ? x : NaN)).buffer);

  /** Five steps of `o` on both backends from the same start; every array compared bit for bit. */
  function compare(o: AdamOptions, n: number, opts: { special?: boolean; resident?: boolean } = {}): void {
    const rand = rng(n * 31 + 7);
    const p0 = randF32(n, rand), grads = Array.from({ length: 5 }, () => randF32(n, rand, 3));
    if (opts.special) {
      // Zeros, signed zeros, tiny and huge gradients, and the non-finite values.
      const odd = [0, -0, 1e-30, -1e-30, 3e30, -3e30, Infinity, -Infinity, NaN];
      odd.forEach((x, i) => { grads[0][i * 3] = x; grads[2][i * 5 + 1] = x; p0[i * 7 + 2] = x === x && Math.abs(x) !== Infinity ? x : 0.5; });
    }
    const wasm = wasmBackend();
    if (!wasm) throw new Error("WebAssembly SIMD must be available in the test runtime");
    const heap = opts.resident ? wasm.engine.residentHeap() : null;
    const make = (init?: Float32Array): Float32Array => {
      const a = heap?.alloc(n) ?? new Float32Array(n);
      if (init) a.set(init);
      else a.fill(0);
      return a;
    };
    const state = (): Float32Array[] => [make(p0), make(), make(), make()];
    const [pw, mw, vw, xw] = state(), [pr, mr, vr, xr] = state();
    for (let step = 1; step <= 5; step++) {
      const g = grads[step - 1];
      wasm.adamStep([pw], [opts.resident ? make(g) : g], [mw], [vw], o.amsgrad ? [xw] : null, step, o);
      reference.adamStep([pr], [g], [mr], [vr], o.amsgrad ? [xr] : null, step, o);
    }
    expect(bits(pw)).toEqual(bits(pr));
    expect(bits(mw)).toEqual(bits(mr));
    expect(bits(vw)).toEqual(bits(vr));
    if (o.amsgrad) expect(bits(xw)).toEqual(bits(xr));
  }

  const cases: [string, AdamOptions][] = [
    ["Adam", ADAM],
    ["Adam with L2 weight decay", { ...ADAM, weightDecay: 0.1 }],
    ["AdamW", { ...ADAM, weightDecay: 0.05, decoupledWeightDecay: true }],
    ["AMSGrad, maximize", { ...ADAM, amsgrad: true, maximize: true }],
    ["β1 = 0.3 (the moment's large-weight form), lr 3", { ...ADAM, betas: [0.3, 0.5], lr: 3 }],
    ["everything at once", { ...ADAM, weightDecay: 0.2, amsgrad: true, maximize: true, betas: [0.2, 0.9], eps: 1e-3 }],
  ];
  for (const [name, o] of cases) {
    it(`${name}: the same bits as the reference loop, over whole vectors and a tail`, () => {
      for (const n of [256, 259, 1027]) compare(o, n);
    });
  }
  it("the same bits with zeros, ±0, tiny, huge and non-finite gradients", () => {
    compare(ADAM, 300, { special: true });
    compare({ ...ADAM, weightDecay: 0.1, amsgrad: true }, 300, { special: true });
  });
  it("reads and writes resident parameters, gradients and moments in place, with the same bits", () => {
    compare(ADAM, 20000, { resident: true });
    compare({ ...ADAM, weightDecay: 0.01, decoupledWeightDecay: true, amsgrad: true }, 20001, { resident: true });
  });
  it("short tensors and float64 stay on the reference loop", () => {
    compare(ADAM, 10);
    const wasm = wasmBackend();
    const p = Float64Array.from([0.5, -1, 2]), m = new Float64Array(3), v = new Float64Array(3);
    const pr = p.slice(), mr = m.slice(), vr = v.slice();
    wasm?.adamStep([p], [Float64Array.from([1, 2, 3])], [m], [v], null, 1, ADAM);
    reference.adamStep([pr], [Float64Array.from([1, 2, 3])], [mr], [vr], null, 1, ADAM);
    expect(Array.from(p)).toEqual(Array.from(pr));
  });
});

describe("fused losses match torch.nn.functional", () => {
  it("cross_entropy (sum) and its gradient", () => {
    const grad = new Float32Array(fx.ce.x.length);
    const loss = jsBackend.crossEntropy(Float32Array.from(fx.ce.x), Float64Array.from(fx.ce.t), 4, 5, grad, -100);
    expect(loss).toBeCloseTo(fx.ce.loss, 5);
    expect(maxRelErr(grad, fx.ce.grad)).toBeLessThan(1e-6);
  });
  it("cross_entropy skips ignore_index rows", () => {
    const x = Float32Array.from(fx.ce.x), grad = new Float32Array(x.length).fill(9);
    const t = Float64Array.from(fx.ce.t);
    const full = jsBackend.crossEntropy(x, t, 4, 5, null, -100);
    t[2] = -100;
    const partial = jsBackend.crossEntropy(x, t, 4, 5, grad, -100);
    const row2 = jsBackend.crossEntropy(x.subarray(10, 15), Float64Array.of(fx.ce.t[2]), 1, 5, null, -100);
    expect(partial).toBeCloseTo(full - row2, 5);
    expect(Array.from(grad.subarray(10, 15))).toEqual([0, 0, 0, 0, 0]);
  });
  it("binary_cross_entropy_with_logits (sum) and its gradient, stable at large |x|", () => {
    const grad = new Float32Array(fx.bce.x.length);
    const loss = jsBackend.bceWithLogits(Float32Array.from(fx.bce.x), Float32Array.from(fx.bce.y), grad);
    expect(loss).toBeCloseTo(fx.bce.loss, 4);
    expect(maxRelErr(grad, fx.bce.grad)).toBeLessThan(1e-6);
  });
});

const ACTS: LinearActivation[] = ["none", "relu"];

/** The unfused composition: matmul, then bias and activation element by element. */
function composedLinear(x: Float32Array, w: Float32Array, b: Float32Array | null, m: number, k: number, n: number, act: LinearActivation): Float32Array {
  const out = new Float32Array(m * n);
  jsBackend.matmul(x, w, out, 1, m, k, n, false, true, 0, 0);
  const tmp = new Float32Array(m * n);
  if (b) jsBackend.binary("add", out, [m, n], b, [n], tmp, [m, n]);
  else tmp.set(out);
  if (act === "none") return tmp;
  jsBackend.relu(tmp, out);
  return out;
}

describe("fused linear layer", () => {
  const auto = wasmBackend();
  if (!auto) throw new Error("WebAssembly SIMD must be available in the test runtime");
  const wasm = createWasmBackend(auto.engine, jsBackend, { minMacs: 0 });
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 2, 10], [17, 10, 1], [255, 3, 17], [64, 33, 9], [300, 257, 5]];

  it("reference forward equals matmul + bias + activation", () => {
    const rand = rng(11);
    for (const [m, k, n] of shapes) for (const act of ACTS) {
      const x = randF32(m * k, rand, 2), w = randF32(n * k, rand), b = randF32(n, rand);
      for (const bias of [b, null]) {
        const got = new Float32Array(m * n);
        jsBackend.linear(x, w, bias, got, m, k, n, act);
        expect(maxRelErr(got, composedLinear(x, w, bias, m, k, n, act))).toBeLessThan(1e-6);
      }
    }
  });

  it("wasm forward equals the reference", () => {
    const rand = rng(12);
    for (const [m, k, n] of shapes) for (const act of ACTS) {
      const x = randF32(m * k, rand, 2), w = randF32(n * k, rand), b = randF32(n, rand);
      for (const bias of [b, null]) {
        const want = new Float32Array(m * n), got = new Float32Array(m * n).fill(Number.NaN);
        jsBackend.linear(x, w, bias, want, m, k, n, act);
        wasm.linear(x, w, bias, got, m, k, n, act);
        expect(maxRelErr(got, want), `${m}x${k}x${n} ${act}`).toBeLessThan(3e-6 * Math.sqrt(k) + 1e-6);
      }
    }
  });

  it("reference backward equals the unfused gradients; wasm equals the reference", () => {
    const rand = rng(13);
    for (const [m, k, n] of shapes) for (const act of ACTS) {
      const x = randF32(m * k, rand), w = randF32(n * k, rand), b = randF32(n, rand), g = randF32(m * n, rand);
      const y = new Float32Array(m * n);
      jsBackend.linear(x, w, b, y, m, k, n, act);
      // Unfused: gz = g ⊙ act'(y) element by element, then two products and a column sum.
      const gz = new Float32Array(m * n);
      for (let i = 0; i < m * n; i++) {
        const d = act === "relu" ? (y[i] > 0 ? 1 : 0) : 1;
        gz[i] = g[i] * d;
      }
      const wantX = new Float32Array(m * k), wantW = new Float32Array(n * k), wantB = new Float32Array(n);
      jsBackend.matmul(gz, w, wantX, 1, m, n, k, false, false, 0, 0);
      jsBackend.matmul(gz, x, wantW, 1, n, m, k, true, false, 0, 0);
      jsBackend.reduce("sum", gz, wantB, 1, m, n);
      for (const be of [jsBackend, wasm]) {
        const gx = new Float32Array(m * k), gw = new Float32Array(n * k), gb = new Float32Array(n);
        const gCopy = g.slice();
        be.linearBackward({ g: gCopy, y, x, w, m, k, n, act, gx, gw, gb });
        const tol = be === jsBackend ? 1e-6 : 3e-6 * Math.sqrt(Math.max(m, n)) + 1e-6;
        expect(maxRelErr(gx, wantX), `${be.name} gx ${m}x${k}x${n} ${act}`).toBeLessThan(tol);
        expect(maxRelErr(gw, wantW), `${be.name} gw ${m}x${k}x${n} ${act}`).toBeLessThan(tol);
        expect(maxRelErr(gb, wantB), `${be.name} gb ${m}x${k}x${n} ${act}`).toBeLessThan(tol);
        expect(gCopy).toEqual(g); // the incoming gradient is not modified
      }
    }
  });

  it("propagates inf and NaN as PyTorch does (0·inf = NaN, ReLU(NaN) = NaN)", () => {
    // x = [[inf, 0], [1, NaN], [-inf, 2]], w = [[0, 1], [1, 0], [1, 1]]
    const x = Float32Array.of(Infinity, 0, 1, Number.NaN, -Infinity, 2);
    const w = Float32Array.of(0, 1, 1, 0, 1, 1);
    for (const be of [jsBackend, wasm]) {
      const out = new Float32Array(9);
      be.linear(x, w, null, out, 3, 2, 3, "relu");
      expect(Array.from(out), be.name).toEqual([Number.NaN, Infinity, Infinity, Number.NaN, Number.NaN, Number.NaN, Number.NaN, 0, 0]);
    }
  });

  it("computes only the gradients asked for", () => {
    const rand = rng(14);
    const [m, k, n] = [40, 7, 6];
    const x = randF32(m * k, rand), w = randF32(n * k, rand), g = randF32(m * n, rand);
    for (const be of [jsBackend, wasm]) {
      const gw = new Float32Array(n * k);
      be.linearBackward({ g, y: null, x, w, m, k, n, act: "none", gx: null, gw, gb: null });
      const want = new Float32Array(n * k);
      jsBackend.matmul(g, x, want, 1, n, m, k, true, false, 0, 0);
      expect(maxRelErr(gw, want)).toBeLessThan(1e-5);
    }
  });
});

describe("wasm linear-layer element kernels", () => {
  const auto = wasmBackend();
  if (!auto) throw new Error("WebAssembly SIMD must be available in the test runtime");
  const { ex, arena } = auto.engine;
  const ACT_CODES: [LinearActivation, number][] = [["none", 0], ["relu", 1]];
  // Narrow rows take the flat path (bias period lcm(n, 4) ≤ 64), wide ones the row loop.
  const widths = [1, 2, 3, 4, 5, 6, 7, 9, 10, 13, 16, 17, 30, 33, 64, 65, 130];

  /** Values with the edge cases mixed in: NaN, ±0, ±inf, and tiny negatives. */
  function values(len: number, rand: () => number): Float32Array {
    const x = randF32(len, rand, 3);
    const special = [Number.NaN, -0, 0, Infinity, -Infinity, -1e-30];
    for (let i = 0; i < len; i += 7) x[i] = special[(i / 7) % special.length];
    return x;
  }

  // torch.relu(-0.) is -0. (max(v, 0) keeps it), as the reference kernels and kd.relu give.
  it("biasAct: none and ReLU give exactly act(c + bias) (ReLU: NaN and −0 pass, negatives give +0, as torch.relu)", () => {
    const rand = rng(21);
    for (const m of [1, 3, 5, 17, 255]) for (const n of widths) for (const [act, code] of ACT_CODES) for (const withBias of [true, false]) {
      const c = values(m * n, rand), b = values(n, rand);
      const want = new Float32Array(m * n);
      for (let i = 0; i < m * n; i++) {
        const v = withBias ? Math.fround(c[i] + b[i % n]) : c[i];
        want[i] = act === "relu" ? (v < 0 ? 0 : v) : v;
      }
      arena.reset();
      const pc = arena.put(c), pb = withBias ? arena.put(b) : 0;
      const guard = arena.put(Float32Array.of(7, 7, 7, 7));
      ex.biasAct(pc, m, n, pb, code);
      const got = new Float32Array(m * n + 16);
      arena.get(pc, got);
      const what = `${m}x${n} ${act} bias=${withBias}`;
      const wrong: string[] = [];
      for (let i = 0; i < m * n; i++) {
        const ok = Object.is(got[i], want[i]);
        if (!ok && wrong.length < 5) wrong.push(`[${i}] ${got[i]} vs ${want[i]}`);
      }
      expect(wrong, what).toEqual([]);
      const after = new Float32Array(4);
      arena.get(guard, after);
      expect(Array.from(after), `${what}: wrote past c`).toEqual([7, 7, 7, 7]);
    }
  });

  it("colSum: float64 sums rounded once to float32, over odd row counts and the block edges", () => {
    const rand = rng(22);
    for (const m of [1, 2, 3, 5, 17, 255, 256, 257, 513, 800]) for (const n of [...widths, 1000]) {
      const x = randF32(m * n, rand, 10);
      const want = new Float32Array(n);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += x[i * n + j];
        want[j] = s;
      }
      arena.reset();
      const px = arena.put(x), pout = arena.alloc(4 * n), acc = arena.alloc(8 * n);
      ex.colSum(px, m, n, pout, acc);
      const got = new Float32Array(n);
      arena.get(pout, got);
      // Sums of m float32 values in float64 differ from any other order by far less than a float32 ulp.
      const wrong = Array.from(got.keys()).filter((j) => !(Math.abs(got[j] - want[j]) <= Math.abs(want[j]) * 2 ** -23));
      expect(wrong.map((j) => `column ${j}: ${got[j]} vs ${want[j]}`), `${m}x${n}`).toEqual([]);
    }
  });

  it("colSum propagates inf and NaN", () => {
    const x = Float32Array.from({ length: 30 }, (_, i) => i);
    x[4] = Infinity; // column 1 of n = 3
    x[8] = Number.NaN; // column 2
    arena.reset();
    const px = arena.put(x), pout = arena.alloc(12), acc = arena.alloc(24);
    ex.colSum(px, 10, 3, pout, acc);
    const got = new Float32Array(3);
    arena.get(pout, got);
    expect(got[0]).toBe(135);
    expect(got[1]).toBe(Infinity);
    expect(got[2]).toBeNaN();
  });
});
