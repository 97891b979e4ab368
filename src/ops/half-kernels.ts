/**
 * float16 beneath the kernels: each kernel computes in float32, as PyTorch's CPU kernels
 * compute half ops ("opmath" float), and its half outputs are rounded to binary16 once,
 * after it. The wrappers here know which argument of each kernel is its output, so that
 * every op, present or future, gets PyTorch's rounding without knowing about half; an op
 * that writes a tensor's numbers in JS rounds them itself (`settleHalf`).
 *
 * On the CPU a half output is a HalfStorage (tensor/half.ts). On a device a half tensor
 * is a float32 buffer (WebGPU's f16 needs the optional `shader-f16` feature, which
 * SwiftShader lacks; this path is used on every adapter, so results are the same on all),
 * marked here when it is allocated, and rounded by the device's `roundHalf` kernel.
 */
import type { Backend, DeviceBackend, DeviceFusedKernels, FusedKernels, HostReads, Movements, Primitives } from "../backend/backend.js";
import type { Storage } from "../tensor/dtype.js";
import type { DeviceStore } from "../tensor/device.js";
import { HalfStorage, roundToHalf } from "../tensor/half.js";

/** A device's float32 buffers that hold a float16 tensor. */
const halfStores = new WeakSet<DeviceStore>();

/** Marks a device buffer as holding float16 values (its kernels' results get rounded). */
export function markHalf(s: DeviceStore): DeviceStore {
  halfStores.add(s);
  return s;
}

type AnyFn = (...args: never[]) => unknown;

/**
 * `fn` followed by `roundIfHalf` on its outputs; `outs` picks the outputs from the
 * arguments. `roundIfHalf` is the backend's own test (one `instanceof` on the CPU, a
 * WeakSet lookup on a device) and its rounding.
 */
function rounded<T extends object, K extends keyof T>(
  self: T, name: K, outs: (args: readonly unknown[]) => readonly unknown[], roundIfHalf: (s: never) => void,
): T[K] {
  // The method is looked up at each call, so a spy or a replacement installed later is used.
  return function (...args: unknown[]): unknown {
    const r = (self[name] as AnyFn).apply(self, args as never[]);
    for (const o of outs(args)) if (o !== null) roundIfHalf(o as never);
    return r;
  } as T[K];
}

type Arg<F extends AnyFn, I extends number> = Parameters<F>[I];
const at = (...idx: number[]) => (a: readonly unknown[]): unknown[] => idx.map((i) => a[i]);

/**
 * The primitives over storages of any kind, with half outputs rounded. (Written out, not
 * through `rounded`: these run on every op, and a closure with rest arguments costs a few
 * percent of a small model's step.)
 */
function wrapPrimitives<S>(p: Primitives<S>, roundIfHalf: (s: never) => void): Primitives<S> {
  const settle = roundIfHalf as (o: S) => void;
  return {
    unary: (op, x, out) => {
      p.unary(op, x, out);
      settle(out);
    },
    unaryParam: (op, x, out, p0, p1) => {
      p.unaryParam(op, x, out, p0, p1);
      settle(out);
    },
    binary: (op, a, aShape, b, bShape, out, outShape) => {
      p.binary(op, a, aShape, b, bShape, out, outShape);
      settle(out);
    },
    reduce: (op, x, out, outer, size, inner) => {
      p.reduce(op, x, out, outer, size, inner);
      settle(out);
    },
    matmul: (a, b, out, batch, m, k, n, transA, transB, strideA, strideB) => {
      p.matmul(a, b, out, batch, m, k, n, transA, transB, strideA, strideB);
      settle(out);
    },
    permute: (...a) => p.permute(...a), // a copy: halves stay halves
  };
}

const cpuCache = new WeakMap<Backend, Backend>();

