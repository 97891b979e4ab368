/**
 * Reverse-mode differentiation: walks the graph from an output in topological order,
 * sums gradients per node, and accumulates them into the leaves' `.grad`.
 */
import { kernelsOn } from "../ops/kernels.js";
import { mixedDevices, type Store } from "../tensor/device.js";
import { AutogradError } from "../errors.js";
import { cast } from "../ops/cast.js";
import { fmtShape, shapeEq } from "../tensor/shape.js";
import { recycle } from "../tensor/pool.js";
import type { Tensor } from "../tensor/tensor.js";
import { enableGrad, noGrad } from "./grad-mode.js";
import { clearFresh, takeFresh, type Node } from "./node.js";

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph?: boolean;
}

export const FREED =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
  "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
  "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/** PyTorch's check of a gradient given for an output (`backward(gradient)`, `grad_outputs`). */
export function checkGradOutput(output: Tensor, gradient: Tensor, i = 0): Tensor {
  if (!shapeEq(output.shape, gradient.shape)) {
    throw new AutogradError(
      `Mismatch in shape: grad_output[${i}] has a shape of torch.Size(${fmtShape(gradient.shape)}) and output[${i}] has a shape of torch.Size(${fmtShape(output.shape)}).`,
    );
  }
  return gradient.dtype === output.dtype ? gradient : noGrad(() => cast(gradient, output.dtype));
}

/** Numbers each topological sort, so a node can be marked visited without a Set. */
let sorts = 0;

/** Nodes reachable from `root`, outputs before inputs. */
function topoOrder(root: Node): Node[] {
  const stamp = ++sorts;
  const order: Node[] = [];
  // Iterative DFS: deep graphs (long recurrent chains) must not overflow the JS stack.
  // Two parallel stacks (node, next input to visit) instead of a pair per node.
  const nodes: Node[] = [root];
  const next: number[] = [0];
  root.visited = stamp;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top];
    const i = next[top];
    if (i < node._inputs.length) {
      next[top] = i + 1;
      const child = node._edges[i];
      if (child && child.visited !== stamp) {
        child.visited = stamp;
        nodes.push(child);
        next.push(0);
      }
    } else {
      nodes.pop();
      next.pop();
      order.push(node);
    }
  }
  return order.reverse();
}

/**
 * A gradient a node returned for one input, checked as PyTorch's engine checks it:
 * the shape must be the input's (a wrong one is a bug in the op), the dtype is cast.
 */
function validate(node: Node, i: number, input: Tensor, g: Tensor): Tensor {
  if (!shapeEq(g.shape, input.shape)) {
    throw new AutogradError(
      `Function ${node.name} returned an invalid gradient at index ${i} - got ${fmtShape(g.shape)} but expected shape compatible with ${fmtShape(input.shape)}`,
    );
  }
  return g.dtype === input.dtype ? g : cast(g, input.dtype);
}

/**
 * Which gradient storages belong to the backward pass alone, and how many pending
 * gradients use each. A storage becomes owned when a node returns it as a fresh gradient
 * for one input (markFresh: new storage nothing else holds) or when the engine sums two
 * gradients; a view a node returns of an owned gradient (squeeze's backward reshapes it)
 * uses the same storage and counts too. When no pending gradient uses an owned storage
 * any more, it goes back to the pool. A storage handed to a leaf's `.grad` escapes and
 * is never recycled.
 */
class Ownership {
  private readonly refs = new Map<Store, number>();
  /** Owned storages whose count reached 0 since the last sweep (checked again there). */
  private readonly idle: Store[] = [];

  /** Takes `t`'s storage as the engine's own (no pending use yet). */
  adopt(t: Tensor): this {
    // Only CPU storage is pooled here; a device's backend reuses its own buffers.
    if (t.device === "cpu" && !this.refs.has(t.store)) {
      this.refs.set(t.store, 0);
      this.idle.push(t.store);
    }
    return this;
  }

  /** A pending gradient now uses `t`'s storage (if owned). */
  hold(t: Tensor): this {
    const n = this.refs.get(t.store);
    if (n !== undefined) this.refs.set(t.store, n + 1);
    return this;
  }

  /** A pending gradient using `t`'s storage was consumed. */
  drop(t: Tensor): this {
    const n = this.refs.get(t.store);
    if (n !== undefined) {
      this.refs.set(t.store, n > 0 ? n - 1 : 0);
      if (n <= 1) this.idle.push(t.store);
    }
    return this;
  }

  /** `t`'s storage is now held outside the engine (a leaf's `.grad`). */
  escape(t: Tensor): this {
    this.refs.delete(t.store);
    return this;
  }

  /** Recycles every owned storage no pending gradient uses. */
  sweep(): void {
    for (const s of this.idle) {
      if (this.refs.get(s) === 0) {
        this.refs.delete(s);
        recycle(s);
      }
    }
    this.idle.length = 0;
  }
}

