/**
 * conv1d and conv2d (stride, padding including "same" and "valid", dilation, groups,
 * bias): PyTorch's argument checks and messages, the geometry, and the node. The numbers
 * are the backends' fused convolution kernels (declared by OPS.convolution): im2col and
 * one product per sample and group, and for the backward the transposed products and
 * col2im. The backward recomputes the columns from the saved input rather than keeping
 * them (megabytes per layer for a batch of images), as PyTorch's CPU convolution does.
 */
import { checkKeys } from "../util/options.js";
import { markFresh, noComposedBackward, record } from "../autograd/node.js";
import { noGrad } from "../autograd/grad-mode.js";
import { deviceConv, deviceConvBackward, sameDevice } from "./image-device.js";
import { fused } from "./kernels.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { cppTypeName, isFloating } from "../tensor/dtype.js";
import { atenSizes } from "../nn/format.js";
import { Tensor } from "../tensor/tensor.js";
import { expand, type ConvGeometry, type IntOrTuple } from "./conv-geometry.js";
import { OPS } from "./table.js";
import { unfilled } from "./util.js";

export type ConvPadding = IntOrTuple | "same" | "valid";

export interface ConvOptions {
  stride?: IntOrTuple;
  /** Zeros added on both sides, or "valid" (none) or "same" (output as large as the input; stride 1 only). */
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
}

/** The sizes of the product's operands as PyTorch prints them in messages. */
const sizes = (t: Tensor): string => atenSizes(t.shape);

function checkArgs(op: string, input: Tensor, weight: Tensor, bias: Tensor | null, spatial: number, groups: number): void {
  const batched = spatial + 2;
  if (input.ndim !== batched && input.ndim !== batched - 1) {
    throw new ShapeError(`Expected ${batched - 1}D (unbatched) or ${batched}D (batched) input to ${op}, but got input of size: ${sizes(input)}`);
  }
  if (weight.ndim !== batched) {
    throw new ShapeError(`${op}: expected weight to be ${batched}-dimensional, but got weight of size ${sizes(weight)}`);
  }
  if (!Number.isInteger(groups) || groups <= 0) throw new ValueError("non-positive groups is not supported");
  for (const t of [input, weight, bias]) {
    if (t && !isFloating(t.dtype)) throw new DTypeError(`${op}: expected floating point tensors (float32 or float64), but got ${t.dtype}`);
  }
  if (weight.dtype !== input.dtype) {
    throw new DTypeError(`Input type (${cppTypeName(input.dtype)}) and weight type (${cppTypeName(weight.dtype)}) should be the same`);
  }
  if (bias && bias.dtype !== input.dtype) {
    throw new DTypeError(`Input type (${cppTypeName(input.dtype)}) and bias type (${cppTypeName(bias.dtype)}) should be the same`);
  }
  if (weight.shape[0] % groups !== 0) {
    throw new ValueError(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${sizes(weight)}] instead`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(`Given weight of size ${sizes(weight)}, expected bias to be 1-dimensional with ${weight.shape[0]} elements, but got bias of size ${sizes(bias)} instead`);
  }
}

/** Per spatial dim, the padding before and after. */
function paddings(op: string, padding: ConvPadding, kernel: number[], dilation: number[], stride: number[]): [number[], number[]] {
  if (padding === "valid") return [kernel.map(() => 0), kernel.map(() => 0)];
  if (padding === "same") {
    if (stride.some((s) => s !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
    // The total is dilation·(k − 1); an odd total puts the extra zero after, as PyTorch does.
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    return [total.map((t) => Math.floor(t / 2)), total.map((t) => t - Math.floor(t / 2))];
  }
  if (typeof padding === "string") throw new ValueError(`Invalid padding string: '${String(padding)}'`);
  const p = expand(op, "padding", padding, kernel.length);
  if (p.some((v) => v < 0)) throw new ValueError("negative padding is not supported");
  return [p, p];
}

/**
 * The convolution on a batched input viewed as 2-D ([n, c, h, w], weight [o, c/g, kh, kw]);
 * `pads` gives before/after per dim. Records ConvolutionBackward0.
 */
function conv2dCore(x: Tensor, w: Tensor, bias: Tensor | null, g: ConvGeometry, padAfter: [number, number], shape: number[]): Tensor {
  const { c, groups } = g;
  const cg = c / groups;
  if (w.shape[1] !== cg) {
    throw new ShapeError(
      `Given groups=${groups}, weight of size ${sizes(w)}, expected input${sizes(x)} to have ${w.shape[1] * groups} channels, but got ${c} channels instead`,
    );
  }
  const padH = g.h + g.pt + padAfter[0], padW = g.w + g.pl + padAfter[1];
  const effH = g.dh * (g.kh - 1) + 1, effW = g.dw * (g.kw - 1) + 1;
  if (padH < effH || padW < effW) {
    // PyTorch names the sizes of the dims the op has (one for conv1d).
    const two = shape.length === 4;
    const inSize = two ? `(${padH} x ${padW})` : `(${padW})`;
    const kSize = two ? `(${g.kh} x ${g.kw})` : `(${g.kw})`;
    throw new ShapeError(`Calculated padded input size per channel: ${inSize}. Kernel size: ${kSize}. Kernel size can't be greater than actual input size`);
  }
  const composed = noComposedBackward("conv1d / conv2d", "second-order gradients of a convolution need conv_transpose");
  if (x.device !== "cpu" || w.device !== "cpu" || (bias && bias.device !== "cpu")) {
    sameDevice([x, w, bias]);
    // The same node as on the CPU, its numbers composed of the device's ops (ops/image-device.ts).
    const res = noGrad(() => deviceConv(x, w, bias, g)).reshape(shape);
    return record(res, OPS.convolution, bias ? [x, w, bias] : [x, w], {
      composed,
      kernel: (gOut) => {
        const want = [x.requiresGrad, w.requiresGrad, bias?.requiresGrad === true] as const;
        const [gx, gw, gb] = noGrad(() => deviceConvBackward(gOut, x, w, g, want));
        return bias ? [gx, gw, gb] : [gx, gw];
      },
    });
  }
  const dtype = x.dtype;
  const out = unfilled(shape, dtype);
  const kernels = fused(OPS.convolution);
  kernels.conv2d(x.store, w.store, bias ? bias.store : null, out.store, g);
  const inputs = bias ? [x, w, bias] : [x, w];
  return record(out, OPS.convolution, inputs, {
    composed,
    kernel: (gOut) => {
      // Fresh storage nothing else holds: the backward pass may recycle it once consumed.
      const grad = (t: Tensor): Tensor => markFresh(unfilled(t.shape, dtype));
      const gx = x.requiresGrad ? grad(x) : null;
      const gw = w.requiresGrad ? grad(w) : null;
      const gb = bias?.requiresGrad ? grad(bias) : null;
      kernels.conv2dBackward({ gOut: gOut.store, x: x.store, w: w.store, g, gx: gx && gx.store, gw: gw && gw.store, gb: gb && gb.store });
      return bias ? [gx, gw, gb] : [gx, gw];
    },
  });
}

