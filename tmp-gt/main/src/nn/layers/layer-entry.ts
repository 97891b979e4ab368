/**
 * What one entry of the layer registry (registry.ts) declares, and the small vocabulary
 * it is written in: option fields as data (so io/model can check a file's values with one
 * reader, and the option types follow from the fields), and the ONNX context a layer's
 * export writes its nodes through (io/onnx supplies it; nn knows nothing of protobuf).
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { Module } from "../module.js";

/**
 * One option as a model file stores it. `kind` says how io/model checks it:
 * count — a width, a whole number ≥ 1; int — any whole number; number — finite, with an
 * optional `check` described by `what`; bool; dim — a whole number or null; choice — one
 * of `choices`; nullable — a finite number or null; ints — an image layer's sizes: a list
 * of 1 to 3 whole numbers of at least `min` (entries may be null with `nulls`), or one such
 * number with `scalar`, or one of `words` ("same").
 */
export type Field<T> = { readonly __type?: T } & (
  | { readonly kind: "count" | "int" | "bool" | "dim" | "nullable" }
  | { readonly kind: "number"; readonly check?: (v: number) => boolean; readonly what?: string }
  | { readonly kind: "choice"; readonly choices: readonly string[] }
  | { readonly kind: "ints"; readonly min: number; readonly scalar: boolean; readonly nulls: boolean; readonly words: readonly string[] }
);

export const count: Field<number> = { kind: "count" };
export const int: Field<number> = { kind: "int" };
export const bool: Field<boolean> = { kind: "bool" };
export const dim: Field<number | null> = { kind: "dim" };
export const nullableNumber: Field<number | null> = { kind: "nullable" };
export const num: Field<number> = { kind: "number" };
export const probability: Field<number> = { kind: "number", check: (v) => v >= 0 && v <= 1, what: "a probability in [0, 1]" };
export const positive: Field<number> = { kind: "number", check: (v) => v > 0, what: "a positive number" };
/** A convolution's sizes, one per spatial dim, each ≥ `min` (kernel_size ≥ 1, padding ≥ 0). */
export function sizes(min: number): Field<number[]> {
  return { kind: "ints", min, scalar: false, nulls: false, words: [] };
}
/** A pool's int-or-tuple argument, kept as given (PyTorch prints `kernel_size=2` for an int). */
export function intOrTuple(min: number): Field<number | number[]> {
  return { kind: "ints", min, scalar: true, nulls: false, words: [] };
}
/** A convolution's padding: sizes per dim, or "same" / "valid". */
export const convPadding: Field<number[] | "same" | "valid"> = { kind: "ints", min: 0, scalar: false, nulls: false, words: ["same", "valid"] };
/** An adaptive pool's output size: an int, or [h, w] where null keeps the input's size. */
export const adaptiveSize: Field<number | (number | null)[]> = { kind: "ints", min: 0, scalar: true, nulls: true, words: [] };
export function choice<const T extends string>(...choices: T[]): Field<T> {
  return { kind: "choice", choices };
}

export type Fields = Record<string, Field<unknown>>;
/** The options object a set of fields describes: `{ inFeatures: number, bias: boolean }`. */
export type OptionsOf<F extends Fields> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** An ONNX attribute value: an int, a float, or a list of ints. */
export type OnnxAttr = number | { float: number } | number[];

/** One traced layer call, as a layer's ONNX form sees it, with the graph to add to. */
export interface OnnxContext {
  /** The module's dotted path ("0", "layer_1"): initializers of its weights are named after it. */
  readonly name: string;
  /** The example input this call received (its rank, shape and dtype decide some forms). */
  readonly input: Tensor;
  /** The ONNX value holding that input. */
  readonly x: string;
  /** Adds a node in the layer's scope ("/0/Gemm"); returns the name of its output. */
  node(opType: string, inputs: string[], attrs?: Record<string, OnnxAttr>): string;
  /** An initializer named `${name}.${suffix}`, PyTorch's state-dict name ("0.weight"). */
  tensor(suffix: string, t: Tensor): string;
  /** A scalar constant `/${scope}/${suffix}`, in the input's float dtype. */
  scalar(suffix: string, value: number): string;
  /** An int64 constant `/${scope}/${suffix}` (a shape). */
  int64s(suffix: string, values: readonly number[]): string;
}

/** Everything Kindling knows about one built-in layer class, beyond the class itself. */
export interface LayerEntry<C extends Module = Module, F extends Fields = Fields> {
  /** The exact class (a subclass may change forward, which a rebuilt plain layer would not). */
  readonly cls: abstract new (...args: never[]) => C;
  /**
   * Sequential may treat it as pure: its forward keeps no reference to its input or output
   * outside the autograd graph, so outputs passed between two such layers can be recycled
   * (see pure.ts).
   */
  readonly pure: boolean;
  /** Its constructor options as a model file stores them, in the order they are written. */
  readonly fields: F;
  /** The options of a layer, read from it. */
  describe(m: NoInfer<C>): OptionsOf<F>;
  /** A fresh layer from its options. */
  build(o: OptionsOf<F>): C;
  /** The tensors it holds in a state dict (name after the layer's prefix → shape). */
  tensors?(o: OptionsOf<F>): [string, number[]][];
  /** The feature widths it fixes: `in` on its input, `out` (a Linear's) on its output. */
  features?(o: OptionsOf<F>): { in: number; out?: number };
  /** Reshapes its input, so the model's input width cannot be read past it. */
  readonly reshapes?: boolean;
  /** PyTorch's constructor call (`nn.Linear(2, 8)`) for a generated model.py. */
  python(o: OptionsOf<F>): string;
  /** Adds the ONNX nodes computing the layer (torch.onnx.export's form); returns the output value. */
  onnx(m: NoInfer<C>, g: OnnxContext): string;
}

/** An entry, with its option types inferred from its fields. */
export function layer<C extends Module, F extends Fields>(e: LayerEntry<C, F>): LayerEntry<C, F> {
  return e;
}

/** A layer whose ONNX form is one node on its input. */
export function onnxOp<C extends Module>(opType: string, attrs?: (m: C, g: OnnxContext) => Record<string, OnnxAttr>) {
  return (m: C, g: OnnxContext): string => g.node(opType, [g.x], attrs?.(m, g));
}
