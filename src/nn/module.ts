/**
 * nn.Module: the base class of every layer, loss and model.
 *
 * A subclass declares its layers and parameters as fields and implements `forward`.
 * Fields are assigned in declaration order, so walking the instance's own keys finds
 * parameters and sub-modules in the order PyTorch registers them, under their field
 * names (`layer_1.weight`, `linear_layer_stack.0.bias`). `registerParameter`,
 * `registerBuffer` and `registerModule` register values under any other name.
 *
 * A module is callable: `model(x)` is `model.forward(x)`. Both run the forward
 * hooks, because the constructor replaces `forward` on each instance with a wrapper
 * around the class's method — so a model that calls `this.layer_1.forward(x)` still
 * shows every layer to a tracer (the ONNX exporter relies on this). Define `forward`
 * as a method, not as an arrow-function field, or the wrapper is replaced.
 *
 * Because instances are functions, TypeScript asks for `override` on a field named
 * `name` or `length` (Function's members).
 */
import { DeviceError, DTypeError, KindlingError, ValueError } from "../errors.js";
import { cast } from "../ops/cast.js";
import { isFloating, torchName, type DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { noGrad } from "../autograd/grad-mode.js";
import { parseDevice, type Device } from "../tensor/device.js";
import { addIndent, tensorTypeName, torchSize } from "./format.js";
import {
  addHook, globalForwardHooks, globalForwardPreHooks,
  type ForwardHook, type ForwardPreHook, type RemovableHandle,
} from "./hooks.js";
import { Parameter } from "./parameter.js";
import { zeroGrads } from "./utils/zero-grad.js";
import { withOrderedDictRepr } from "./state-dict-repr.js";

/** A state dict: names as PyTorch writes them (`layer_1.weight`) to tensors, in module order. */
export type StateDict = Record<string, Tensor>;

/** What `loadStateDict` returns (PyTorch's `_IncompatibleKeys`). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

type ForwardImpl = (this: Module, ...inputs: Tensor[]) => Tensor;

/** Defines a non-enumerable own property, so it is not taken for a field to register. */
function hidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });
}

const PARAMETERS = 0, BUFFERS = 1, MODULES = 2;

/** Whether `v` belongs in the registry of `kind` (PARAMETERS, BUFFERS or MODULES). */
function accepts(kind: number, v: unknown): boolean {
  if (kind === PARAMETERS) return v instanceof Parameter;
  if (kind === BUFFERS) return v instanceof Tensor && !(v instanceof Parameter);
  return v instanceof Module;
}

/**
 * Brings one registry up to date with the fields of `own`: entries whose field is gone or
 * holds something else are dropped, reassigned ones updated (null for None).
 */
function refreshRegistry(own: Record<string, unknown>, map: Map<string, unknown>, kind: number): void {
  // Deleting or updating the current entry while iterating a Map is well defined.
  for (const key of map.keys()) {
    if (!Object.hasOwn(own, key)) {
      map.delete(key);
      continue;
    }
    const v = own[key];
    const value = v === undefined ? null : v;
    if (value !== null && !accepts(kind, value)) map.delete(key);
    else if (map.get(key) !== value) map.set(key, value);
  }
}

/** Runs `impl` with the global and per-module hooks around it (PyTorch's `_call_impl`). */
/** The forward each module got from its class, to tell when an instance's was replaced. */
const classForward = new WeakMap<Module, unknown>();

/** Whether `mod.forward` is still the one its class defines (not assigned on the instance). */
export function hasClassForward(mod: Module): boolean {
  return mod.forward === classForward.get(mod);
}

/** Whether calling `mod` runs any forward (pre-)hook, its own or a global one. */
export function hasForwardHooks(mod: Module): boolean {
  return mod._forwardPreHooks.size !== 0 || mod._forwardHooks.size !== 0 ||
    globalForwardPreHooks.size !== 0 || globalForwardHooks.size !== 0;
}

function runForward(mod: Module, impl: ForwardImpl, inputs: Tensor[]): Tensor {
  if (!hasForwardHooks(mod)) return impl.apply(mod, inputs);
  let args: readonly Tensor[] = inputs;
  for (const hook of [...globalForwardPreHooks.values(), ...mod._forwardPreHooks.values()]) {
    const replaced = hook(mod, args);
    if (replaced instanceof Tensor) args = [replaced];
    else if (Array.isArray(replaced)) args = replaced as readonly Tensor[];
  }
  let out = impl.apply(mod, [...args]);
  for (const hook of [...globalForwardHooks.values(), ...mod._forwardHooks.values()]) {
    const replaced = hook(mod, args, out);
    if (replaced instanceof Tensor) out = replaced;
  }
  return out;
}

