/**
 * Regression metrics in torchmetrics' shape: `r2Score` / `R2Score` (the coefficient of
 * determination, 1 − RSS / TSS, per output then averaged uniformly) and `meanSquaredError` /
 * `MeanSquaredError` (`squared: false` gives the root of it, RMSE). Inputs are [N] or [N, D]
 * float tensors of the same shape; sums are kept in float64 and the result is a 0-d float32
 * tensor, as torchmetrics returns for float32 inputs.
 *
 * R² follows torchmetrics' handling of near-constant targets: with the residual and total
 * sums of squares both within 1e-4 of 0 the score is 1, with only the total sum near 0 it is 0.
 */
import { ValueError } from "../errors.js";
import { scalarTensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { Metric } from "./metric.js";
import type { MetricState } from "./core/common.js";

/** Column count of a [N] (1) or [N, D] (D) input, after checking both inputs agree. */
function outputsOf(preds: Tensor, target: Tensor): number {
  if (preds.shape.length !== target.shape.length || preds.shape.some((s, i) => s !== target.shape[i])) {
    throw new ValueError(`Predictions and targets are expected to have the same shape, but got [${preds.shape.join(", ")}] and [${target.shape.join(", ")}].`);
  }
  if (preds.ndim < 1 || preds.ndim > 2) {
    throw new ValueError(`Expected both prediction and target to be 1D or 2D tensors, but received tensors with dimension [${preds.shape.join(", ")}]`);
  }
  return preds.ndim === 1 ? 1 : preds.shape[1];
}

/** Per-output sums: of the targets, of their squares, of the squared residuals; and the row count. */
class RegressionState implements MetricState<RegressionState> {
  sum: number[] = [];
  sumSq: number[] = [];
  rss: number[] = [];
  n = 0;

  update(preds: Tensor, target: Tensor): void {
    const d = outputsOf(preds, target);
    if (this.sum.length === 0) [this.sum, this.sumSq, this.rss] = [new Array<number>(d).fill(0), new Array<number>(d).fill(0), new Array<number>(d).fill(0)];
    else if (this.sum.length !== d) throw new ValueError(`Expected ${this.sum.length} outputs per row as in the earlier updates, but got ${d}.`);
    const p = preds.contiguous().data, t = target.contiguous().data;
    for (let i = 0; i < t.length; i++) {
      const j = i % d, y = Number(t[i]), r = y - Number(p[i]);
      this.sum[j] += y;
      this.sumSq[j] += y * y;
      this.rss[j] += r * r;
    }
    this.n += preds.shape[0];
  }

  empty(): RegressionState {
    return new RegressionState();
  }

  merge(o: RegressionState): void {
    if (o.n === 0) return;
    if (this.n === 0) [this.sum, this.sumSq, this.rss] = [[...o.sum], [...o.sumSq], [...o.rss]];
    else for (let j = 0; j < this.sum.length; j++) [this.sum[j], this.sumSq[j], this.rss[j]] = [this.sum[j] + o.sum[j], this.sumSq[j] + o.sumSq[j], this.rss[j] + o.rss[j]];
    this.n += o.n;
  }
}

/** |v| ≤ 1e-4: torch.isclose(v, 0, atol=1e-4) with its default rtol (which adds nothing at 0). */
const nearZero = (v: number): boolean => Math.abs(v) <= 1e-4;

function r2From(s: RegressionState): Tensor {
  if (s.n < 2) throw new ValueError("Needs at least two samples to calculate r2 score.");
  let total = 0;
  for (let j = 0; j < s.sum.length; j++) {
    const tss = s.sumSq[j] - (s.sum[j] * s.sum[j]) / s.n;
    const rss = s.rss[j];
    total += nearZero(rss) ? 1 : nearZero(tss) ? 0 : 1 - rss / tss;
  }
  return scalarTensor(total / s.sum.length, { dtype: "float32" });
}

function mseFrom(s: RegressionState, squared: boolean): Tensor {
  let rss = 0;
  for (const r of s.rss) rss += r;
  const mse = rss / (s.n * Math.max(1, s.sum.length));
  return scalarTensor(squared ? mse : Math.sqrt(mse), { dtype: "float32" });
}

export interface MeanSquaredErrorOptions {
  /** true (default): the mean squared error; false: its square root (RMSE). */
  squared?: boolean;
}

/** torchmetrics' `r2_score(preds, target)`: the coefficient of determination, averaged over outputs. */
export function r2Score(preds: Tensor, target: Tensor): Tensor {
  const s = new RegressionState();
  s.update(preds, target);
  return r2From(s);
}

/** torchmetrics' `mean_squared_error(preds, target, squared=True)`: mean of (preds − target)²; its root with `squared: false`. */
export function meanSquaredError(preds: Tensor, target: Tensor, options: MeanSquaredErrorOptions = {}): Tensor {
  const s = new RegressionState();
  s.update(preds, target);
  return mseFrom(s, options.squared ?? true);
}

/** torchmetrics' `R2Score`: R² over everything passed to `update` since the last `reset`. */
export class R2Score extends Metric<RegressionState, Tensor> {
  constructor() {
    super(new RegressionState());
  }

  protected computeFrom(s: RegressionState): Tensor {
    return r2From(s);
  }
}

/** torchmetrics' `MeanSquaredError`: MSE (or RMSE with `squared: false`) over everything since the last `reset`. */
export class MeanSquaredError extends Metric<RegressionState, Tensor> {
  declare private squared: boolean;

  constructor(options: MeanSquaredErrorOptions = {}) {
    super(new RegressionState());
    this.squared = options.squared ?? true;
  }

  protected computeFrom(s: RegressionState): Tensor {
    return mseFrom(s, this.squared);
  }
}
