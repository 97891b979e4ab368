/**
 * The classification and regression losses' loops (nn/functional: cross-entropy with
 * weights, smoothing, probabilities or spatial dims; nll_loss; BCE on probabilities and on
 * logits with weights; the regression losses), forward and backward.
 *
 * Their logarithms and exponentials are Kindling's libm on every backend, the reference
 * one too: these losses have always computed them so, and their PyTorch fixtures and the
 * determinism hashes hold those bits. Losses are summed in float64.
 */
import type {
  ClassLayout, CrossEntropyRowsArgs, CrossEntropyRowsBackwardArgs, FusedKernels, LossUpstream, PointLossKind,
} from "../backend.js";
import type { Storage } from "../../tensor/dtype.js";
import { IndexError, ValueError } from "../../errors.js";
import { roundHalf } from "../../tensor/half.js";
import { libm } from "../libm.js";

/** Offset of (row r, class 0) in the [n, classes, inner] view; class c is at + c·inner. */
function rowBase(r: number, classes: number, inner: number): number {
  if (inner === 1) return r * classes;
  const b = Math.floor(r / inner);
  return b * classes * inner + (r - b * inner);
}

/** The one upstream value every row gets ("mean" / "sum"); unused under "none". */
function sharedScale(up: LossUpstream): number {
  if (up.reduction === "none") return 0;
  return up.reduction === "mean" ? up.g[0] / up.denominator : up.g[0];
}

function nllTargets(t: Storage, classes: number, ignoreIndex: number): number {
  let counted = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignoreIndex) continue;
    if (t[i] < 0 || t[i] >= classes) throw new IndexError(`Target ${t[i]} is out of bounds.`);
    counted++;
  }
  return counted;
}

function crossEntropyRows(a: CrossEntropyRowsArgs): number {
  const { x, target: t, weight: w, classes: C, inner: L, eps, ignoreIndex, lse, losses } = a;
  const rows = a.n * L;
  const rowWeight = a.probabilities ? null : a.rowWeight;
  let denominator = a.probabilities ? rows : 0;
  for (let r = 0; r < rows; r++) {
    const base = rowBase(r, C, L);
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, x[base + c * L]);
    if (!Number.isFinite(m)) m = m === -Infinity ? 0 : m;
    let s = 0;
    for (let c = 0; c < C; c++) s += libm.exp(x[base + c * L] - m);
    const l = m + libm.log(s);
    lse[r] = l;
    if (rowWeight) {
      const y = t[r];
      if (y === ignoreIndex) continue;
      const wy = w ? w[y] : 1;
      rowWeight[r] = wy;
      denominator += wy;
      let loss = (1 - eps) * wy * (l - x[base + y * L]);
      if (eps > 0) {
        let smooth = 0;
        for (let c = 0; c < C; c++) smooth += (w ? w[c] : 1) * (l - x[base + c * L]);
        loss += (eps / C) * smooth;
      }
      losses[r] = loss;
    } else {
      let loss = 0;
      for (let c = 0; c < C; c++) {
        const o = base + c * L;
        loss += (w ? w[c] : 1) * ((1 - eps) * t[o] + eps / C) * (l - x[o]);
      }
      losses[r] = loss;
    }
  }
  return denominator;
}

function crossEntropyRowsBackward(a: CrossEntropyRowsBackwardArgs): void {
  const { x: xs, target: t, weight: ws, classes: C, inner: L, eps, ignoreIndex, lse, up, gx, gt } = a;
  const rows = a.n * L;
  const rowWeight = a.probabilities ? null : a.rowWeight;
  let weightSum = 0;
  for (let c = 0; c < C; c++) weightSum += ws ? ws[c] : 1;
  const each = up.reduction === "none", shared = sharedScale(up), g = up.g;
  for (let r = 0; r < rows; r++) {
    const s = each ? g[r] : shared;
    const base = rowBase(r, C, L);
    if (rowWeight) {
      if (!gx || t[r] === ignoreIndex) continue;
      const y = t[r];
      // a_c = (1 - ε)·w_y·[c = y] + (ε / C)·w_c, so Σa = (1 - ε)·w_y + (ε / C)·Σw.
      const total = (1 - eps) * rowWeight[r] + (eps / C) * weightSum;
      for (let c = 0; c < C; c++) {
        const o = base + c * L;
        const coeff = (c === y ? (1 - eps) * rowWeight[r] : 0) + (eps / C) * (ws ? ws[c] : 1);
        gx[o] = s * (libm.exp(xs[o] - lse[r]) * total - coeff);
      }
    } else {
      let total = 0;
      for (let c = 0; c < C; c++) total += (ws ? ws[c] : 1) * ((1 - eps) * t[base + c * L] + eps / C);
      for (let c = 0; c < C; c++) {
        const o = base + c * L;
        const wc = ws ? ws[c] : 1;
        if (gx) gx[o] = s * (libm.exp(xs[o] - lse[r]) * total - wc * ((1 - eps) * t[o] + eps / C));
        if (gt) gt[o] = s * (1 - eps) * wc * (lse[r] - xs[o]);
      }
    }
  }
}

