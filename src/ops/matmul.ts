/**
 * Matrix products and the fused linear layer. The backward pass uses the kernel's
 * transposed forms (A·Bᵀ, Aᵀ·B) directly, so no transposed copies are made; when the
 * backward pass is itself recorded (createGraph), it is built from differentiable ops.
 */
import { isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { fusedBackward, markFresh, record, type FusedBackward } from "../autograd/node.js";
import type { LinearActivation } from "../backend/backend.js";
import { deviceBackend, fused, kernelsOn } from "./kernels.js";
import { mixedDevices } from "../tensor/device.js";
import { AutogradError, DTypeError, ShapeError } from "../errors.js";
import { cppTypeName, isFloating, promoteTypes } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape, numelOf, shapeEq } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { OPS } from "./table.js";
import { empty, sumTo, unfilled } from "./util.js";

function sameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`expected m1 and m2 to have the same dtype, but got: ${cppTypeName(a.dtype)} != ${cppTypeName(b.dtype)}`);
  }
}

/**
 * Raw batched product of [..., m, k] by [..., k, n] (after the transposes), batch dims
 * broadcast: an operand holding a single matrix is repeated with a batch stride of 0.
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
  if (a.device !== b.device) throw mixedDevices(a.device, b.device);
  // The kernels write every element (zeros for an empty depth, which stays zero-filled here).
  const make = k === 0 ? empty : unfilled;
  const out = make([...batchShape, m, n], promoteTypes(a.dtype, b.dtype), a.device);
  const sa = numelOf(x.shape.slice(0, x.ndim - 2)) === 1 ? 0 : m * k;
  const sb = numelOf(y.shape.slice(0, y.ndim - 2)) === 1 ? 0 : k * n;
  kernelsOn(a.device).matmul(x.store, y.store, out.store, batch, m, k, n, transA, transB, sa, sb);
  return out;
}

/**
 * Gradients of out = x·y (batched, broadcast): g·yᵀ and xᵀ·g, summed to each operand's
 * shape. The kernel uses the GEMM's transposed forms, so no transposed copy is made.
 * `shape` is the product's shape before any 1-D operand's dim was dropped.
 */
function productGrads(x: Tensor, y: Tensor, shape?: readonly number[]): FusedBackward {
  const full = (g: Tensor): Tensor => (shape ? g.reshape([...shape]) : g);
  return fusedBackward(
    (g) => [
      x.requiresGrad ? sumTo(bmmRaw(full(g), y, false, true), x.shape) : null,
      y.requiresGrad ? sumTo(bmmRaw(x, full(g), true, false), y.shape) : null,
    ],
    (g) => [
      x.requiresGrad ? sumTo(matmul(full(g), y.mT), x.shape) : null,
      y.requiresGrad ? sumTo(matmul(x.mT, full(g)), y.shape) : null,
    ],
  );
}

/** PyTorch's `out=` keyword: the result is written into this tensor. */
export interface OutOptions {
  out?: Tensor;
}

/**
 * Writes a product into `out` (PyTorch's `out=`): no graph, so no input may require
 * grad while grad mode is on; `out` has the result's dtype and shape, or is empty (it is
 * then resized, as PyTorch resizes an empty out). 2-D float products go straight into
 * out's storage unless it is also an operand's.
 */
