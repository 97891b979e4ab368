/**
 * Class predictions of a model on a batch of points, as learnpytorch's
 * helper_functions.plot_decision_boundary makes them: one output → sigmoid then round,
 * several → softmax then argmax; evaluated in eval mode under inference mode.
 */
import { inferenceMode } from "../autograd/grad-mode.js";
import { ShapeError, ValueError } from "../errors.js";
import { fromArray } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** Anything that maps a [N, F] batch to [N, C] logits: a module or a plain function. */
export type Predictor = { forward(x: Tensor): Tensor } | ((x: Tensor) => Tensor);

/** The train/eval switch of a module, when it has one (looked up structurally). */
interface Switchable {
  training: boolean;
  train(mode?: boolean): unknown;
}

function isSwitchable(m: unknown): m is Switchable {
  const s = m as Partial<Switchable>;
  return typeof s.training === "boolean" && typeof s.train === "function";
}

function callModel(model: Predictor, x: Tensor): Tensor {
  const out = typeof model === "function" ? model(x) : model.forward(x);
  if (!(out instanceof Tensor)) throw new ValueError("plot: the model returned something other than a Tensor");
  return out;
}

/** Runs `model` on `x` in eval mode (restoring its mode afterwards) without recording a graph. */
export function runModel(model: Predictor, x: Tensor): Tensor {
  const wasTraining = isSwitchable(model) ? model.training : false;
  if (isSwitchable(model) && wasTraining) model.train(false);
  try {
    return inferenceMode(() => callModel(model, x));
  } finally {
    if (isSwitchable(model) && wasTraining) model.train(true);
  }
}

/** The class of each row of `x`: sigmoid + round for one logit, argmax for several. */
export function predictClasses(model: Predictor, x: Tensor): number[] {
  const logits = runModel(model, x);
  const n = x.shape[0];
  if (logits.shape[0] !== n || logits.ndim > 2 || logits.ndim === 0) {
    throw new ShapeError(`plot: the model mapped ${n} points to shape [${logits.shape.join(", ")}]; expected [${n}] or [${n}, classes]`);
  }
  const c = logits.ndim === 2 ? logits.shape[1] : 1;
  // The tutorial's exact steps (not a shortcut such as z > 0), so cells on the boundary agree with it.
  const classes = inferenceMode(() =>
    c === 1 ? logits.reshape([n]).sigmoid().round() : logits.softmax(1).argmax({ dim: 1 }));
  return Array.from(classes.data);
}

/** A [rows·cols, 2] grid over [x0, x1] × [y0, y1], x varying fastest, in float32. */
export function gridPoints(x: [number, number], y: [number, number], steps: number): { xs: number[]; ys: number[]; batch: Tensor } {
  const lin = ([a, b]: [number, number]) => Array.from({ length: steps }, (_, i) => a + ((b - a) * i) / (steps - 1));
  const xs = lin(x);
  const ys = lin(y);
  const flat = new Float32Array(steps * steps * 2);
  for (let r = 0; r < steps; r++) {
    for (let c = 0; c < steps; c++) {
      flat[2 * (r * steps + c)] = xs[c];
      flat[2 * (r * steps + c) + 1] = ys[r];
    }
  }
  return { xs, ys, batch: fromArray(flat, [steps * steps, 2]) };
}
