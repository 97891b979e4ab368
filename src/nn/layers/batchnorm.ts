/**
 * nn.BatchNorm1d over [N, C] or [N, C, L] inputs and nn.BatchNorm2d over [N, C, H, W]
 * (both normalise per channel, dim 1). Training normalises with the batch's
 * statistics and updates the running ones (buffers `running_mean`, `running_var`,
 * `num_batches_tracked`, as PyTorch names them in the state dict); eval mode uses the
 * running statistics.
 */
import { checkKeys, keysOf } from "../../util/options.js";
import { tensor, ones, zeros } from "../../tensor/creation.js";
import { defaultFloat, type DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../errors.js";
import { pyBool, pyFloat, pyOptionalFloat } from "../format.js";
import { batchNormWith } from "../functional/batch-norm.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

export interface BatchNorm1dOptions {
  eps?: number;
  /** Weight of each new batch in the running averages; null for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics (default true). */
  trackRunningStats?: boolean;
  /** With `affine`, also learn the shift (default true). */
  bias?: boolean;
  dtype?: DType;
}
const BATCHNORM_KEYS = keysOf<BatchNorm1dOptions>({ eps: true, momentum: true, affine: true, trackRunningStats: true, bias: true, dtype: true });

/** What BatchNorm1d and BatchNorm2d share; they differ in the input ranks they accept. */
export abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numFeatures: number, opts: BatchNorm1dOptions = {}) {
    checkKeys(new.target.name, opts, BATCHNORM_KEYS);
    super();
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.trackRunningStats = opts.trackRunningStats ?? true;
    const dtype = opts.dtype ?? defaultFloat();
    this.weight = this.affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine && (opts.bias ?? true) ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer("running_mean", track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer("running_var", track ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer("num_batches_tracked", track ? tensor(0, { dtype: "int64" }) : null);
  }

  /** A buffer through its attribute, which is what a reassignment changes. */
  private buffer(name: string): Tensor | null {
    return (this as unknown as Record<string, Tensor | null>)[name] ?? null;
  }

  /** The `running_mean` buffer. */
  get runningMean(): Tensor | null {
    return this.buffer("running_mean");
  }

  /** The `running_var` buffer (unbiased batch variances, averaged). */
  get runningVar(): Tensor | null {
    return this.buffer("running_var");
  }

  /** The `num_batches_tracked` buffer (int64, 0-dim). */
  get numBatchesTracked(): Tensor | null {
    return this.buffer("num_batches_tracked");
  }

  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.fill_(0);
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.fill_(0);
    });
  }

  resetParameters(): void {
    this.resetRunningStats();
    noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.fill_(0);
    });
  }

  /** Throws PyTorch's message for an input of the wrong rank. */
  protected abstract checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    let factor = this.momentum ?? 0;
    // The cumulative average's weight on a device: 1 / batches tracked, left there.
    let factorOnDevice: Tensor | null = null;
    const tracked = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && tracked) {
      noGrad(() => tracked.add_(1));
      if (this.momentum !== null) factor = this.momentum;
      else if (tracked.device === "cpu") factor = 1 / tracked.item();
      else factorOnDevice = noGrad(() => tracked.reciprocal());
    }
    const runningMean = this.runningMean, runningVar = this.runningVar;
    const useBatchStats = this.training || (runningMean === null && runningVar === null);
    const passStats = !this.training || this.trackRunningStats;
    return batchNormWith(input, passStats ? runningMean : null, passStats ? runningVar : null, {
      weight: this.weight,
      bias: this.bias,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    }, factorOnDevice);
  }

  override extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyOptionalFloat(this.momentum)}, ` +
      `affine=${pyBool(this.affine)}, bias=${pyBool(this.bias !== null)}, ` +
      `track_running_stats=${pyBool(this.trackRunningStats)}`
    );
  }
}

export class BatchNorm1d extends BatchNormBase {
  protected override checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

/** Per-channel batch normalisation of images [N, C, H, W] (learnpytorch's CNNs, ResNets). */
export class BatchNorm2d extends BatchNormBase {
  protected override checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) throw new ValueError(`expected 4D input (got ${input.ndim}D input)`);
  }
}

export type BatchNorm2dOptions = BatchNorm1dOptions;