function crossEntropyLogProbs(x: Storage, lse: Float64Array, out: Storage, lay: ClassLayout): void {
  const C = lay.classes, L = lay.inner;
  for (let r = 0; r < lay.n * L; r++) {
    const base = rowBase(r, C, L);
    for (let c = 0; c < C; c++) out[base + c * L] = x[base + c * L] - lse[r];
  }
}

function classCoefficients(t: Storage, w: Storage | null, out: Storage, lay: ClassLayout, eps: number, ignoreIndex: number): void {
  const C = lay.classes, L = lay.inner;
  for (let r = 0; r < lay.n * L; r++) {
    const y = t[r];
    if (y === ignoreIndex) continue;
    const base = rowBase(r, C, L);
    for (let c = 0; c < C; c++) out[base + c * L] = (c === y ? (1 - eps) * (w ? w[y] : 1) : 0) + (eps / C) * (w ? w[c] : 1);
  }
}

function nllRows(
  x: Storage, t: Storage, w: Storage | null, lay: ClassLayout, ignoreIndex: number, losses: Float64Array, rowWeight: Float64Array,
): number {
  const C = lay.classes, L = lay.inner;
  let denominator = 0;
  for (let r = 0; r < lay.n * L; r++) {
    const y = t[r];
    if (y === ignoreIndex) continue;
    const base = rowBase(r, C, L);
    const wy = w ? w[y] : 1;
    rowWeight[r] = wy;
    denominator += wy;
    losses[r] = -wy * x[base + y * L];
  }
  return denominator;
}

function nllHalfTotal(x: Storage, t: Storage, w: Storage | null, lay: ClassLayout, ignoreIndex: number, mean: boolean, out: Storage): void {
  const LEVELS = 8, POWER = 4, MASK = 15;
  const loss = new Float64Array(LEVELS), weights = new Float64Array(LEVELS);
  let ignored = 0;
  for (let b = 0; b < lay.n; b++) {
    const y = t[b];
    if (y === ignoreIndex) {
      ignored++;
      continue;
    }
    const v = x[rowBase(b, lay.classes, lay.inner) + y];
    if (w) {
      loss[0] = roundHalf(loss[0] - roundHalf(v * w[y]));
      weights[0] = roundHalf(weights[0] + w[y]);
    } else loss[0] = roundHalf(loss[0] - v);
    for (let j = 0; j + 1 < LEVELS; j++) {
      if ((b & (MASK << (j * POWER))) !== 0) break;
      loss[j + 1] = roundHalf(loss[j + 1] + loss[j]);
      weights[j + 1] = roundHalf(weights[j + 1] + weights[j]);
      loss[j] = 0;
      weights[j] = 0;
    }
  }
  let total = 0, weight = 0;
  for (let j = 0; j < LEVELS; j++) {
    total = roundHalf(total + loss[j]);
    weight = roundHalf(weight + weights[j]);
  }
  if (!w) weight = roundHalf(lay.n - ignored);
  out[0] = mean ? roundHalf(total / weight) : total;
}

function nllRowsBackward(t: Storage, rowWeight: Float64Array, lay: ClassLayout, ignoreIndex: number, up: LossUpstream, gx: Storage): void {
  const each = up.reduction === "none", shared = sharedScale(up), g = up.g;
  const C = lay.classes, L = lay.inner;
  for (let r = 0; r < lay.n * L; r++) {
    if (t[r] !== ignoreIndex) gx[rowBase(r, C, L) + t[r] * L] = -(each ? g[r] : shared) * rowWeight[r];
  }
}

/** log σ(x) = min(x, 0) - log1p(exp(-|x|)): never overflows. */
function logSigmoid(x: number): number {
  return Math.min(x, 0) - libm.log1p(libm.exp(-Math.abs(x)));
}

/** log(v) clamped at -100, as binary_cross_entropy clamps it. */
function clampedLog(v: number): number {
  return Math.max(libm.log(v), -100);
}

/** log(1 - v) clamped at -100. */
function clampedLog1m(v: number): number {
  return Math.max(libm.log1p(-v), -100);
}

function bceProbs(x: Storage, t: Storage, w: Storage | null, losses: Float64Array): void {
  for (let i = 0; i < losses.length; i++) {
    const xi = x[i], ti = t[i];
    if (!(xi >= 0 && xi <= 1)) throw new ValueError("all elements of input should be between 0 and 1");
    if (!(ti >= 0 && ti <= 1)) throw new ValueError("all elements of target should be between 0 and 1");
    losses[i] = ((ti - 1) * clampedLog1m(xi) - ti * clampedLog(xi)) * (w ? w[i] : 1);
  }
}

