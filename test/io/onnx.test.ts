import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as kd from "../../src/index.js";
import { modelProtoType } from "../../src/io/onnx/schema.js";
import { CircleModelV2 } from "./fixture-models.js";
import { useTempDir } from "./temp-dir.js";

const nn = kd.nn;

interface Attr { name: string; type: number; f?: number; i?: number; ints?: number[] }
interface Node { input: string[]; output: string[]; name: string; op_type: string; attribute?: Attr[] }
interface Dim { dim_value?: number; dim_param?: string }
interface ValueInfo { name: string; type: { tensor_type: { elem_type: number; shape: { dim: Dim[] } } } }
interface Decoded {
  ir_version: number;
  opset_import: { domain?: string; version: number }[];
  producer_name: string;
  graph: { name: string; node: Node[]; initializer: { name: string; dims?: number[]; data_type: number; raw_data: Uint8Array }[]; input: ValueInfo[]; output: ValueInfo[] };
  metadata_props?: { key: string; value: string }[];
}

function decode(bytes: Uint8Array): Decoded {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number }) as Decoded;
}

const x3 = () => kd.tensor([[0.5, -1], [2, 0.25], [-0.75, 1.5]]);

const dir = useTempDir("kindling-onnx-");

describe("exportOnnx graph", () => {
  it("turns Linear into Gemm with transB=1 and keeps PyTorch's names for weights", () => {
    const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1, { bias: false }));
    const m = decode(kd.io.exportOnnx(model, x3()));
    expect(m.ir_version).toBe(8);
    expect(m.opset_import).toEqual([{ domain: "", version: 17 }]);
    expect(m.producer_name).toBe("kindling");
    expect(m.graph.node.map((n) => n.op_type)).toEqual(["Gemm", "Relu", "Gemm"]);
    const gemm = m.graph.node[0];
    expect(gemm.input).toEqual(["input", "0.weight", "0.bias"]);
    expect(gemm.attribute).toContainEqual({ name: "transB", type: 2, i: 1 });
    expect(m.graph.node[2].input).toEqual([m.graph.node[1].output[0], "2.weight"]);
    expect(m.graph.node[2].output).toEqual(["output"]);
    const w = m.graph.initializer.find((t) => t.name === "0.weight")!;
    expect(w.dims).toEqual([4, 2]);
    expect(w.data_type).toBe(1);
    const stored = new Float32Array(new Uint8Array(w.raw_data).buffer);
    expect(Array.from(stored)).toEqual(Array.from(model.stateDict()["0.weight"].data));
  });

  it("leaves the batch dimension free unless told not to, and names inputs and outputs", () => {
    const model = new nn.Sequential(new nn.Linear(2, 3));
    const dynamic = decode(kd.io.exportOnnx(model, x3()));
    expect(dynamic.graph.input[0].type.tensor_type.shape.dim).toEqual([{ dim_param: "batch_size" }, { dim_value: 2 }]);
    expect(dynamic.graph.output[0].type.tensor_type.shape.dim).toEqual([{ dim_param: "batch_size" }, { dim_value: 3 }]);
    const fixed = decode(kd.io.exportOnnx(model, x3(), undefined, { dynamicBatch: false, inputNames: ["features"], outputNames: ["logits"], opsetVersion: 19 }));
    expect(fixed.graph.input[0]).toMatchObject({ name: "features", type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 3 }, { dim_value: 2 }] } } } });
    expect(fixed.graph.output[0].name).toBe("logits");
    expect(fixed.graph.node[0].input[0]).toBe("features");
    expect(fixed.opset_import).toEqual([{ domain: "", version: 19 }]);
    expect(fixed.ir_version).toBe(9);
  });

  it("traces a custom module that reuses one ReLU", () => {
    const m = decode(kd.io.exportOnnx(new CircleModelV2(), x3()));
    expect(m.graph.name).toBe("CircleModelV2");
    expect(m.graph.node.map((n) => n.name)).toEqual(["/layer_1/Gemm", "/relu/Relu", "/layer_2/Gemm", "/relu/Relu_1", "/layer_3/Gemm"]);
    expect(m.graph.initializer.map((t) => t.name)).toEqual(["layer_1.weight", "layer_1.bias", "layer_2.weight", "layer_2.bias", "layer_3.weight", "layer_3.bias"]);
  });

  it("decomposes GELU with Erf and exports BatchNorm1d with its running statistics", () => {
    const model = new nn.Sequential(new nn.Linear(2, 4), new nn.BatchNorm1d(4, { eps: 1e-3 }), new nn.GELU(), new nn.Dropout(0.5), new nn.Softmax(1));
    const m = decode(kd.io.exportOnnx(model, x3()));
    expect(m.graph.node.map((n) => n.op_type)).toEqual(["Gemm", "BatchNormalization", "Div", "Erf", "Add", "Mul", "Mul", "Identity", "Softmax"]);
    const bn = m.graph.node[1];
    expect(bn.input.slice(1)).toEqual(["1.weight", "1.bias", "1.running_mean", "1.running_var"]);
    expect(bn.attribute?.[0].name).toBe("epsilon");
    expect(bn.attribute?.[0].f).toBeCloseTo(1e-3, 9);
    expect(m.graph.node[8].attribute).toEqual([{ name: "axis", type: 2, i: 1 }]);
  });

  it("uses MatMul + Add for a Linear on 3-D input, and Reshape for a partial Flatten", () => {
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.Flatten(0, 1));
    const m = decode(kd.io.exportOnnx(model, kd.ones([4, 5, 2])));
    expect(m.graph.node.map((n) => n.op_type)).toEqual(["MatMul", "Add", "Reshape"]);
    expect(m.graph.output[0].type.tensor_type.shape.dim).toEqual([{ dim_param: "batch_size" }, { dim_value: 3 }]);
    const shape = m.graph.initializer.find((t) => t.name === m.graph.node[2].input[1])!;
    expect(Array.from(new BigInt64Array(new Uint8Array(shape.raw_data).buffer)).map(Number)).toEqual([-1, 3]);
  });

  it("exports a model that returns its input", () => {
    const m = decode(kd.io.exportOnnx(new nn.Sequential(new nn.Identity()), x3()));
    expect(m.graph.node).toHaveLength(1);
    expect(m.graph.node[0]).toMatchObject({ op_type: "Identity", input: ["input"], output: ["output"] });
    const empty = decode(kd.io.exportOnnx(new nn.Sequential(), x3()));
    expect(empty.graph.node[0]).toMatchObject({ op_type: "Identity", input: ["input"], output: ["output"] });
  });

  it("writes the file atomically when given a path, and returns the same bytes", () => {
    const path = join(dir(), "model.onnx");
    const bytes = kd.io.exportOnnx(new CircleModelV2(), x3(), path, { metadata: { classes: "outer,inner" } });
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    expect(readdirSync(dir())).toEqual(["model.onnx"]);
    expect(decode(bytes).metadata_props).toEqual([{ key: "classes", value: "outer,inner" }]);
  });
});

