/**
 * Task wrappers such as `new Accuracy({task: "multiclass", numClasses: 4})`: like
 * torchmetrics' `__new__`, the constructor returns the task-specific metric itself
 * (a `MulticlassAccuracy`), so `instanceof MulticlassAccuracy` holds.
 */

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
