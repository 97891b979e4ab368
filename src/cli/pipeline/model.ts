/** The multi-layer perceptron the command line trains: Linear layers with an activation between them. */
import * as kd from "../../index.js";
import { UsageError } from "../errors.js";

export const ACTIVATIONS = ["relu", "tanh", "sigmoid", "leaky-relu", "gelu", "elu", "silu", "none"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

function activation(name: ActivationName): kd.nn.Module | null {
  switch (name) {
    case "relu": return new kd.nn.ReLU();
    case "tanh": return new kd.nn.Tanh();
    case "sigmoid": return new kd.nn.Sigmoid();
    case "leaky-relu": return new kd.nn.LeakyReLU();
    case "gelu": return new kd.nn.GELU();
    case "elu": return new kd.nn.ELU();
    case "silu": return new kd.nn.SiLU();
    case "none": return null;
  }
}

export interface MlpSpec {
  inFeatures: number;
  hidden: readonly number[];
  outFeatures: number;
  activation: ActivationName;
  dropout: number;
}

/** Linear → activation (→ Dropout) per hidden layer, then the output Linear (kd.nn.mlp, as the playground builds it). */
export function buildMlp(spec: MlpSpec): kd.nn.Sequential {
  if (spec.dropout < 0 || spec.dropout >= 1) throw new UsageError(`--dropout must be in [0, 1), got ${spec.dropout}`);
  return kd.nn.mlp(spec.inFeatures, spec.outFeatures, { hidden: spec.hidden, activation: () => activation(spec.activation), dropout: spec.dropout });
}

/** Parses `--hidden 10,10` (an empty string or "none" means no hidden layer). */
export function parseHidden(text: string): number[] {
  const t = text.trim();
  if (t === "" || t === "none") return [];
  // "0" used to mean "no hidden layer" silently; it reads as a layer of zero units, so it is refused.
  if (/^0+$/.test(t)) throw new UsageError("--hidden 0 would be a layer of no units; for a model without hidden layers use --hidden '' (or --hidden none)");
  return t.split(",").map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--hidden expects positive whole numbers separated by commas (e.g. 10,10), got '${text}'`);
    return n;
  });
}
