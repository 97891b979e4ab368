/**
 * Image models in model files and ONNX: kd.nn.tinyVGG saved and loaded (same predictions,
 * bit for bit), exported and run in onnxruntime (Kindling's outputs within float32
 * rounding), the ONNX forms that the registry's samples do not reach, and the errors a
 * bad description or an inexpressible layer gives.
 */
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { FileFormatError } from "../../src/io/errors.js";
import { modelProtoType } from "../../src/io/onnx/schema.js";
import { FashionMNISTModelV2 } from "../../examples/models/fashion-mnist.js";
import { useTempDir } from "./temp-dir.js";

const nn = kd.nn;
const dir = useTempDir("kindling-image-models-");
const CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

const logits = (m: kd.nn.Module, x: kd.Tensor): Float32Array => Float32Array.from(kd.inferenceMode(() => m(x)).data);

async function onnxOutputs(bytes: Uint8Array, x: kd.Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", Float32Array.from(x.data), [...x.shape]) });
  return out[session.outputNames[0]].data as Float32Array;
}

function expectNear(got: Float32Array, want: Float32Array, tol: number): void {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(Math.abs(got[i] - v), `element ${i}: ${got[i]} vs ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v))));
}

function opTypes(bytes: Uint8Array): string[] {
  const type = modelProtoType();
  const m = type.toObject(type.decode(bytes)) as { graph: { node: { op_type: string }[] } };
  return m.graph.node.map((n) => n.op_type);
}

describe("TinyVGG in a model file", () => {
  it("is the chapter's TinyVGG: the same layers, names and sizes", () => {
    const model = nn.tinyVGG(1, 10);
    expect(Object.keys(model.stateDict())).toEqual([
      "block_1.0.weight", "block_1.0.bias", "block_1.2.weight", "block_1.2.bias",
      "block_2.0.weight", "block_2.0.bias", "block_2.2.weight", "block_2.2.bias",
      "classifier.1.weight", "classifier.1.bias",
    ]);
    expect(model.getSubmodule("classifier.1").toString()).toBe("Linear(in_features=490, out_features=10, bias=True)");
    expect(nn.tinyVGG(3, 2, { hidden: 4, imageSize: [30, 17] }).getSubmodule("classifier.1").toString())
      .toBe("Linear(in_features=112, out_features=2, bias=True)");
    expect(() => nn.tinyVGG(1, 10, { imageSize: 3 })).toThrow(/at least 4 pixels/);
  });

  it("draws the chapter's class's initial weights after the same seed", () => {
    kd.manualSeed(42);
    const chapter = new FashionMNISTModelV2(1, 10, 10).stateDict();
    kd.manualSeed(42);
    const ours = nn.tinyVGG(1, 10).stateDict();
    expect(Object.keys(ours)).toEqual(Object.keys(chapter));
    for (const k of Object.keys(ours)) expect(Array.from(ours[k].data), k).toEqual(Array.from(chapter[k].data));
  });

  it("saves and loads with its input shape and class names, and predicts the same bits", () => {
    kd.manualSeed(0);
    const model = nn.tinyVGG(1, 10, { hidden: 6 });
    const path = join(dir(), "tinyvgg.safetensors");
    kd.io.saveModel(model, path, { inputShape: [1, 28, 28], classNames: CLASSES });
    const loaded = kd.io.loadModel(path);
    expect(loaded.info.inputShape).toEqual([1, 28, 28]);
    expect(loaded.info.inputFeatures).toBe(784);
    expect(loaded.info.classNames).toEqual(CLASSES);
    expect(loaded.info.layers.map((l) => l.name)).toEqual(["block_1", "block_2", "classifier"]);
    expect(String(loaded.model)).toBe(String(model));
    const x = kd.rand([7, 1, 28, 28]);
    expect(logits(loaded.model, x)).toEqual(logits(model.eval(), x));
  });

  it("needs its input shape: a convolution does not fix the input's size", () => {
    expect(() => kd.io.describeSequential(nn.tinyVGG(1, 10))).toThrow(/inputShape: \[channels, height, width\]/);
    expect(() => kd.io.describeSequential(nn.tinyVGG(1, 10), { inputShape: [1, 28, 28], inputFeatures: 28 })).toThrow(/holds 784 values/);
  });

  it("exports to ONNX that onnxruntime runs to Kindling's outputs, with a free batch size", async () => {
    kd.manualSeed(1);
    const model = nn.tinyVGG(1, 10);
    const bytes = kd.io.exportOnnx(model, kd.rand([2, 1, 28, 28]));
    expect(opTypes(bytes)).toEqual(["Conv", "Relu", "Conv", "Relu", "MaxPool", "Conv", "Relu", "Conv", "Relu", "MaxPool", "Flatten", "Gemm"]);
    const x = kd.rand([5, 1, 28, 28]);
    expectNear(await onnxOutputs(bytes, x), logits(model, x), 1e-5);
  });
});

describe("ONNX forms of the image layers", () => {
  it("AdaptiveAvgPool2d(1) is GlobalAveragePool; a divisor override scales AveragePool; BatchNorm2d uses its running statistics", async () => {
    kd.manualSeed(2);
    const model = new nn.Sequential(
      new nn.Conv2d(3, 4, 3, { stride: 2, dilation: 2, padding: 2 }), new nn.BatchNorm2d(4),
      new nn.AvgPool2d(2, { padding: 1, divisorOverride: 3 }), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(),
    );
    model.train();
    kd.noGrad(() => model(kd.randn([8, 3, 9, 9]).add(1)));
    model.eval();
    const bytes = kd.io.exportOnnx(model, kd.randn([1, 3, 9, 9]));
    expect(opTypes(bytes)).toEqual(["Conv", "BatchNormalization", "AveragePool", "Mul", "GlobalAveragePool", "Flatten"]);
    const x = kd.randn([4, 3, 9, 9]);
    expectNear(await onnxOutputs(bytes, x), logits(model, x), 1e-5);
  });

  it("refuses what one ONNX node cannot compute, saying what would work", () => {
    const odd = new nn.Sequential(new nn.Conv2d(1, 1, 1), new nn.AdaptiveAvgPool2d(3));
    expect(() => kd.io.exportOnnx(odd, kd.rand([1, 1, 7, 7]))).toThrow(/maps 7×7 to 3×3; ONNX export needs an output size of 1 or one that divides/);
    expect(kd.io.exportOnnx(odd, kd.rand([1, 1, 6, 6])).length).toBeGreaterThan(0);
    const unbatched = new nn.Sequential(new nn.Conv2d(1, 2, 3));
    expect(() => kd.io.exportOnnx(unbatched, kd.rand([1, 5, 5]))).toThrow(/Conv2d "0" was traced on a 3-D input; ONNX needs \[batch, channels, height, width\]/);
    const both = new nn.Sequential(new nn.AvgPool2d(2, { ceilMode: true, divisorOverride: 2 }));
    expect(() => kd.io.exportOnnx(both, kd.rand([1, 1, 5, 5]))).toThrow(/divisorOverride and ceilMode/);
  });
});

describe("image layers in a model description", () => {
  const info = (layer: Record<string, unknown>) => JSON.stringify({ format: "kindling-mlp/1", inputFeatures: 16, inputShape: [1, 4, 4], layers: [{ name: "0", ...layer }] });
  const conv = { type: "Conv2d", inChannels: 1, outChannels: 2, kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, bias: true };

  it("builds each from its options", () => {
    expect(String(kd.io.buildFromMetadata(info(conv)))).toContain("Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
    expect(String(kd.io.buildFromMetadata(info({ ...conv, padding: "same" })))).toContain("padding=same");
    expect(String(kd.io.buildFromMetadata(info({ type: "AdaptiveAvgPool2d", outputSize: [2, null] })))).toContain("AdaptiveAvgPool2d(output_size=(2, None))");
  });

  it("checks each option and names the one that is wrong", () => {
    const bad = (layer: Record<string, unknown>) => () => kd.io.buildFromMetadata(info(layer));
    expect(bad({ ...conv, kernelSize: [0, 3] })).toThrow(/layers\[0\]\.kernelSize must be a list of 1 to 3 whole numbers from 1/);
    expect(bad({ ...conv, padding: "full" })).toThrow(/layers\[0\]\.padding must be .* or "same", or "valid", got "full"/);
    expect(bad({ ...conv, kernelSize: 3 })).toThrow(/kernelSize must be a list/);
    expect(bad({ type: "MaxPool2d", kernelSize: [2, 2, 2, 2], stride: 2, padding: 0, dilation: 1, ceilMode: false, returnIndices: false }))
      .toThrow(/kernelSize must be a whole number from 1 .* or a list of 1 to 3/);
    expect(bad({ type: "AdaptiveAvgPool2d", outputSize: [2, "x"] })).toThrow(/outputSize must be a whole number from 0 to \d+ \(or null\)/);
    expect(bad({ ...conv, inChannels: 3, groups: 2 })).toThrow(FileFormatError);
    expect(bad({ ...conv, inChannels: 3, groups: 2 })).toThrow(/layer "0" \(Conv2d\) cannot be built from its options: Conv2d: in_channels \(3\) must be divisible by groups \(2\)/);
    expect(bad({ ...conv, kernelSize: [3] })).toThrow(/layer "0" \(Conv2d\) cannot be built from its options: Conv2d\(\): argument 'kernel_size' must be int or tuple of 2 ints/);
    expect(() => kd.io.buildFromMetadata(info(conv).replace("[1,4,4]", "[1,4,5]"))).toThrow(/inputShape \[1, 4, 5\] holds 20 values, not the 16 input features/);
  });
});