/** Shared by conv1d and conv2d: `spatial` is 1 or 2. */
function convNd(op: "conv1d" | "conv2d", spatial: 1 | 2, input: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions): Tensor {
  checkKeys(op, opts, ["stride", "padding", "dilation", "groups"]);
  const groups = opts.groups ?? 1;
  checkArgs(op, input, weight, bias, spatial, groups);
  const stride = expand(op, "stride", opts.stride ?? 1, spatial);
  const dilation = expand(op, "dilation", opts.dilation ?? 1, spatial);
  if (stride.some((s) => s <= 0)) throw new ValueError("non-positive stride is not supported");
  if (dilation.some((d) => d <= 0)) throw new ValueError("dilation should be greater than zero");
  const kernel = weight.shape.slice(2);
  const [before, after] = paddings(op, opts.padding ?? 0, kernel, dilation, stride);

  const batched = input.ndim === spatial + 2;
  // An unbatched input runs as a batch of one and is squeezed back (PyTorch's SqueezeBackward1).
  const x = batched ? input : input.unsqueeze(0);
  // 1-D runs as 2-D with a height of 1.
  const lift = (v: number[], one: number): [number, number] => (spatial === 1 ? [one, v[0]] : [v[0], v[1]]);
  const [kh, kw] = lift(kernel, 1), [sh, sw] = lift(stride, 1), [dh, dw] = lift(dilation, 1);
  const [pt, pl] = lift(before, 0), [pb, pr] = lift(after, 0);
  const n = x.shape[0], c = x.shape[1];
  const h = spatial === 1 ? 1 : x.shape[2], wIn = x.shape[spatial + 1];
  const oh = Math.floor((h + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((wIn + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  const o = weight.shape[0];
  const g: ConvGeometry = { n, c, h, w: wIn, o, groups, kh, kw, sh, sw, pt, pl, dh, dw, oh: Math.max(oh, 0), ow: Math.max(ow, 0) };
  const shape = spatial === 1 ? [n, o, g.ow] : [n, o, g.oh, g.ow];
  const out = conv2dCore(x, weight, bias, g, [pb, pr], shape);
  return batched ? out : out.squeeze(0);
}

/** F.conv2d: input [n, c, h, w] (or [c, h, w]), weight [o, c / groups, kh, kw], bias [o]. */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd("conv2d", 2, input, weight, bias, opts);
}

/** F.conv1d: input [n, c, l] (or [c, l]), weight [o, c / groups, k], bias [o]. */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd("conv1d", 1, input, weight, bias, opts);
}