describe("exportOnnx leaves the model as it was", () => {
  it("exports in eval mode, restores training mode and removes its hooks", () => {
    const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Dropout(0.9));
    model.train();
    const seenTraining: boolean[] = [];
    model.at(1).registerForwardHook((m) => {
      seenTraining.push(m.training);
    });
    kd.io.exportOnnx(model, x3());
    expect(seenTraining).toEqual([false]);
    expect(model.training).toBe(true);
    expect(model.at(1).training).toBe(true);
    expect(model.at(0)._forwardHooks.size).toBe(0);
    expect(model.at(1)._forwardHooks.size).toBe(1);
  });
});

describe("exportOnnx refuses what it cannot trace", () => {
  it("an operation outside a module, naming the module that received its result", () => {
    class Outside extends nn.Module {
      layer_1 = new nn.Linear(2, 4);
      layer_2 = new nn.Linear(4, 1);
      override forward(x: kd.Tensor) {
        return this.layer_2.forward(kd.relu(this.layer_1.forward(x)));
      }
    }
    expect(() => kd.io.exportOnnx(new Outside(), x3())).toThrow(/input of module "layer_2" \(Linear\) is neither the model's input nor the output of an earlier module/);
  });

  it("an output computed after the last module", () => {
    class Tail extends nn.Module {
      layer = new nn.Linear(2, 1);
      override forward(x: kd.Tensor) {
        return this.layer.forward(x).sigmoid();
      }
    }
    expect(() => kd.io.exportOnnx(new Tail(), x3())).toThrow(/output was computed outside its modules/);
  });

  it("a layer it has no ONNX form for, by name and type", () => {
    class Doubler extends nn.Module {
      override forward(x: kd.Tensor) {
        return x.mul(2);
      }
    }
    expect(() => kd.io.exportOnnx(new nn.Sequential({ dense: new nn.Linear(2, 2), twice: new Doubler() }), x3()))
      .toThrow(/module "twice" is a Doubler, which has no ONNX form/);
  });

  it("BatchNorm1d without running statistics, bad options and arguments", () => {
    const bn = new nn.Sequential(new nn.BatchNorm1d(2, { trackRunningStats: false }));
    expect(() => kd.io.exportOnnx(bn, x3())).toThrow(/keeps no running statistics/);
    const model = new nn.Sequential(new nn.Linear(2, 2));
    expect(() => kd.io.exportOnnx(model, x3(), undefined, { opsetVersion: 11 })).toThrow(/opsetVersion must be from 13 to 21/);
    expect(() => kd.io.exportOnnx(model, x3(), undefined, { inputNames: ["x"], outputNames: ["x"] })).toThrow(/cannot both be named "x"/);
    expect(() => kd.io.exportOnnx(model, kd.scalarTensor(1))).toThrow(/needs a batch dimension/);
  });
});
