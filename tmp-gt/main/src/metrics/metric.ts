/**
 * The stateful metric, as torchmetrics' `Metric`, and the task wrappers
 * (`new Accuracy({ task })`) that return the task-specific metric.
 */
import type { Tensor } from "../tensor/tensor.js";
import type { MetricState } from "./core/common.js";

// The stateful metric, as torchmetrics' `Metric`: `update` adds a batch, `compute` reduces
// everything added since the last `reset`, and `forward` adds a batch and returns the value
// of that batch alone.

/** What `MetricCollection` needs of a metric. */
export interface MetricLike<Out = unknown> {
  update(preds: Tensor, target: Tensor): void;
  compute(): Out;
  reset(): void;
  forward(preds: Tensor, target: Tensor): Out;
}

// The constructor returns a function whose prototype is the subclass's, so a metric is
// callable as in torchmetrics (`metric(preds, target)` is `metric.forward(preds, target)`),
// like kd.nn modules; this interface gives TypeScript the call signature.
export interface Metric<S extends MetricState<S>, Out> {
  (preds: Tensor, target: Tensor): Out;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Metric<S extends MetricState<S>, Out> implements MetricLike<Out> {
  // Declared, not initialised: a field initialiser would land on the object `new` made,
  // not on the callable returned below.
  declare protected state: S;
  /** Number of `update` (and `forward`) calls since the last reset. */
  declare updateCount: number;

  protected constructor(state: S) {
    const callable = (preds: Tensor, target: Tensor): Out => self.forward(preds, target);
    const self = callable as unknown as Metric<S, Out>;
    Object.setPrototypeOf(callable, new.target.prototype);
    // A function's own `name` and `length` would shadow fields and getters of that name.
    Reflect.deleteProperty(callable, "name");
    Reflect.deleteProperty(callable, "length");
    self.state = state;
    self.updateCount = 0;
    return self;
  }

  /** The value of `state`: the one place where each metric's formula is applied. */
  protected abstract computeFrom(state: S): Out;

  update(preds: Tensor, target: Tensor): void {
    this.state.update(preds, target);
    this.updateCount++;
  }

  compute(): Out {
    return this.computeFrom(this.state);
  }

  reset(): void {
    this.state = this.state.empty();
    this.updateCount = 0;
  }

  /** Updates the state with the batch and returns the metric of this batch alone. */
  forward(preds: Tensor, target: Tensor): Out {
    const batch = this.state.empty();
    batch.update(preds, target);
    const value = this.computeFrom(batch);
    this.state.merge(batch);
    this.updateCount++;
    return value;
  }
}

/** The value of a metric on one batch: what the functional interface returns. */
export function computeOnce<Out>(metric: MetricLike<Out>, preds: Tensor, target: Tensor): Out {
  metric.update(preds, target);
  return metric.compute();
}

// Task wrappers such as `new Accuracy({task: "multiclass", numClasses: 4})`: like
// torchmetrics' `__new__`, the constructor returns the task-specific metric itself
// (a `MulticlassAccuracy`), so `instanceof MulticlassAccuracy` holds.

/** Constructor signatures of a wrapper over the three tasks. */
export interface TaskConstructor<O extends { task: string }, B, MC, ML> {
  new (options: O & { task: "binary" }): B;
  new (options: O & { task: "multiclass" }): MC;
  new (options: O & { task: "multilabel" }): ML;
  new (options: O): B | MC | ML;
}

/** Constructor signatures of a wrapper over binary and multi-class tasks only. */
export interface TwoTaskConstructor<O extends { task: string }, B, MC> {
  new (options: O & { task: "binary" }): B;
  new (options: O & { task: "multiclass" }): MC;
  new (options: O): B | MC;
}

/** A constructible function named `name` whose `new` returns `build(options)`. */
export function taskWrapper<C, O>(name: string, build: (options: O) => object): C {
  // a plain function: `new` on it returns the object it returns
  const wrapper = function (options: O): object {
    return build(options);
  };
  Object.defineProperty(wrapper, "name", { value: name });
  return wrapper as unknown as C;
}
