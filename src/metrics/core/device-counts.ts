/**
 * Counting on a device (a GPU), so that an epoch of metric updates reads nothing back: each
 * update is one kernel (two for float scores, which first look for logits) that works out
 * every position's bin and adds 1 to it in an int32 tally on the device (backend's
 * binaryTally / multiclassTally). The tally is read once, when the metric is computed
 * (`computeAsync`), and becomes the float64 counts the CPU path builds (core/labels.ts), so
 * every formula is shared.
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
import { cat } from "../../ops/shape.js";
import { zeros } from "../../tensor/creation.js";
import type { Device, DeviceStore } from "../../tensor/device.js";
import type { Tensor } from "../../tensor/tensor.js";
import { countsFromConfmat, emptyCounts, mergeCounts, type StatCounts } from "./labels.js";

export type Gpu = Exclude<Device, "cpu">;

/** Bins after the counted ones (ignored positions, a refused target, a refused prediction): the kernels' layout. */
const BAD_TARGET = 1, BAD_PRED = 2;
const EXTRA = 3;

/** One part of a tally: `bins` counted bins and the EXTRA ones; `rows` samples for samplewise parts, else 0. */
interface Part {
  counts: Tensor;
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

  /** The int32 storage an update of `bins` bins adds to (the one global part, or a new samplewise part of `rows` samples). */
  private partFor(bins: number, rows: number): DeviceStore {
    let part = rows > 0 ? undefined : this.parts[0];
    if (!part) {
      part = { counts: zeros([bins + EXTRA], { dtype: "int32", device: this.device }), bins, rows };
      this.parts.push(part);
    }
    return part.counts.store as DeviceStore;
  }

  /**
   * Binary and multi-label decisions, bin = slot · 4 + kind (kind 0 tp, 1 fp, 2 tn, 3 fn;
   * one slot per label, per sample and label when samplewise). The rules of decideBinary and
   * countDecisions: logits (any score outside [0, 1]) are squashed by the sigmoid first, the
   * decision is score > threshold in float32.
   */
  addBinary(preds: Tensor, target: Tensor, o: BinaryKeyOptions): void {
    const n = target.numel();
    const rows = target.ndim === 0 ? 1 : target.shape[0];
    const bins = (o.samplewise ? rows : 1) * o.cols * 4;
    const tally = this.partFor(bins, o.samplewise ? rows : 0);
    if (n === 0) return;
    deviceBackend(this.device).binaryTally(preds.store as DeviceStore, target.store as DeviceStore, tally, {
      n, cols: o.cols, inner: n / rows / o.cols, samplewise: o.samplewise, bins, threshold: o.threshold, ignoreIndex: o.ignoreIndex,
      keptScope: o.logitScope === "kept", validate: o.validate,
    });
  }

  /**
   * Multi-class labels, bin = target · C + prediction (a confusion matrix, one per sample when
   * samplewise), or without a number of classes 0 (right) / 1 (wrong). The rules of
   * decodeMulticlass: scores give their arg-max, or the target when it is among the k best;
   * labels are truncated; targets equal to the ignore index count nowhere; a label outside
   * [0, C) is refused at the read (decodeMulticlass's range check).
   */
  addMulticlass(preds: Tensor, target: Tensor, o: MulticlassKeyOptions): void {
    const n = target.numel();
    const rows = target.ndim === 0 ? 1 : target.shape[0];
    const c = o.numClasses;
    const bins = c === undefined ? 2 : (o.samplewise ? rows : 1) * c * c;
    const tally = this.partFor(bins, o.samplewise ? rows : 0);
    if (n === 0) return;
    deviceBackend(this.device).multiclassTally(preds.store as DeviceStore, target.store as DeviceStore, tally, {
      n, perRow: n / rows, classes: preds.ndim === target.ndim + 1 ? preds.shape[1] : 0, numClasses: c, topK: o.topK,
      samplewise: o.samplewise, bins, ignoreIndex: o.ignoreIndex,
    });
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

export interface MulticlassKeyOptions {
  numClasses: number | undefined;
  topK: number;
  ignoreIndex: number | null;
  samplewise: boolean;
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
  // one row of counts per sample, from that sample's matrix, in the order the samples came
  let rows = 0;
  for (const p of parts) rows += p.rows;
  const tp = new Float64Array(rows * numClasses), fp = new Float64Array(rows * numClasses);
  const tn = new Float64Array(rows * numClasses), fn = new Float64Array(rows * numClasses);
  let at = 0;
  for (const part of parts) {
    for (let r = 0; r < part.rows; r++, at += numClasses) {
      const one = countsFromConfmat(part.bins.subarray(r * cc, (r + 1) * cc), numClasses);
      tp.set(one.tp, at);
      fp.set(one.fp, at);
      tn.set(one.tn, at);
      fn.set(one.fn, at);
    }
  }
  return { tp, fp, tn, fn, rows, cols: numClasses, samplewise: true };
}

/**
 * The messages of values found bad at the read, after torchmetrics' checks. Its multilabel
 * message names preds without backquotes at the end ("since preds is a label tensor").
 */
export function binaryBadValues(device: Device, ignoreIndex: number | null, task: "binary" | "multilabel" = "binary"): BadValueMessages {
  const expected = ignoreIndex === null ? "[0, 1]" : `[0, 1] and the ignore index ${ignoreIndex}`;
  const since = task === "binary" ? "`preds`" : "preds";
  return {
    target: `Detected values in \`target\` other than ${expected} in an update on ${device} (counted there; the values are not kept), but expected only the following values ${expected}.`,
    pred: `Detected values in \`preds\` other than [0, 1] in an update on ${device} (counted there; the values are not kept), but expected only the following values [0,1] since ${since} is a label tensor.`,
  };
}

export function multiclassBadValues(device: Device, numClasses: number, ignoreIndex: number | null): BadValueMessages {
  const also = ignoreIndex === null ? "" : ` or the ignore_index ${ignoreIndex}`;
  const msg = (name: string): string =>
    `Detected values in \`${name}\` outside the class labels in an update on ${device} (counted there; the values are not kept), ` +
    `but expected only class labels in [0, ${numClasses - 1}] (num_classes=${numClasses})${also}.`;
  return { target: msg("target"), pred: msg("preds") };
}
