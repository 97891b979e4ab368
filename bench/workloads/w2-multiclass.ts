/**
 * W2, the tutorial's multi-class classifier (programs/training.ts): make_blobs,
 * MLP 2-8-8-4, cross-entropy, SGD for 100 epochs, timed on the built package.
 */
import { trainW2 } from "../../programs/training.js";
import { kd } from "./library.js";
import { now, type WorkloadResult } from "./result.js";

export function w2(epochs = 100): WorkloadResult {
  const { ms, accuracy, trainLoss, testLoss } = trainW2(kd, epochs, now);
  return { workload: "W2", ms, accuracy, notes: { trainLoss, testLoss, epochs } };
}
