/**
 * Kindling → PyTorch / onnxruntime, proven by fixtures: scripts/fixtures/io-kindling.ts
 * wrote the files, scripts/fixtures/io.py loaded them in PyTorch and onnxruntime and
 * recorded what it saw (kindling_verified.json). Here Kindling must give the same numbers,
 * and today's code must still write the very bytes that were verified.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import * as kd from "../../src/index.js";
import { modelProtoType } from "../../src/io/onnx/schema.js";
import { CircleModelV2, type FixtureModel } from "./fixture-models.js";
import { FIXTURES, fixtureBytes, fixtureJson } from "./helpers.js";

interface SafetensorsCheck { file: string; model: FixtureModel; strict_load: boolean; dtypes: Record<string, string>; class_names: string[] | null; inputs: number[][]; torch_outputs: number[][] }
interface OnnxCheck { file: string; model: FixtureModel; checker: string; ir_version: number; opset: { domain: string; version: number }[]; ops: string[]; input_shape: (string | number)[]; inputs: number[][]; ort_outputs: number[][] }
interface Cases { onnx: { file: string; model: FixtureModel; example: number[][] }[] }

const verified = fixtureJson<{ safetensors: SafetensorsCheck[]; onnx: OnnxCheck[] }>("kindling_verified.json");
const cases = fixtureJson<Cases>("kindling_cases.json");

/** The committed Kindling model of a kind, rebuilt from its file. */
function loadFixtureModel(kind: FixtureModel): kd.nn.Module {
  const path = join(FIXTURES, `kindling_${kind}.safetensors`);
  if (kind !== "circle") return kd.io.loadModel(path).model;
  const model = new CircleModelV2();
  model.loadStateDict(kd.load(path));
  return model.eval();
}

function run(model: kd.nn.Module, inputs: number[][]): number[][] {
  return kd.inferenceMode(() => model.forward(kd.tensor(inputs))).tolist() as number[][];
}

function expectClose(actual: number[][], expected: number[][], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => {
    expect(Math.abs(v - expected[i][j]), `[${i}][${j}]: ${v} vs ${expected[i][j]}`).toBeLessThanOrEqual(tol);
  }));
}

describe("Kindling safetensors files load in PyTorch", () => {
  it("covers every fixture model", () => {
    expect(verified.safetensors.map((c) => c.model).sort()).toEqual(["circle", "cnn", "mlp", "zoo"]);
  });

  for (const check of verified.safetensors) {
    it(`${check.file}: PyTorch loaded it strictly and computes what Kindling computes`, () => {
      expect(check.strict_load).toBe(true);
      const model = loadFixtureModel(check.model);
      expectClose(run(model, check.inputs), check.torch_outputs, 2e-6);
      const sd = model.stateDict();
      for (const [k, dtype] of Object.entries(check.dtypes)) expect(sd[k]?.dtype, k).toBe(dtype);
    });
  }

  it("stores the class names PyTorch read back, and today's code writes the same bytes", () => {
    const mlp = verified.safetensors.find((c) => c.model === "mlp")!;
    expect(mlp.class_names).toEqual(["red", "green", "blue"]);
    const file = fixtureBytes("kindling_mlp.safetensors");
    const { model, info } = kd.io.deserializeModel(file);
    const again = kd.io.serializeModel(model, { featureNames: info.featureNames, classNames: info.classNames });
    expect(Buffer.from(again).equals(Buffer.from(file))).toBe(true);
  });

  it("keeps an image model's input shape and class names, as PyTorch read them", () => {
    const cnn = verified.safetensors.find((c) => c.model === "cnn")!;
    expect(cnn.class_names).toEqual(["zero", "one", "two"]);
    const { model, info } = kd.io.deserializeModel(fixtureBytes("kindling_cnn.safetensors"));
    expect(info.inputShape).toEqual([1, 8, 8]);
    const again = kd.io.serializeModel(model, { inputShape: info.inputShape, classNames: info.classNames });
    expect(Buffer.from(again).equals(Buffer.from(fixtureBytes("kindling_cnn.safetensors")))).toBe(true);
  });
});

describe("Kindling ONNX exports run in onnxruntime", () => {
  it("covers every fixture model, each checked by onnx.checker", () => {
    expect(verified.onnx.map((c) => c.model).sort()).toEqual(["circle", "cnn", "mlp", "zoo"]);
    for (const c of verified.onnx) {
      expect(c.checker).toBe("passed");
      expect(c.opset).toEqual([{ domain: "", version: 17 }]);
      expect(c.ir_version).toBe(8);
      expect(c.input_shape[0]).toBe("batch_size");
    }
  });

  for (const check of verified.onnx) {
    it(`${check.file}: today's exporter writes the verified bytes, and onnxruntime's outputs match Kindling's`, () => {
      const model = loadFixtureModel(check.model);
      const example = cases.onnx.find((c) => c.file === check.file)!.example;
      const bytes = kd.io.exportOnnx(model, kd.tensor(example));
      // If this fails after changing the exporter, rerun scripts/fixtures/io.py to re-verify.
      expect(Buffer.from(bytes).equals(Buffer.from(fixtureBytes(check.file)))).toBe(true);
      expect(check.inputs.length).not.toBe(example.length); // the batch dimension really was free
      expectClose(run(model, check.inputs), check.ort_outputs, 2e-6);
    });

    it(`${check.file}: our schema decodes the node list onnx itself read`, () => {
      const type = modelProtoType();
      const decoded = type.toObject(type.decode(fixtureBytes(check.file)), { longs: Number }) as { graph: { node: { op_type: string }[] } };
      expect(decoded.graph.node.map((n) => n.op_type)).toEqual(check.ops);
    });
  }
});
