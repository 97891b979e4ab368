/**
 * The base of the optimizers (torch.optim.Optimizer): parameter groups with their own
 * options, per-parameter state, `zeroGrad`, and state dicts in PyTorch's layout (state
 * keyed by parameter index, groups listing those indices). Subclasses implement `step`
 * as one pass over each parameter's typed arrays.
 */
import { camelOf, checkKeys } from "../util/options.js";
import { enableGrad } from "../autograd/grad-mode.js";
import { bumpVersion } from "../autograd/version.js";
import { DTypeError, ValueError } from "../errors.js";
import { allocate, floatRounding, isFloating } from "../tensor/dtype.js";
import { takeFloat32Output } from "../tensor/pool.js";
import { Tensor } from "../tensor/tensor.js";
import { pyFloat, tensorTypeName } from "../nn/format.js";
import { zeroGrads } from "../nn/utils/zero-grad.js";

/** Every optimizer's options include a learning rate. */
export interface BaseOptions {
  lr: number;
}

/**
 * Keys the learning-rate schedulers add to a group (`initial_lr`, and OneCycleLR's
 * bounds), and the momentum settings they may cycle.
 */
export interface SchedulerGroupKeys {
  initialLr?: number;
  maxLr?: number;
  minLr?: number;
  maxMomentum?: number;
  baseMomentum?: number;
}

/** A parameter group: its parameters and the full set of options that apply to them. */
export type ParamGroup<O extends BaseOptions> = O & SchedulerGroupKeys & { params: Tensor[] };

/** A group as given to the constructor: parameters and any options to override. */
export type ParamGroupInput<O extends BaseOptions> = Partial<O> & { params: Iterable<Tensor> | Tensor };

/** What an optimizer is built over: `model.parameters()`, or groups with their own options. */
export type ParamsInput<O extends BaseOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** One parameter's state: buffers (tensors) and counters (numbers). */
export type ParamState = Record<string, Tensor | number | null | undefined>;

/** PyTorch's optimizer state dict: state by parameter index, groups with their indices. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/** The options with the caller's defined values over the defaults. */
/**
 * The defaults with the given options over them. With `fn` (the optimizer's name), a key the
 * defaults do not have is PyTorch's "unexpected keyword argument" TypeError (util/options.ts).
 */
