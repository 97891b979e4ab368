/**
 * W1, the tutorial's binary classifier (programs/training.ts): make_circles,
 * MLP 2-10-10-1, BCE with logits, full-batch SGD for 1000 epochs, timed on the built package.
 */
import { trainW1 } from "../../programs/training.js";
import { kd } from "./library.js";
import { now, type WorkloadResult } from "./result.js";

export function w1(epochs = 1000): WorkloadResult {
  const { ms, accuracy, trainLoss, testLoss } = trainW1(kd, epochs, now);
  return { workload: "W1", ms, accuracy, notes: { trainLoss, testLoss, epochs } };
}
