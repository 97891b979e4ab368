/** Collects ONNX nodes and initializers with unique value names while a model is converted. */
import { DTypeError } from "../../errors.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ATTR_FLOAT, ATTR_INT, ATTR_INTS, ONNX_DOUBLE, ONNX_FLOAT, ONNX_INT32, ONNX_INT64, type AttributeObj, type NodeObj, type TensorObj } from "./schema.js";

export function onnxType(dtype: DType): number {
  switch (dtype) {
    case "float32": return ONNX_FLOAT;
    case "float64": return ONNX_DOUBLE;
    case "int32": return ONNX_INT32;
    case "int64": return ONNX_INT64;
    case "bool": throw new DTypeError("exportOnnx: bool tensors are not exported");
    case "float16": throw new DTypeError("exportOnnx: not implemented for 'Half' (convert the model with model.float() first)");
  }
}

/** Little-endian bytes of values in an ONNX element type. */
function rawBytes(values: ArrayLike<number>, dtype: DType): Uint8Array {
  const size = dtype === "float32" || dtype === "int32" ? 4 : 8;
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === "float32") view.setFloat32(i * size, values[i], true);
    else if (dtype === "float64") view.setFloat64(i * size, values[i], true);
    else if (dtype === "int32") view.setInt32(i * size, values[i], true);
    else view.setBigInt64(i * size, BigInt(values[i]), true);
  }
  return out;
}

export type Attr = number | { float: number } | number[];

function attribute(name: string, v: Attr): AttributeObj {
  if (Array.isArray(v)) return { name, type: ATTR_INTS, ints: v };
  if (typeof v === "number") return { name, type: ATTR_INT, i: v };
  return { name, type: ATTR_FLOAT, f: v.float };
}

export class GraphBuilder {
  readonly nodes: NodeObj[] = [];
  readonly initializers: TensorObj[] = [];
  private readonly used = new Set<string>();

  /** `base`, or `base_1`, `base_2`, ... if taken. */
  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Marks a name (such as the graph input) as taken. */
  reserve(name: string): void {
    this.used.add(name);
  }

  initializer(name: string, values: ArrayLike<number>, dims: readonly number[], dtype: DType): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dims: [...dims], data_type: onnxType(dtype), raw_data: rawBytes(values, dtype) });
    return unique;
  }

  tensor(name: string, t: Tensor): string {
    return this.initializer(name, t.data, t.shape, t.dtype);
  }

  /** A scalar constant of `dtype` (the model's float type). */
  scalar(name: string, value: number, dtype: DType): string {
    return this.initializer(name, [value], [], dtype);
  }

  /** Adds a node and returns its (single) output name. */
  node(scope: string, opType: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    // PyTorch's naming: node "/layer_1/Gemm", its output "/layer_1/Gemm_output_0".
    const name = this.unique(`/${scope}/${opType}`);
    const output = this.unique(`${name}_output_0`);
    this.nodes.push({
      name,
      op_type: opType,
      input: inputs,
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  /** Renames a value everywhere (to give the graph's output its chosen name). */
  rename(from: string, to: string): void {
    for (const n of this.nodes) {
      n.input = n.input.map((x) => (x === from ? to : x));
      n.output = n.output.map((x) => (x === from ? to : x));
    }
  }
}
