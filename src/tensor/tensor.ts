/**
 * The Tensor: a contiguous, row-major block of numbers with a shape and a dtype,
 * plus the autograd fields. Methods are thin: each calls the op of the same name
 * in `ops/`, where the computation and its gradient live together.
 *
 * Views: `reshape`, `view`, `squeeze`, `unsqueeze`, `flatten` and `detach` share
 * storage with their input, as in PyTorch. `transpose`, `permute` and `expand`
 * return contiguous copies (there are no strided views), so an in-place change of
 * their result does not reach the original.
 */
import { viewNode, type Node } from "../autograd/node.js";
import { checkGradOutput, runBackward, type BackwardOptions } from "../autograd/backward.js";
import { isGradEnabled } from "../autograd/grad-mode.js";
import { bumpVersion, versionOf } from "../autograd/version.js";
import { AutogradError, DeviceError, DTypeError, ValueError } from "../errors.js";
import * as ew from "../ops/elementwise.js";
import * as inplace from "../ops/inplace.js";
import * as ix from "../ops/indexing.js";
import * as mm from "../ops/matmul.js";
import * as red from "../ops/reduce.js";
import * as shp from "../ops/shape.js";
import * as mx from "../ops/minmax.js";
import * as sm from "../ops/softmax.js";
import type { DimArgs, Dims, OneDim } from "../ops/args.js";
import * as uq from "../ops/unique.js";
import * as so from "../ops/sort.js";
import { cast } from "../ops/cast.js";
import { formatTensor } from "./format.js";
import { expose } from "./pool.js";
import { DTYPE_NAMES, isFloating, type DType, type Storage } from "./dtype.js";
import { toNested, type NestedArray } from "./convert.js";
import { numelOf, normDim } from "./shape.js";
import { Size } from "./size.js";
import { DEVICE_NAMES, parseDevice, type Device, type Store } from "./device.js";
import { readStore, toDevice } from "../ops/device.js";

/** A tensor or a plain JS number / boolean, wherever an op takes an operand. */
export type TensorLike = Tensor | number | boolean;

export type { Device } from "./device.js";

export interface ReduceOptions {
  dim?: number | readonly number[];
  keepdim?: boolean;
}

/**
 * How many in-place ops gave each base tensor a new history, through itself or a view
 * (ops/inplace.ts). A view made before the last one regenerates its node from the base
 * when read, as PyTorch regenerates it (AsStridedBackward0), so its gradient never flows
 * to a history its values no longer have. Kept beside the tensors: only bases changed in
 * place have one.
 */
const historyStamps = new WeakMap<Tensor, number>();

/** The number of in-place history changes of `base` so far (0 for most tensors). */
export function historyStamp(base: Tensor): number {
  return historyStamps.get(base) ?? 0;
}

/** Records that `base` (and so every view of it) has a new history. */
export function bumpHistory(base: Tensor): void {
  historyStamps.set(base, historyStamp(base) + 1);
}

/**
 * Tensors made by an op that PyTorch answers with a view but Kindling with a copy (a
 * slice, select, narrow, split, transpose, permute, expand): an in-place change would not
 * reach the tensor they came from, as PyTorch's would, so checkInplace refuses it.
 */
const copiedViews = new WeakSet<Tensor>();

/** Marks `t` as such a copy; returns it. */
export function markCopiedView(t: Tensor): Tensor {
  copiedViews.add(t);
  return t;
}

/** A read's result as a promise; its error as a rejection, never a synchronous throw. */
function settle<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (e) {
    return Promise.reject(e);
  }
}

