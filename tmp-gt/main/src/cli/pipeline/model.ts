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

/** Rows per forward pass when a model is run over many rows (see forwardInChunks). */
export const INFERENCE_ROWS = 8192;
/** Images per forward pass. */
const IMAGE_ROWS = 256;

/** The largest dimension of any weight matrix: the widest layer. */
export function widest(model: kd.nn.Module): number {
  let w = 0;
  for (const p of model.parameters()) for (const d of p.shape) w = Math.max(w, d);
  return w;
}

/**
 * model.forward(X) in inference over blocks of about `rows` rows, the logits put back
 * together: a block's activations stay in cache and the kernels' scratch memory stays
 * small (on 200,000 rows and a hidden layer of 100 the whole-set pass took 4× the CPU
 * time and 100 MB more memory). Each row's logits are the same bits either way as long as
 * the kernels treat a block as they treat the whole set: blocks are of equal size (never a
 * tail of one or two rows, which the small-product kernels sum in another order) and
 * taller than the widest layer (so products are cut between threads by rows in both);
 * otherwise the set goes in one pass. test/cli/fast-paths.test.ts checks the bits.
 */
export function forwardInChunks(model: kd.nn.Module, X: kd.Tensor, rows = INFERENCE_ROWS): kd.Tensor {
  const n = X.shape[0];
  // Images go through a convolution's column matrix, C·kh·kw times the image: 256 of
  // TinyVGG's 28×28 images are 70 MB of it, 8,192 would be 2.3 GB. Their blocks are not
  // held to the bit-for-bit rule above (no test compares an image model's blocks).
  const images = X.ndim > 2;
  if (images) rows = Math.min(rows, IMAGE_ROWS);
  const blocks = Math.ceil(n / rows);
  if (X.ndim < 2 || blocks < 2 || X.requiresGrad || (!images && 2 * widest(model) >= rows)) return model.forward(X);
  const size = Math.ceil(n / blocks);
  // Per row: its features, or an image's C·H·W values.
  const f = X.numel() / n;
  const parts: kd.Tensor[] = [];
  for (let i = 0; i < n; i += size) {
    const end = Math.min(i + size, n);
    // A view of the rows, not a copy (the engine never recycles a view's storage).
    parts.push(model.forward(new kd.Tensor(X.data.subarray(i * f, end * f), [end - i, ...X.shape.slice(1)], X.dtype)));
  }
  return kd.cat(parts, 0);
}
