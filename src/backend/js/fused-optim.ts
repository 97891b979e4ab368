/**
 * Optimizer steps over all parameters in one pass, with torch.optim's update rules
 * (torch/optim/sgd.py and adam.py, single-tensor form), with its float32 rounding, so
 * torch.optim.SGD / Adam / AdamW give the same numbers through them. Each element is
 * read and written once; nothing is allocated.
 */
import type { Storage } from "../../tensor/dtype.js";
import type { AdagradOptions, AdamOptions, RMSpropOptions, SGDOptions } from "../backend.js";
import type { MathLib } from "../libm.js";

const identity = (x: number): number => x;

/**
 * The rounding PyTorch's single-tensor path applies after each arithmetic step: float32
 * for float32 parameters (a multiply followed by an add rounds once, as the compiled
 * kernels fuse them; scalars are float32 too), none for float64.
 */
function roundingOf(p: Storage): (x: number) => number {
  return p instanceof Float32Array ? Math.fround : identity;
}

export function sgdStep(params: readonly Storage[], grads: readonly Storage[], buffers: readonly Storage[] | null, firstStep: boolean, o: SGDOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t];
    const buf = momentum !== 0 && buffers ? buffers[t] : null;
    const fr = roundingOf(p);
    const wd = fr(weightDecay), mom = fr(momentum), keep = fr(1 - dampening), negLr = fr(-lr);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      if (buf) {
        // The first buffer is the (decayed) gradient itself; later ones buf·m + (1 - dampening)·d.
        buf[i] = firstStep ? d : fr(fr(buf[i] * mom) + keep * d);
        d = nesterov ? fr(d + mom * buf[i]) : buf[i];
      }
      p[i] = fr(p[i] + negLr * d);
    }
  }
}

/** The per-tensor constants of an Adam step, as float32 (or float64) scalars. */
export interface AdamScalars {
  decay: number;
  wd: number;
  w1: number;
  w1Small: boolean;
  w1m1: number;
  b2: number;
  c2: number;
  bc2: number;
  epsF: number;
  negStep: number;
}

/**
 * One Adam step over float32 storage: the generic loop below with Math.fround written
 * out and every array a Float32Array, so V8 compiles it to straight float code (three
 * times faster than through `fr` and the Storage union). Same operations, same order.
 */
function adamF32(
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array | null,
  o: AdamOptions, k: AdamScalars,
): void {
  const fr = Math.fround;
  const { weightDecay, decoupledWeightDecay: decoupled, maximize } = o;
  const { decay, wd, w1, w1Small, w1m1, b2, c2, bc2, epsF, negStep } = k;
  if (!maximize && weightDecay === 0 && !vMax && w1Small) {
    // The default options: the same steps with nothing to decide per element.
    for (let i = 0; i < p.length; i++) {
      const d = g[i];
      const mNew = fr(m[i] + w1 * fr(d - m[i]));
      m[i] = mNew;
      const vNew = fr(fr(v[i] * b2) + fr(c2 * d) * d);
      v[i] = vNew;
      const denom = fr(fr(fr(Math.sqrt(vNew)) / bc2) + epsF);
      p[i] = fr(p[i] + fr(fr(negStep * mNew) / denom));
    }
    return;
  }
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i] : g[i];
    if (weightDecay !== 0) {
      if (decoupled) p[i] = fr(p[i] * decay);
      else d = fr(d + wd * p[i]);
    }
    const mi = m[i];
    const diff = fr(d - mi);
    const mNew = w1Small ? fr(mi + w1 * diff) : fr(d + w1m1 * diff);
    m[i] = mNew;
    const vNew = fr(fr(v[i] * b2) + fr(c2 * d) * d);
    v[i] = vNew;
    let second = vNew;
    if (vMax) {
      const top = Math.max(vMax[i], vNew);
      vMax[i] = top;
      second = top;
    }
    const denom = fr(fr(fr(Math.sqrt(second)) / bc2) + epsF);
    p[i] = fr(p[i] + fr(fr(negStep * mNew) / denom));
  }
}

export type AdamStep = (
  params: readonly Storage[], grads: readonly Storage[], expAvg: readonly Storage[], expAvgSq: readonly Storage[],
  maxExpAvgSq: readonly Storage[] | null, step: number, o: AdamOptions,
) => void;

/** The Adam step over a math library, whose `pow` gives the bias corrections βᵗ. */
export function adamStepWith(M: MathLib): AdamStep {
  return (params, grads, expAvg, expAvgSq, maxExpAvgSq, step, o) => adamStepOf(M, params, grads, expAvg, expAvgSq, maxExpAvgSq, step, o);
}

/**
 * The scalars of Adam step `step` for parameters rounded by `fr`: the bias corrections
 * and step size in float64, as torch.optim computes them in Python, then rounded as
 * the parameter's dtype. The wasm kernel (assembly/optim.ts) takes the same ones.
 */