export class Tensor {
  /**
   * The numbers, contiguous and row-major: a typed array on the CPU (see `DType` for the
   * array of each dtype), an opaque handle of the device's backend elsewhere.
   */
  private _s: Store;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Where the numbers live: "cpu", or "webgpu" (a GPU; read with the async reads). */
  readonly device: Device;
  /**
   * The gradient behind `.grad`. The engine reads and writes it here, so that only what
   * code outside the engine has seen counts as handed out (see `grad`).
   * @internal
   */
  _grad: Tensor | null = null;
  /**
   * Set on a leaf's gradient whose storage backward made for that leaf alone (never a
   * gradient shared with a graph or another leaf); see zeroGrad.
   * @internal
   */
  _engineMade = false;
  private _gradFn: Node | null = null;
  private _requiresGrad = false;
  /**
   * For a view (reshape, view, squeeze, unsqueeze, flatten: the same storage in another
   * shape), the tensor whose storage it shares (always the first one: a view of a view
   * points past it) and the base's history stamp its node was made from. An in-place
   * change through the base or any view changes them all, so their histories must follow
   * (see `historyStamp`). Null for every other tensor, so that most tensors carry one
   * field for it.
   * @internal
   */
  _view: { readonly base: Tensor; stamp: number } | null = null;

  constructor(data: Store, shape: readonly number[], dtype: DType, device: Device = "cpu") {
    this._s = data;
    this.shape = shape;
    this.dtype = dtype;
    this.device = device;
  }

  /**
   * The CPU storage: a typed array that code may read and write (writes bypass autograd,
   * as `.data` does in PyTorch). A tensor on another device has none: its values are read
   * with the async reads, or after `await t.cpuAsync()`.
   */
  get data(): Storage {
    if (this.device !== "cpu") throw syncReadError(this, "its values");
    return this._s as Storage;
  }
  set data(s: Storage) {
    if (this.device !== "cpu") throw syncReadError(this, "its values");
    this._s = s;
  }
  /** The storage on any device, for the ops and the backends (never read by user code). @internal */
  get store(): Store {
    return this._s;
  }
  /**
   * Replaces the storage in place (the tensor object stays, so a module's Parameter keeps
   * its identity): `module.to(dtype)` and `module.to(device)`. @internal
   */
  _setStorage(s: Store, dtype: DType, device: Device): void {
    this._s = s;
    (this as { dtype: DType }).dtype = dtype;
    (this as { device: Device }).device = device;
  }

  /**
   * The gradient accumulated by backward (null until then, and after zeroGrad). Reading
   * or assigning it hands the gradient's storage out: the engine never recycles it then.
   */
  get grad(): Tensor | null {
    const g = this._grad;
    if (g) expose(g.store);
    return g;
  }
  set grad(g: Tensor | null) {
    if (g) expose(g.store);
    this._grad = g;
  }

  /** The backward node that produced this tensor, null for leaves. */
  get gradFn(): Node | null {
    const v = this._view;
    if (v !== null && v.stamp !== historyStamp(v.base)) this.followBase(v);
    return this._gradFn;
  }
  set gradFn(node: Node | null) {
    this._gradFn = node;
  }
  get requiresGrad(): boolean {
    const v = this._view;
    if (v !== null && v.stamp !== historyStamp(v.base)) this.followBase(v);
    return this._requiresGrad;
  }
  set requiresGrad(on: boolean) {
    this._requiresGrad = on;
  }

  /** A view whose base changed in place since it was made takes the base's new history. */
  private followBase(view: { readonly base: Tensor; stamp: number }): void {
    const base = view.base;
    view.stamp = historyStamp(base);
    this._requiresGrad = base.requiresGrad;
    this._gradFn = base.requiresGrad ? viewNode(base) : null;
  }

