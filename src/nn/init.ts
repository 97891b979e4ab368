/**
 * kd.nn.init: in-place initialisers (torch.nn.init). Bounds are computed in float64
 * exactly as PyTorch computes them, then drawn with the generator's float32-exact
 * `uniform_` (and `normal_`), so the same seed gives the same weights bit for bit.
 * truncNormal_ is not here yet.
 */
import { checkKeys } from "../util/options.js";
import { noGrad } from "../autograd/grad-mode.js";
import { ValueError } from "../errors.js";
import type { Generator } from "../random/generator.js";
import { normal_ as drawNormal, uniform_ as drawUniform } from "../random/sampling.js";
import { Tensor } from "../tensor/tensor.js";
import { eye } from "../tensor/creation.js";

export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

export type FanMode = "fan_in" | "fan_out";

export interface GeneratorOption {
  generator?: Generator;
}

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d":
    case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d": case "sigmoid":
      return 1;
    case "tanh":
      return 5.0 / 3;
    case "relu":
      return Math.sqrt(2.0);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number" || Number.isNaN(slope)) throw new ValueError(`negative_slope ${String(slope)} not a valid number`);
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case "selu":
      return 3.0 / 4;
    default:
      throw new ValueError(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** fan_in = size(1)·receptive field, fan_out = size(0)·receptive field. */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  if (tensor.ndim < 2) throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  let receptive = 1;
  for (const s of tensor.shape.slice(2)) receptive *= s;
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}

function correctFan(tensor: Tensor, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new ValueError(`Mode ${String(mode)} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** Fills with U(a, b), outside autograd. */
export function uniform_(tensor: Tensor, a = 0, b = 1, opts: GeneratorOption = {}): Tensor {
  checkKeys("uniform_", opts, ["generator"]);
  return noGrad(() => drawUniform(tensor, a, b, { generator: opts.generator }));
}

/** Fills with N(mean, std²), outside autograd. */
export function normal_(tensor: Tensor, mean = 0, std = 1, opts: GeneratorOption = {}): Tensor {
  checkKeys("normal_", opts, ["generator"]);
  return noGrad(() => drawNormal(tensor, mean, std, { generator: opts.generator }));
}

export function constant_(tensor: Tensor, value: number): Tensor {
  return noGrad(() => tensor.fill_(value));
}

export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

/** The identity in a 2-D tensor (ones on the diagonal, zeros elsewhere). */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.ndim !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = tensor.shape;
  // Built on the CPU (torch.eye), then copied where the tensor lives.
  return noGrad(() => tensor.copy_(eye(rows, cols, { dtype: tensor.dtype }).to(tensor.device)));
}

/** Glorot initialisation's std, gain·√(2 / (fan_in + fan_out)), shared by both Xavier initialisers. */
function xavierStd(tensor: Tensor, gain = 1): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/** Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)). */
export function xavierUniform_(tensor: Tensor, opts: GeneratorOption & { gain?: number } = {}): Tensor {
  checkKeys("xavier_uniform_", opts, ["gain", "generator"]);
  const a = Math.sqrt(3.0) * xavierStd(tensor, opts.gain);
  return uniform_(tensor, -a, a, { generator: opts.generator });
}

/** Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
export function xavierNormal_(tensor: Tensor, opts: GeneratorOption & { gain?: number } = {}): Tensor {
  checkKeys("xavier_normal_", opts, ["gain", "generator"]);
  return normal_(tensor, 0, xavierStd(tensor, opts.gain), { generator: opts.generator });
}

type KaimingOptions = GeneratorOption & { a?: number; mode?: FanMode; nonlinearity?: Nonlinearity };

/** He initialisation's std, gain / √fan, shared by kaimingNormal_ and kaimingUniform_. */
function kaimingStd(tensor: Tensor, opts: KaimingOptions, fn: string): number {
  checkKeys(fn, opts, ["a", "mode", "nonlinearity", "generator"]);
  const fan = correctFan(tensor, opts.mode ?? "fan_in");
  const gain = calculateGain(opts.nonlinearity ?? "leaky_relu", opts.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** He normal: N(0, std²) with std = gain / √fan. */
export function kaimingNormal_(
  tensor: Tensor,
  opts: KaimingOptions = {},
): Tensor {
  if (tensor.shape.includes(0)) return tensor;
  return normal_(tensor, 0, kaimingStd(tensor, opts, "kaiming_normal_"), { generator: opts.generator });
}

/**
 * He uniform: U(-b, b) with b = √3 · gain / √fan. `nn.Linear` uses it with a = √5
 * (gain √(1/3)) on its weight.
 */
export function kaimingUniform_(
  tensor: Tensor,
  opts: KaimingOptions = {},
): Tensor {
  // An empty tensor has nothing to draw (PyTorch warns and returns it unchanged).
  if (tensor.shape.includes(0)) return tensor;
  const bound = Math.sqrt(3.0) * kaimingStd(tensor, opts, "kaiming_uniform_");
  return uniform_(tensor, -bound, bound, { generator: opts.generator });
}
