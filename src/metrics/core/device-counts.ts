/**
 * Counting on a device (a GPU), so that an epoch of metric updates reads nothing back: each
 * update turns its batch into one bin number per position with ops that stay on the device,
 * and a bincount (the device's int32 index-add, atomic) adds them to an int32 tally there.
 * The tally is read once, when the metric is computed (`computeAsync`), and becomes the
 * float64 counts the CPU path builds (core/labels.ts), so every formula is shared.
 *
 * The checks of input values that need the values (binary targets in {0, 1}, class labels
 * in [0, C)) cannot throw at `update` without a read-back. Offending positions are counted
 * in bins of their own past the counted ones, and reading the tally throws torchmetrics'
 * error then, as the device's out-of-range flag fails the next read of a tensor. The
 * positions are not kept, so the message cannot list the values as the CPU's does.
 *
 * int32 bins: a count past 2^31 − 1 (2 billion positions between two computes) would wrap.
 */
import { noGrad } from "../../autograd/grad-mode.js";
import { DeviceError, ValueError } from "../../errors.js";
import { deviceBackend } from "../../ops/kernels.js";
import { logicalAnd, logicalNot, logicalOr, where } from "../../ops/elementwise.js";
import { cat } from "../../ops/shape.js";
import { arange, full, zeros } from "../../tensor/creation.js";
import type { Device } from "../../tensor/device.js";
import type { Tensor } from "../../tensor/tensor.js";
import { countsFromConfmat, emptyCounts, mergeCounts, type StatCounts } from "./labels.js";
import { isFloat } from "./tensors.js";

export type Gpu = Exclude<Device, "cpu">;

/** Bins after the counted ones: positions left out (ignored), a target out of range, a prediction out of range. */
const SKIP = 0, BAD_TARGET = 1, BAD_PRED = 2;
const EXTRA = 3;

/** One part of a tally: `bins` counted bins and the EXTRA ones; `rows` samples for samplewise parts, else 0. */
interface Part {
  counts: Tensor;
  readonly bins: number;
  readonly rows: number;
}

/** Bin numbers of one batch, and how many counted bins (and samplewise rows) they address. */
export interface Keys {
  readonly keys: Tensor;
  readonly bins: number;
  readonly rows: number;
}

/** What a read of the tally throws for values a check would have refused at update. */
export interface BadValueMessages {
  readonly target: string;
  readonly pred: string;
}

/**
 * The counts a state keeps on a device: one part accumulated in place (global counts), or
 * one part per update (samplewise counts, whose rows follow the batches).
 */
export class DeviceTally {
  private parts: Part[] = [];

  constructor(readonly device: Gpu) {}

  /** Adds one batch's bin numbers. */
  add(k: Keys): void {
    let part = k.rows > 0 ? undefined : this.parts[0];
    if (!part) {
      part = { counts: zeros([k.bins + EXTRA], { dtype: "int32", device: this.device }), bins: k.bins, rows: k.rows };
      this.parts.push(part);
    }
    const n = k.keys.numel();
    if (n === 0) return;
    const ones = full([n], 1, { dtype: "int32", device: this.device });
    deviceBackend(this.device).indexAdd(ones.store, 1, k.bins + EXTRA, 1, k.keys.store, part.counts.store);
  }

  /** Adds another tally's counts (global: summed on the device; samplewise: its rows after these). */
  merge(other: DeviceTally): void {
    if (other.parts.length === 0) return;
    if (this.parts.length === 0 || this.parts[0].rows > 0) {
      for (const part of other.parts) this.parts.push(part);
      return;
    }
    const mine = this.parts[0], theirs = other.parts[0].counts;
    mine.counts = noGrad(() => mine.counts.add(theirs));
  }