  // ---- facts -------------------------------------------------------------
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  get ndim(): number {
    return this.shape.length;
  }
  dim(): number {
    return this.shape.length;
  }
  numel(): number {
    return numelOf(this.shape);
  }
  /** `size()` is the shape as a torch.Size (prints `torch.Size([2, 3])`); `size(d)` one dimension (negative counts from the end). */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): number | Size {
    return dim === undefined ? Size.fromShape(this.shape) : this.shape[normDim(dim, this.ndim)];
  }
  isFloatingPoint(): boolean {
    return isFloating(this.dtype);
  }

  // ---- values out --------------------------------------------------------
  item(): number {
    if (this.numel() !== 1) {
      throw new ValueError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    if (this.device !== "cpu") throw syncReadError(this, "item()", "await t.itemAsync()");
    return this.data[0];
  }
  /** Nested JS arrays (booleans for bool tensors), as `tolist()`. */
  tolist(): NestedArray {
    if (this.device !== "cpu") throw syncReadError(this, "tolist()", "await t.tolistAsync()");
    return toNested(this.data, this.shape, this.dtype);
  }
  /** A copy of the flat row-major values in the dtype's typed array. */
  toArray(): Storage {
    if (this.device !== "cpu") throw syncReadError(this, "toArray()", "await t.toArrayAsync()");
    return this.data.slice();
  }
  /**
   * The asynchronous reads work on every device: a GPU's buffers can only be read back
   * asynchronously, so device-agnostic code awaits these (`await loss.itemAsync()`). On
   * the CPU they resolve at once with what `item`, `tolist` and `toArray` return.
   */
  itemAsync(): Promise<number> {
    // On the CPU, and for a tensor that is not one value (item's error), at once.
    if (this.device === "cpu" || this.numel() !== 1) return settle(() => this.item());
    return readStore(this).then((s) => s[0]);
  }
  tolistAsync(): Promise<NestedArray> {
    if (this.device === "cpu") return settle(() => this.tolist());
    return readStore(this).then((s) => toNested(s, this.shape, this.dtype));
  }
  toArrayAsync(): Promise<Storage> {
    if (this.device === "cpu") return settle(() => this.toArray());
    return readStore(this);
  }
  /** This tensor on the CPU, from any device (`t.cpu()` where a GPU's read-back is asynchronous). */
  cpuAsync(): Promise<Tensor> {
    if (this.device === "cpu") return Promise.resolve(this);
    return readStore(this).then((s) => new Tensor(s, this.shape, this.dtype));
  }
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return formatTensor(this);
  }

  // ---- autograd ----------------------------------------------------------
  /**
   * Computes gradients of this tensor w.r.t. the graph's leaves (`tensor.backward()`),
   * accumulating them into their `.grad`. `gradient` is needed unless this is a scalar;
   * options may come first: `loss.backward({ retainGraph: true })`.
   */
  backward(gradient?: Tensor | BackwardOptions, opts: BackwardOptions = {}): void {
    if (gradient !== undefined && !(gradient instanceof Tensor)) return this.backward(undefined, gradient);
    if (!this.requiresGrad) {
      throw new AutogradError("element 0 of tensors does not require grad and does not have a grad_fn");
    }
    let g: Tensor;
    if (gradient) g = checkGradOutput(this, gradient);
    else {
      if (this.numel() !== 1) throw new AutogradError("grad can be implicitly created only for scalar outputs");
      g = shp.onesLikeRaw(this);
    }
    runBackward(this, g, opts);
  }
  /** Keeps `.grad` of this non-leaf tensor after backward. */
  retainGrad(): this {
    if (this.gradFn) this.gradFn.retainedBy = this;
    return this;
  }
  get retainsGrad(): boolean {
    return this.gradFn?.retainedBy === this;
  }
  /** The same storage, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this._s, this.shape, this.dtype, this.device);
  }
  requiresGrad_(on = true): this {
    if (on && !isFloating(this.dtype)) {
      throw new DTypeError("only Tensors of floating point dtype can require gradients");
    }
    if (!this.isLeaf && !on) {
      throw new AutogradError("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    }
    this.requiresGrad = on;
    return this;
  }
  /**
   * Called by every in-place op before it writes: refuses a leaf that requires grad (in
   * grad mode), and counts the change in the storage's version (autograd/version.ts).
   */
  checkInplace(): void {
    if (this.requiresGrad && this.isLeaf && isGradEnabled()) {
      throw new AutogradError("a leaf Variable that requires grad is being used in an in-place operation.");
    }
    if (copiedViews.has(this)) {
      throw new ValueError(
        "in-place change of a slice, transpose or expand: in Kindling these are copies, not views, so the change would not reach " +
        "the tensor they came from (in PyTorch it would). Change that tensor itself (kd.where, maskedFill, scatter, copy_ of a " +
        "whole tensor), or .clone() the slice first to change only the copy.",
      );
    }
    const base = this._view?.base ?? null;
    if (base !== null && base.requiresGrad && base.isLeaf && isGradEnabled()) {
      throw new AutogradError("a view of a leaf Variable that requires grad is being used in an in-place operation.");
    }
    bumpVersion(this._s);
  }

  /** How many in-place changes this tensor's storage has had (PyTorch's `_version`). */
  get _version(): number {
    return versionOf(this._s);
  }

  // ---- dtype and device --------------------------------------------------
  /**
   * A dtype (`"float64"`), a device (`"cpu"`, `"webgpu"`), or both (`{ device, dtype }`);
   * anything else is a TypeError. Moving a GPU tensor to the CPU reads it back, which is
   * asynchronous: use `await t.cpuAsync()` for that.
   */
  to(target: DType | Device | `${Device}:0` | { device?: Device; dtype?: DType }): Tensor {
    if (typeof target === "object" && target !== null) {
      const moved = target.device !== undefined ? this.to(target.device) : this;
      return target.dtype !== undefined ? cast(moved, target.dtype) : moved;
    }
    const device = typeof target === "string" ? parseDevice(target) : null;
    if (device !== null) return device === this.device ? this : toDevice(this, device);
    if (!(DTYPE_NAMES as readonly string[]).includes(target)) {
      const what = typeof target === "string" ? `'${target}'` : String(target);
      throw new TypeError(
        `to(): unknown device or dtype ${what}: the devices are ${DEVICE_NAMES.map((d) => `"${d}"`).join(", ")} and the dtypes ${DTYPE_NAMES.map((d) => `"${d}"`).join(", ")}`,
      );
    }
    return cast(this, target as DType);
  }
  type(dtype: DType): Tensor {
    return cast(this, dtype);
  }
  float(): Tensor {
    return cast(this, "float32");
  }
  double(): Tensor {
    return cast(this, "float64");
  }
  /** To float16 (PyTorch's `half`): round to nearest even, ±inf beyond 65504. */
  half(): Tensor {
    return cast(this, "float16");
  }
  long(): Tensor {
    return cast(this, "int64");
  }
  /** To int32 (PyTorch's `int`): floats truncate toward zero, int64 keeps its low 32 bits. */
  int(): Tensor {
    return cast(this, "int32");
  }
  bool(): Tensor {
    return cast(this, "bool");
  }
  /** This tensor on the CPU. A GPU tensor comes back asynchronously: `await t.cpuAsync()`. */
  cpu(): Tensor {
    if (this.device !== "cpu") throw syncReadError(this, "cpu()", "await t.cpuAsync()");
    return this;
  }
  clone(): Tensor {
    return ew.clone(this);
  }
  contiguous(): Tensor {
    return this;
  }

  // ---- element-wise ------------------------------------------------------
  add(other: TensorLike, opts?: { alpha?: number }): Tensor { return ew.add(this, other, opts); }
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor { return ew.sub(this, other, opts); }
  mul(other: TensorLike): Tensor { return ew.mul(this, other); }
  div(other: TensorLike, opts?: { roundingMode?: "trunc" | "floor" }): Tensor { return ew.div(this, other, opts); }
  pow(exponent: TensorLike): Tensor { return ew.pow(this, exponent); }
  remainder(other: TensorLike): Tensor { return ew.remainder(this, other); }
  fmod(other: TensorLike): Tensor { return ew.fmod(this, other); }
  floorDivide(other: TensorLike): Tensor { return ew.floorDivide(this, other); }
  maximum(other: Tensor): Tensor { return ew.maximum(this, other); }
  minimum(other: Tensor): Tensor { return ew.minimum(this, other); }
  neg(): Tensor { return ew.neg(this); }
  abs(): Tensor { return ew.abs(this); }
  exp(): Tensor { return ew.exp(this); }
  expm1(): Tensor { return ew.expm1(this); }
  log(): Tensor { return ew.log(this); }
  log1p(): Tensor { return ew.log1p(this); }
  log2(): Tensor { return ew.log2(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  rsqrt(): Tensor { return ew.rsqrt(this); }
  square(): Tensor { return ew.square(this); }
  reciprocal(): Tensor { return ew.reciprocal(this); }
  sin(): Tensor { return ew.sin(this); }
  cos(): Tensor { return ew.cos(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  tanh(): Tensor { return ew.tanh(this); }
  relu(): Tensor { return ew.relu(this); }
  erf(): Tensor { return ew.erf(this); }
  floor(): Tensor { return ew.floor(this); }
  ceil(): Tensor { return ew.ceil(this); }
  round(opts?: { decimals?: number }): Tensor { return ew.round(this, opts); }
  trunc(): Tensor { return ew.trunc(this); }
  sign(): Tensor { return ew.sign(this); }
  clamp(min?: ew.ClampBound, max?: ew.ClampBound): Tensor { return ew.clamp(this, min, max); }
  clip(min?: ew.ClampBound, max?: ew.ClampBound): Tensor { return ew.clamp(this, min, max); }
  eq(other: TensorLike): Tensor { return ew.eq(this, other); }
  ne(other: TensorLike): Tensor { return ew.ne(this, other); }
  lt(other: TensorLike): Tensor { return ew.lt(this, other); }
  le(other: TensorLike): Tensor { return ew.le(this, other); }
  gt(other: TensorLike): Tensor { return ew.gt(this, other); }
  ge(other: TensorLike): Tensor { return ew.ge(this, other); }
  logicalAnd(other: TensorLike): Tensor { return ew.logicalAnd(this, other); }
  logicalOr(other: TensorLike): Tensor { return ew.logicalOr(this, other); }
  logicalXor(other: TensorLike): Tensor { return ew.logicalXor(this, other); }
  logicalNot(): Tensor { return ew.logicalNot(this); }
  isnan(): Tensor { return ew.isnan(this); }
  isfinite(): Tensor { return ew.isfinite(this); }
  isinf(): Tensor { return ew.isinf(this); }
  /** True when both have the same shape and elements (torch.equal). */
  equal(other: Tensor): boolean { return ew.equal(this, other); }
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
    return ew.allclose(this, other, opts);
  }

  // ---- in place (no graph; for optimizers and initialisers) -------------
  add_(other: TensorLike, opts?: { alpha?: number }): this { return inplace.add_(this, other, opts); }
  sub_(other: TensorLike, opts?: { alpha?: number }): this { return inplace.sub_(this, other, opts); }
  mul_(other: TensorLike): this { return inplace.mul_(this, other); }
  div_(other: TensorLike): this { return inplace.div_(this, other); }
  clamp_(min?: ew.ClampBound, max?: ew.ClampBound): this { return inplace.clamp_(this, min, max); }
  zero_(): this { return inplace.fill_(this, 0); }
  fill_(value: number): this { return inplace.fill_(this, value); }
  copy_(src: Tensor): this { return inplace.copy_(this, src); }

  // ---- reductions --------------------------------------------------------
  // `dim` positionally or in the options object, `keepdim` either way (ops/args.ts):
  // x.sum(1), x.sum([0, 1], true), x.sum({ dim: 1, keepdim: true }).
  sum(...args: DimArgs<Dims, { dtype?: DType }>): Tensor { return red.sum(this, ...args); }
  mean(...args: DimArgs<Dims, { dtype?: DType }>): Tensor { return red.mean(this, ...args); }
  prod(...args: DimArgs<number>): Tensor { return red.prod(this, ...args); }
  /** Over everything; with `dim`, values and indices; with a tensor, element-wise (torch.max). */
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(...args: DimArgs<number> & ([number, ...unknown[]] | [{ dim: number }, ...unknown[]])): red.ValuesIndices;
  max(...args: [Tensor] | DimArgs<number>): Tensor | red.ValuesIndices { return mx.max(this, ...(args as [])); }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(...args: DimArgs<number> & ([number, ...unknown[]] | [{ dim: number }, ...unknown[]])): red.ValuesIndices;
  min(...args: [Tensor] | DimArgs<number>): Tensor | red.ValuesIndices { return mx.min(this, ...(args as [])); }
  amax(...args: DimArgs<Dims>): Tensor { return red.amax(this, ...args); }
  amin(...args: DimArgs<Dims>): Tensor { return red.amin(this, ...args); }
  argmax(...args: DimArgs<number>): Tensor { return red.argmax(this, ...args); }
  argmin(...args: DimArgs<number>): Tensor { return red.argmin(this, ...args); }
  var(...args: red.VarArgs): Tensor { return red.variance(this, ...args); }
  std(...args: red.VarArgs): Tensor { return red.std(this, ...args); }
  logsumexp(...args: DimArgs<Dims>): Tensor { return red.logsumexp(this, ...args); }
  all(...args: DimArgs<Dims>): Tensor { return red.all(this, ...args); }
  any(...args: DimArgs<Dims>): Tensor { return red.any(this, ...args); }
  norm(...args: red.NormArgs): Tensor { return red.norm(this, ...args); }
  cumsum(...args: [dim: number] | [options: { dim: number }]): Tensor { return red.cumsum(this, ...args); }
  /** The distinct values, sorted (torch.unique); with `returnInverse` / `returnCounts`, an object. */
  unique(opts?: uq.UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
  unique(opts: uq.UniqueOptions): uq.UniqueResult;
  unique(opts: uq.UniqueOptions = {}): Tensor | uq.UniqueResult { return uq.unique(this, opts); }
  /** Sorted along a dim (the last by default), with each value's position (torch.sort, stable). */
  sort(...args: so.SortArgs): red.ValuesIndices { return so.sort(this, ...args); }
  /** The positions that sort the tensor along a dim (torch.argsort). */
  argsort(...args: so.SortArgs): Tensor { return so.argsort(this, ...args); }
  /** The k largest (or smallest) entries along a dim and their positions (torch.topk). */
  topk(...args: so.TopkArgs): red.ValuesIndices { return so.topk(this, ...args); }
  softmax(...args: sm.SoftmaxArgs): Tensor { return sm.softmax(this, ...args); }
  logSoftmax(...args: sm.SoftmaxArgs): Tensor { return sm.logSoftmax(this, ...args); }

  // ---- shapes ------------------------------------------------------------
  reshape(...shape: number[] | [readonly number[]]): Tensor { return shp.reshape(this, shp.shapeArg(shape)); }
  view(...shape: number[] | [readonly number[]]): Tensor { return shp.reshape(this, shp.shapeArg(shape)); }
  viewAs(other: Tensor): Tensor { return shp.reshape(this, other.shape); }
  reshapeAs(other: Tensor): Tensor { return shp.reshape(this, other.shape); }
  squeeze(...args: shp.SqueezeArgs): Tensor { return shp.squeeze(this, ...args); }
  unsqueeze(...args: shp.UnsqueezeArgs): Tensor { return shp.unsqueeze(this, ...args); }
  flatten(...args: shp.FlattenArgs): Tensor { return shp.flatten(this, ...args); }
  transpose(...args: shp.TransposeArgs): Tensor { return shp.transpose(this, ...args); }
  t(): Tensor { return shp.t(this); }
  permute(...dims: number[] | [readonly number[]]): Tensor { return shp.permute(this, shp.shapeArg(dims)); }
  /** Transpose of a matrix; reversed dims for other ranks (PyTorch's `.T`). */
  get T(): Tensor { return shp.reversedDims(this); }
  /** Transpose of the last two dims (batched matrices). */
  get mT(): Tensor { return shp.matrixTranspose(this); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return shp.expand(this, shp.shapeArg(shape)); }
  expandAs(other: Tensor): Tensor { return shp.expand(this, other.shape); }
  repeat(...reps: number[] | [readonly number[]]): Tensor { return shp.repeat(this, shp.shapeArg(reps)); }
  flip(...args: shp.FlipArgs): Tensor { return shp.flip(this, ...args); }
  split(...args: shp.SplitArgs): Tensor[] { return shp.split(this, ...args); }
  chunk(...args: shp.ChunkArgs): Tensor[] { return shp.chunk(this, ...args); }
  unbind(...args: OneDim): Tensor[] { return shp.unbind(this, ...args); }

  // ---- indexing ----------------------------------------------------------
  select(...args: ix.SelectArgs): Tensor { return ix.select(this, ...args); }
  narrow(...args: ix.NarrowArgs): Tensor { return ix.narrow(this, ...args); }
  /** Python-style slicing per dim: `x.slice([0, 5])`, `x.slice(null, [1, null])`, `x.slice(null, 0)`. */
  slice(...specs: ix.SliceSpec[]): Tensor { return ix.slice(this, specs); }
  /** Rows (or entries along `dim`) chosen by an integer tensor or a boolean mask (`X[idx]`). */
  index(indices: Tensor | readonly number[], dim = 0): Tensor { return ix.index(this, indices, dim); }
  /** `index` with a boolean mask that may be on a GPU (read back first: the result's size depends on it). */
  indexAsync(indices: Tensor | readonly number[], dim = 0): Promise<Tensor> { return ix.indexAsync(this, indices, dim); }
  indexSelect(...args: ix.DimIndexArgs): Tensor { return ix.indexSelect(this, ...args); }
  maskedSelect(mask: Tensor): Tensor { return ix.maskedSelect(this, mask); }
  /** `maskedSelect` with a mask that may be on a GPU (read back first: the result's size depends on it). */
  maskedSelectAsync(mask: Tensor): Promise<Tensor> { return ix.maskedSelectAsync(this, mask); }
  maskedFill(mask: Tensor, value: number): Tensor { return ix.maskedFill(this, mask, value); }
  gather(...args: ix.DimIndexArgs): Tensor { return ix.gather(this, ...args); }
  scatter(...args: ix.ScatterArgs<Tensor | number>): Tensor { return ix.scatter(this, ...args); }
  scatterAdd(...args: ix.ScatterArgs<Tensor>): Tensor { return ix.scatterAdd(this, ...args); }
  where(condition: Tensor, other: TensorLike): Tensor { return ew.where(condition, this, other); }

  // ---- products ----------------------------------------------------------
  matmul(other: Tensor, opts?: mm.OutOptions): Tensor { return mm.matmul(this, other, opts); }
  mm(other: Tensor): Tensor { return mm.mm(this, other); }
  bmm(other: Tensor): Tensor { return mm.bmm(this, other); }
  dot(other: Tensor): Tensor { return mm.dot(this, other); }
  outer(other: Tensor): Tensor { return mm.outer(this, other); }
}

/**
 * The error of a synchronous read of a tensor whose device reads back asynchronously (a
 * GPU can only map its buffers asynchronously): it names the async form to use instead.
 */
export function syncReadError(t: Tensor, what: string, instead?: string): DeviceError {
  const use = instead ?? "await t.toArrayAsync(), await t.itemAsync() or await t.tolistAsync(), or await t.cpuAsync() first";
  return new DeviceError(
    `cannot read ${what} of a tensor on ${t.device} synchronously: a ${t.device} tensor is read back asynchronously. ` +
    `Use ${use}. (An operation that needs the values on the CPU is not available on ${t.device} yet: move its input with await t.cpuAsync().)`,
  );
}