function productInto(op: string, a: Tensor, b: Tensor, out: Tensor, compute: () => Tensor): Tensor {
  if (isGradEnabled() && (a.requiresGrad || b.requiresGrad)) {
    throw new AutogradError(`${op}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (out.dtype !== dtype) throw new DTypeError(`Expected out tensor to have dtype ${cppTypeName(dtype)}, but got ${cppTypeName(out.dtype)} instead`);
  const direct = a.ndim === 2 && b.ndim === 2 && a.shape[1] === b.shape[0] && a.dtype === b.dtype && isFloating(dtype) && out.ndim === 2 &&
    out.shape[0] === a.shape[0] && out.shape[1] === b.shape[1] && out.store !== a.store && out.store !== b.store &&
    a.device === out.device && b.device === out.device;
  if (direct) {
    const [m, k] = a.shape, n = b.shape[1];
    kernelsOn(out.device).matmul(a.store, b.store, out.store, 1, m, k, n, false, false, 0, 0);
    return out;
  }
  const res = noGrad(compute);
  if (res.device !== out.device) throw mixedDevices(res.device, out.device);
  if (!shapeEq(out.shape, res.shape)) {
    if (out.numel() !== 0) {
      throw new ShapeError(`${op}(): out has shape ${fmtShape(out.shape)}, but the result has shape ${fmtShape(res.shape)} (PyTorch resizes only an empty out without a warning)`);
    }
    Object.assign(out, { shape: res.shape });
    out._setStorage(res.store, out.dtype, out.device);
  } else kernelsOn(out.device).unary("copy", res.store, out.store);
  return out;
}

/** 2-D product with PyTorch's message for mismatched shapes. */
export function mm(a: Tensor, b: Tensor, opts: OutOptions = {}): Tensor {
  if (a.ndim !== 2) throw new ShapeError(`self must be a matrix`);
  if (b.ndim !== 2) throw new ShapeError(`mat2 must be a matrix`);
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  sameDtype(a, b);
  if (opts.out) return productInto("mm", a, b, opts.out, () => mm(a, b));
  const out = bmmRaw(a, b, false, false);
  return record(out, OPS.mm, [a, b], productGrads(a, b));
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw new ShapeError(`batch1 must be a 3D tensor`);
  if (b.ndim !== 3) throw new ShapeError(`batch2 must be a 3D tensor`);
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(`Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  sameDtype(a, b);
  const out = bmmRaw(a, b, false, false);
  return record(out, OPS.mm, [a, b], productGrads(a, b), "BmmBackward0");
}

/** Matrix times vector (torch.mv). */
function mv(a: Tensor, v: Tensor): Tensor {
  if (a.shape[1] !== v.shape[0]) {
    throw new ShapeError(`size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${v.shape[0]})`);
  }
  sameDtype(a, v);
  const out = bmmRaw(a, v.detach().reshape([v.shape[0], 1]), false, false);
  const res = new Tensor(out.store, [a.shape[0]], out.dtype, out.device);
  return record(res, OPS.mv, [a, v], (g) => [
    a.requiresGrad ? outer(g, v) : null,
    v.requiresGrad ? matmul(g, a) : null,
  ]);
}

/** torch.matmul: dot for 1-D, mm for 2-D, mv, and broadcast batches above. */
export function matmul(a: Tensor, b: Tensor, opts: OutOptions = {}): Tensor {
  if (opts.out) return productInto("matmul", a, b, opts.out, () => matmul(a, b));
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  if (a.ndim === 2 && b.ndim === 1) return mv(a, b);
  if (a.ndim === 1 && b.ndim === 2) {
    if (a.shape[0] !== b.shape[0]) {
      throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (1x${a.shape[0]} and ${b.shape[0]}x${b.shape[1]})`);
    }
    // PyTorch computes it as mm of [1, k] by [k, n], then squeezes (SqueezeBackward4).
    const prod = mm(a.unsqueeze(0), b);
    const out = new Tensor(prod.store, [b.shape[1]], prod.dtype, prod.device);
    return record(out, OPS.view, [prod], (g) => [g.reshape([1, b.shape[1]])], "SqueezeBackward4");
  }
  const x = a.ndim === 1 ? a.unsqueeze(0) : a;
  const y = b.ndim === 1 ? b.unsqueeze(1) : b;
  const k1 = x.shape[x.ndim - 1], k2 = y.shape[y.ndim - 2];
  if (k1 !== k2) {
    if (y.ndim === 2) {
      // A batch times a matrix is folded into one mm: PyTorch reports the folded shapes.
      const m = numelOf(x.shape.slice(0, x.ndim - 1));
      throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k1} and ${k2}x${y.shape[1]})`);
    }
    const batch = numelOf(broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2)));
    throw new ShapeError(`Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k1}] but got: [${batch}, ${k2}].`);
  }
  sameDtype(x, y);
  const full = bmmRaw(x, y, false, false);
  // A 1-D operand's added dim is dropped from the result, which PyTorch makes by a view.
  let shape = full.shape;
  if (a.ndim === 1) shape = [...shape.slice(0, -2), shape[shape.length - 1]];
  else if (b.ndim === 1) shape = shape.slice(0, -1);
  const out = new Tensor(full.store, shape, full.dtype, full.device);
  return record(out, OPS.mm, [x, y], productGrads(x, y, full.shape), "UnsafeViewBackward0");
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.numel() !== b.numel()) {
    throw new ShapeError(
      `inconsistent tensor size, expected tensor [${a.numel()}] and src [${b.numel()}] to have the same number of elements, but got ${a.numel()} and ${b.numel()} elements respectively`,
    );
  }
  sameDtype(a, b);
  if (a.device !== "cpu" || b.device !== "cpu") {
    // On a device: the [1, n] · [n, 1] product, as one matmul kernel.
    if (a.device !== b.device) throw mixedDevices(a.device, b.device);
    const out = empty([], a.dtype, a.device);
    kernelsOn(a.device).matmul(a.store, b.store, out.store, 1, 1, a.numel(), 1, false, false, 0, 0);
    return record(out, OPS.dot, [a, b], (g) => [a.requiresGrad ? b.mul(g) : null, b.requiresGrad ? a.mul(g) : null]);
  }
  const out = empty([], a.dtype);
  fused(OPS.dot).dot(a.store, b.store, out.store);
  return record(out, OPS.dot, [a, b], (g) => [a.requiresGrad ? b.mul(g) : null, b.requiresGrad ? a.mul(g) : null]);
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`outer: expected 1D tensors, but got ${a.ndim}D and ${b.ndim}D`);
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}