function bceProbsBackward(x: Storage, t: Storage, w: Storage | null, up: LossUpstream, gx: Storage | null, gt: Storage | null): void {
  const each = up.reduction === "none", shared = sharedScale(up), g = up.g;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const s = (each ? g[i] : shared) * (w ? w[i] : 1);
    const xi = x[i];
    // PyTorch's gradient: (x - t) / max(x(1 - x), 1e-12).
    if (gx) gx[i] = (s * (xi - t[i])) / Math.max((1 - xi) * xi, 1e-12);
    if (gt) gt[i] = s * (clampedLog1m(xi) - clampedLog(xi));
  }
}

function bceLogits(x: Storage, t: Storage, w: Storage | null, pw: Storage | null, losses: Float64Array): void {
  for (let i = 0; i < losses.length; i++) {
    const xi = x[i], ti = t[i];
    const lw = pw ? 1 + (pw[i] - 1) * ti : 1;
    losses[i] = ((1 - ti) * xi - lw * logSigmoid(xi)) * (w ? w[i] : 1);
  }
}

function bceLogitsBackward(
  x: Storage, t: Storage, w: Storage | null, pw: Storage | null, up: LossUpstream, gx: Storage | null, gt: Storage | null,
): void {
  const each = up.reduction === "none", shared = sharedScale(up), g = up.g;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const xi = x[i], ti = t[i];
    const s = (each ? g[i] : shared) * (w ? w[i] : 1);
    if (gx) {
      // σ(x) without overflow on either side.
      const e = libm.exp(-Math.abs(xi));
      const sig = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
      gx[i] = s * (pw ? (pw[i] * ti + 1 - ti) * sig - pw[i] * ti : sig - ti);
    }
    if (gt) gt[i] = s * (-xi - (pw ? (pw[i] - 1) * logSigmoid(xi) : 0));
  }
}

/** One loop per kind, so the element loop has no call in it. */
function pointLoss(kind: PointLossKind, p: number, x: Storage, y: Storage, diffs: Float64Array, losses: Float64Array): void {
  const n = diffs.length;
  for (let i = 0; i < n; i++) diffs[i] = x[i] - y[i];
  switch (kind) {
    case "mse":
      for (let i = 0; i < n; i++) losses[i] = diffs[i] * diffs[i];
      return;
    case "l1":
      for (let i = 0; i < n; i++) losses[i] = Math.abs(diffs[i]);
      return;
    case "smoothL1":
      for (let i = 0; i < n; i++) {
        const d = diffs[i], a = Math.abs(d);
        losses[i] = a < p ? (0.5 * d * d) / p : a - 0.5 * p;
      }
      return;
    case "huber":
      for (let i = 0; i < n; i++) {
        const d = diffs[i], a = Math.abs(d);
        losses[i] = a < p ? 0.5 * d * d : p * (a - 0.5 * p);
      }
      return;
  }
}

function pointLossBackward(kind: PointLossKind, p: number, diffs: Float64Array, up: LossUpstream, grad: Storage): void {
  const each = up.reduction === "none", shared = sharedScale(up), g = up.g;
  const n = diffs.length;
  switch (kind) {
    case "mse":
      for (let i = 0; i < n; i++) grad[i] = (each ? g[i] : shared) * (2 * diffs[i]);
      return;
    case "l1":
      for (let i = 0; i < n; i++) {
        const d = diffs[i];
        grad[i] = (each ? g[i] : shared) * (d > 0 ? 1 : d < 0 ? -1 : 0);
      }
      return;
    case "smoothL1":
      for (let i = 0; i < n; i++) {
        const d = diffs[i];
        grad[i] = (each ? g[i] : shared) * (d <= -p ? -1 : d >= p ? 1 : d / p);
      }
      return;
    case "huber":
      for (let i = 0; i < n; i++) {
        const d = diffs[i];
        grad[i] = (each ? g[i] : shared) * (d < -p ? -p : d > p ? p : d);
      }
      return;
  }
}

type LossKernelName =
  | "nllTargets" | "crossEntropyRows" | "crossEntropyRowsBackward" | "crossEntropyLogProbs" | "classCoefficients"
  | "nllRows" | "nllHalfTotal" | "nllRowsBackward" | "bceProbs" | "bceProbsBackward" | "bceLogits" | "bceLogitsBackward"
  | "pointLoss" | "pointLossBackward";

export const lossKernels: Pick<FusedKernels, LossKernelName> = {
  nllTargets, crossEntropyRows, crossEntropyRowsBackward, crossEntropyLogProbs, classCoefficients,
  nllRows, nllHalfTotal, nllRowsBackward, bceProbs, bceProbsBackward, bceLogits, bceLogitsBackward,
  pointLoss, pointLossBackward,
};
