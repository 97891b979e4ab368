/**
 * A node of the backward graph: the function that turns the gradient of an op's
 * output into gradients of its inputs. Ops create nodes with `record`, next to
 * their forward computation, so each op's gradient is written beside it.
 */
import { scalarTypeName } from "../tensor/dtype.js";
import { expose, recycle } from "../tensor/pool.js";
import type { Store } from "../tensor/device.js";
import { AutogradError } from "../errors.js";
import { fmtShape } from "../tensor/shape.js";
import type { OpDecl } from "../ops/table.js";
import type { Tensor } from "../tensor/tensor.js";
import { isGradEnabled } from "./grad-mode.js";
import { versionOf } from "./version.js";

/** Returns, for each input, its gradient (or null where none flows). */
export type BackwardFn = (gradOutput: Tensor) => (Tensor | null)[];

/**
 * A backward with a fast kernel. The kernel reads and writes numbers, so its result has
 * no graph: the engine runs it only in a plain backward, and runs `composed` (the same
 * formula built from differentiable ops) whenever the backward is itself recorded
 * (`createGraph`), so second-order gradients are right for every op that has a kernel.
 * Entries of the op table that declare `kernel: true` must pass both (ops/table.ts).
 */
export interface FusedBackward {
  readonly kernel: BackwardFn;
  readonly composed: BackwardFn;
}

/**
 * The composed form of a kernel backward that has none yet: a recorded backward
 * (createGraph) raises, naming the op, rather than cutting the graph into a silent zero.
 */
export function noComposedBackward(op: string, why: string): BackwardFn {
  return () => {
    throw new AutogradError(`${op}: a differentiable backward (createGraph: true) is not supported yet: ${why}`);
  };
}

/**
 * A FusedBackward from its two forms. (Built by a call rather than an object literal of
 * arrow functions: esbuild's keepNames, which tsx and the bench use, names each such
 * property function at creation, a cost the hot ops would pay on every call.)
 */
export function fusedBackward(kernel: BackwardFn, composed: BackwardFn): FusedBackward {
  return { kernel, composed };
}

/** What `record` takes for an entry: both forms for an op with a kernel backward. */
export type BackwardOf<D extends OpDecl> = D extends { readonly kernel: true } ? FusedBackward : BackwardFn;

export class Node {
  /** PyTorch's name for the node, e.g. "AddmmBackward0". */
  readonly name: string;
  /**
   * The op's inputs, for the engine. (Public `inputs` below hands them out, so their
   * storage is never recycled.)
   * @internal
   */
  readonly _inputs: readonly Tensor[];
  /**
   * Each input's node and whether it needed a gradient, taken when this node was made:
   * an in-place op later gives the input tensor a new node (ops/inplace.ts), and this
   * node's gradient must still flow to the history the input had when it was read, as
   * PyTorch's edges do.
   * @internal
   */
  readonly _edges: (Node | null)[];
  /** @internal */
  readonly _needs: boolean[];
  /**
   * Whether PyTorch's node saves tensors for backward. Only such nodes are freed
   * after a backward without `retainGraph` (PyTorch can run `(x + 1).sum()`
   * backward twice, but not `(x * x).sum()`).
   */
  readonly savesTensors: boolean;
  /** The number of the last topological sort that reached this node (backward.ts). */
  visited = 0;
  /** The non-leaf output whose `.grad` is kept (`retainGrad()`), if any. */
  retainedBy: Tensor | null = null;
  /**
   * Storage only this part of the graph refers to (a fused op's own saved buffer, a
   * Sequential's intermediate outputs), given back to the pool when the graph is freed.
   */
  private scratch: Store[] | null = null;
  private fn: BackwardFn | null;
  /** The backward from differentiable ops, when `fn` is a kernel (FusedBackward). */
  private composed: BackwardFn | null;

  /**
   * `saved`: the tensors backward reads (derived from the op table by `record`); an
   * in-place change to any of them before backward is an error (version counters,
   * autograd/version.ts) instead of a wrong gradient.
   */
  constructor(name: string, inputs: readonly Tensor[], fn: BackwardFn | FusedBackward, savesTensors: boolean, saved: readonly Tensor[] = [], result?: Tensor) {
    this.name = name;
    this._inputs = inputs;
    const n = inputs.length;
    this._edges = new Array<Node | null>(n);
    this._needs = new Array<boolean>(n);
    for (let i = 0; i < n; i++) {
      this._edges[i] = inputs[i].gradFn;
      this._needs[i] = inputs[i].requiresGrad;
    }
    if (typeof fn === "function") {
      this.fn = fn;
      this.composed = null;
    } else {
      this.fn = fn.kernel;
      this.composed = fn.composed;
    }
    this.savesTensors = savesTensors;
    if (saved.length > 0) {
      this.saved = [...saved];
      this.savedVersions = saved.map((t) => versionOf(t.store));
      // The node named in the error: for the op's own output, this one; for an input, the
      // node that made it when the error is raised (an in-place change gives it a new one,
      // and PyTorch names that: `h.div_(h)` reports "output 0 of Div").
      this.savedMakers = saved.map((t) => (t === result ? name : null));
    }
  }

  get freed(): boolean {
    return this.fn === null;
  }

