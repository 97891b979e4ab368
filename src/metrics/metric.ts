/**
 * The stateful metric, as torchmetrics' `Metric`, and the task wrappers
 * (`new Accuracy({ task })`) that return the task-specific metric.
 */
import type { Tensor } from "../tensor/tensor.js";
import { DeviceError } from "../errors.js";
import { parseDevice, type Device } from "../tensor/device.js";
import { isDeviceState, type MetricState } from "./core/common.js";
import { checkInputDevice } from "./core/device-counts.js";

// The stateful metric, as torchmetrics' `Metric`: `update` adds a batch, `compute` reduces
// everything added since the last `reset`, and `forward` adds a batch and returns the value
// of that batch alone.

/** What `MetricCollection` needs of a metric. */
export interface MetricLike<Out = unknown> {
  update(preds: Tensor, target: Tensor): void;
  compute(): Out;
  reset(): void;
  forward(preds: Tensor, target: Tensor): Out;
  /** `compute` on any device (Kindling's metrics have it; a user's metric may not). */
  computeAsync?(): Promise<Out>;
  /** Counts the next updates on `device`. */
  to?(device: Device): unknown;
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

  /** The device the metric's state counts on (torchmetrics' `metric.device`). */
  get device(): Device {
    return isDeviceState(this.state) ? this.state.device : "cpu";
  }

  /**
   * Counts the next updates on `device`, as torchmetrics' `metric.to(device)`: the
   * stat-score family and the confusion matrices count on a GPU without reading anything
   * back until `computeAsync`. Other metrics (curves, calibration, regression) compute on
   * the CPU and refuse a GPU. Counts already made on the CPU stay there and are added in.
   */
  to(target: Device | `${Device}:0`): this {
    const device = parseDevice(target);
    if (device === null) throw new DeviceError(`Expected a device name ("cpu" or "webgpu"), got ${String(target)}`);
    if (device === this.device) return this;
    if (!isDeviceState(this.state)) throw cpuOnly(this.constructor.name, device);
    if (this.state.pendingOnDevice) {
      throw new DeviceError(`${this.constructor.name}'s counts on ${this.device} come back to the CPU asynchronously: use await metric.cpuAsync() (or reset() first)`);
    }
    this.state.moveTo(device);
    return this;
  }

  /** The metric with its counts read back from the device (one read) and its next updates on the CPU. */
  async cpuAsync(): Promise<this> {
    if (isDeviceState(this.state) && this.state.device !== "cpu") this.state = await this.state.hostAsync();
    return this;
  }

  update(preds: Tensor, target: Tensor): void {
    this.checkDevices(preds, target);
    this.state.update(preds, target);
    this.updateCount++;
  }

  compute(): Out {
    if (isDeviceState(this.state) && this.state.pendingOnDevice) {
      throw new DeviceError(
        `${this.constructor.name} counts on ${this.state.device}, which is read back asynchronously: use await metric.computeAsync()`,
      );
    }
    return this.computeFrom(this.state);
  }

  /** `compute()` on any device: the counts a GPU holds come back in one read. */
  async computeAsync(): Promise<Out> {
    return this.computeFrom(isDeviceState(this.state) ? await this.state.hostAsync() : this.state);
  }

  reset(): void {
    this.state = this.state.empty();
    this.updateCount = 0;
  }

  /** Updates the state with the batch and returns the metric of this batch alone. */
  forward(preds: Tensor, target: Tensor): Out {
    if (this.device !== "cpu") {
      throw new DeviceError(
        `${this.constructor.name}'s value of a batch on ${this.device} is read back asynchronously: use await metric.forwardAsync(preds, target) (or update(), then computeAsync())`,
      );
    }
    this.checkDevices(preds, target);
    const batch = this.state.empty();
    batch.update(preds, target);
    const value = this.computeFrom(batch);
    this.state.merge(batch);
    this.updateCount++;
    return value;
  }

  /** `forward` on any device: the batch's value comes back in one read; the state keeps counting where it is. */
  async forwardAsync(preds: Tensor, target: Tensor): Promise<Out> {
    this.checkDevices(preds, target);
    const batch = this.state.empty();
    batch.update(preds, target);
    const value = this.computeFrom(isDeviceState(batch) ? await batch.hostAsync() : batch);
    this.state.merge(batch);
    this.updateCount++;
    return value;
  }

  private checkDevices(preds: Tensor, target: Tensor): void {
    if (!isDeviceState(this.state)) {
      for (const t of [preds, target]) if (t.device !== "cpu") throw cpuOnly(this.constructor.name, t.device);
      return;
    }
    checkInputDevice(this.constructor.name, this.state.device, preds, target);
  }
}

/** The refusal of a GPU by a metric that computes on the CPU. */
function cpuOnly(name: string, device: Device): DeviceError {
  return new DeviceError(
    `${name} computes on the CPU (it sorts or uses CPU arithmetic), not on ${device}: bring its inputs back with await t.cpuAsync() ` +
    "(the stat-score family and the confusion matrices count on a GPU)",
  );
}

/** The value of a metric on one batch: what the functional interface returns. */
export function computeOnce<Out>(metric: MetricLike<Out>, preds: Tensor, target: Tensor): Out {
  for (const t of [preds, target]) {
    if (t.device === "cpu") continue;
    const name = metric.constructor.name;
    throw new DeviceError(
      `the functional form of ${name} returns its value at once, and a tensor on ${t.device} is read back asynchronously: ` +
      `bring the inputs back with await t.cpuAsync(), or count on the device with new ${name}(options).to("${t.device}"), update(), then await computeAsync()`,
    );
  }
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