export function withDefaults<O extends object>(defaults: O, given: Partial<O>, fn?: string): O {
  if (fn !== undefined) checkKeys(fn, given, Object.keys(defaults));
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** An option value as PyTorch prints it in a message; options are Python floats (`-0.5`, `1.0`, `1e-08`). */
export function pyNumber(x: number): string {
  return pyFloat(x);
}

/** torch.optim's argument check: `Invalid <what>: <value>` unless value ≥ 0 (NaN fails too). */
export function checkNonNegative(value: number, what: string): void {
  if (!(value >= 0)) throw new ValueError(`Invalid ${what}: ${pyNumber(value)}`);
}

export abstract class Optimizer<O extends BaseOptions = BaseOptions, S extends ParamState = ParamState> {
  /** The options of groups that do not set their own. */
  readonly defaults: O;
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  readonly state = new Map<Tensor, S>();

  constructor(params: ParamsInput<O>, defaults: O) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${tensorTypeName(params.dtype)}`,
      );
    }
    const list: (Tensor | ParamGroupInput<O>)[] = [...params];
    if (list.length === 0) throw new ValueError("optimizer got an empty parameter list");
    const groups = list.every((x) => x instanceof Tensor) ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>] : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Adds a group (e.g. layers to unfreeze), filling its missing options from the defaults. */
  addParamGroup(group: ParamGroupInput<O>): void {
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      }
      if (!p.isLeaf && !p.retainsGrad) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    if (new Set(params).size !== params.length) {
      // PyTorch only warns here and keeps the duplicates; Kindling keeps the first of each.
      params.splice(0, params.length, ...new Set(params));
    }
    const existing = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => existing.has(p))) throw new ValueError("some parameters appear in more than one parameter group");
    const { params: _given, ...options } = group;
    // A group may carry keys of its own (PyTorch keeps them), but the snake_case spelling of
    // an option (`weight_decay` from ported code) would be ignored in silence: refused.
    for (const key of Object.keys(options)) {
      const camel = camelOf(key);
      if (camel !== key && camel in this.defaults) {
        throw new TypeError(`${this.constructor.name} param group: unknown option '${key}': Kindling spells it '${camel}'`);
      }
    }
    const full = { ...withDefaults(this.defaults, options as unknown as Partial<O>), params } as ParamGroup<O>;
    this.paramGroups.push(full);
  }

  /** Clears the gradients of all optimized parameters: to null (default) or to zeros. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    for (const group of this.paramGroups) zeroGrads(group.params, opts.setToNone ?? true);
  }

  /**
   * One update of every parameter that has a gradient. With a closure, it is called
   * first (with gradients enabled) and its loss returned.
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    for (const group of this.paramGroups) {
      const params: Tensor[] = [], grads: Tensor[] = [];
      for (const p of group.params) {
        if (!p._grad) continue;
        params.push(p);
        grads.push(p._grad);
      }
      if (params.length > 0) {
        // Only SGD's update is written for half parameters (ops/foreach.ts); the others' float32 code would not round as PyTorch's half steps do.
        if (!this.halfAware() && params.some((p) => p.dtype === "float16")) {
          throw new DTypeError(`"${this.constructor.name} step" not implemented for 'Half' in Kindling (SGD is; or train in float32)`);
        }
        this.updateGroup(params, grads, group);
      }
      // The parameters changed in place: a graph that saved them can no longer be used.
      for (const p of params) bumpVersion(p.store);
    }
    return loss;
  }

  /** Whether the update is written for float16 parameters (PyTorch's half rounding); SGD's is. */
  protected halfAware(): boolean {
    return false;
  }

  /**
   * Updates a group's parameters that have gradients, in place. By default one at a
   * time; SGD and Adam override it to make one kernel call for the whole group.
   */
  protected updateGroup(params: readonly Tensor[], grads: readonly Tensor[], group: ParamGroup<O>): void {
    params.forEach((p, i) => this.updateParameter(p, grads[i], group));
  }

  /** Updates one parameter in place from its gradient, with its group's options. */
  protected abstract updateParameter(param: Tensor, grad: Tensor, group: ParamGroup<O>): void;

  /** The state dict: state by parameter index, groups with their options and indices. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...options } = g;
      return {
        ...options,
        params: params.map((p) => {
          if (!index.has(p)) index.set(p, index.size);
          return index.get(p) as number;
        }),
      };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...s };
    }
    return { state, paramGroups };
  }

  /**
   * Restores state and group options saved by `stateDict` (groups must match in number
   * and size). State tensors are copied, floating ones converted to the parameter's dtype.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError("loaded state dict has a different number of parameter groups");
    }
    if (saved.some((g, i) => g.params.length !== this.paramGroups[i].params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const byId = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => byId.set(id, this.paramGroups[i].params[j])));
    this.state.clear();
    for (const [key, s] of Object.entries(stateDict.state)) {
      const p = byId.get(Number(key));
      if (!p) continue;
      const copy: ParamState = {};
      for (const [name, v] of Object.entries(s)) {
        copy[name] = v instanceof Tensor ? (isFloating(v.dtype) ? v.to(p.dtype) : v).detach().clone() : v;
      }
      this.state.set(p, copy as S);
    }
    saved.forEach((g, i) => {
      const { params: _ids, ...options } = g;
      Object.assign(this.paramGroups[i], options);
    });
  }

  /** PyTorch's text: the class name and each group's options, sorted. */
  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.paramGroups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      const keys = Object.keys(g).filter((k) => k !== "params").sort();
      for (const k of keys) lines.push(`    ${k}: ${formatOption((g as unknown as Record<string, unknown>)[k])}`);
    });
    lines.push(")");
    return lines.join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function formatOption(v: unknown): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (Array.isArray(v)) return `(${v.map(formatOption).join(", ")})`;
  return String(v);
}

/** Float32 rounding for float32 parameters (PyTorch rounds after every op); identity for float64. */
export function rounding(param: Tensor): (x: number) => number {
  return floatRounding(param.dtype);
}

/**
 * A zero-filled state buffer like `param` (same dtype and shape). A large float32 one is
 * allocated in the wasm backend's resident heap where there is room, as a layer's own
 * weights are (nn/parameter.ts): it lives as long as the optimizer, and the fused steps
 * then read and write it in place instead of copying it in and out at every step.
 */
export function zerosLikeParam(param: Tensor, fill = 0): Tensor {
  const data = param.dtype === "float32" && param.device === "cpu" ? takeFloat32Output(param.numel()) : allocate(param.dtype, param.numel());
  data.fill(fill);
  const t = new Tensor(data, param.shape, param.dtype);
  // The state lives where the parameter does (PyTorch's zeros_like keeps the device).
  return param.device === "cpu" ? t : t.to(param.device);
}
