/**
 * Matrix products and the fused linear layer. The backward pass uses the kernel's
 * transposed forms (A·Bᵀ, Aᵀ·B) directly, so no transposed copies are made.
 */
import { record } from "../autograd/node.js";
import { backend } from "../backend/index.js";
import { DTypeError, ShapeError } from "../errors.js";
import { isFloating, promoteTypes } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape, numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { empty, sumTo } from "./util.js";

function sameDtype(a: Tensor, b: Tensor, what: string): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`${what}: expected m1 and m2 to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  }
}

/**
 * Raw batched product of [..., m, k] by [..., k, n] (after the transposes), batch dims
 * already equal or of size 1 in one operand (stride 0).
 */
function bmmRaw(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const ra = a.ndim, rb = b.ndim;
  const m = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = a.shape.slice(0, ra - 2), batchB = b.shape.slice(0, rb - 2);
  const batchShape = broadcastShapes(batchA, batchB);
  const batch = numelOf(batchShape);
  let x = a, y = b;
  // A batch operand that is not a single matrix but does not match is expanded (copied).
  if (numelOf(batchA) !== 1 && numelOf(batchA) !== batch) x = a.detach().expand([...batchShape, ...a.shape.slice(ra - 2)]);
  if (numelOf(batchB) !== 1 && numelOf(batchB) !== batch) y = b.detach().expand([...batchShape, ...b.shape.slice(rb - 2)]);
  const out = empty([...batchShape, m, n], promoteTypes(a.dtype, b.dtype));
  const sa = numelOf(x.shape.slice(0, x.ndim - 2)) === 1 ? 0 : m * k;
  const sb = numelOf(y.shape.slice(0, y.ndim - 2)) === 1 ? 0 : k * n;
  backend().matmul(x.data, y.data, out.data, batch, m, k, n, transA, transB, sa, sb);
  return out;
}

/** 2-D product with PyTorch's message for mismatched shapes. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw new ShapeError(`self must be a matrix`);
  if (b.ndim !== 2) throw new ShapeError(`mat2 must be a matrix`);
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  sameDtype(a, b, "mm");
  const out = bmmRaw(a, b, false, false);
  return record(out, "MmBackward0", [a, b], (g) => [
    a.requiresGrad ? bmmRaw(g, b, false, true) : null,
    b.requiresGrad ? bmmRaw(a, g, true, false) : null,
  ]);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3) throw new ShapeError(`batch1 and batch2 must be 3D tensors`);
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(`Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  return matmul(a, b);
}

/** torch.matmul: dot for 1-D, mm for 2-D, broadcast batches above. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  const x = a.ndim === 1 ? a.unsqueeze(0) : a;
  const y = b.ndim === 1 ? b.unsqueeze(1) : b;
  const k1 = x.shape[x.ndim - 1], k2 = y.shape[y.ndim - 2];
  if (k1 !== k2) {
    const m = numelOf(x.shape.slice(0, x.ndim - 1));
    throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k1} and ${k2}x${y.shape[y.ndim - 1]})`);
  }
  sameDtype(x, y, "matmul");
  const out = bmmRaw(x, y, false, false);
  const res = record(out, "UnsafeViewBackward0", [x, y], (g) => [
    x.requiresGrad ? sumTo(bmmRaw(g, y, false, true), x.shape) : null,
    y.requiresGrad ? sumTo(bmmRaw(x, g, true, false), y.shape) : null,
  ]);
  if (a.ndim === 1) return res.squeeze(-2);
  if (b.ndim === 1) return res.squeeze(-1);
  return res;
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.numel() !== b.numel()) {
    throw new ShapeError(
      `inconsistent tensor size, expected tensor [${a.numel()}] and src [${b.numel()}] to have the same number of elements, but got ${a.numel()} and ${b.numel()} elements respectively`,
    );
  }
  sameDtype(a, b, "dot");
  return a.mul(b).sum();
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`outer: expected 1D tensors, but got ${a.ndim}D and ${b.ndim}D`);
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}

/**
 * y = x Wᵀ + b in one op (F.linear), over any number of leading dims. Gradients:
 * dx = g W, dW = gᵀ x, db = Σ g — each a single kernel call.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (!isFloating(x.dtype)) throw new DTypeError(`mat1 and mat2 must have the same dtype, but got ${x.dtype === "int64" ? "Long" : x.dtype} and ${weight.dtype === "float32" ? "Float" : weight.dtype}`);
  const inF = weight.shape[1], outF = weight.shape[0];
  const k = x.shape[x.ndim - 1];
  const rows = numelOf(x.shape.slice(0, x.ndim - 1));
  if (k !== inF) throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k} and ${inF}x${outF})`);
  if (x.dtype !== weight.dtype) {
    const name = (d: string): string => (d === "float32" ? "Float" : d === "float64" ? "Double" : d);
    throw new DTypeError(`mat1 and mat2 must have the same dtype, but got ${name(x.dtype)} and ${name(weight.dtype)}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias of shape ${fmtShape(bias.shape)} does not match out_features ${outF}`);
  }
  const x2 = x.detach().reshape([rows, k]);
  const out = empty([rows, outF], x.dtype);
  backend().matmul(x2.data, weight.data, out.data, 1, rows, k, outF, false, true, 0, 0);
  if (bias) {
    const o = out.data, bd = bias.data;
    for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) o[r * outF + j] += bd[j];
  }
  const shape = [...x.shape.slice(0, x.ndim - 1), outF];
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const res = record(out, bias ? "AddmmBackward0" : "MmBackward0", inputs, (g) => {
    const g2 = g.reshape([rows, outF]);
    const gx = x.requiresGrad ? bmmRaw(g2, weight, false, false).reshape([...x.shape]) : null;
    const gw = weight.requiresGrad ? bmmRaw(g2, x2, true, false) : null;
    const gb = bias?.requiresGrad ? g2.sum({ dim: 0 }) : null;
    return bias ? [gx, gw, gb] : [gx, gw];
  });
  return x.ndim === 2 ? res : res.reshape(shape);
}

