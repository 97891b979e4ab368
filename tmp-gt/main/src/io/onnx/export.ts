/**
 * kd.io.exportOnnx: a model → an ONNX ModelProto (torch.onnx.export for layer stacks).
 * The traced layer calls become nodes; each call's input must be the model's input or an
 * earlier call's output (by tensor identity), which is how an operation written outside
 * any module — that the trace cannot see — is caught instead of silently dropped.
 */
import { ValueError } from "../../errors.js";
import { Module } from "../../nn/module.js";
import { Tensor } from "../../tensor/tensor.js";
import { writeFileAtomic } from "../atomic-write.js";
import { convertLayer } from "./convert.js";
import { GraphBuilder, onnxType } from "./graph.js";
import { modelProtoType, type DimObj, type ModelObj, type ValueInfoObj } from "./schema.js";
import { traceLeaves } from "./trace.js";

export interface ExportOnnxOptions {
  /** Name of the graph input (first entry used; default "input"). */
  inputNames?: string[];
  /** Name of the graph output (first entry used; default "output"). */
  outputNames?: string[];
  /** ONNX opset, 13 to 21 (default 17). */
  opsetVersion?: number;
  /** Leave the batch dimension free ("batch_size") instead of fixing it to the example's (default true). */
  dynamicBatch?: boolean;
  /** Entries for the model's metadata_props (e.g. class names). */
  metadata?: Record<string, string>;
}

/** The IR version each opset came with (onnx/helper.py's VERSION_TABLE). */
const IR_FOR_OPSET: Record<number, number> = { 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10 };

function valueInfo(name: string, t: Tensor, dynamicBatch: boolean): ValueInfoObj {
  const dim: DimObj[] = t.shape.map((d, i) => (i === 0 && dynamicBatch ? { dim_param: "batch_size" } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: onnxType(t.dtype), shape: { dim } } } };
}

function describeOrigin(call: { name: string; module: Module }): string {
  return `module "${call.name}" (${call.module._getName()})`;
}

/** The ModelProto of `model` traced on `exampleInput`, as an object for protobufjs. */
export function buildOnnxModel(model: Module, exampleInput: Tensor, opts: ExportOnnxOptions = {}): ModelObj {
  if (!(model instanceof Module)) throw new ValueError("exportOnnx: expected an nn.Module to export");
  if (!(exampleInput instanceof Tensor)) throw new ValueError("exportOnnx: expected an example input Tensor");
  if (exampleInput.ndim < 1) throw new ValueError("exportOnnx: the example input needs a batch dimension");
  const opset = opts.opsetVersion ?? 17;
  const ir = IR_FOR_OPSET[opset];
  if (ir === undefined) throw new ValueError(`exportOnnx: opsetVersion must be from 13 to 21, got ${opset}`);
  const inputName = opts.inputNames?.[0] ?? "input";
  const outputName = opts.outputNames?.[0] ?? "output";
  if (inputName === outputName) throw new ValueError(`exportOnnx: the input and the output cannot both be named "${inputName}"`);
  const dynamicBatch = opts.dynamicBatch ?? true;

  const trace = traceLeaves(model, exampleInput);
  const g = new GraphBuilder();
  g.reserve(inputName);
  g.reserve(outputName);
  const valueOf = new Map<Tensor, string>([[exampleInput, inputName]]);
  for (const call of trace.calls) {
    const x = valueOf.get(call.input);
    if (x === undefined) {
      throw new ValueError(
        `exportOnnx: the input of ${describeOrigin(call)} is neither the model's input nor the output of an earlier module; ` +
        "an operation outside a module (such as kd.relu(x) or x.reshape(...) in forward) cannot be traced — use a layer (nn.ReLU, nn.Flatten) instead",
      );
    }
    valueOf.set(call.output, convertLayer(g, call, x));
  }
  const last = valueOf.get(trace.output);
  if (last === undefined) {
    throw new ValueError("exportOnnx: the model's output was computed outside its modules (e.g. a function applied in forward); only layer outputs can be exported");
  }
  // The graph output gets its chosen name; a model that returns its input needs a node for it.
  g.rename(last === inputName ? g.node("output", "Identity", [inputName]) : last, outputName);

  return {
    ir_version: ir,
    opset_import: [{ domain: "", version: opset }],
    producer_name: "kindling",
    graph: {
      name: model._getName(),
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(inputName, exampleInput, dynamicBatch)],
      output: [valueInfo(outputName, trace.output, dynamicBatch)],
    },
    ...(opts.metadata ? { metadata_props: Object.entries(opts.metadata).map(([key, value]) => ({ key, value })) } : {}),
  };
}

/**
 * Exports `model` to ONNX by tracing it on `exampleInput` (in eval mode), as
 * torch.onnx.export does; returns the file's bytes and writes them to `path` if given.
 */
export function exportOnnx(model: Module, exampleInput: Tensor, path?: string, opts: ExportOnnxOptions = {}): Uint8Array {
  const type = modelProtoType();
  const obj = buildOnnxModel(model, exampleInput, opts);
  // A plain Uint8Array (protobufjs hands out a Buffer in Node).
  const bytes = new Uint8Array(type.encode(type.fromObject(obj)).finish());
  if (path !== undefined) writeFileAtomic(path, bytes, "exportOnnx");
  return bytes;
}
