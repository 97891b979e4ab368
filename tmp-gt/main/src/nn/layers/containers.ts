/**
 * Containers: Sequential (runs its modules in order) and ModuleList (holds modules,
 * no forward). Both register their modules under "0", "1", … so `seq[0]` works and
 * state-dict names read `0.weight`, as in PyTorch.
 */
import { IndexError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { addIndent } from "../format.js";
import { formatRepr, Module } from "../module.js";
import { linearWith } from "../functional/linear.js";
import { ReLU } from "./activation.js";
import { Linear } from "./linear.js";
import { isPureLayer, releaseIntermediates } from "./pure.js";

/** Wraps a possibly negative index, or throws PyTorch's IndexError. */
function normIndex(index: number, size: number): number {
  if (!Number.isInteger(index) || index < -size || index >= size) throw new IndexError(`index ${index} is out of range`);
  return index < 0 ? index + size : index;
}

/** The registered (name, module) pairs of a container, in order, None entries left out. */
function entries(container: Module): [string, Module][] {
  container._syncFields();
  const out: [string, Module][] = [];
  for (const [name, m] of container._modules) if (m) out.push([name, m]);
  return out;
}

/** The registered modules of a container, in order. */
function modulesOf(container: Module): Module[] {
  return entries(container).map(([, m]) => m);
}

/** The module at a possibly negative index. */
function moduleAt(container: Module, index: number): Module {
  const all = entries(container);
  return all[normIndex(index, all.length)][1];
}

/** Removes and returns the module at `index`, renumbering the rest. */
function popModule(container: Module, index: number): Module {
  const mods = modulesOf(container);
  const [removed] = mods.splice(normIndex(index, mods.length), 1);
  renumber(container, mods);
  return removed;
}

/** Re-registers `modules` under 0, 1, … (after an insertion or removal). */
function renumber(container: Module, modules: readonly Module[]): void {
  container._syncFields();
  for (const name of [...container._modules.keys()]) {
    container._modules.delete(name);
    Reflect.deleteProperty(container, name);
  }
  modules.forEach((m, i) => container.registerModule(String(i), m));
}

export class Sequential extends Module {
  [index: number]: Module;

  /** `new Sequential(a, b, c)`, or from an ordered record of named modules. */
  constructor(...modules: Module[]);
  constructor(named: Record<string, Module>);
  constructor(...args: Module[] | [Record<string, Module>]) {
    super();
    const [first] = args;
    if (args.length === 1 && !(first instanceof Module)) {
      for (const [name, m] of Object.entries(first)) this.registerModule(name, m);
    } else {
      (args as Module[]).forEach((m, i) => this.registerModule(String(i), m));
    }
  }

  /**
   * Runs the input through each module in turn. Two things only a container can see:
   * a Linear followed by a ReLU runs as one fused op (one kernel each way, no
   * pre-activation tensor), and an output that passes only between two hook-free
   * built-in layers is seen by nothing else, so its storage is recycled once dead. With
   * a hook on either layer, each runs on its own, as written.
   */
  override forward(input: Tensor): Tensor {
    let x = input;
    let between: Tensor[] | null = null;
    let madeByPure = false;
    /** A pure Linear whose input waits to see whether a ReLU follows it. */
    let held: Linear | null = null;
    const advance = (y: Tensor, pure: boolean): void => {
      if (x !== input && madeByPure && pure) (between ??= []).push(x);
      x = y;
      madeByPure = pure;
    };
    // The registry itself, not entries(): no arrays built on each forward.
    this._syncFields();
    for (const m of this._modules.values()) {
      if (!m) continue;
      const pure = isPureLayer(m);
      if (held) {
        const fuse = pure && m.constructor === ReLU;
        advance(fuse ? linearWith(x, held.weight, held.bias, "relu") : held.forward(x), true);
        held = null;
        if (fuse) continue;
      }
      if (pure && m.constructor === Linear) held = m as Linear;
      else advance(m.forward(x), pure);
    }
    if (held) advance(held.forward(x), true);
    if (between) releaseIntermediates(between, input, x);
    return x;
  }

  override get length(): number {
    return entries(this).length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    return moduleAt(this, index);
  }

  /** A Sequential of modules start..end (end exclusive), keeping their names. */
  slice(start = 0, end?: number): Sequential {
    const picked = entries(this).slice(start, end);
    return new Sequential(Object.fromEntries(picked));
  }

  append(module: Module): this {
    this.registerModule(String(entries(this).length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts before `index` and renumbers. */
  insert(index: number, module: Module): this {
    const mods = modulesOf(this);
    const n = mods.length;
    if (!Number.isInteger(index) || index < -n || index > n) throw new IndexError(`Index out of range: ${index}`);
    mods.splice(index < 0 ? index + n : index, 0, module);
    renumber(this, mods);
    return this;
  }

  /** Removes and returns the module at `index`, renumbering the rest. */
  pop(index = -1): Module {
    return popModule(this, index);
  }

  [Symbol.iterator](): Iterator<Module> {
    return modulesOf(this)[Symbol.iterator]();
  }
}

/** A list of modules whose parameters the parent registers; iterate it in your forward. */
export class ModuleList extends Module {
  [index: number]: Module;

  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  override get length(): number {
    return entries(this).length;
  }

  at(index: number): Module {
    return moduleAt(this, index);
  }

  /** A new ModuleList of modules start..end, renumbered from 0. */
  slice(start = 0, end?: number): ModuleList {
    return new ModuleList(modulesOf(this).slice(start, end));
  }

  append(module: Module): this {
    this.registerModule(String(entries(this).length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  insert(index: number, module: Module): this {
    const mods = modulesOf(this);
    const n = mods.length;
    const at = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    mods.splice(at, 0, module);
    renumber(this, mods);
    return this;
  }

  pop(index = -1): Module {
    return popModule(this, index);
  }

  [Symbol.iterator](): Iterator<Module> {
    return modulesOf(this)[Symbol.iterator]();
  }

  /** PyTorch's ModuleList text: runs of identical modules print once as `(0-2): 3 x …`. */
  override toString(): string {
    const all = entries(this);
    if (all.length === 0) return `${this._getName()}()`;
    const blocks: { start: number; end: number; text: string }[] = [];
    all.forEach(([, m], i) => {
      const text = m.toString();
      const last = blocks[blocks.length - 1];
      if (last && last.text === text) last.end = i;
      else blocks.push({ start: i, end: i, text });
    });
    const lines = blocks.map(({ start, end, text }) =>
      addIndent(start === end ? `(${start}): ${text}` : `(${start}-${end}): ${end - start + 1} x ${text}`, 2),
    );
    return formatRepr(this._getName(), [], lines);
  }
}
