/** kd.optim: optimizers (torch.optim) and, as `kd.optim.lrScheduler`, learning-rate schedules. */
export { Optimizer } from "./optimizer.js";
export type {
  BaseOptions, ParamGroup, ParamGroupInput, ParamsInput, ParamState, OptimizerStateDict, SchedulerGroupKeys,
} from "./optimizer.js";
export { SGD } from "./sgd.js";
export type { SGDOptions, SGDState } from "./sgd.js";
export { Adam, AdamW } from "./adam.js";
export type { AdamOptions, AdamState } from "./adam.js";
export { RMSprop } from "./rmsprop.js";
export type { RMSpropOptions, RMSpropState } from "./rmsprop.js";
export { Adagrad } from "./adagrad.js";
export type { AdagradOptions, AdagradState } from "./adagrad.js";
export * as lrScheduler from "./lr-scheduler/index.js";
