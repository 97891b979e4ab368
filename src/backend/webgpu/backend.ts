/// <reference types="@webgpu/types" />
/**
 * The WebGPU device's kernels: the CPU primitives' signatures (backend.ts's `Primitives`)
 * over GPU storages; the extras an MLP classifier's ops need on the device (casts, fill,
 * where, indexSelect / indexAdd for batches and gathers, copyRange for slices, arange);
 * softmax / log-softmax, and the fused kernels of a training step (linear, linearBackward, relu, activationBackward,
 * crossEntropy, bceWithLogits, sgdStep, adamStep). Every call records work and returns at
 * once; `read` submits it and resolves with the values. Semantics are the reference
 * backend's (src/backend/js) in float32 arithmetic, except that the losses leave their
 * sum in a storage rather than returning a number.
 *
 * Get one with `initWebGpu()` (gpu.ts): one per process.
 */
import type { Activation, AdagradOptions, AdamOptions, BinaryOp, BinaryTallyArgs, MulticlassTallyArgs, LinearActivation, LinearBackwardArgs, ParamUnaryOp, ReduceOp, RMSpropOptions, SGDOptions, UnaryOp } from "../backend.js";
import type { Storage } from "../../tensor/dtype.js";
import { libm } from "../libm.js";
import { broadcastStrides, numelOf, stridesOf, type Shape } from "../../tensor/shape.js";
import { activationBackwardSource, binarySource, castSource, paramIsInt, paramSource, reluSource, roundHalfSource, unarySource, whereSource } from "./elementwise.js";
import { arangeSource, fillSource, indexAddIntSource, indexAddSource, indexCountSource, indexSelectSource, permuteSource } from "./copy.js";
import { matmulSource } from "./matmul.js";
import { adagradSource, adamSource, rmspropSource, sgdSource } from "./optim.js";
import { bceWithLogitsSource, crossEntropySource } from "./losses.js";
import { binaryTallySource, multiclassTallySource } from "./metrics.js";
import { gatherSource, scatterSource, type ScatterMode } from "./gather.js";
import { SCAN_FROM, cumsumScanSource, cumsumSource, productOfOthersSource, zeroDivisorSource } from "./scan.js";
import { TREE_FROM, TREE_WG, reduceSerialSource, reduceTreeSource, softmaxSource } from "./reduce.js";
import { GpuRuntime, type GpuStorage } from "./runtime.js";
import { WG, type GpuDType } from "./wgsl.js";

export type { GpuStorage } from "./runtime.js";
export type { GpuDType } from "./wgsl.js";

/** LinearBackwardArgs (backend.ts) over GPU storages. */
export type GpuLinearBackwardArgs = {
  [K in keyof LinearBackwardArgs]: LinearBackwardArgs[K] extends Storage ? GpuStorage
    : LinearBackwardArgs[K] extends Storage | null ? GpuStorage | null : LinearBackwardArgs[K];
};

/** What `read` returns per dtype: bool as 0 / 1 bytes, as the CPU's bool storage. */
export type GpuHostArray = Float32Array | Int32Array | Uint8Array;

/** Matrix sizes from which the matmul uses 128 × 128 tiles (8 × 8 per thread) rather than 64 × 64. */
const BIG_TILE_FROM = 512;
const MAX_BATCH_PER_DISPATCH = 65535;

const f32Bits = new Float32Array(1);
const u32OfF32 = new Uint32Array(f32Bits.buffer);
function bitsOf(v: number): number {
  f32Bits[0] = v;
  return u32OfF32[0];
}

/**
 * The ignore index as a parameter word in the target's type; an index no int32 equals
 * (past its range) ignores nothing, rather than wrapping onto a value that is there.
 */
function ignoreWord(ignoreIndex: number | null, target: GpuStorage): [boolean, number] {
  if (ignoreIndex === null) return [false, 0];
  if (target.dtype === "float32") return [true, bitsOf(ignoreIndex)];
  return (ignoreIndex | 0) === ignoreIndex ? [true, ignoreIndex] : [false, 0];
}

/** A number as one word of a `dtype` buffer: float32 bits, an int32 truncated toward zero, or bool's "non-zero". */
function valueWord(value: number, dtype: GpuDType): number {
  return dtype === "float32" ? bitsOf(value) : dtype === "int32" ? Math.trunc(value) | 0 : value !== 0 ? 1 : 0;
}

function expectLength(what: string, s: GpuStorage, n: number): void {
  if (s.length < n) throw new RangeError(`webgpu ${what}: storage of ${s.length} elements where ${n} are needed`);
}

/**
 * Merges dims that every operand walks as one and drops dims of size 1 (the CPU
 * kernel's coalescing, for any number of operands), so most broadcasts become 1 or 2 dims.
 */