  apply(grad: Tensor): (Tensor | null)[] {
    // Callers check `freed` first and raise PyTorch's message. Grad mode is on exactly
    // when the backward is being recorded (createGraph): then the kernel would cut the graph.
    if (this.composed !== null && isGradEnabled()) return this.composed(grad);
    return (this.fn as BackwardFn)(grad);
  }

  /** The op's inputs (handed out: their storage is no longer the engine's alone). */
  get inputs(): readonly Tensor[] {
    for (const t of this._inputs) expose(t.store);
    return this._inputs;
  }

  /** Tensors backward will read (PyTorch's saved variables), with their versions then. */
  private saved: Tensor[] | null = null;
  private savedVersions: number[] | null = null;
  private savedMakers: (string | null)[] | null = null;

  /** Throws PyTorch's error when a saved tensor was changed in place since the forward. */
  checkSaved(): void {
    if (!this.saved || !this.savedVersions) return;
    for (let i = 0; i < this.saved.length; i++) {
      const t = this.saved[i], now = versionOf(t.store), then = this.savedVersions[i];
      const maker = this.savedMakers?.[i] ?? t.gradFn?.name ?? null;
      if (now === then) continue;
      const what = `[torch.${scalarTypeName(t.dtype)}Tensor ${fmtShape(t.shape)}]` +
        (maker ? `, which is output 0 of ${maker.replace(/Backward\d*$/, "")},` : "");
      throw new AutogradError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: ${what} is at version ${now}; expected version ${then} instead. ` +
        "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
      );
    }
  }

  /** Hands `s` to the pool when this node is released (see `scratch`). */
  recycleOnRelease(s: Store): void {
    (this.scratch ??= []).push(s);
  }

  /** Never recycles the scratch: a graph built by a createGraph backward may read it. */
  keepScratch(): void {
    this.scratch = null;
  }

  /**
   * Drops the saved tensors (the closure), as PyTorch frees buffers after backward, and
   * recycles the scratch storage: every node that read it is released in the same pass
   * (nodes a createGraph backward made that read it too have kept it: keepScratch).
   */
  release(): void {
    if (this.savesTensors) {
      this.fn = null;
      this.composed = null;
      this.saved = null;
    }
    if (this.scratch) {
      for (const s of this.scratch) recycle(s);
      this.scratch = null;
    }
  }
}

/**
 * Attaches a backward node to `out` when grad mode is on and an input needs a gradient.
 * The node's saved tensors come from the op's entry in the op table (ops/table.ts): for
 * each input that needs a gradient, what its formula reads. So every op's version checks
 * and whether its graph is freed after backward follow from one declaration. The closure
 * keeps what backward needs alive only as long as the graph.
 */
export function record<D extends OpDecl>(out: Tensor, op: D, inputs: readonly Tensor[], fn: BackwardOf<D>, gradFn: string = op.gradFns[0]): Tensor {
  if (!isGradEnabled()) return out;
  let needs = false;
  for (const t of inputs) if (t.requiresGrad) needs = true;
  if (!needs) return out;
  if (!op.gradFns.includes(gradFn)) {
    throw new Error(`internal error: ${gradFn} is not a grad_fn name of its op-table entry (${op.gradFns.join(", ")})`);
  }
  // As PyTorch's generated nodes: an input is saved when the gradient of an input that
  // needs one reads it; the output whenever any formula reads it.
  const saved: Tensor[] = [];
  for (let i = 0; i < op.inputs.length; i++) {
    const reads = op.reads[op.inputs[i]];
    if (!reads) continue;
    const needed = inputs[i]?.requiresGrad === true;
    for (const r of reads) {
      if (r !== "result" && !needed) continue;
      const t = r === "result" ? out : inputs[op.inputs.indexOf(r)];
      if (t && !saved.includes(t)) saved.push(t);
    }
  }
  out.gradFn = new Node(gradFn, inputs, fn, saved.length > 0 || op.keepsOwn === true, saved, out);
  out.requiresGrad = true;
  return out;
}

/** The regenerated view's grad_fn name (listed with the view entry's in ops/table.ts). */
const AS_STRIDED = "AsStridedBackward0";

/**
 * The node of a view whose base was changed in place after the view was made (through
 * the base or another view): the view now reads the base's new values, so its gradient
 * goes to the base, reshaped, as PyTorch's regenerated AsStridedBackward0 does.
 */
export function viewNode(base: Tensor): Node {
  return new Node(AS_STRIDED, [base], (g) => [g.reshape([...base.shape])], false);
}

/**
 * Gradients the running backward function allocated itself and returns without keeping
 * any other reference to (no view, no copy kept): the engine may hand such a tensor to a
 * leaf's `.grad` as it is instead of copying it. The engine clears the list before each
 * backward function runs and reads it right after, so a mark never outlives that call.
 * (A plain array, not a WeakSet: it holds at most a few tensors, and is much cheaper.)
 */
const fresh: Tensor[] = [];

/** Marks `t` as a gradient only its backward function holds (see `fresh`); returns it. */
export function markFresh(t: Tensor): Tensor {
  fresh.push(t);
  return t;
}

/** Whether `t` was marked fresh since the last `clearFresh`, clearing its mark. */
export function takeFresh(t: Tensor): boolean {
  const i = fresh.indexOf(t);
  if (i < 0) return false;
  fresh.splice(i, 1);
  return true;
}

/** Forgets every mark. */
export function clearFresh(): void {
  fresh.length = 0;
}