/** Marks a leaf gradient whose storage the engine has just made for that leaf alone (zeroGrad may recycle it). */
function engineMade(g: Tensor): Tensor {
  g._engineMade = true;
  return g;
}

/**
 * Computes gradients of `root` (seeded with `gradient`). With `capture`, gradients of
 * those tensors are returned instead of accumulated into `.grad` (autograd.grad).
 */
export function runBackward(
  root: Tensor,
  gradient: Tensor,
  opts: BackwardOptions,
  capture?: readonly Tensor[],
): Map<Tensor, Tensor> {
  const captured = new Map<Tensor, Tensor>();
  const wanted = capture ? new Set(capture) : null;
  const add = (prev: Tensor | undefined, g: Tensor): Tensor => (prev ? prev.add(g) : g);

  /** `owned`: g is a fresh tensor nothing else refers to (see `fresh` in node.ts), kept without a copy. */
  const deliverToLeaf = (leaf: Tensor, g: Tensor, owned = false): void => {
    if (wanted) {
      if (wanted.has(leaf)) captured.set(leaf, add(captured.get(leaf), g));
      return;
    }
    if (!leaf.requiresGrad) return;
    const prev = leaf._grad;
    if (opts.createGraph) {
      // A gradient without a graph may be shared (add passes it through): keep a copy.
      leaf._grad = prev ? prev.add(g) : g.requiresGrad ? g : engineMade(g.detach().clone());
    } else if (prev && !prev.requiresGrad && prev.dtype === g.dtype && shapeEq(prev.shape, g.shape)) {
      // AccumulateGrad adds into the existing .grad in place, as PyTorch does.
      if (prev.device !== g.device) throw mixedDevices(prev.device, g.device);
      kernelsOn(prev.device).binary("add", prev.store, prev.shape, g.store, g.shape, prev.store, prev.shape);
    } else {
      // A gradient may be shared by several leaves (add passes it through): store a copy
      // unless the node made it for this input alone. A sum with `prev` is new storage anyway.
      leaf._grad = engineMade(prev ? prev.detach().add(g.detach()) : owned ? g : g.detach().clone());
    }
  };

  const run = (): void => {
    if (!root.gradFn) {
      deliverToLeaf(root, gradient);
      return;
    }
    const order = topoOrder(root.gradFn);
    // Captured non-leaf inputs (autograd.grad) are found through the node that made them.
    const wantedNodes = capture ? new Map<Node, Tensor>() : null;
    for (const t of capture ?? []) if (t.gradFn) wantedNodes?.set(t.gradFn, t);
    const pending = new Map<Node, Tensor>([[root.gradFn, gradient]]);
    // Without createGraph and capture, gradients are the engine's own until they reach a
    // leaf: `owned` counts, per storage, the pending gradients that use it, so a storage is
    // recycled once the last of them has been consumed (see Ownership).
    const own = opts.createGraph || capture ? null : new Ownership();
    for (const node of order) {
      const g = pending.get(node);
      pending.delete(node);
      if (!g) continue;
      if (node.freed) throw new AutogradError(FREED);
      const asked = wantedNodes?.get(node);
      if (asked) captured.set(asked, g);
      const retained = node.retainedBy;
      if (retained) {
        if (wanted?.has(retained)) captured.set(retained, add(captured.get(retained), g));
        else if (!wanted) retained._grad = retained._grad ? retained._grad.add(g) : g.detach().clone();
      }
      node.checkSaved();
      clearFresh();
      const grads = node.apply(g);
      for (let i = 0; i < node._inputs.length; i++) {
        const raw = grads[i];
        // Read (and clear) every mark now, whatever becomes of the gradient.
        const fresh = raw ? takeFresh(raw) : false;
        const alone = fresh && raw !== g && grads.indexOf(raw) === i && grads.lastIndexOf(raw) === i;
        if (own && raw && alone) own.adopt(raw);
        const input = node._inputs[i];
        if (!raw || !node._needs[i]) continue;
        const gi = validate(node, i, input, raw);
        const edge = node._edges[i];
        if (edge) {
          const prev = pending.get(edge);
          if (prev) {
            const sum = prev.add(gi);
            own?.adopt(sum).hold(sum).drop(prev);
            pending.set(edge, sum);
          } else {
            own?.hold(gi);
            pending.set(edge, gi);
          }
        } else {
          const handOver = alone && gi === raw;
          if (handOver) own?.escape(gi);
          deliverToLeaf(input, gi, handOver);
        }
      }
      clearFresh();
      // g's own pending reference ends here; gradients the node made and nobody took too.
      own?.drop(g).sweep();
    }
    // The graph createGraph just built may save tensors of this one: keep their storage.
    if (opts.createGraph) for (const node of order) node.keepScratch();
    // PyTorch's retain_graph defaults to create_graph.
    if (!(opts.retainGraph ?? opts.createGraph)) for (const node of order) node.release();
  };
  if (opts.createGraph) enableGrad(run);
  else noGrad(run);
  return captured;
}