/** The CPU backend with every kernel's half outputs rounded to binary16. */
export function halfAwareBackend(b: Backend): Backend {
  let w = cpuCache.get(b);
  if (w) return w;
  const round = (s: never): void => {
    if ((s as unknown) instanceof HalfStorage) roundToHalf(s as HalfStorage);
  };
  const fusedKernels: FusedKernels = {
    linear: (x, w, bias, out, m, k, n, act) => {
      b.linear(x, w, bias, out, m, k, n, act);
      if (out instanceof HalfStorage) roundToHalf(out);
    },
    linearBackward: (args) => {
      b.linearBackward(args);
      for (const o of [args.gx, args.gw, args.gb]) if (o instanceof HalfStorage) roundToHalf(o);
    },
    // Half parameters never reach these: SGD takes its own loop (`halfSgd`, ops/foreach.ts)
    // and the other optimizers refuse them in `Optimizer.step` (optim/optimizer.ts).
    sgdStep: (...a) => b.sgdStep(...a),
    adamStep: (...a) => b.adamStep(...a),
    rmspropStep: (...a) => b.rmspropStep(...a),
    adagradStep: (...a) => b.adagradStep(...a),
    crossEntropy: rounded(b, "crossEntropy", at(4), round),
    bceWithLogits: rounded(b, "bceWithLogits", at(2), round),
    conv2d: rounded(b, "conv2d", at(3), round),
    conv2dBackward: rounded(b, "conv2dBackward", (a) => { const x = a[0] as Arg<FusedKernels["conv2dBackward"], 0>; return [x.gx, x.gw, x.gb]; }, round),
    maxPool2d: rounded(b, "maxPool2d", at(1), round),
    maxPool2dBackward: rounded(b, "maxPool2dBackward", at(2), round),
    windowAverage: rounded(b, "windowAverage", at(1), round),
    windowAverageBackward: rounded(b, "windowAverageBackward", at(1), round),
    relu: (...a) => b.relu(...a), // max(x, 0) of halves is a half
    activationBackward: (act, g, y, out) => {
      b.activationBackward(act, g, y, out);
      if (out instanceof HalfStorage) roundToHalf(out);
    },
    // ---- softmax, dot, the fused losses' backward, clip-grad, half SGD, one-hot, loss reduction ----
    softmax: rounded(b, "softmax", at(1), round),
    dot: rounded(b, "dot", at(2), round),
    lossGradScale: (grad, g, denominator, out) => { // once per step of a small model: written out
      b.lossGradScale(grad, g, denominator, out);
      if (out instanceof HalfStorage) roundToHalf(out);
    },
    crossEntropyGradLogProbs: rounded(b, "crossEntropyGradLogProbs", at(5, 6), round),
    // Half gradients never reach these: clip_grad_norm_ refuses them (nn/utils/clip-grad.ts).
    gradNorm: (...a) => b.gradNorm(...a),
    scaleGrads: (...a) => b.scaleGrads(...a),
    sgdStepHalf: (...a) => b.sgdStepHalf(...a), // rounds each step to half itself
    oneHot: (...a) => b.oneHot(...a), // int64 out
    lossReduce: rounded(b, "lossReduce", at(1), round),
    // ---- losses and batch norm ----
    // Of these only nll_loss takes float16 (cross-entropy's half form is log-softmax then
    // nll_loss); BCE, the regression losses and batch_norm refuse it (refuseHalf), and
    // cross-entropy's other loops never see it (halfCrossEntropy, nn/functional/cross-entropy.ts).
    // (Written out with their arities: a closure with rest arguments costs on every call.)
    nllTargets: (t, classes, ignoreIndex) => b.nllTargets(t, classes, ignoreIndex),
    nllRows: (x, t, w, lay, ignoreIndex, losses, rowWeight) => b.nllRows(x, t, w, lay, ignoreIndex, losses, rowWeight), // float64 losses
    nllHalfTotal: (x, t, w, lay, ignoreIndex, mean, out) => {
      b.nllHalfTotal(x, t, w, lay, ignoreIndex, mean, out);
      if (out instanceof HalfStorage) roundToHalf(out);
    },
    nllRowsBackward: (t, rowWeight, lay, ignoreIndex, up, gx) => {
      b.nllRowsBackward(t, rowWeight, lay, ignoreIndex, up, gx);
      if (gx instanceof HalfStorage) roundToHalf(gx);
    },
    classCoefficients: (t, w, out, lay, eps, ignoreIndex) => {
      b.classCoefficients(t, w, out, lay, eps, ignoreIndex);
      if (out instanceof HalfStorage) roundToHalf(out);
    },
    crossEntropyRows: (a) => b.crossEntropyRows(a),
    crossEntropyRowsBackward: (a) => b.crossEntropyRowsBackward(a),
    crossEntropyLogProbs: (x, lse, out, lay) => b.crossEntropyLogProbs(x, lse, out, lay),
    bceProbs: (x, t, w, losses) => b.bceProbs(x, t, w, losses),
    bceProbsBackward: (x, t, w, up, gx, gt) => b.bceProbsBackward(x, t, w, up, gx, gt),
    bceLogits: (x, t, w, pw, losses) => b.bceLogits(x, t, w, pw, losses),
    bceLogitsBackward: (x, t, w, pw, up, gx, gt) => b.bceLogitsBackward(x, t, w, pw, up, gx, gt),
    pointLoss: (kind, p, x, y, diffs, losses) => b.pointLoss(kind, p, x, y, diffs, losses),
    pointLossBackward: (kind, p, diffs, up, grad) => b.pointLossBackward(kind, p, diffs, up, grad),
    batchNorm: (a) => b.batchNorm(a),
    batchNormBackward: (a) => b.batchNormBackward(a),
  };
  w = { name: b.name, ...wrapPrimitives(b, round), ...fusedKernels, ...cpuMovements(b), ...cpuReads(b) };
  cpuCache.set(b, w);
  return w;
}

