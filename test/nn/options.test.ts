/**
 * Options objects are keyword arguments: a key the constructor does not take (a snake_case
 * name from ported PyTorch code, a typo) is a TypeError naming it, never a default used in
 * silence (util/options.ts). The camelCase spelling is named when that is the mistake.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const { nn, optim, data } = kd;
const S = optim.lrScheduler;
type Any = never;

describe("unknown options are refused, with the camelCase name when it is a snake_case one", () => {
  const w = (): kd.nn.Parameter => new nn.Parameter(kd.ones([1]));
  const cases: [string, () => unknown, string][] = [
    ["SGD", () => new optim.SGD([w()], { lr: 0.1, weight_decay: 0.5 } as Any), "SGD() got an unexpected keyword argument 'weight_decay': Kindling spells it 'weightDecay'"],
    ["AdamW", () => new optim.AdamW([w()], { bogus: 1 } as Any), "AdamW() got an unexpected keyword argument 'bogus' (it takes lr, betas"],
    ["a param group", () => new optim.Adam([{ params: [w()], weight_decay: 0 } as Any]), "Kindling spells it 'weightDecay'"],
    ["StepLR", () => new S.StepLR(new optim.SGD([w()], { lr: 0.1 }), { step_size: 2 } as Any), "StepLR() got an unexpected keyword argument 'step_size': Kindling spells it 'stepSize'"],
    ["StepLR without stepSize", () => new S.StepLR(new optim.SGD([w()], { lr: 0.1 }), {} as Any), "StepLR() missing 1 required argument: 'stepSize'"],
    ["ReduceLROnPlateau", () => new S.ReduceLROnPlateau(new optim.SGD([w()], { lr: 0.1 }), { min_lr: 1e-4 } as Any), "Kindling spells it 'minLr'"],
    ["Linear", () => new nn.Linear(2, 3, { bais: false } as Any), "Linear() got an unexpected keyword argument 'bais'"],
    ["Conv2d", () => new nn.Conv2d(1, 1, 3, { pad: 1 } as Any), "Conv2d() got an unexpected keyword argument 'pad'"],
    ["BatchNorm1d", () => new nn.BatchNorm1d(3, { track_running_stats: false } as Any), "BatchNorm1d() got an unexpected keyword argument 'track_running_stats': Kindling spells it 'trackRunningStats'"],
    ["AvgPool2d", () => new nn.AvgPool2d(2, { count_include_pad: false } as Any), "Kindling spells it 'countIncludePad'"],
    ["CrossEntropyLoss", () => new nn.CrossEntropyLoss({ label_smoothing: 0.1 } as Any), "CrossEntropyLoss() got an unexpected keyword argument 'label_smoothing': Kindling spells it 'labelSmoothing'"],
    ["BCEWithLogitsLoss", () => new nn.BCEWithLogitsLoss({ pos_weight: kd.ones([1]) } as Any), "Kindling spells it 'posWeight'"],
    ["MSELoss", () => new nn.MSELoss({ weight: kd.ones([1]) } as Any), "MSELoss() got an unexpected keyword argument 'weight' (it takes reduction)"],
    ["LeakyReLU with options first", () => new nn.LeakyReLU({ negativeSlope: 0.2 } as Any), "LeakyReLU(): argument 'negativeSlope' must be a number"],
    ["Dropout", () => new nn.Dropout(0.5, { in_place: true } as Any), "Dropout() got an unexpected keyword argument 'in_place'"],
    ["DataLoader", () => new data.DataLoader(new data.TensorDataset(kd.arange(10)), { batch_size: 4 } as Any), "DataLoader() got an unexpected keyword argument 'batch_size': Kindling spells it 'batchSize'"],
    ["makeCircles", () => kd.datasets.makeCircles(100, { random_state: 42 } as Any), "make_circles() got an unexpected keyword argument 'random_state': Kindling spells it 'randomState'"],
    ["trainTestSplit", () => data.trainTestSplit(kd.arange(10), { test_size: 0.2 } as Any), "Kindling spells it 'testSize'"],
    ["makeBlobs", () => kd.datasets.makeBlobs(100, { cluster_std: 0.5 } as Any), "make_blobs() got an unexpected keyword argument 'cluster_std': Kindling spells it 'clusterStd'"],
    ["makeClassification", () => kd.datasets.makeClassification(100, { n_informative: 3 } as Any), "Kindling spells it 'nInformative'"],
    ["StandardScaler", () => new data.StandardScaler({ with_mean: false } as Any), "StandardScaler() got an unexpected keyword argument 'with_mean': Kindling spells it 'withMean'"],
    ["RandomSampler", () => new data.RandomSampler([1, 2, 3] as Any, { num_samples: 2 } as Any), "Kindling spells it 'numSamples'"],
    ["kaimingUniform_", () => nn.init.kaimingUniform_(kd.empty([2, 2]), { nonLinearity: "relu" } as Any), "kaiming_uniform_() got an unexpected keyword argument 'nonLinearity'"],
    ["xavierNormal_", () => nn.init.xavierNormal_(kd.empty([2, 2]), { gian: 2 } as Any), "xavier_normal_() got an unexpected keyword argument 'gian'"],
    ["clipGradNorm_", () => nn.utils.clipGradNorm_([w()], 1, { norm_type: 1 } as Any), "clip_grad_norm_() got an unexpected keyword argument 'norm_type': Kindling spells it 'normType'"],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => {
      expect(make).toThrow(TypeError);
      expect(make).toThrow(message);
    });
  }

  it("the options they do take still work, positionally where PyTorch takes them so", () => {
    expect(new optim.SGD([w()], { lr: 0.1, weightDecay: 0.5 }).paramGroups[0].weightDecay).toBe(0.5);
    expect(new nn.LeakyReLU(0.2, { inplace: true }).negativeSlope).toBe(0.2);
    expect(new nn.BatchNorm1d(3, { trackRunningStats: false }).trackRunningStats).toBe(false);
    expect(new data.DataLoader(new data.TensorDataset(kd.arange(10)), { batchSize: 4 }).len()).toBe(3);
    expect(kd.datasets.makeCircles(10, { randomState: 42, factor: 0.5 })[0].shape).toEqual([10, 2]);
  });
});
