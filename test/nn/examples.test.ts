/**
 * The tutorial's models (examples/models): PyTorch's text when printed, PyTorch's
 * training trajectory on the same data, and learning on data made here.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { BlobModel, CircleModelV0, CircleModelV1, CircleModelV2, circleModelSequential } from "../../examples/models/index.js";
import { expectClose, expectNear, loadFixture, toTensor, type JsonTensor } from "./fixture-utils.js";

const { nn } = kd;

const { reprs, names } = loadFixture<{ reprs: Record<string, string>; names: Record<string, string[]> }>("nn/reprs.json");

interface Run {
  X: JsonTensor;
  y: JsonTensor;
  losses: number[];
  final: Record<string, JsonTensor>;
}
const training = loadFixture<{ circle: Run; blobs: Run }>("nn/training.json");

describe("printing the tutorial's models gives PyTorch's text", () => {
  it.each([
    ["CircleModelV0", () => new CircleModelV0()],
    ["circleModelSequential", circleModelSequential],
    ["CircleModelV1", () => new CircleModelV1()],
    ["CircleModelV2", () => new CircleModelV2()],
    ["BlobModel", () => new BlobModel(2, 4, 8)],
  ] as const)("%s", (name, make) => {
    expect(String(make())).toBe(reprs[name]);
  });

  it("BlobModel's state-dict names", () => {
    expect(Object.keys(new BlobModel(2, 4).stateDict())).toEqual(names.BlobModel);
  });
});

/** Full-batch training as the tutorial's loop does it; returns the loss of each epoch. */
function train(model: kd.nn.Module, lossFn: kd.nn.Loss, X: kd.Tensor, y: kd.Tensor, epochs: number, squeeze: boolean): number[] {
  const optimizer = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    const out = model(X);
    const loss = lossFn(squeeze ? out.squeeze() : out, y);
    losses.push(loss.item());
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }
  return losses;
}

describe("training follows PyTorch's trajectory (same seed, same data)", () => {
  it("CircleModelV2 with BCEWithLogitsLoss and SGD(lr=0.1), 30 epochs", () => {
    kd.manualSeed(42);
    const model = new CircleModelV2();
    const losses = train(model, new nn.BCEWithLogitsLoss(), toTensor(training.circle.X), toTensor(training.circle.y), 30, true);
    losses.forEach((l, i) => expectNear(l, training.circle.losses[i], 1e-5, 1e-6, `epoch ${i}`));
    const sd = model.stateDict();
    for (const [k, v] of Object.entries(training.circle.final)) expectClose(sd[k], v, { rtol: 1e-5, atol: 1e-6 }, k);
  });

  it("BlobModel with CrossEntropyLoss and SGD(lr=0.1), 30 epochs", () => {
    kd.manualSeed(42);
    const model = new BlobModel(2, 4, 8);
    const losses = train(model, new nn.CrossEntropyLoss(), toTensor(training.blobs.X), toTensor(training.blobs.y), 30, false);
    losses.forEach((l, i) => expectNear(l, training.blobs.losses[i], 1e-5, 1e-6, `epoch ${i}`));
    const sd = model.stateDict();
    for (const [k, v] of Object.entries(training.blobs.final)) expectClose(sd[k], v, { rtol: 1e-5, atol: 1e-6 }, k);
  });
});

/** Two noisy rings (radius 1 labelled 1, radius 0.5 labelled 0) made with the engine. */
function rings(n: number): { X: kd.Tensor; y: kd.Tensor } {
  const angle = kd.rand([n]).mul(2 * Math.PI);
  const label = kd.arange(n).remainder(2).float();
  const radius = label.mul(0.5).add(0.5).add(kd.rand([n]).sub(0.5).mul(0.15));
  return { X: kd.stack([radius.mul(angle.cos()), radius.mul(angle.sin())], 1), y: label };
}

/** Four blobs around fixed centres, int64 labels. */
function blobs(n: number): { X: kd.Tensor; y: kd.Tensor } {
  const centres = kd.tensor([[-3, 2], [3, 3], [0, -3], [4, -2]]);
  const y = kd.arange(n).remainder(4);
  const X = centres.index(y).add(kd.rand([n, 2]).sub(0.5).mul(2.5));
  return { X, y };
}

function binaryAccuracy(model: kd.nn.Module, X: kd.Tensor, y: kd.Tensor): number {
  model.eval();
  return kd.inferenceMode(() => model(X).squeeze().sigmoid().round().eq(y).float().mean().item());
}

describe("the tutorial's models learn", () => {
  it("CircleModelV2 (ReLU) learns the rings; the linear CircleModelV1 cannot", () => {
    kd.manualSeed(0);
    const { X, y } = rings(400);
    kd.manualSeed(42);
    const nonlinear = new CircleModelV2();
    const losses = train(nonlinear, new nn.BCEWithLogitsLoss(), X, y, 1000, true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    expect(binaryAccuracy(nonlinear, X, y)).toBeGreaterThan(0.95);

    kd.manualSeed(42);
    const linear = new CircleModelV1();
    train(linear, new nn.BCEWithLogitsLoss(), X, y, 1000, true);
    expect(binaryAccuracy(linear, X, y)).toBeLessThan(0.7);
  });

  it("BlobModel learns four blobs with CrossEntropyLoss in 100 epochs", () => {
    kd.manualSeed(0);
    const { X, y } = blobs(400);
    kd.manualSeed(42);
    const model = new BlobModel(2, 4, 8);
    const losses = train(model, new nn.CrossEntropyLoss(), X, y, 100, false);
    expect(losses[99]).toBeLessThan(losses[0] * 0.2);
    model.eval();
    const accuracy = kd.inferenceMode(() => model(X).softmax(1).argmax({ dim: 1 }).eq(y).float().mean().item());
    expect(accuracy).toBeGreaterThan(0.97);
  });
});
