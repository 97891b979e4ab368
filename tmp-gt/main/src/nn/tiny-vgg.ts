/**
 * kd.nn.tinyVGG: the small convolutional network of learnpytorch.io's chapter 03 (the CNN
 * Explainer's TinyVGG) as one Sequential, so that a model file describes it and the
 * command line trains it: two blocks of Conv2d-ReLU-Conv2d-ReLU-MaxPool2d, then Flatten
 * and a Linear classifier. Its children are named as the chapter's class names its
 * attributes (block_1, block_2, classifier), so state-dict keys match ("block_1.0.weight"),
 * and its layers are made in the chapter's order, so the same seed draws the same weights.
 */
import { ValueError } from "../errors.js";
import { ReLU } from "./layers/activation.js";
import { Flatten } from "./layers/basic.js";
import { Sequential } from "./layers/containers.js";
import { Conv2d } from "./layers/conv.js";
import { Linear } from "./layers/linear.js";
import { MaxPool2d } from "./layers/pooling.js";

export interface TinyVggOptions {
  /** Channels of every convolution (the chapter's `hidden_units`, default 10). */
  hidden?: number;
  /** The images' height and width, or one size for square images (default 28, Fashion-MNIST's). */
  imageSize?: number | readonly [number, number];
}

/** TinyVGG for images of `inChannels` channels into `classes` logits. */
export function tinyVGG(inChannels: number, classes: number, opts: TinyVggOptions = {}): Sequential {
  const hidden = opts.hidden ?? 10;
  const size = opts.imageSize ?? 28;
  const [h, w] = typeof size === "number" ? [size, size] : size;
  for (const [what, v] of [["inChannels", inChannels], ["classes", classes], ["hidden", hidden]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`tinyVGG: ${what} must be a positive whole number, got ${v}`);
  }
  // Each block halves the size (rounding down); a side under 4 pixels would pool to nothing.
  if (![h, w].every((s) => Number.isInteger(s) && s >= 4)) {
    throw new ValueError(`tinyVGG: imageSize must be whole numbers of at least 4 pixels (two 2×2 poolings), got ${JSON.stringify(size)}`);
  }
  const block = (cin: number) => new Sequential(
    new Conv2d(cin, hidden, 3, { stride: 1, padding: 1 }), new ReLU(),
    new Conv2d(hidden, hidden, 3, { stride: 1, padding: 1 }), new ReLU(),
    new MaxPool2d(2, { stride: 2 }),
  );
  const block_1 = block(inChannels);
  const block_2 = block(hidden);
  const pooled = (s: number) => Math.floor(Math.floor(s / 2) / 2);
  const classifier = new Sequential(new Flatten(), new Linear(hidden * pooled(h) * pooled(w), classes));
  return new Sequential({ block_1, block_2, classifier });
}