  /** The counted bins of every part, read back in one transfer. */
  async readAsync(bad: BadValueMessages): Promise<{ bins: Float64Array; rows: number }[]> {
    if (this.parts.length === 0) return [];
    const all = this.parts.length === 1 ? this.parts[0].counts : noGrad(() => cat(this.parts.map((p) => p.counts)));
    const raw = await all.toArrayAsync();
    const out: { bins: Float64Array; rows: number }[] = [];
    let at = 0;
    for (const p of this.parts) {
      if (raw[at + p.bins + BAD_TARGET] > 0) throw new ValueError(bad.target);
      if (raw[at + p.bins + BAD_PRED] > 0) throw new ValueError(bad.pred);
      out.push({ bins: Float64Array.from(raw.slice(at, at + p.bins)), rows: p.rows });
      at += p.bins + EXTRA;
    }
    return out;
  }
}

/** torchmetrics' error for inputs on another device than the metric's state. */
export function checkInputDevice(metric: string, metricDevice: Device, preds: Tensor, target: Tensor): void {
  for (const t of [preds, target]) {
    if (t.device === metricDevice) continue;
    throw new DeviceError(
      "Encountered different devices in metric calculation (see stacktrace for details). This could be due to the metric class not being on the same device as input. " +
      `Instead of \`metric=${metric}(...)\` try to do \`metric=${metric}(...).to(device)\` where device corresponds to the device of the input ` +
      `(the input is on ${t.device}, the metric on ${metricDevice}).`,
    );
  }
}

// ---- bin numbers of one batch -------------------------------------------------------------

/** `bins + which` where `cond` holds, else `keys`. */
const mark = (cond: Tensor, bins: number, which: number, keys: Tensor): Tensor => where(cond, bins + which, keys);

export interface BinaryKeyOptions {
  threshold: number;
  ignoreIndex: number | null;
  /** 1 for binary inputs, L for multi-label (N, L, ...) inputs. */
  cols: number;
  /** Which scores decide between probabilities and logits (see DecideOptions in labels.ts). */
  logitScope: "all" | "kept";
  samplewise: boolean;
  /** Count targets outside {0, 1} and label predictions outside {0, 1} as errors (validateArgs). */
  validate: boolean;
}

/**
 * Binary and multi-label decisions as bin numbers: (slot · 4 + kind) with kind 0 tp, 1 fp,
 * 2 tn, 3 fn and one slot per label (per sample and label when samplewise). The same
 * rules as decideBinary + countDecisions: logits (any score outside [0, 1]) are squashed
 * by the sigmoid first, the decision is score > threshold in the scores' precision.
 */
export function binaryKeys(preds: Tensor, target: Tensor, o: BinaryKeyOptions): Keys {
  return noGrad(() => {
    const n = target.numel();
    const rows = target.ndim === 0 ? 1 : target.shape[0];
    const inner = rows === 0 ? 0 : n / rows / o.cols;
    const device = target.device;
    const t = target.reshape([n]), p = preds.reshape([n]);
    const ignored = o.ignoreIndex === null ? null : t.eq(o.ignoreIndex);
    const keep = (x: Tensor): Tensor => (ignored ? logicalAnd(x, logicalNot(ignored)) : x);
    const pos = keep(t.eq(1)), neg = keep(t.eq(0));
    let yes: Tensor, no: Tensor;
    let badPred: Tensor | null = null;
    if (isFloat(preds)) {
      const outside = logicalNot(logicalAnd(p.ge(0), p.le(1)));
      const logits = (o.logitScope === "kept" && ignored ? logicalAnd(outside, logicalNot(ignored)) : outside).any();
      yes = where(logits, p.sigmoid(), p).gt(o.threshold);
      no = logicalNot(yes);
    } else {
      yes = p.eq(1);
      no = p.eq(0);
      if (o.validate) badPred = logicalNot(logicalOr(yes, no));
    }
    // tp 0, fn 3 for positive targets; tn 2, fp 1 for negative ones
    const kind = where(pos, no.int().mul(3), no.int().add(1));
    const slots = (o.samplewise ? rows : 1) * o.cols;
    const bins = slots * 4;
    let slot: Tensor | number = 0;
    if (slots > 1) {
      let s = arange(o.cols, { dtype: "int32", device }).reshape([1, o.cols, 1]);
      if (o.samplewise) s = s.add(arange(rows, { dtype: "int32", device }).mul(o.cols).reshape([rows, 1, 1]));
      slot = s.add(zeros([rows, 1, inner], { dtype: "int32", device })).reshape([n]);
    }
    let keys = where(logicalOr(pos, neg), kind.add(typeof slot === "number" ? slot * 4 : slot.mul(4)), bins + SKIP);
    if (badPred) keys = mark(badPred, bins, BAD_PRED, keys);
    if (o.validate) {
      const known = logicalOr(logicalOr(t.eq(0), t.eq(1)), ignored ?? t.ne(t));
      keys = mark(logicalNot(known), bins, BAD_TARGET, keys);
    }
    return { keys: keys.int(), bins, rows: o.samplewise ? rows : 0 };
  });
}

