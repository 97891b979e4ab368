/** Options of the confusion-matrix family (confusion matrix, Jaccard, Matthews, Cohen's kappa). */
import type { CommonOptions } from "../internal/types.js";
import {
  checkIgnoreIndex, checkNormalize, checkNumClasses, checkNumLabels, checkThreshold, type Normalize,
} from "../internal/validate-args.js";

export type { Normalize };

export interface BinaryConfmatOptions extends CommonOptions {
  threshold?: number;
}

export interface MulticlassConfmatOptions extends CommonOptions {
  numClasses: number;
}

export interface MultilabelConfmatOptions extends CommonOptions {
  numLabels: number;
  threshold?: number;
}

/** `normalize`: divide counts by the true-class totals ("true"), predicted totals ("pred") or all ("all"). */
export interface NormalizeOption {
  normalize?: Normalize;
}

export interface ConfmatConfig {
  readonly threshold: number;
  readonly ignoreIndex: number | null;
  readonly validateArgs: boolean;
  /** Classes (multi-class) or labels (multi-label); 2 for binary. */
  readonly size: number;
}

export function binaryConfmatConfig(o: BinaryConfmatOptions & NormalizeOption = {}): ConfmatConfig {
  const cfg = { threshold: o.threshold ?? 0.5, ignoreIndex: o.ignoreIndex ?? null, validateArgs: o.validateArgs ?? true, size: 2 };
  if (cfg.validateArgs) {
    checkThreshold(cfg.threshold, true);
    checkIgnoreIndex(cfg.ignoreIndex);
    checkNormalize(o.normalize === undefined ? null : o.normalize);
  }
  return cfg;
}

export function multiclassConfmatConfig(o: MulticlassConfmatOptions & NormalizeOption): ConfmatConfig {
  const cfg = { threshold: 0.5, ignoreIndex: o.ignoreIndex ?? null, validateArgs: o.validateArgs ?? true, size: o.numClasses };
  if (cfg.validateArgs) {
    checkNumClasses(o.numClasses);
    checkIgnoreIndex(cfg.ignoreIndex);
    checkNormalize(o.normalize === undefined ? null : o.normalize);
  }
  return cfg;
}

export function multilabelConfmatConfig(o: MultilabelConfmatOptions & NormalizeOption): ConfmatConfig {
  const cfg = { threshold: o.threshold ?? 0.5, ignoreIndex: o.ignoreIndex ?? null, validateArgs: o.validateArgs ?? true, size: o.numLabels };
  if (cfg.validateArgs) {
    checkNumLabels(o.numLabels);
    checkThreshold(cfg.threshold, false);
    checkIgnoreIndex(cfg.ignoreIndex);
    checkNormalize(o.normalize === undefined ? null : o.normalize);
  }
  return cfg;
}
