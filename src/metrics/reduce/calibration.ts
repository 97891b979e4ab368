/**
 * Expected (l1), root-mean-square (l2) and maximum calibration error over equal-width
 * confidence bins, as torchmetrics bins them: bin i holds confidences in
 * [b_i, b_{i+1}) of `linspace(0, 1, nBins + 1)`, and a confidence of exactly 1 a bin of its own.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { linspaceF32, linspaceF64 } from "../internal/normalize.js";
import { floatTensor, i64, type FloatArray } from "../internal/tensors.js";

export type CalibrationNorm = "l1" | "l2" | "max";

export function calibrationError(conf: FloatArray, acc: Uint8Array, nBins: number, norm: CalibrationNorm): Tensor {
  const wide = conf instanceof Float64Array;
  const bounds = wide ? linspaceF64(nBins + 1) : linspaceF32(nBins + 1);
  const bins = bounds.length;
  const count = new Float64Array(bins), confSum = new Float64Array(bins), accSum = new Float64Array(bins);
  for (let i = 0; i < conf.length; i++) {
    let lo = 0, hi = bins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] <= conf[i]) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    count[b]++;
    confSum[b] += conf[i];
    accSum[b] += acc[i];
  }
  let result = 0;
  for (let b = 0; b < bins; b++) {
    const gap = count[b] === 0 ? 0 : (accSum[b] - confSum[b]) / count[b];
    const prop = count[b] / conf.length;
    if (norm === "l1") result += Math.abs(gap) * prop;
    else if (norm === "l2") result += gap * gap * prop;
    else result = Math.max(result, Math.abs(gap));
  }
  const dtype = wide ? "float64" : "float32";
  if (norm === "l2") return result > 0 ? floatTensor([Math.sqrt(result)], [], dtype) : i64([0], []);
  return floatTensor([result], [], dtype);
}