export interface MulticlassKeyOptions {
  numClasses: number | undefined;
  topK: number;
  ignoreIndex: number | null;
  samplewise: boolean;
}

/**
 * Multi-class inputs as bin numbers: target · C + prediction (a confusion matrix, one per
 * sample when samplewise), or without a number of classes 0 (right) / 1 (wrong). The same
 * rules as decodeMulticlass: scores give their arg-max, or the target when it is among the
 * k best; labels are truncated; targets equal to the ignore index count nowhere; a label
 * outside [0, C) is an error at the read (decodeMulticlass's range check).
 */
export function multiclassKeys(preds: Tensor, target: Tensor, o: MulticlassKeyOptions): Keys {
  return noGrad(() => {
    const n = target.numel();
    const rows = target.ndim === 0 ? 1 : target.shape[0];
    const device = target.device;
    const t = target.reshape([n]);
    const tgt = t.int();
    const ignored = o.ignoreIndex === null ? null : t.eq(o.ignoreIndex);
    const c = o.numClasses;
    let pred: Tensor;
    if (preds.ndim === target.ndim + 1) {
      const classes = preds.shape[1];
      const inner = n / Math.max(1, rows);
      const s = preds.reshape([rows, classes, inner]);
      pred = s.argmax({ dim: 1 }).reshape([n]);
      if (o.topK > 1) {
        // the target is among the k best when fewer than k classes outrank it (a higher
        // score, or an equal one at a lower index)
        const inRange = logicalAnd(tgt.ge(0), tgt.lt(classes));
        const kept = ignored ? logicalAnd(inRange, logicalNot(ignored)) : inRange;
        const tc = where(kept, tgt, 0).reshape([rows, 1, inner]);
        const cls = arange(classes, { dtype: "int32", device }).reshape([1, classes, 1]);
        const st = where(cls.eq(tc), s, 0).sum({ dim: 1, keepdim: true });
        const ahead = logicalOr(s.gt(st), logicalAnd(s.eq(st), cls.lt(tc))).sum({ dim: 1 }).reshape([n]);
        pred = where(logicalAnd(kept, ahead.lt(o.topK)), tgt, pred);
      }
    } else {
      pred = preds.reshape([n]).int();
    }
    if (c === undefined) {
      // torchmetrics' micro count without classes: right / wrong, negative targets left out
      const skip = ignored ? logicalOr(ignored, tgt.lt(0)) : tgt.lt(0);
      return { keys: where(skip, 2 + SKIP, pred.ne(tgt).int()).int(), bins: 2, rows: 0 };
    }
    const bins = (o.samplewise ? rows : 1) * c * c;
    const tIn = logicalAnd(tgt.ge(0), tgt.lt(c)), pIn = logicalAnd(pred.ge(0), pred.lt(c));
    let cell = tgt.mul(c).add(pred);
    if (o.samplewise) {
      const perRow = rows === 0 ? 0 : n / rows;
      const base = arange(rows, { dtype: "int32", device }).mul(c * c).reshape([rows, 1]).add(zeros([rows, perRow], { dtype: "int32", device }));
      cell = cell.add(base.reshape([n]));
    }
    let keys = where(logicalAnd(tIn, pIn), cell, bins + BAD_PRED);
    keys = mark(logicalNot(tIn), bins, BAD_TARGET, keys);
    if (ignored) keys = mark(ignored, bins, SKIP, keys);
    return { keys: keys.int(), bins, rows: o.samplewise ? rows : 0 };
  });
}