/** Points `name` of `mod` at `value` as a plain enumerable property, like an attribute. */
function setAttribute(mod: Module, name: string, value: unknown): void {
  Object.defineProperty(mod, name, { value, writable: true, enumerable: true, configurable: true });
}

/** A parameter or buffer moved to a device in place (its gradient too). */
function moveInPlace(t: Tensor, device: Device): void {
  if (t.device === device) return;
  const moved = t.detach().to(device);
  t._setStorage(moved.store, t.dtype, device);
  if (t._grad) t._grad = t._grad.detach().to(device);
}

/** Replaces a tensor's storage and dtype in place, so every holder of it sees the change. */
function retype(t: Tensor, dtype: DType): void {
  const converted = cast(t.detach(), dtype);
  t._setStorage(converted.store, dtype, t.device);
  if (t._grad) t._grad = cast(t._grad.detach(), dtype).detach();
}

// The constructor returns a function whose prototype is the subclass's, so instances
// really are callable; this interface tells TypeScript so, with `forward`'s own types.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Module {
  (...inputs: Parameters<this["forward"]>): ReturnType<this["forward"]>;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Module {
  /** Training mode (dropout active, batch statistics used); see `train()` / `eval()`. */
  declare training: boolean;
  /** Own parameters by name, in registration order (null: registered as None). */
  declare readonly _parameters: Map<string, Parameter | null>;
  /** Own buffers by name (running statistics and the like). */
  declare readonly _buffers: Map<string, Tensor | null>;
  /** Names of buffers left out of the state dict. */
  declare readonly _nonPersistentBuffers: Set<string>;
  /** Direct sub-modules by name. */
  declare readonly _modules: Map<string, Module | null>;
  declare readonly _forwardHooks: Map<number, ForwardHook>;
  declare readonly _forwardPreHooks: Map<number, ForwardPreHook>;

  constructor() {
    // Fields declared on this base class would land on the object `new` made, not on
    // the function returned here, so all of the base's state is attached by hand.
    const callable = (...inputs: Tensor[]): Tensor => self.forward(...inputs);
    const self = callable as unknown as Module;
    Object.setPrototypeOf(callable, new.target.prototype);
    // A function's own `name` and `length` would shadow fields and getters of that name.
    Reflect.deleteProperty(callable, "name");
    Reflect.deleteProperty(callable, "length");
    hidden(self, "training", true);
    hidden(self, "_parameters", new Map());
    hidden(self, "_buffers", new Map());
    hidden(self, "_nonPersistentBuffers", new Set());
    hidden(self, "_modules", new Map());
    hidden(self, "_forwardHooks", new Map());
    hidden(self, "_forwardPreHooks", new Map());
    const impl = self.forward as ForwardImpl;
    const wrapped = (...inputs: Tensor[]): Tensor => runForward(self, impl, inputs);
    hidden(self, "forward", wrapped);
    classForward.set(self, wrapped);
    return self;
  }

  /** The computation; subclasses implement it. Call the module (or this) to run hooks too. */
  forward(..._inputs: Tensor[]): Tensor {
    throw new KindlingError(`Module [${this._getName()}] is missing the required "forward" function`);
  }

  /** The class name PyTorch prints. */
  _getName(): string {
    return this.constructor.name;
  }

  // ---- registration ------------------------------------------------------

  /**
   * Brings the registries up to date with the instance's own fields: new Parameter and
   * Module fields are registered under their names (in declaration order), reassigned
   * ones are updated, deleted ones dropped.
   */
  _syncFields(): void {
    // Runs on every forward of a container and every train() / eval(), so it stays cheap.
    const own = this as unknown as Record<string, unknown>;
    refreshRegistry(own, this._parameters as Map<string, unknown>, PARAMETERS);
    refreshRegistry(own, this._buffers as Map<string, unknown>, BUFFERS);
    refreshRegistry(own, this._modules as Map<string, unknown>, MODULES);
    // Object.keys, not for-in: a module is a function object, where for-in is three times slower.
    for (const key of Object.keys(own)) {
      if (this._parameters.has(key) || this._buffers.has(key) || this._modules.has(key)) continue;
      const v = own[key];
      if (v instanceof Parameter) this._parameters.set(key, v);
      else if (v instanceof Module) this._modules.set(key, v);
    }
  }

  private checkName(kind: "parameter" | "buffer" | "module", name: string, registry: Map<string, unknown>): void {
    if (typeof name !== "string") throw new TypeError(`${kind} name should be a string. Got ${typeof name}`);
    if (name.includes(".")) {
      throw new ValueError(kind === "module" ? `module name can't contain ".", got: ${name}` : `${kind} name can't contain "."`);
    }
    if (name === "") throw new ValueError(`${kind} name can't be empty string ""`);
    if (name in this && !registry.has(name)) throw new ValueError(`attribute '${name}' already exists`);
  }

  /** Registers a parameter (or null, PyTorch's None) under `name`, also as an attribute. */
  registerParameter(name: string, param: Parameter | null): void {
    this._syncFields();
    this.checkName("parameter", name, this._parameters);
    const value: unknown = param;
    if (value !== null && !(value instanceof Parameter)) {
      const what = value instanceof Tensor ? tensorTypeName(value.dtype) : typeof value;
      throw new TypeError(`cannot assign '${what}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    this._parameters.set(name, param);
    setAttribute(this, name, param);
  }

  /**
   * Registers a tensor that is state but not a parameter (running statistics). A
   * non-persistent buffer stays out of the state dict.
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    this._syncFields();
    this.checkName("buffer", name, this._buffers);
    const value: unknown = tensor;
    if (value !== null && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeof value}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this._buffers.set(name, tensor);
    if (opts.persistent ?? true) this._nonPersistentBuffers.delete(name);
    else this._nonPersistentBuffers.add(name);
    setAttribute(this, name, tensor);
  }

  /** Registers a sub-module under `name` (also reachable as `this[name]`). */
  registerModule(name: string, module: Module | null): void {
    this._syncFields();
    this.checkName("module", name, this._modules);
    const value: unknown = module;
    if (value !== null && !(value instanceof Module)) throw new TypeError(`${typeof value} is not a Module subclass`);
    this._modules.set(name, module);
    setAttribute(this, name, module);
  }

  /** PyTorch's older name for `registerModule`. */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  // ---- traversal ---------------------------------------------------------

  /** This module and all below it, preorder, each once (or every occurrence). */
  namedModules(opts: { prefix?: string; removeDuplicate?: boolean } = {}): [string, Module][] {
    const out: [string, Module][] = [];
    const memo = new Set<Module>();
    const removeDuplicate = opts.removeDuplicate ?? true;
    const visit = (m: Module, prefix: string): void => {
      if (removeDuplicate) {
        if (memo.has(m)) return;
        memo.add(m);
      }
      out.push([prefix, m]);
      m._syncFields();
      for (const [name, child] of m._modules) if (child) visit(child, prefix ? `${prefix}.${name}` : name);
    };
    visit(this, opts.prefix ?? "");
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** The direct sub-modules with their names, each once. */
  namedChildren(): [string, Module][] {
    this._syncFields();
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, m] of this._modules) {
      if (m && !seen.has(m)) {
        seen.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** Collects a registry's members over this module (and those below when `recurse`). */
  private namedMembers<T extends Tensor>(
    pick: (m: Module) => Iterable<[string, T | null]>,
    opts: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean },
  ): [string, T][] {
    const removeDuplicate = opts.removeDuplicate ?? true;
    const prefix = opts.prefix ?? "";
    const mods: [string, Module][] = (opts.recurse ?? true)
      ? this.namedModules({ prefix, removeDuplicate })
      : [[prefix, this]];
    const seen = new Set<T>();
    const out: [string, T][] = [];
    for (const [modPrefix, m] of mods) {
      m._syncFields();
      for (const [name, t] of pick(m)) {
        if (!t) continue;
        if (removeDuplicate) {
          if (seen.has(t)) continue;
          seen.add(t);
        }
        out.push([modPrefix ? `${modPrefix}.${name}` : name, t]);
      }
    }
    return out;
  }

  /** Parameters with PyTorch's dotted names: own first, then each sub-module's. */
  namedParameters(opts: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): [string, Parameter][] {
    return this.namedMembers((m) => m._parameters, opts);
  }

  parameters(opts: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(opts).map(([, p]) => p);
  }

  namedBuffers(opts: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): [string, Tensor][] {
    return this.namedMembers((m) => m._buffers, opts);
  }

  buffers(opts: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(opts).map(([, b]) => b);
  }

  /** The module at a dotted path (`"linear_layer_stack.0"`); "" is this module. */
  getSubmodule(target: string): Module {
    return target === "" ? this : target.split(".").reduce<Module>((mod, item) => {
      mod._syncFields();
      const next = mod._modules.get(item);
      if (!next) throw new KindlingError(`${mod._getName()} has no attribute \`${item}\``);
      return next;
    }, this);
  }

  getParameter(target: string): Parameter {
    const [path, name] = splitLast(target);
    const mod = this.getSubmodule(path);
    mod._syncFields();
    const p = mod._parameters.get(name);
    if (!p) throw new KindlingError(`${mod._getName()} has no parameter \`${name}\``);
    return p;
  }

  getBuffer(target: string): Tensor {
    const [path, name] = splitLast(target);
    const mod = this.getSubmodule(path);
    mod._syncFields();
    const b = mod._buffers.get(name);
    if (!b) throw new KindlingError(`${mod._getName()} has no buffer \`${name}\``);
    return b;
  }

  // ---- modes and bulk changes ---------------------------------------------

  /** Sets training mode here and below (dropout and batch norm behave accordingly). */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new ValueError("training mode is expected to be boolean");
    this.training = mode;
    // The children without building the arrays children() returns (a module registered
    // twice is set twice, which is harmless).
    this._syncFields();
    for (const child of this._modules.values()) if (child) child.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Calls `fn` on every sub-module (children first) and then on this one. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Clears the parameters' gradients: to null by default (PyTorch 2), or to zeros. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    zeroGrads(this.parameters(), opts.setToNone ?? true);
  }

  /** Switches gradient recording of every parameter on or off (freezing layers). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * `to(device)` moves the parameters and buffers to "cpu" or "webgpu", and `to(dtype)`
   * converts the floating-point ones, in place either way: the Parameter objects stay (so
   * an optimizer made before still holds them, and follows them to the device), as in
   * PyTorch. A GPU's parameters come back to the CPU asynchronously: `await model.cpuAsync()`.
   */
  to(target: DType | Device | `${Device}:0`): this {
    const device = parseDevice(target);
    if (device !== null) {
      if (device === "cpu") {
        if (this.parameters().some((p) => p.device !== "cpu")) {
          throw new DeviceError("a module's parameters on a GPU come back to the CPU asynchronously: use await model.cpuAsync()");
        }
        return this;
      }
      for (const t of this.ownTensors()) moveInPlace(t, device);
      return this;
    }
    const dtype = target as DType;
    if (!isFloating(dtype)) {
      throw new DTypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${torchName(dtype)}`);
    }
    for (const t of this.ownTensors()) if (isFloating(t.dtype) && t.dtype !== dtype) retype(t, dtype);
    return this;
  }

  /** The module on the CPU, from any device (its parameters read back asynchronously). */
  async cpuAsync(): Promise<this> {
    for (const t of this.ownTensors()) {
      if (t.device === "cpu") continue;
      const back = await t.cpuAsync();
      t._setStorage(back.store, t.dtype, "cpu");
      if (t._grad) t._grad = await t._grad.cpuAsync();
    }
    return this;
  }

  /** Every parameter and buffer of this module and its sub-modules (what to() and cpuAsync() change in place). */
  private ownTensors(): Tensor[] {
    const out: Tensor[] = [];
    for (const m of this.modules()) {
      m._syncFields();
      for (const t of [...m._parameters.values(), ...m._buffers.values()]) if (t) out.push(t);
    }
    return out;
  }

  /** This module with its parameters on the CPU (from a GPU: `await model.cpuAsync()`). */
  cpu(): this {
    return this.to("cpu");
  }

  float(): this {
    return this.to("float32");
  }

  double(): this {
    return this.to("float64");
  }

  /** Floating parameters and buffers to float16 (PyTorch's `module.half()`). */
  half(): this {
    return this.to("float16");
  }

  // ---- state ----------------------------------------------------------------

  /**
   * Parameters and persistent buffers by PyTorch's names, module by module (own
   * parameters, own buffers, then each sub-module). The tensors share storage with the
   * module's (detached, unless `keepVars`), as PyTorch's do. It prints as PyTorch's
   * OrderedDict.
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const keepVars = opts.keepVars ?? false;
    const save = (m: Module, prefix: string): void => {
      m._syncFields();
      for (const [name, p] of m._parameters) if (p) out[prefix + name] = keepVars ? p : p.detach();
      for (const [name, b] of m._buffers) {
        if (b && !m._nonPersistentBuffers.has(name)) out[prefix + name] = keepVars ? b : b.detach();
      }
      for (const [name, child] of m._modules) if (child) save(child, `${prefix}${name}.`);
    };
    save(this, opts.prefix ?? "");
    return withOrderedDictRepr(out);
  }

  /**
   * Copies values from `stateDict` into the parameters and buffers (converting dtype).
   * Shape mismatches are always errors; missing and unexpected keys are errors when
   * `strict` (the default), and are returned either way. PyTorch's messages.
   */
  loadStateDict(stateDict: StateDict | ReadonlyMap<string, Tensor>, opts: { strict?: boolean } = {}): IncompatibleKeys {
    const strict = opts.strict ?? true;
    const source = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict));
    const errors: string[] = [];
    const missingKeys: string[] = [];
    const expected = new Set<string>();
    const load = (m: Module, prefix: string): void => {
      m._syncFields();
      const local: [string, Tensor][] = [];
      for (const [name, p] of m._parameters) if (p) local.push([name, p]);
      for (const [name, b] of m._buffers) if (b && !m._nonPersistentBuffers.has(name)) local.push([name, b]);
      for (const [name, target] of local) {
        const key = prefix + name;
        expected.add(key);
        const src = source.get(key);
        if (src === undefined) {
          missingKeys.push(key);
        } else if (!(src instanceof Tensor)) {
          errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof src}`);
        } else if (src.shape.length !== target.shape.length || src.shape.some((s, i) => s !== target.shape[i])) {
          errors.push(
            `size mismatch for ${key}: copying a param with shape ${torchSize(src.shape)} from checkpoint, ` +
              `the shape in current model is ${torchSize(target.shape)}.`,
          );
        } else {
          // The values convert as a cast (e.g. a float64 checkpoint into float32 weights), the
          // source moved to the target's device; copy_ bumps the version, as PyTorch's does.
          noGrad(() => target.copy_((src.device === "cpu" ? src.to(target.dtype) : src).to(target.device)));
        }
      }
      for (const [name, child] of m._modules) if (child) load(child, `${prefix}${name}.`);
    };
    load(this, "");
    const unexpectedKeys = [...source.keys()].filter((k) => !expected.has(k));
    if (strict) {
      if (unexpectedKeys.length > 0) {
        errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `);
      }
      if (missingKeys.length > 0) {
        errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `);
      }
    }
    if (errors.length > 0) {
      throw new KindlingError(`Error(s) in loading state_dict for ${this._getName()}:\n\t${errors.join("\n\t")}`);
    }
    return { missingKeys, unexpectedKeys };
  }

  // ---- hooks ------------------------------------------------------------------

  /** `hook(module, inputs, output)` after every forward; a returned tensor replaces the output. */
  registerForwardHook(hook: ForwardHook, opts: { prepend?: boolean } = {}): RemovableHandle {
    return addHook(this._forwardHooks, hook, opts.prepend);
  }

  /** `hook(module, inputs)` before every forward; a returned value replaces the inputs. */
  registerForwardPreHook(hook: ForwardPreHook, opts: { prepend?: boolean } = {}): RemovableHandle {
    return addHook(this._forwardPreHooks, hook, opts.prepend);
  }

  // ---- printing -----------------------------------------------------------------

  /** The text inside this module's parentheses (layer settings); "" by default. */
  extraRepr(): string {
    return "";
  }

  /** PyTorch's repr: the class name, extra_repr, and each child indented by two. */
  toString(): string {
    this._syncFields();
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = [...this._modules].map(([name, m]) => `(${name}): ${addIndent(m ? m.toString() : "None", 2)}`);
    return formatRepr(this._getName(), extraLines, childLines);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// TypeScript gives callable types Function's members (call, bind, …); make them real.
Object.setPrototypeOf(Module.prototype, Function.prototype);

/** Joins a module's repr lines: one extra line inline, otherwise one line each. */
export function formatRepr(name: string, extraLines: readonly string[], childLines: readonly string[]): string {
  const lines = [...extraLines, ...childLines];
  let body = "";
  if (lines.length > 0) {
    body = extraLines.length === 1 && childLines.length === 0 ? extraLines[0] : `\n  ${lines.join("\n  ")}\n`;
  }
  return `${name}(${body})`;
}

function splitLast(target: string): [string, string] {
  const i = target.lastIndexOf(".");
  return i < 0 ? ["", target] : [target.slice(0, i), target.slice(i + 1)];
}