/** A new gradient for `t`, which the backward engine may give to a leaf without a copy. */
function freshGrad(t: Tensor): Tensor {
  return markFresh(unfilled(t.shape, t.dtype));
}

/** The node each fused form records: PyTorch's name for the op that made the output. */
const LINEAR_NODE: Record<LinearActivation, string> = { none: "AddmmBackward0", relu: "ReluBackward0" };

/**
 * y = act(x Wᵀ + b) in one op (F.linear, and nn.Sequential's Linear → ReLU pairs), over
 * any number of leading dims. Gradients, with gz = g ⊙ act'(y): dx = gz W, dW = gzᵀ x,
 * db = Σ gz — one kernel call each way. The activation's derivative is a function of its
 * output, so the pre-activation is never stored.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, act: LinearActivation = "none"): Tensor {
  // F.linear routes PyTorch's other forms through matmul; a weight that is not [out, in]
  // reaching here (a layer's weight replaced by hand) is refused, never read as one.
  if (weight.ndim !== 2 || x.ndim === 0) {
    throw new ShapeError(`linear: expected an input of at least 1 dimension and a 2-D weight [out_features, in_features], got ${fmtShape(x.shape)} and ${fmtShape(weight.shape)}`);
  }
  const inF = weight.shape[1], outF = weight.shape[0];
  const k = x.shape[x.ndim - 1];
  const rows = numelOf(x.shape.slice(0, x.ndim - 1));
  if (k !== inF) throw new ShapeError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k} and ${inF}x${outF})`);
  if (x.dtype !== weight.dtype || !isFloating(x.dtype)) {
    throw new DTypeError(`expected m1 and m2 to have the same dtype, but got: ${cppTypeName(x.dtype)} != ${cppTypeName(weight.dtype)}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias of shape ${fmtShape(bias.shape)} does not match out_features ${outF}`);
  }
  if (bias && bias.dtype !== x.dtype) {
    throw new DTypeError(`expected m1 and m2 to have the same dtype, but got: ${cppTypeName(x.dtype)} != ${cppTypeName(bias.dtype)}`);
  }
  const op = act === "none" ? OPS.linear : OPS.linearAct;
  if (x.device !== "cpu" || weight.device !== "cpu" || (bias && bias.device !== "cpu")) return deviceLinear(x, weight, bias ?? null, act, rows, k, outF);
  // Storage is contiguous, so x's data is already the [rows, k] matrix.
  const out = unfilled([rows, outF], x.dtype);
  fused(op).linear(x.store, weight.store, bias ? bias.store : null, out.store, rows, k, outF, act);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const res = record(out, op, inputs, fusedBackward(
    (g) => linearGradsKernel(x, weight, bias ?? null, out, g, act, rows, k, outF),
    (g) => composedLinearGrads(x, weight, bias ?? null, out, g, act, rows, k, outF),
  ), act === "none" && !bias ? "MmBackward0" : LINEAR_NODE[act]);
  return x.ndim === 2 ? res : res.reshape([...x.shape.slice(0, x.ndim - 1), outF]);
}

/**
 * linear on a device without the fused kernel: the product with the weight's transposed
 * form, the bias added by broadcasting and the ReLU as a clamp, on the primitives; its
 * gradients are the composed ones.
 */