// ---- the read tally as the CPU's counts ---------------------------------------------------

/** Counts of binary / multi-label bins (slot · 4 + kind) over `cols` labels. */
export function binaryCounts(parts: readonly { bins: Float64Array; rows: number }[], cols: number, samplewise: boolean): StatCounts {
  let acc = emptyCounts(cols, samplewise);
  for (const { bins, rows } of parts) {
    const slots = bins.length / 4;
    const pick = (kind: number): Float64Array => Float64Array.from({ length: slots }, (_, s) => bins[s * 4 + kind]);
    acc = mergeCounts(acc, { tp: pick(0), fp: pick(1), tn: pick(2), fn: pick(3), rows: samplewise ? rows : 1, cols, samplewise });
  }
  return acc;
}

/** The summed confusion matrix of global multi-class parts. */
export function confmatOf(parts: readonly { bins: Float64Array }[], size: number): Float64Array {
  const m = new Float64Array(size);
  for (const { bins } of parts) for (let i = 0; i < size; i++) m[i] += bins[i];
  return m;
}

/** Counts of multi-class bins: per-class from the confusion matrices, or the micro right / wrong pair. */
export function multiclassCounts(parts: readonly { bins: Float64Array; rows: number }[], numClasses: number | undefined, samplewise: boolean): StatCounts {
  if (numClasses === undefined) {
    const [right, wrong] = confmatOf(parts, 2);
    const one = (x: number): Float64Array => Float64Array.of(x);
    // as labels.ts's collapsedMicro: tn = (right + wrong) − (right + 2·wrong)
    return { tp: one(right), fp: one(wrong), tn: one(right + wrong - (right + 2 * wrong)), fn: one(wrong), rows: 1, cols: 1, samplewise: false };
  }
  const cc = numClasses * numClasses;
  if (!samplewise) return countsFromConfmat(confmatOf(parts, cc), numClasses);
  let acc = emptyCounts(numClasses, true);
  for (const { bins, rows } of parts) {
    for (let r = 0; r < rows; r++) {
      const one = countsFromConfmat(bins.subarray(r * cc, (r + 1) * cc), numClasses);
      acc = mergeCounts(acc, { ...one, samplewise: true });
    }
  }
  return acc;
}

/** The messages of values found bad at the read, after torchmetrics' checks. */
export function binaryBadValues(device: Device, ignoreIndex: number | null): BadValueMessages {
  const expected = ignoreIndex === null ? "[0, 1]" : `[0, 1] and the ignore index ${ignoreIndex}`;
  return {
    target: `Detected values in \`target\` other than ${expected} in an update on ${device} (counted there; the values are not kept), but expected only the following values ${expected}.`,
    pred: `Detected values in \`preds\` other than [0, 1] in an update on ${device} (counted there; the values are not kept), but expected only the following values [0,1] since \`preds\` is a label tensor.`,
  };
}

export function multiclassBadValues(device: Device, numClasses: number, ignoreIndex: number | null): BadValueMessages {
  const also = ignoreIndex === null ? "" : ` or the ignore_index ${ignoreIndex}`;
  const msg = (name: string): string =>
    `Detected values in \`${name}\` outside the class labels in an update on ${device} (counted there; the values are not kept), ` +
    `but expected only class labels in [0, ${numClasses - 1}] (num_classes=${numClasses})${also}.`;
  return { target: msg("target"), pred: msg("preds") };
}