function coalesce(shape: Shape, strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

/** Parameter words of a broadcast over `outShape`: [n, nd, shape, each operand's strides]. */
function broadcastParams(what: string, outShape: Shape, operands: readonly Shape[]): number[] {
  const c = coalesce(outShape, operands.map((s) => broadcastStrides(s, outShape)));
  const words = [numelOf(outShape), c.shape.length, ...c.shape];
  for (const s of c.strides) for (const v of s) words.push(v);
  if (words.length > 64) throw new RangeError(`webgpu ${what}: ${c.shape.length} dims after merging are more than the kernel takes`);
  return words;
}

export class WebGpuBackend {
  readonly name = "webgpu";
  private readonly rt: GpuRuntime;

  constructor(readonly device: GPUDevice, readonly adapterName: string) {
    this.rt = new GpuRuntime(device);
  }

  /** A zero-filled storage of n elements. */
  alloc(dtype: GpuDType, n: number): GpuStorage {
    return this.rt.alloc(dtype, n);
  }

  /** A storage holding `data`: float32 from a Float32Array, int32 from an Int32Array, bool from 0 / 1 bytes. */
  upload(data: Float32Array | Int32Array | Uint8Array, dtype: GpuDType): GpuStorage {
    const want = dtype === "float32" ? Float32Array : dtype === "int32" ? Int32Array : Uint8Array;
    if (!(data instanceof want)) throw new TypeError(`webgpu upload: ${dtype} data must be a ${want.name}, got a ${data.constructor.name}`);
    const s = this.rt.allocUninit(dtype, data.length);
    this.rt.write(s, data instanceof Uint8Array ? Uint32Array.from(data, (v) => (v !== 0 ? 1 : 0)) : data);
    return s;
  }

  /** The storage's values, once the work recorded before this call has run. */
  async read(s: GpuStorage): Promise<GpuHostArray> {
    const words = await this.rt.readWords(s);
    if (s.dtype === "float32") return new Float32Array(words);
    if (s.dtype === "int32") return new Int32Array(words);
    return Uint8Array.from(new Uint32Array(words));
  }

  /** Submits the recorded work without waiting for it. */
  flush(): void {
    this.rt.flush();
  }

  private run1d(key: string, source: () => string, params: number[], bindings: Parameters<GpuRuntime["dispatch"]>[2], n: number, flag = false): void {
    this.rt.dispatch(this.rt.pipeline(key, source), params, bindings, this.rt.grid(n, WG), flag ? this.rt.indexFlag : null);
  }

  unary(op: UnaryOp, x: GpuStorage, out: GpuStorage): void {
    const n = out.length;
    expectLength(`unary ${op}`, x, n);
    this.run1d(`unary:${op}:${x.dtype}:${out.dtype}`, () => unarySource(op, x.dtype, out.dtype), [n], [{ s: x }, { s: out, write: true }], n);
  }

  unaryParam(op: ParamUnaryOp, x: GpuStorage, out: GpuStorage, p0: number, p1: number): void {
    const n = out.length;
    expectLength(`unaryParam ${op}`, x, n);
    const asInt = paramIsInt(op, x.dtype, out.dtype);
    const word = (v: number): number => (asInt ? v | 0 : bitsOf(v));
    this.run1d(`param:${op}:${x.dtype}:${out.dtype}`, () => paramSource(op, x.dtype, out.dtype), [n, word(p0), word(p1)],
      [{ s: x }, { s: out, write: true }], n);
  }

  /** out = max(x, 0), float32 or int32 (NaN and −0 pass through, as in PyTorch). */
  relu(x: GpuStorage, out: GpuStorage): void {
    if (x.dtype !== out.dtype || out.dtype === "bool") throw new TypeError(`webgpu relu: float32 or int32 of one dtype, got ${x.dtype} → ${out.dtype}`);
    expectLength("relu", x, out.length);
    this.run1d(`relu:${out.dtype}`, () => reluSource(out.dtype), [out.length], [{ s: x }, { s: out, write: true }], out.length);
  }

  /** out = g ⊙ act'(y) from the activation's output y (float32). */
  activationBackward(act: Activation, g: GpuStorage, y: GpuStorage, out: GpuStorage): void {
    for (const s of [g, y, out]) {
      if (s.dtype !== "float32") throw new TypeError(`webgpu activationBackward: float32 storages only, got ${s.dtype}`);
      expectLength("activationBackward", s, out.length);
    }
    this.run1d(`activationBackward:${act}`, () => activationBackwardSource(act), [out.length], [{ s: g }, { s: y }, { s: out, write: true }], out.length);
  }

  /** Element-wise with broadcasting: shapes are already checked; `outShape` is their broadcast. */
  binary(op: BinaryOp, a: GpuStorage, aShape: Shape, b: GpuStorage, bShape: Shape, out: GpuStorage, outShape: Shape): void {
    const n = numelOf(outShape);
    expectLength(`binary ${op}`, out, n);
    expectLength(`binary ${op}`, a, numelOf(aShape));
    expectLength(`binary ${op}`, b, numelOf(bShape));
    this.run1d(`binary:${op}:${a.dtype}:${b.dtype}:${out.dtype}`, () => binarySource(op, a.dtype, b.dtype, out.dtype),
      broadcastParams(`binary ${op}`, outShape, [aShape, bShape]), [{ s: a }, { s: b }, { s: out, write: true }], n);
  }

  /** Reduces the middle axis of x viewed as [outer, size, inner] into out [outer, inner]. */
  reduce(op: ReduceOp, x: GpuStorage, out: GpuStorage, outer: number, size: number, inner: number): void {
    const count = outer * inner;
    expectLength(`reduce ${op}`, x, outer * size * inner);
    expectLength(`reduce ${op}`, out, count);
    if (count === 0) return;
    const tree = size >= TREE_FROM;
    const key = `reduce:${tree ? "tree" : "serial"}:${op}:${x.dtype}:${out.dtype}`;
    const source = (): string => (tree ? reduceTreeSource : reduceSerialSource)(op, x.dtype, out.dtype);
    this.rt.dispatch(this.rt.pipeline(key, source), [count, size, Math.max(inner, 1)], [{ s: x }, { s: out, write: true }],
      this.rt.grid(count, tree ? 1 : TREE_WG));
  }

  /** softmax (or with `log`, log-softmax) of float32 x viewed as [outer, size, inner] along its middle axis. */
  softmax(x: GpuStorage, out: GpuStorage, outer: number, size: number, inner: number, log: boolean): void {
    if (x.dtype !== "float32" || out.dtype !== "float32") throw new TypeError(`webgpu softmax: float32 storages only, got ${x.dtype} → ${out.dtype}`);
    expectLength("softmax", x, outer * size * inner);
    expectLength("softmax", out, outer * size * inner);
    const count = outer * inner;
    this.run1d(`softmax:${log}`, () => softmaxSource(log), [count, size, Math.max(inner, 1)], [{ s: x }, { s: out, write: true }], count);
  }

  /**
   * out[M, N] = op(A) · op(B) for `batch` products laid end to end; A is [M, K] (or [K, M]
   * with transA), B is [K, N] (or [N, K] with transB); a stride of 0 repeats an operand.
   */
  matmul(
    a: GpuStorage, b: GpuStorage, out: GpuStorage, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number,
  ): void {
    if (a.dtype !== out.dtype || b.dtype !== out.dtype || out.dtype === "bool") {
      throw new TypeError(`webgpu matmul: float32 or int32 operands of one dtype, got ${a.dtype}, ${b.dtype} → ${out.dtype}`);
    }
    expectLength("matmul", out, batch * m * n);
    expectLength("matmul", a, (batch - 1) * strideA + m * k);
    expectLength("matmul", b, (batch - 1) * strideB + k * n);
    if (batch * m * n === 0) return;
    if (k === 0) {
      this.fill(out, 0);
      return;
    }
    this.tiledMatmul(a, b, null, false, out, batch, m, k, n, transA, transB, strideA, strideB);
  }

  /**
   * nn.Linear (and Linear → ReLU) in one pass: out[m, n] = act(x[m, k] · w[n, k]ᵀ + bias[n]),
   * float32, the bias added and ReLU applied as each product is stored.
   */
  linear(x: GpuStorage, w: GpuStorage, bias: GpuStorage | null, out: GpuStorage, m: number, k: number, n: number, act: LinearActivation): void {
    for (const s of [x, w, out, ...(bias ? [bias] : [])]) {
      if (s.dtype !== "float32") throw new TypeError(`webgpu linear: float32 storages only, got ${s.dtype}`);
    }
    expectLength("linear", x, m * k);
    expectLength("linear", w, n * k);
    expectLength("linear", out, m * n);
    if (bias) expectLength("linear", bias, n);
    if (!bias && act === "relu") {
      this.tiledMatmul(x, w, null, false, out, 1, m, k, n, false, true, 0, 0);
      this.relu(out, out);
      return;
    }
    this.tiledMatmul(x, w, bias, act === "relu", out, 1, m, k, n, false, true, 0, 0);
  }

  /**
   * The backward of `linear`, as the reference composes it: gz = g ⊙ relu'(y) (ReLU only),
   * gx = gz · w, gw = gzᵀ · x, gb = Σ rows of gz. Null outputs are not computed.
   */
  linearBackward(a: GpuLinearBackwardArgs): void {
    const { g, y, x, w, m, k, n, act, gx, gw, gb } = a;
    let gz = g;
    if (act === "relu") {
      if (!y) throw new Error("linearBackward: the activated output is needed for relu");
      gz = this.rt.allocUninit("float32", m * n);
      this.activationBackward("relu", g, y, gz);
    }
    if (gx) this.matmul(gz, w, gx, 1, m, n, k, false, false, 0, 0);
    if (gw) this.matmul(gz, x, gw, 1, n, m, k, true, false, 0, 0);
    if (gb) this.reduce("sum", gz, gb, 1, m, n);
  }

  private tiledMatmul(
    a: GpuStorage, b: GpuStorage, bias: GpuStorage | null, relu: boolean, out: GpuStorage, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number,
  ): void {
    const c = out.dtype === "float32" ? "f32" : "i32";
    const r = Math.min(m, n) >= BIG_TILE_FROM ? 8 : 4;
    const tile = 16 * r;
    const pipeline = this.rt.pipeline(`matmul:${c}:${r}:${bias !== null}`, () => matmulSource(c, r, bias !== null));
    for (let b0 = 0; b0 < batch; b0 += MAX_BATCH_PER_DISPATCH) {
      const z = Math.min(MAX_BATCH_PER_DISPATCH, batch - b0);
      this.rt.dispatch(pipeline, [m, k, n, transA ? 1 : 0, transB ? 1 : 0, strideA, strideB, b0, relu ? 1 : 0],
        [{ s: a }, { s: b }, { s: out, write: true }, ...(bias ? [{ s: bias }] : [])], [Math.ceil(n / tile), Math.ceil(m / tile), z]);
    }
  }

  /** Copies x of `shape` into out along the permutation `perm` of its dims. */
  permute(x: GpuStorage, shape: Shape, perm: readonly number[], out: GpuStorage): void {
    const n = numelOf(shape);
    expectLength("permute", x, n);
    expectLength("permute", out, n);
    const inStrides = stridesOf(shape);
    const c = coalesce(perm.map((p) => shape[p]), [perm.map((p) => inStrides[p])]);
    const params = [n, c.shape.length, ...c.shape, ...c.strides[0]];
    if (params.length > 64) throw new RangeError(`webgpu permute: ${c.shape.length} dims after merging are more than the kernel takes`);
    this.run1d("permute", permuteSource, params, [{ s: x }, { s: out, write: true }], n);
  }

  /** out = x converted to out's dtype: float → int truncates toward zero, anything → bool is "non-zero". */
  cast(x: GpuStorage, out: GpuStorage): void {
    const n = out.length;
    expectLength("cast", x, n);
    if (x.dtype === out.dtype) {
      this.copyRange(x, 0, out, 0, n);
      return;
    }
    this.run1d(`cast:${x.dtype}:${out.dtype}`, () => castSource(x.dtype, out.dtype), [n], [{ s: x }, { s: out, write: true }], n);
  }

  /** The float32 values of s rounded to binary16 in place (float16 tensors live in float32 buffers). */
  roundHalf(s: GpuStorage): void {
    if (s.dtype !== "float32") throw new TypeError(`webgpu roundHalf: expected float32 storage, got ${s.dtype}`);
    this.run1d("roundHalf", roundHalfSource, [s.length], [{ s, write: true }], s.length);
  }

  /** Every element of out set to `value` (in out's dtype: int32 truncates, bool is value ≠ 0). */
  fill(out: GpuStorage, value: number): void {
    this.run1d("fill", fillSource, [out.length, valueWord(value, out.dtype)], [{ s: out, write: true }], out.length);
  }

  /** out = cond ? a : b with broadcasting; cond is bool, a, b and out share a dtype. */
  where(cond: GpuStorage, a: GpuStorage, b: GpuStorage, out: GpuStorage, condShape: Shape, aShape: Shape, bShape: Shape, outShape: Shape): void {
    if (cond.dtype !== "bool") throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype}`);
    if (a.dtype !== out.dtype || b.dtype !== out.dtype) throw new TypeError(`webgpu where: a, b and out must share a dtype, got ${a.dtype}, ${b.dtype}, ${out.dtype}`);
    const n = numelOf(outShape);
    expectLength("where", out, n);
    expectLength("where", cond, numelOf(condShape));
    expectLength("where", a, numelOf(aShape));
    expectLength("where", b, numelOf(bShape));
    this.run1d("where", whereSource, broadcastParams("where", outShape, [condShape, aShape, bShape]),
      [{ s: cond }, { s: a }, { s: b }, { s: out, write: true }], n);
  }

  /**
   * out [outer, nIdx, inner] = x [outer, size, inner] gathered along the middle axis at
   * `indices` (int32, each in [0, size): the op layer wraps negative ones). An index out
   * of range makes the next `read` throw.
   */
  indexSelect(x: GpuStorage, outer: number, size: number, inner: number, indices: GpuStorage, out: GpuStorage): void {
    this.checkIndices("indexSelect", indices);
    if (x.dtype !== out.dtype) throw new TypeError(`webgpu indexSelect: x is ${x.dtype} but out is ${out.dtype}`);
    const n = outer * indices.length * inner;
    expectLength("indexSelect", x, outer * size * inner);
    expectLength("indexSelect", out, n);
    this.run1d("indexSelect", indexSelectSource, [n, size, inner, indices.length], [{ s: x }, { s: indices }, { s: out, write: true }], n, true);
  }

  /**
   * indexSelect's adjoint: out [outer, size, inner] += g [outer, nIdx, inner] scattered
   * along the middle axis to `indices`; repeated indices add up in index order, so the
   * result is the same in every run.
   */
  indexAdd(g: GpuStorage, outer: number, size: number, inner: number, indices: GpuStorage, out: GpuStorage): void {
    this.checkIndices("indexAdd", indices);
    if (g.dtype !== out.dtype || out.dtype === "bool") throw new TypeError(`webgpu indexAdd: float32 or int32 of one dtype, got ${g.dtype} → ${out.dtype}`);
    const n = outer * indices.length * inner;
    expectLength("indexAdd", g, n);
    expectLength("indexAdd", out, outer * size * inner);
    if (out.dtype === "int32") {
      this.run1d("indexAdd:int32", indexAddIntSource, [n, size, inner, indices.length], [{ s: g }, { s: indices }, { s: out, write: true }], n, true);
      return;
    }
    // Each position's first occurrence and count, then one ordered sum per position.
    const head = this.rt.allocUninit("int32", size), count = this.rt.alloc("int32", size);
    this.fill(head, -1);
    this.run1d("indexCount", indexCountSource, [indices.length, size], [{ s: indices }, { s: head, write: true }, { s: count, write: true }],
      indices.length, true);
    this.run1d("indexAdd:float32", indexAddSource, [n, size, inner, indices.length],
      [{ s: g }, { s: indices }, { s: head }, { s: count }, { s: out, write: true }], n);
  }

  /**
   * torch.gather along `d`: out (index's shape) = x at each index element's coordinates
   * with coordinate d replaced by the index's value. The index is int32; one outside
   * [0, xShape[d]) makes the next read throw PyTorch's "index … is out of bounds".
   */
  gather(x: GpuStorage, xShape: Shape, d: number, idx: GpuStorage, idxShape: Shape, out: GpuStorage): void {
    this.checkIndices("gather", idx);
    if (x.dtype !== out.dtype) throw new TypeError(`webgpu gather: x is ${x.dtype} but out is ${out.dtype}`);
    const n = numelOf(idxShape);
    expectLength("gather", x, numelOf(xShape));
    expectLength("gather", idx, n);
    expectLength("gather", out, n);
    const params = [n, xShape.length, d, xShape[d], ...idxShape, ...stridesOf(xShape)];
    if (params.length > 64) throw new RangeError(`webgpu gather: ${xShape.length} dims are more than the kernel takes`);
    this.run1d("gather", gatherSource, params, [{ s: x }, { s: idx }, { s: out, write: true }], n, true);
  }

  /**
   * Tensor.scatter / scatter_add along `d`, into `out` (which already holds the input, of
   * `outShape`): the source (of `srcShape`; a number with mode "value") written, or added,
   * at each index element's coordinates with coordinate d replaced by its value. Repeated
   * indices keep the last write and add in index order (the CPU's order).
   */
  scatter(mode: ScatterMode, out: GpuStorage, outShape: Shape, d: number, idx: GpuStorage, idxShape: Shape, src: GpuStorage | number, srcShape: Shape): void {
    this.checkIndices("scatter", idx);
    const n = numelOf(idxShape);
    expectLength("scatter", out, numelOf(outShape));
    expectLength("scatter", idx, n);
    if (typeof src !== "number") {
      if (src.dtype !== out.dtype) throw new TypeError(`webgpu scatter: src is ${src.dtype} but out is ${out.dtype}`);
      expectLength("scatter", src, numelOf(srcShape));
    }
    if (n === 0) return;
    const lenD = idxShape[d];
    const value = typeof src === "number" ? valueWord(src, out.dtype) : 0;
    const params = [n / lenD, outShape.length, d, outShape[d], lenD, value, ...idxShape, ...stridesOf(idxShape),
      ...(typeof src === "number" ? idxShape.map(() => 0) : stridesOf(srcShape)), ...stridesOf(outShape)];
    if (params.length > 64) throw new RangeError(`webgpu scatter: ${outShape.length} dims are more than the kernel takes`);
    const bindings = typeof src === "number" ? [{ s: idx }, { s: out, write: true }] : [{ s: idx }, { s: src }, { s: out, write: true }];
    const m: ScatterMode = typeof src === "number" ? "value" : mode;
    this.run1d(`scatter:${m}:${out.dtype}`, () => scatterSource(m, out.dtype), params, bindings, n / lenD, true);
  }

  /** out = the running sums of x [outer, size, inner] along its middle axis (float32, or int32 from int32 / bool). */
  cumsum(x: GpuStorage, out: GpuStorage, outer: number, size: number, inner: number): void {
    if (out.dtype !== (x.dtype === "float32" ? "float32" : "int32")) throw new TypeError(`webgpu cumsum: ${x.dtype} sums into ${x.dtype === "float32" ? "float32" : "int32"}, not ${out.dtype}`);
    expectLength("cumsum", x, outer * size * inner);
    expectLength("cumsum", out, outer * size * inner);
    const lines = outer * inner;
    const params = [lines, size, Math.max(inner, 1)];
    const bindings = [{ s: x }, { s: out, write: true }];
    if (size < SCAN_FROM) this.run1d(`cumsum:${x.dtype}`, () => cumsumSource(x.dtype), params, bindings, lines);
    else this.rt.dispatch(this.rt.pipeline(`cumsumScan:${x.dtype}`, () => cumsumScanSource(x.dtype)), params, bindings, this.rt.grid(lines * WG, WG));
  }

  /** out[p, k, q] = the product of x [outer, size, inner] over its middle axis without element k (prod's gradient, exact with zeros). */
  productOfOthers(x: GpuStorage, out: GpuStorage, outer: number, size: number, inner: number): void {
    if (x.dtype !== out.dtype || x.dtype === "bool") throw new TypeError(`webgpu productOfOthers: float32 or int32 of one dtype, got ${x.dtype} → ${out.dtype}`);
    expectLength("productOfOthers", x, outer * size * inner);
    expectLength("productOfOthers", out, outer * size * inner);
    const lines = outer * inner;
    this.run1d(`productOfOthers:${x.dtype}`, () => productOfOthersSource(x.dtype), [lines, size, Math.max(inner, 1)],
      [{ s: x }, { s: out, write: true }], lines);
  }

  /** Makes the next read throw PyTorch's ZeroDivisionError if an element of the integer divisor `x` is 0. */
  checkDivisor(x: GpuStorage): void {
    if (x.dtype === "float32") throw new TypeError("webgpu checkDivisor: integer divisors only (a float divisor of 0 gives inf or nan)");
    if (x.length === 0) return;
    this.rt.dispatch(this.rt.pipeline("zeroDivisor", zeroDivisorSource), [x.length], [{ s: x }], this.rt.grid(x.length, WG), this.rt.indexFlag);
  }

  /** out[i] = start + i·step for an int32 storage (index arithmetic on the device: row offsets, class ids). */
  arange(out: GpuStorage, start: number, step: number): void {
    if (out.dtype !== "int32") throw new TypeError(`webgpu arange: int32 storage expected, got ${out.dtype}`);
    this.run1d("arange", arangeSource, [out.length, start | 0, step | 0], [{ s: out, write: true }], out.length);
  }

  /** dst[dstOffset + i] = src[srcOffset + i] for i < n (one dtype). */
  copyRange(src: GpuStorage, srcOffset: number, dst: GpuStorage, dstOffset: number, n: number): void {
    if (src.dtype !== dst.dtype) throw new TypeError(`webgpu copyRange: ${src.dtype} → ${dst.dtype} (use cast)`);
    expectLength("copyRange", src, srcOffset + n);
    expectLength("copyRange", dst, dstOffset + n);
    this.rt.copy(src, srcOffset, dst, dstOffset, n);
  }

  /**
   * Cross-entropy of logits [rows, classes] against int32 class targets: `loss[0]` = Σ rows
   * of −log softmax(x)[target] (rows whose target is ignoreIndex add 0), and with `grad`,
   * softmax(x) − onehot(target) (unscaled; zero on ignored rows). The reference returns the
   * sum as a number; here it stays on the device until read.
   */
  crossEntropy(logits: GpuStorage, targets: GpuStorage, rows: number, classes: number, grad: GpuStorage | null, ignoreIndex: number, loss: GpuStorage): void {
    if (targets.dtype !== "int32") throw new TypeError(`webgpu crossEntropy: int32 targets on the device, got ${targets.dtype}`);
    for (const s of [logits, loss, ...(grad ? [grad] : [])]) {
      if (s.dtype !== "float32") throw new TypeError(`webgpu crossEntropy: float32 logits, loss and gradient, got ${s.dtype}`);
    }
    expectLength("crossEntropy", logits, rows * classes);
    expectLength("crossEntropy", targets, rows);
    expectLength("crossEntropy", loss, 1);
    if (grad) expectLength("crossEntropy", grad, rows * classes);
    const perRow = this.rt.allocUninit("float32", rows);
    this.run1d(`crossEntropy:${grad !== null}`, () => crossEntropySource(grad !== null), [rows, classes, ignoreIndex | 0],
      [{ s: logits }, { s: targets }, { s: perRow, write: true }, ...(grad ? [{ s: grad, write: true }] : [])], rows, true);
    this.reduce("sum", perRow, loss, 1, rows, 1);
  }

  /**
   * Binary cross-entropy with logits: `loss[0]` = Σ of max(x, 0) − x·y + log(1 + e^−|x|),
   * and with `grad`, σ(x) − y.
   */
  bceWithLogits(x: GpuStorage, y: GpuStorage, grad: GpuStorage | null, loss: GpuStorage): void {
    for (const s of [x, y, loss, ...(grad ? [grad] : [])]) {
      if (s.dtype !== "float32") throw new TypeError(`webgpu bceWithLogits: float32 storages only, got ${s.dtype}`);
    }
    const n = x.length;
    expectLength("bceWithLogits", y, n);
    expectLength("bceWithLogits", loss, 1);
    if (grad) expectLength("bceWithLogits", grad, n);
    const perElement = this.rt.allocUninit("float32", n);
    this.run1d(`bce:${grad !== null}`, () => bceWithLogitsSource(grad !== null), [n],
      [{ s: x }, { s: y }, { s: perElement, write: true }, ...(grad ? [{ s: grad, write: true }] : [])], n);
    this.reduce("sum", perElement, loss, 1, n, 1);
  }

  /**
   * Adds one binary / multi-label update of a metric to an int32 tally (metrics/core/device-counts.ts):
   * float scores take two passes (any logit in the batch, then the decisions), labels one.
   */
  binaryTally(preds: GpuStorage, target: GpuStorage, tally: GpuStorage, a: BinaryTallyArgs): void {
    this.checkTally("binaryTally", target, tally, a.n, a.bins);
    expectLength("binaryTally", preds, a.n);
    const [hasIgnore, ignore] = ignoreWord(a.ignoreIndex, target);
    const flags = (hasIgnore ? 1 : 0) | (a.keptScope ? 2 : 0) | (a.validate ? 4 : 0);
    const params = [a.n, a.cols, a.inner, a.samplewise ? 1 : 0, a.bins, flags, ignore, bitsOf(Math.fround(a.threshold))];
    const io = [{ s: preds }, { s: target }];
    if (preds.dtype !== "float32") {
      this.run1d(`binaryTally:${preds.dtype}:${target.dtype}`, () => binaryTallySource(preds.dtype, target.dtype, false), params,
        [...io, { s: tally, write: true }], a.n);
      return;
    }
    const w = this.rt.alloc("int32", 1);
    this.run1d(`binaryTally:logits:${target.dtype}`, () => binaryTallySource("float32", target.dtype, true), params, [...io, { s: w, write: true }], a.n);
    this.run1d(`binaryTally:float32:${target.dtype}`, () => binaryTallySource("float32", target.dtype, false), params,
      [...io, { s: w, write: true }, { s: tally, write: true }], a.n);
  }

  /** Adds one multi-class update of a metric to an int32 tally: scores [rows, classes, perRow] or labels. */
  multiclassTally(preds: GpuStorage, target: GpuStorage, tally: GpuStorage, a: MulticlassTallyArgs): void {
    this.checkTally("multiclassTally", target, tally, a.n, a.bins);
    if (a.classes > 0 && preds.dtype !== "float32") throw new TypeError(`webgpu multiclassTally: float32 scores, got ${preds.dtype}`);
    expectLength("multiclassTally", preds, a.n * Math.max(1, a.classes));
    const [hasIgnore, ignore] = ignoreWord(a.ignoreIndex, target);
    const params = [a.n, a.perRow, a.classes, a.numClasses ?? 0, a.topK, a.samplewise ? 1 : 0, a.bins, hasIgnore ? 1 : 0, ignore];
    const scores = a.classes > 0;
    this.run1d(`multiclassTally:${scores}:${preds.dtype}:${target.dtype}`, () => multiclassTallySource(preds.dtype, target.dtype, scores), params,
      [{ s: preds }, { s: target }, { s: tally, write: true }], a.n);
  }

  /** The tally and the targets; each caller checks its predictions' length (one per target, or a row of scores). */
  private checkTally(what: string, target: GpuStorage, tally: GpuStorage, n: number, bins: number): void {
    if (tally.dtype !== "int32") throw new TypeError(`webgpu ${what}: an int32 tally, got ${tally.dtype}`);
    expectLength(what, tally, bins + 3);
    expectLength(what, target, n);
  }

  /**
   * One SGD step over every parameter (torch.optim.SGD's update, as the reference's fused
   * kernel): float32 parameters, gradients and (with momentum) buffers, which `firstStep`
   * initialises to the gradient.
   */
  sgdStep(params: readonly GpuStorage[], grads: readonly GpuStorage[], buffers: readonly GpuStorage[] | null, firstStep: boolean, o: SGDOptions): void {
    const fr = Math.fround;
    const useBuf = o.momentum !== 0 && buffers !== null;
    const flags = (o.maximize ? 1 : 0) | (o.weightDecay !== 0 ? 2 : 0) | (firstStep ? 4 : 0) | (o.nesterov ? 8 : 0);
    const scalars = [fr(o.weightDecay), fr(o.momentum), fr(1 - o.dampening), fr(-o.lr)].map(bitsOf);
    params.forEach((p, t) => {
      const g = grads[t];
      this.checkOptimOperands("sgdStep", p, [g, ...(useBuf ? [buffers[t]] : [])]);
      const bindings = [{ s: p, write: true }, { s: g }, ...(useBuf ? [{ s: buffers[t], write: true }] : [])];
      this.run1d(`sgd:${useBuf}`, () => sgdSource(useBuf), [p.length, flags, ...scalars], bindings, p.length);
    });
  }

  /**
   * One Adam / AdamW step (step count `step`, from 1) over every parameter, as the
   * reference's fused kernel: bias corrections in float64 on the host (with Kindling's
   * libm pow), the element updates in float32 on the device.
   */
  adamStep(
    params: readonly GpuStorage[], grads: readonly GpuStorage[], expAvg: readonly GpuStorage[], expAvgSq: readonly GpuStorage[],
    maxExpAvgSq: readonly GpuStorage[] | null, step: number, o: AdamOptions,
  ): void {
    const fr = Math.fround;
    const [beta1, beta2] = o.betas;
    const stepSize = o.lr / (1 - libm.pow(beta1, step));
    const bc2 = Math.sqrt(1 - libm.pow(beta2, step));
    const w1 = fr(1 - beta1);
    const flags = (o.maximize ? 1 : 0) | (o.weightDecay !== 0 ? 2 : 0) | (o.decoupledWeightDecay ? 4 : 0) | (Math.abs(w1) < 0.5 ? 8 : 0);
    const scalars = [1 - o.lr * o.weightDecay, o.weightDecay, w1, w1 - 1, beta2, 1 - beta2, bc2, o.eps, -stepSize].map((v) => bitsOf(fr(v)));
    const ams = o.amsgrad && maxExpAvgSq !== null;
    params.forEach((p, t) => {
      const rest = [grads[t], expAvg[t], expAvgSq[t], ...(ams ? [maxExpAvgSq[t]] : [])];
      this.checkOptimOperands("adamStep", p, rest);
      const bindings = [{ s: p, write: true }, { s: grads[t] }, { s: expAvg[t], write: true }, { s: expAvgSq[t], write: true },
        ...(ams ? [{ s: maxExpAvgSq[t], write: true }] : [])];
      this.run1d(`adam:${ams}`, () => adamSource(ams), [p.length, flags, ...scalars], bindings, p.length);
    });
  }

  /** One RMSprop step over every parameter, as the reference's kernel (float32 scalars computed on the host as there). */
  rmspropStep(
    params: readonly GpuStorage[], grads: readonly GpuStorage[], squareAvg: readonly GpuStorage[],
    gradAvg: readonly GpuStorage[] | null, buffers: readonly GpuStorage[] | null, o: RMSpropOptions,
  ): void {
    const fr = Math.fround;
    const c = fr(1 - o.alpha);
    const flags = (o.maximize ? 1 : 0) | (o.weightDecay !== 0 ? 2 : 0) | (Math.abs(c) < 0.5 ? 4 : 0);
    const scalars = [fr(o.weightDecay), fr(o.alpha), c, fr(c - 1), fr(o.eps), fr(o.momentum), fr(-o.lr)].map(bitsOf);
    const centered = gradAvg !== null, momentum = o.momentum > 0 && buffers !== null;
    params.forEach((p, t) => {
      const rest = [grads[t], squareAvg[t], ...(centered ? [gradAvg[t]] : []), ...(momentum ? [buffers[t]] : [])];
      this.checkOptimOperands("rmspropStep", p, rest);
      const bindings = [{ s: p, write: true }, { s: grads[t] }, ...rest.slice(1).map((s) => ({ s, write: true }))];
      this.run1d(`rmsprop:${centered}:${momentum}`, () => rmspropSource(centered, momentum), [p.length, flags, ...scalars], bindings, p.length);
    });
  }

  /** One Adagrad step (step count `step`, from 1) over every parameter, as the reference's kernel. */
  adagradStep(params: readonly GpuStorage[], grads: readonly GpuStorage[], sums: readonly GpuStorage[], step: number, o: AdagradOptions): void {
    const fr = Math.fround;
    const clr = o.lr / (1 + (step - 1) * o.lrDecay);
    const flags = (o.maximize ? 1 : 0) | (o.weightDecay !== 0 ? 2 : 0);
    const scalars = [fr(o.weightDecay), fr(o.eps), fr(-clr)].map(bitsOf);
    params.forEach((p, t) => {
      this.checkOptimOperands("adagradStep", p, [grads[t], sums[t]]);
      const bindings = [{ s: p, write: true }, { s: grads[t] }, { s: sums[t], write: true }];
      this.run1d("adagrad", adagradSource, [p.length, flags, ...scalars], bindings, p.length);
    });
  }

  private checkOptimOperands(what: string, p: GpuStorage, others: readonly GpuStorage[]): void {
    for (const s of [p, ...others]) {
      if (s.dtype !== "float32") throw new TypeError(`webgpu ${what}: float32 storages only, got ${s.dtype}`);
      expectLength(what, s, p.length);
    }
  }

  private checkIndices(what: string, indices: GpuStorage): void {
    if (indices.dtype !== "int32") throw new TypeError(`webgpu ${what}: indices must be int32 on the device, got ${indices.dtype}`);
  }
}
