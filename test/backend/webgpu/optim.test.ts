/**
 * The WebGPU optimizer steps against the reference's fused kernels over three steps, for
 * SGD (plain, momentum with dampening, nesterov, weight decay, maximize), Adam / AdamW
 * (amsgrad, weight decay), RMSprop (centered, momentum) and Adagrad (lr decay). Tolerance: 4 float32 ulps of the values' scale. WGSL allows
 * division, sqrt and fma a few ulps of error, so bit equality is not promised.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { jsBackend } from "../../../src/backend/index.js";
import type { AdagradOptions, AdamOptions, RMSpropOptions, SGDOptions } from "../../../src/backend/backend.js";
import type { GpuStorage, WebGpuBackend } from "../../../src/backend/webgpu/backend.js";
import { randF32, rng } from "../helpers.js";
import { mismatch } from "./compare.js";
import { gpuUnderTest } from "./device.js";

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await gpuUnderTest();
});

const TOL = { atol: 1e-7, rtol: 5e-7 };
const SIZES = [7, 300];

/** Host and device copies of one tensor per size. */
function pair(rand: () => number, scale = 1): { host: Float32Array[]; dev: GpuStorage[] } {
  const host = SIZES.map((n) => randF32(n, rand, scale));
  return { host, dev: host.map((h) => gpu.upload(h, "float32")) };
}

async function expectSame(what: string, host: Float32Array[], dev: GpuStorage[], tol = TOL): Promise<void> {
  for (let t = 0; t < host.length; t++) expect(mismatch(await gpu.read(dev[t]), host[t], tol), `${what} tensor ${t}`).toBeNull();
}

/**
 * RMSprop and Adagrad divide by a square root on every element: WGSL's sqrt and division
 * are not correctly rounded, so parameters compare at 4e-6. RMSprop's momentum buffer sums
 * quotients d / avg of magnitude up to 1 / √(1 − α) = 10 here whose signs alternate, so its
 * error is relative to that scale, not to the (possibly small) sum: atol 1e-5.
 */
const SQRT_TOL = { atol: 1e-7, rtol: 4e-6 };
const BUF_TOL = { atol: 1e-5, rtol: 4e-6 };

describe("webgpu sgdStep", () => {
  const cases: SGDOptions[] = [
    { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
    { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: false, maximize: false },
    { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true, maximize: true },
  ];
  it("matches the reference over three steps", async () => {
    const rand = rng(31);
    for (const o of cases) {
      const p = pair(rand), buf = pair(rand);
      for (let step = 0; step < 3; step++) {
        const g = pair(rand);
        jsBackend.sgdStep(p.host, g.host, o.momentum !== 0 ? buf.host : null, step === 0, o);
        gpu.sgdStep(p.dev, g.dev, o.momentum !== 0 ? buf.dev : null, step === 0, o);
      }
      await expectSame(`sgd ${JSON.stringify(o)} params`, p.host, p.dev);
      if (o.momentum !== 0) await expectSame(`sgd ${JSON.stringify(o)} buffers`, buf.host, buf.dev);
    }
  });
});

describe("webgpu adamStep", () => {
  const base: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, decoupledWeightDecay: false };
  const cases: AdamOptions[] = [
    base,
    { ...base, weightDecay: 0.01, decoupledWeightDecay: true, lr: 0.01 },
    { ...base, weightDecay: 0.1, amsgrad: true, maximize: true },
    { ...base, betas: [0.2, 0.9] }, // 1 − β1 ≥ 0.5: lerp's other form
  ];
  it("matches the reference (Adam, AdamW, amsgrad, maximize) over three steps", async () => {
    const rand = rng(32);
    for (const o of cases) {
      const p = pair(rand);
      const zeros = (): { host: Float32Array[]; dev: GpuStorage[] } => ({ host: SIZES.map((n) => new Float32Array(n)), dev: SIZES.map((n) => gpu.alloc("float32", n)) });
      const m = zeros(), v = zeros(), vMax = zeros();
      for (let step = 1; step <= 3; step++) {
        const g = pair(rand, 0.1);
        jsBackend.adamStep(p.host, g.host, m.host, v.host, o.amsgrad ? vMax.host : null, step, o);
        gpu.adamStep(p.dev, g.dev, m.dev, v.dev, o.amsgrad ? vMax.dev : null, step, o);
      }
      const what = `adam ${JSON.stringify(o)}`;
      await expectSame(`${what} params`, p.host, p.dev);
      await expectSame(`${what} exp_avg`, m.host, m.dev);
      await expectSame(`${what} exp_avg_sq`, v.host, v.dev);
      if (o.amsgrad) await expectSame(`${what} max_exp_avg_sq`, vMax.host, vMax.dev);
    }
  });
});

type Pair = { host: Float32Array[]; dev: GpuStorage[] };
const filled = (v: number): Pair => ({
  host: SIZES.map((n) => new Float32Array(n).fill(v)),
  dev: SIZES.map((n) => gpu.upload(new Float32Array(n).fill(v), "float32")),
});

describe("webgpu rmspropStep", () => {
  const base: RMSpropOptions = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };
  const cases: RMSpropOptions[] = [
    base,
    { ...base, centered: true, momentum: 0.9, weightDecay: 0.1 },
    { ...base, alpha: 0.3, centered: true, maximize: true }, // 1 − α ≥ 0.5: lerp's other form
  ];
  it("matches the reference (centered, momentum, weight decay, maximize) over three steps", async () => {
    const rand = rng(33);
    for (const o of cases) {
      const p = pair(rand), sq = filled(0), ga = filled(0), buf = filled(0);
      for (let step = 0; step < 3; step++) {
        const g = pair(rand, 0.1);
        jsBackend.rmspropStep(p.host, g.host, sq.host, o.centered ? ga.host : null, o.momentum > 0 ? buf.host : null, o);
        gpu.rmspropStep(p.dev, g.dev, sq.dev, o.centered ? ga.dev : null, o.momentum > 0 ? buf.dev : null, o);
      }
      const what = `rmsprop ${JSON.stringify(o)}`;
      await expectSame(`${what} params`, p.host, p.dev, SQRT_TOL);
      await expectSame(`${what} square_avg`, sq.host, sq.dev);
      if (o.centered) await expectSame(`${what} grad_avg`, ga.host, ga.dev);
      if (o.momentum > 0) await expectSame(`${what} momentum_buffer`, buf.host, buf.dev, BUF_TOL);
    }
  });
});

describe("webgpu adagradStep", () => {
  const cases: AdagradOptions[] = [
    { lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
    { lr: 0.1, lrDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.2, eps: 1e-10, maximize: true },
  ];
  it("matches the reference (lr decay, weight decay, initial accumulator, maximize) over three steps", async () => {
    const rand = rng(34);
    for (const o of cases) {
      const p = pair(rand), sums = filled(o.initialAccumulatorValue);
      for (let step = 1; step <= 3; step++) {
        const g = pair(rand, 0.1);
        jsBackend.adagradStep(p.host, g.host, sums.host, step, o);
        gpu.adagradStep(p.dev, g.dev, sums.dev, step, o);
      }
      await expectSame(`adagrad ${JSON.stringify(o)} params`, p.host, p.dev, SQRT_TOL);
      await expectSame(`adagrad ${JSON.stringify(o)} sums`, sums.host, sums.dev);
    }
  });
});
