/**
 * The kernel interface beneath the ops. Ops and autograd see only this, so a faster
 * backend (WebAssembly SIMD, threads, a GPU) can replace the typed-array kernels
 * without touching them. Kernels take contiguous row-major storage and write into
 * `out`, which the caller allocates; they never allocate tensors themselves.
 */
import type { Storage } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";

export type UnaryOp =
  | "neg" | "abs" | "exp" | "expm1" | "log" | "log1p" | "log2" | "log10" | "sqrt" | "rsqrt" | "square"
  | "reciprocal" | "sigmoid" | "tanh" | "relu" | "sin" | "cos" | "floor" | "ceil" | "round" | "trunc"
  | "sign" | "erf" | "isnan" | "isfinite" | "isinf" | "logicalNot" | "copy";

/** Unary ops with one or two numeric parameters. */
export type ParamUnaryOp = "clamp" | "leakyRelu" | "elu" | "softplus" | "gelu" | "geluTanh" | "silu" | "powScalar";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "atan2" | "remainder" | "floorDivide"
  | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "logicalAnd" | "logicalOr" | "logicalXor";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin" | "any" | "all";

export interface Backend {
  readonly name: string;
  unary(op: UnaryOp, x: Storage, out: Storage): void;
  unaryParam(op: ParamUnaryOp, x: Storage, out: Storage, p0: number, p1: number): void;
  /** Element-wise with broadcasting: shapes are already checked; `outShape` is their broadcast. */
  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Storage, outShape: Shape): void;
  /** Reduces the middle axis of x viewed as [outer, size, inner] into out [outer, inner]. */
  reduce(op: ReduceOp, x: Storage, out: Storage, outer: number, size: number, inner: number): void;
  /**
   * out[M, N] = op(A) · op(B) for `batch` independent products laid end to end;
   * A is [M, K] (or [K, M] with transA), B is [K, N] (or [N, K] with transB).
   * A stride of 0 repeats one operand over the batch (broadcasting).
   */
  matmul(
    a: Storage, b: Storage, out: Storage, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number,
  ): void;
  /** Copies x [rows, cols] into out transposed along any permutation of its dims. */
  permute(x: Storage, shape: Shape, perm: readonly number[], out: Storage): void;
}
