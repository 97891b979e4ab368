/** kd.optim.lrScheduler: learning-rate schedules (torch.optim.lr_scheduler). */
export { LRScheduler } from "./scheduler.js";
export type { ScheduledOptimizer, SchedulerStateDict } from "./scheduler.js";
export { StepLR, MultiStepLR, ExponentialLR } from "./step.js";
export type { StepLROptions, MultiStepLROptions, ExponentialLROptions } from "./step.js";
export { LinearLR } from "./linear.js";
export type { LinearLROptions } from "./linear.js";
export { CosineAnnealingLR } from "./cosine.js";
export type { CosineAnnealingLROptions } from "./cosine.js";
export { OneCycleLR } from "./one-cycle.js";
export type { OneCycleLROptions } from "./one-cycle.js";
export { ReduceLROnPlateau } from "./plateau.js";
export type { ReduceLROnPlateauOptions } from "./plateau.js";
