/**
 * What `kindling train` does when told only the data: scikit-learn's MLPClassifier defaults,
 * which train well across small tabular sets — one hidden layer of 100 ReLU units, Adam
 * at 0.001, mini-batches of min(200, n), up to 200 epochs, stopping once the training
 * loss improves by less than 1e-4 for 10 epochs in a row (with --early-stopping: the
 * accuracy on a stratified 10 % validation split, keeping the best weights).
 *
 * An option the user sets is used as given. Setting --epochs runs exactly that many
 * epochs (the tutorial's fixed-length runs) unless --early-stopping asks otherwise.
 */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";
import { parseHidden } from "./model.js";
import type { OptimizerName } from "./train-loop.js";

export const DEFAULTS = { hidden: "100", optimizer: "adam", lrAdam: 0.001, lrSgd: 0.1, maxBatch: 200, epochs: 200, patience: 10, tol: 1e-4, validationFraction: 0.1 } as const;

export interface TrainingRequest {
  hidden?: string;
  optimizer?: OptimizerName;
  lr?: number;
  epochs?: number;
  batchSize?: number;
  earlyStopping?: boolean;
  validationFraction?: number;
  seed: number;
}

export interface TrainingChoice {
  hidden: number[];
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  earlyStopping: boolean;
  stopping?: { patience: number; tol: number; validation?: { X: kd.Tensor; y: kd.Tensor } };
  /** The rows trained on (less the validation split, with --early-stopping). */
  Xtrain: kd.Tensor;
  ytrain: kd.Tensor;
  validation?: { X: kd.Tensor; y: kd.Tensor };
  /** One line saying what was chosen and which values were defaults. */
  description: string;
}

export function resolveTraining(o: TrainingRequest, Xtrain: kd.Tensor, ytrain: kd.Tensor): TrainingChoice {
  const defaulted: string[] = [];
  const pick = <T>(value: T | undefined, fallback: T, flag: string): T => {
    if (value !== undefined) return value;
    defaulted.push(flag);
    return fallback;
  };
  const hiddenText = pick(o.hidden, DEFAULTS.hidden, "--hidden");
  const hidden = parseHidden(hiddenText);
  const optimizer = pick(o.optimizer, DEFAULTS.optimizer, "--optimizer");
  const lr = pick(o.lr, optimizer === "sgd" ? DEFAULTS.lrSgd : DEFAULTS.lrAdam, "--lr");
  const earlyStopping = o.earlyStopping ?? false;
  const fixedEpochs = o.epochs !== undefined && !earlyStopping;
  const epochs = pick(o.epochs, DEFAULTS.epochs, "--epochs");

  let X = Xtrain, y = ytrain;
  let validation: { X: kd.Tensor; y: kd.Tensor } | undefined;
  if (earlyStopping) {
    const fraction = o.validationFraction ?? DEFAULTS.validationFraction;
    const n = Xtrain.shape[0];
    const nVal = Math.ceil(fraction * n);
    if (nVal < 1 || n - nVal < 2) throw new UsageError(`--validation-fraction ${fraction} leaves ${n - nVal} of ${n} training samples; choose a fraction such as 0.1`);
    let parts: kd.Tensor[];
    try {
      parts = kd.data.trainTestSplit(Xtrain, ytrain, { testSize: fraction, randomState: o.seed, stratify: ytrain }) as kd.Tensor[];
    } catch {
      // A class too small to stratify (one sample): an unstratified split still works.
      parts = kd.data.trainTestSplit(Xtrain, ytrain, { testSize: fraction, randomState: o.seed }) as kd.Tensor[];
    }
    [X, , y] = parts;
    validation = { X: parts[1], y: parts[3] };
  }
  const n = X.shape[0];
  const batchSize = pick(o.batchSize, Math.min(DEFAULTS.maxBatch, n), "--batch-size");
  const stopping = fixedEpochs ? undefined : { patience: DEFAULTS.patience, tol: DEFAULTS.tol, validation };

  const parts = [
    `hidden ${hidden.length ? hidden.join(",") : "none"}`,
    `optimizer ${optimizer} (lr ${lr})`,
    `batch size ${batchSize === 0 || batchSize >= n ? `${n} (full)` : batchSize}`,
    stopping
      ? `up to ${epochs} epochs, stopping when the ${validation ? "validation accuracy" : "training loss"} improves by less than ${DEFAULTS.tol} for ${DEFAULTS.patience} epochs`
      : `${epochs} epochs`,
  ];
  const note = defaulted.length > 0 ? ` (defaults as scikit-learn's MLPClassifier for ${defaulted.join(", ")})` : "";
  return { hidden, optimizer, lr, epochs, batchSize, earlyStopping, stopping, Xtrain: X, ytrain: y, validation, description: `${parts.join(", ")}${note}` };
}