export function adamScalars(M: MathLib, o: AdamOptions, step: number, fr: (x: number) => number): AdamScalars {
  const { lr, betas: [beta1, beta2], eps, weightDecay } = o;
  const biasCorrection1 = 1 - M.pow(beta1, step);
  const biasCorrection2Sqrt = Math.sqrt(1 - M.pow(beta2, step));
  const stepSize = lr / biasCorrection1;
  // exp_avg.lerp_(grad, 1 - β1): the weight and its complement as float32 scalars.
  const w1 = fr(1 - beta1);
  return {
    decay: fr(1 - lr * weightDecay), wd: fr(weightDecay), w1, w1Small: Math.abs(w1) < 0.5, w1m1: fr(w1 - 1),
    b2: fr(beta2), c2: fr(1 - beta2), bc2: fr(biasCorrection2Sqrt), epsF: fr(eps), negStep: fr(-stepSize),
  };
}

function adamStepOf(
  M: MathLib, params: readonly Storage[], grads: readonly Storage[], expAvg: readonly Storage[], expAvgSq: readonly Storage[],
  maxExpAvgSq: readonly Storage[] | null, step: number, o: AdamOptions,
): void {
  const { weightDecay, decoupledWeightDecay: decoupled, amsgrad, maximize } = o;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t], m = expAvg[t], v = expAvgSq[t];
    const vMax = amsgrad && maxExpAvgSq ? maxExpAvgSq[t] : null;
    const fr = roundingOf(p);
    const k = adamScalars(M, o, step, fr);
    if (p instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array &&
      (vMax === null || vMax instanceof Float32Array)) {
      adamF32(p, g, m, v, vMax, o, k);
      continue;
    }
    const { decay, wd, w1, w1Small, w1m1, b2, c2, bc2, epsF, negStep } = k;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) {
        if (decoupled) p[i] = fr(p[i] * decay);
        else d = fr(d + wd * p[i]);
      }
      const diff = fr(d - m[i]);
      m[i] = w1Small ? fr(m[i] + w1 * diff) : fr(d + w1m1 * diff);
      v[i] = fr(fr(v[i] * b2) + fr(c2 * d) * d);
      let second = v[i];
      if (vMax) {
        vMax[i] = Math.max(vMax[i], v[i]);
        second = vMax[i];
      }
      const denom = fr(fr(fr(Math.sqrt(second)) / bc2) + epsF);
      p[i] = fr(p[i] + fr(fr(negStep * m[i]) / denom));
    }
  }
}

/**
 * One RMSprop step over every parameter (torch.optim.RMSprop's single-tensor update):
 * the square average, with `gradAvg` the centered form's gradient average, with
 * `buffers` the momentum buffers. Float32 rounding after each op as above.
 */
export function rmspropStep(
  params: readonly Storage[], grads: readonly Storage[], squareAvg: readonly Storage[],
  gradAvg: readonly Storage[] | null, buffers: readonly Storage[] | null, o: RMSpropOptions,
): void {
  const { lr, alpha, eps, weightDecay, momentum, maximize } = o;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t], sq = squareAvg[t];
    const ga = gradAvg ? gradAvg[t] : null;
    const buf = momentum > 0 && buffers ? buffers[t] : null;
    const fr = roundingOf(p);
    const wd = fr(weightDecay), a = fr(alpha), c = fr(1 - alpha), epsF = fr(eps), mom = fr(momentum), negLr = fr(-lr);
    // grad_avg.lerp_(grad, 1 - α), in PyTorch's two forms for small and large weights.
    const wSmall = Math.abs(c) < 0.5, cm1 = fr(c - 1);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      sq[i] = fr(fr(sq[i] * a) + fr(c * d) * d);
      let avg: number;
      if (ga) {
        const diff = fr(d - ga[i]);
        ga[i] = wSmall ? fr(ga[i] + c * diff) : fr(d + cm1 * diff);
        avg = fr(Math.sqrt(fr(sq[i] - ga[i] * ga[i])));
      } else {
        avg = fr(Math.sqrt(sq[i]));
      }
      avg = fr(avg + epsF);
      if (buf) {
        buf[i] = fr(fr(buf[i] * mom) + fr(d / avg));
        p[i] = fr(p[i] + negLr * buf[i]);
      } else {
        p[i] = fr(p[i] + fr(fr(negLr * d) / avg));
      }
    }
  }
}

/**
 * One Adagrad step (step count `step`, from 1, which sets the decayed learning rate)
 * over every parameter and its accumulated squares `sums` (torch.optim.Adagrad's
 * single-tensor update, float32 rounding after each op as above).
 */
export function adagradStep(params: readonly Storage[], grads: readonly Storage[], sums: readonly Storage[], step: number, o: AdagradOptions): void {
  const { lr, lrDecay, weightDecay, eps, maximize } = o;
  const clr = lr / (1 + (step - 1) * lrDecay);
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t], s = sums[t];
    const fr = roundingOf(p);
    const wd = fr(weightDecay), epsF = fr(eps), negClr = fr(-clr);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d = fr(d + wd * p[i]);
      s[i] = fr(s[i] + d * d);
      const std = fr(fr(Math.sqrt(s[i])) + epsF);
      p[i] = fr(p[i] + fr(fr(negClr * d) / std));
    }
  }
}