/**
 * The CPU's movements with half outputs rounded: those that compute (fill, indexAdd,
 * scatter's adds, cumsum, productOfOthers); casts round themselves (castInto), and the
 * others only move halves.
 */
function cpuMovements(b: Backend): Movements<Storage> {
  const settle = (o: Storage): void => {
    if (o instanceof HalfStorage) roundToHalf(o);
  };
  return {
    // Written out where ops call per row (cat, a slice's gradient): no rest-argument closure.
    cast: (x, out, from, to) => b.cast(x, out, from, to),
    fill: (out, value) => {
      b.fill(out, value);
      settle(out);
    },
    where: (...a) => b.where(...a),
    indexSelect: (x, outer, size, inner, idx, out) => b.indexSelect(x, outer, size, inner, idx, out),
    indexAdd: (g, outer, size, inner, idx, out) => {
      b.indexAdd(g, outer, size, inner, idx, out);
      settle(out);
    },
    gather: (...a) => b.gather(...a),
    scatter: (mode, out, outShape, d, idx, idxShape, src, srcShape) => {
      b.scatter(mode, out, outShape, d, idx, idxShape, src, srcShape);
      settle(out);
    },
    cumsum: (x, out, outer, size, inner) => {
      b.cumsum(x, out, outer, size, inner);
      settle(out);
    },
    productOfOthers: (x, out, outer, size, inner) => {
      b.productOfOthers(x, out, outer, size, inner);
      settle(out);
    },
    checkDivisor: (...a) => b.checkDivisor(...a),
    copyRange: (src, from, dst, to, n) => b.copyRange(src, from, dst, to, n),
  };
}

/** The CPU's synchronous reads, as they are (they write nothing). */
function cpuReads(b: Backend): HostReads {
  return {
    item: (...a) => b.item(...a),
    wrapIndices: (...a) => b.wrapIndices(...a),
    nonzero: (...a) => b.nonzero(...a),
    allClose: (...a) => b.allClose(...a),
    uniqueGroups: (...a) => b.uniqueGroups(...a),
    sortOrder: (...a) => b.sortOrder(...a),
    hostArray: (...a) => b.hostArray(...a),
  };
}

const deviceCache = new WeakMap<DeviceBackend, DeviceBackend>();

/** A device's backend with its half outputs rounded by its `roundHalf` kernel. */
export function halfAwareDevice(b: DeviceBackend): DeviceBackend {
  let w = deviceCache.get(b);
  if (w) return w;
  const round = (s: never): void => {
    if (halfStores.has(s as DeviceStore)) b.roundHalf(s as DeviceStore);
  };
  const fusedKernels: DeviceFusedKernels = {
    linear: rounded(b, "linear", at(3), round),
    linearBackward: rounded(b, "linearBackward", (a) => { const x = a[0] as Arg<DeviceFusedKernels["linearBackward"], 0>; return [x.gx, x.gw, x.gb]; }, round),
    relu: (...a) => b.relu(...a),
    activationBackward: rounded(b, "activationBackward", at(3), round),
    softmax: rounded(b, "softmax", at(1), round),
    crossEntropy: rounded(b, "crossEntropy", at(4, 6), round),
    bceWithLogits: rounded(b, "bceWithLogits", at(2, 3), round),
    // Plain SGD rounds the new parameters once, as PyTorch's half add_ (the rest are refused in `Optimizer.step`, optim/optimizer.ts).
    sgdStep: rounded(b, "sgdStep", (a) => a[0] as readonly unknown[], round),
    adamStep: (...a) => b.adamStep(...a),
    // RMSprop and Adagrad refuse half parameters before their step (optim/optimizer.ts).
    rmspropStep: (...a) => b.rmspropStep(...a),
    adagradStep: (...a) => b.adagradStep(...a),
  };
  w = {
    ...wrapPrimitives(b, round),
    ...fusedKernels,
    alloc: (...a) => b.alloc(...a),
    upload: (...a) => b.upload(...a),
    read: (...a) => b.read(...a),
    cast: rounded(b, "cast", at(1), round),
    fill: rounded(b, "fill", at(0), round),
    where: (...a) => b.where(...a), // picks halves
    indexSelect: (...a) => b.indexSelect(...a),
    indexAdd: rounded(b, "indexAdd", at(5), round),
    gather: (...a) => b.gather(...a), // picks halves
    scatter: rounded(b, "scatter", at(1), round), // "add" sums
    cumsum: rounded(b, "cumsum", at(1), round),
    productOfOthers: rounded(b, "productOfOthers", at(1), round),
    checkDivisor: (...a) => b.checkDivisor(...a),
    binaryTally: (...a) => b.binaryTally(...a),
    multiclassTally: (...a) => b.multiclassTally(...a),
    copyRange: (...a) => b.copyRange(...a),
    flush: (...a) => b.flush(...a),
    roundHalf: (...a) => b.roundHalf(...a),
  };
  deviceCache.set(b, w);
  return w;
}