function deviceLinear(x: Tensor, weight: Tensor, bias: Tensor | null, act: LinearActivation, rows: number, k: number, outF: number): Tensor {
  const device = x.device as Exclude<typeof x.device, "cpu">;
  for (const t of bias ? [weight, bias] : [weight]) if (t.device !== device) throw mixedDevices(device, t.device);
  const out = unfilled([rows, outF], x.dtype, device);
  const b = deviceBackend(device);
  // linear takes floats, and a device's only float is float32, which its fused kernels take.
  b.linear(x.store, weight.store, bias ? bias.store : null, out.store, rows, k, outF, act);
  const op = act === "none" ? OPS.linear : OPS.linearAct;
  const composed = (g: Tensor): (Tensor | null)[] => composedLinearGrads(x, weight, bias, out, g, act, rows, k, outF);
  const kernel = (g: Tensor): (Tensor | null)[] => {
    if (g.device !== device) return composed(g);
    const gx = x.requiresGrad ? markFresh(unfilled(x.shape, x.dtype, device)) : null;
    const gw = weight.requiresGrad ? markFresh(unfilled(weight.shape, weight.dtype, device)) : null;
    const gb = bias?.requiresGrad ? markFresh(unfilled(bias.shape, bias.dtype, device)) : null;
    b.linearBackward({
      g: g.store, y: act === "none" ? null : out.store, x: x.store, w: weight.store, m: rows, k, n: outF, act,
      gx: gx ? gx.store : null, gw: gw ? gw.store : null, gb: gb ? gb.store : null,
    });
    return bias ? [gx, gw, gb] : [gx, gw];
  };
  const res = record(out, op, bias ? [x, weight, bias] : [x, weight], fusedBackward(kernel, composed),
    act === "none" && !bias ? "MmBackward0" : LINEAR_NODE[act]);
  return x.ndim === 2 ? res : res.reshape([...x.shape.slice(0, x.ndim - 1), outF]);
}

/** linear's gradients in one backend call each way (GEMMs in transposed forms, column sums). */
function linearGradsKernel(
  x: Tensor, weight: Tensor, bias: Tensor | null, out: Tensor, g: Tensor, act: LinearActivation, rows: number, k: number, outF: number,
): (Tensor | null)[] {
  const gx = x.requiresGrad ? freshGrad(x) : null;
  const gw = weight.requiresGrad ? freshGrad(weight) : null;
  const gb = bias?.requiresGrad ? freshGrad(bias) : null;
  fused(act === "none" ? OPS.linear : OPS.linearAct).linearBackward({
    g: g.store, y: act === "none" ? null : out.store, x: x.store, w: weight.store, m: rows, k, n: outF, act,
    gx: gx ? gx.store : null, gw: gw ? gw.store : null, gb: gb ? gb.store : null,
  });
  return bias ? [gx, gw, gb] : [gx, gw];
}

/** linear's gradients built from ops, so that they are differentiable (createGraph). */
function composedLinearGrads(
  x: Tensor, w: Tensor, b: Tensor | null, y: Tensor, g: Tensor, act: LinearActivation, m: number, k: number, n: number,
): (Tensor | null)[] {
  // The output stays in the graph (PyTorch's saved `result`): second derivatives of
  // sigmoid and tanh flow through it.
  const g2 = g.reshape([m, n]);
  const gz = act === "relu" ? g2.mul(y.le(0).logicalNot()) : g2; // threshold_backward: a NaN output passes g
  const gx = x.requiresGrad ? gz.matmul(w).reshape([...x.shape]) : null;
  const gw = w.requiresGrad ? gz.mT.matmul(x.reshape([m, k])) : null;
  const gb = b?.requiresGrad ? gz.sum({ dim: 0 }) : null;
  return b ? [gx, gw, gb] : [gx, gw];
}
