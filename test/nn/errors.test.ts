/**
 * Misuse is refused with PyTorch's own message. The fixture holds the messages real
 * PyTorch gave for each case; the same cases are built here.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { loadFixture } from "./fixture-utils.js";

const { nn, optim } = kd;
const F = nn.functional;

const expected = loadFixture<Record<string, { type: string; message: string } | null>>("nn/errors.json");

const L = (...v: number[]): kd.Tensor => kd.tensor(v, { dtype: "int64" });
const p = new nn.Parameter(kd.zeros([2]));
const seq = (): kd.nn.Sequential => new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
const withGrad = (value: number): kd.nn.Parameter => {
  const t = new nn.Parameter(kd.zeros([1]));
  t.grad = kd.tensor([value]);
  return t;
};

const cases: Record<string, () => unknown> = {
  bceLogitsShape: () => new nn.BCEWithLogitsLoss()(kd.zeros([200, 1]), kd.zeros([200])),
  bceLogitsLongTarget: () => new nn.BCEWithLogitsLoss()(kd.zeros([5]), kd.ones([5], { dtype: "int64" })),
  bceLogitsBoolTarget: () => new nn.BCEWithLogitsLoss()(kd.zeros([5]), kd.ones([5], { dtype: "bool" })),
  bceLogitsLongInput: () => new nn.BCEWithLogitsLoss()(kd.ones([5], { dtype: "int64" }), kd.ones([5])),
  bceShape: () => new nn.BCELoss()(kd.full([200, 1], 0.5), kd.zeros([200])),
  bceLongTarget: () => new nn.BCELoss()(kd.full([5], 0.5), kd.ones([5], { dtype: "int64" })),
  bceDoubleTarget: () => new nn.BCELoss()(kd.full([5], 0.5), kd.ones([5], { dtype: "float64" })),
  bceRange: () => new nn.BCELoss()(kd.full([5], 1.5), kd.ones([5])),
  bceTargetRange: () => new nn.BCELoss()(kd.full([5], 0.5), kd.full([5], 2)),
  ceFloatIndexTarget: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3]), kd.tensor([0, 1, 2, 1, 0])),
  ceBoolTarget: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3]), kd.tensor([true, false, true, true, false])),
  ceBatch: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3]), L(0, 1, 2, 1)),
  ceOutOfBounds: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3]), L(0, 1, 2, 1, 3)),
  ceNegative: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3]), L(0, 1, 2, 1, -1)),
  ce2dTarget: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3]), kd.zeros([5, 1], { dtype: "int64" })),
  ceWeightSize: () => new nn.CrossEntropyLoss({ weight: kd.ones([4]) })(kd.zeros([5, 3]), L(0, 1, 2, 1, 0)),
  ce3dTarget: () => new nn.CrossEntropyLoss()(kd.zeros([5, 3, 4]), kd.zeros([5, 3], { dtype: "int64" })),
  ce0d: () => new nn.CrossEntropyLoss()(kd.tensor(1.5), kd.tensor(0, { dtype: "int64" })),
  ceLongInput: () => new nn.CrossEntropyLoss()(kd.ones([5, 3], { dtype: "int64" }), L(0, 1, 2, 1, 0)),
  ceSmoothing: () => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 })(kd.zeros([5, 3]), L(0, 1, 2, 1, 0)),
  ceProbIgnore: () => new nn.CrossEntropyLoss({ ignoreIndex: 1 })(kd.zeros([5, 3]), kd.rand([5, 3])),
  ce1dTarget2: () => new nn.CrossEntropyLoss()(kd.zeros([3]), L(1, 2)),
  nllFloatTarget: () => new nn.NLLLoss()(kd.zeros([5, 3]), kd.tensor([0, 1, 2, 1, 0])),
  reduction: () => new nn.MSELoss({ reduction: "foo" as "mean" })(kd.zeros([2]), kd.zeros([2])),
  mseLong: () => new nn.MSELoss()(kd.ones([5], { dtype: "int64" }), kd.ones([5], { dtype: "int64" })),
  oneHotFloat: () => F.oneHot(kd.tensor([1, 2])),
  oneHotNegative: () => F.oneHot(L(1, -2)),
  oneHotTooBig: () => F.oneHot(L(1, 5), 3),
  linearShape: () => new nn.Linear(2, 5)(kd.zeros([3, 4])),
  linearDtype: () => new nn.Linear(2, 3)(kd.zeros([4, 2], { dtype: "float64" })),
  batchNormFeatures: () => new nn.BatchNorm1d(4)(kd.zeros([3, 5])),
  batchNormOneSample: () => new nn.BatchNorm1d(4)(kd.zeros([1, 4])),
  batchNorm1d: () => new nn.BatchNorm1d(4)(kd.zeros([4])),
  dropoutP: () => new nn.Dropout(1.5),
  sgdLr: () => new optim.SGD([p], { lr: -0.1 }),
  sgdMomentum: () => new optim.SGD([p], { lr: 0.1, momentum: -0.5 }),
  sgdWeightDecay: () => new optim.SGD([p], { lr: 0.1, weightDecay: -0.5 }),
  sgdNesterov: () => new optim.SGD([p], { lr: 0.1, nesterov: true }),
  sgdEmpty: () => new optim.SGD([], { lr: 0.1 }),
  sgdDuplicate: () => new optim.SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 }),
  sgdNonLeaf: () => new optim.SGD([p.mul(2)], { lr: 0.1 }),
  adamBeta0: () => new optim.Adam([p], { betas: [1.0, 0.9] }),
  adamBeta1: () => new optim.Adam([p], { betas: [0.9, -0.5] }),
  adamEps: () => new optim.Adam([p], { eps: -0.5 }),
  rmspropAlpha: () => new optim.RMSprop([p], { alpha: -0.5 }),
  adagradLrDecay: () => new optim.Adagrad([p], { lrDecay: -0.5 }),
  adagradInitial: () => new optim.Adagrad([p], { initialAccumulatorValue: -0.5 }),
  loadMissingUnexpected: () => seq().loadStateDict({ "0.weight": kd.zeros([3, 2]), foo: kd.zeros([1]), bar: kd.zeros([1]) }),
  loadSize: () => {
    const s = seq();
    return s.loadStateDict({ ...s.stateDict(), "0.weight": kd.zeros([2, 2]) });
  },
  loadSizeNonStrict: () => seq().loadStateDict({ "0.weight": kd.zeros([2, 2]) }, { strict: false }),
  moduleListForward: () => new nn.ModuleList([new nn.ReLU()]).forward(kd.zeros([1])),
  sequentialIndex: () => new nn.Sequential(new nn.ReLU()).at(3),
  geluApproximate: () => F.gelu(kd.zeros([1]), { approximate: "foo" as "tanh" }),
  clipNonfinite: () => nn.utils.clipGradNorm_([withGrad(Infinity)], 1.0, { errorIfNonfinite: true }),
  calculateGain: () => nn.init.calculateGain("foo" as "relu"),
  kaiming1d: () => nn.init.kaimingUniform_(kd.zeros([3])),
  kaimingMode: () => nn.init.kaimingUniform_(kd.zeros([3, 3]), { mode: "x" as "fan_in" }),
  registerDot: () => new nn.Module().registerBuffer("a.b", kd.zeros([1])),
  registerEmpty: () => new nn.Module().registerParameter("", null),
  getSubmodule: () => new nn.Sequential(new nn.ReLU()).getSubmodule("3"),
  linearLrStart: () => new optim.lrScheduler.LinearLR(new optim.SGD([p], { lr: 0.1 }), { startFactor: 0 }),
  plateauFactor: () => new optim.lrScheduler.ReduceLROnPlateau(new optim.SGD([p], { lr: 0.1 }), { factor: 1.5 }),
  oneCycleNoSteps: () => new optim.lrScheduler.OneCycleLR(new optim.SGD([p], { lr: 0.1 }), { maxLr: 1.0 }),
};

describe("errors carry PyTorch's messages", () => {
  it("every fixture case is built here", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s", (name) => {
    const want = expected[name];
    expect(want, "PyTorch raised for this case").not.toBeNull();
    let caught: unknown = null;
    try {
      cases[name]();
    } catch (e) {
      caught = e;
    }
    expect(caught, "no error was thrown").toBeInstanceOf(Error);
    expect((caught as Error).message).toBe(want!.message);
    // PyTorch's TypeErrors stay TypeErrors; everything else is one of Kindling's classes.
    if (want!.type === "TypeError") expect(caught).toBeInstanceOf(TypeError);
    else expect(caught).toBeInstanceOf(kd.KindlingError);
    if (want!.type === "IndexError") expect(caught).toBeInstanceOf(kd.IndexError);
    if (want!.type === "ValueError" || want!.type === "KeyError") expect(caught).toBeInstanceOf(kd.ValueError);
    if (want!.message.includes("not implemented for")) expect(caught).toBeInstanceOf(kd.DTypeError);
  });
});
