/**
 * Reverse-mode differentiation: walks the graph from an output in topological order,
 * sums gradients per node, and accumulates them into the leaves' `.grad`.
 */
import { AutogradError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { enableGrad, noGrad } from "./grad-mode.js";
import type { Node } from "./node.js";

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph?: boolean;
}

const FREED =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
  "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
  "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/** Nodes reachable from `root`, outputs before inputs. */
function topoOrder(root: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  // Iterative DFS: deep graphs (long recurrent chains) must not overflow the JS stack.
  const stack: [Node, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.inputs.length) {
      top[1]++;
      const next = node.inputs[i].gradFn;
      if (next && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order.reverse();
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

  const deliverToLeaf = (leaf: Tensor, g: Tensor): void => {
    if (wanted) {
      if (wanted.has(leaf)) captured.set(leaf, add(captured.get(leaf), g));
      return;
    }
    if (!leaf.requiresGrad) return;
    // A gradient may be shared by several leaves (add passes it through): store a copy.
    const own = opts.createGraph ? g : g.detach().clone();
    leaf.grad = leaf.grad ? (opts.createGraph ? leaf.grad.add(own) : leaf.grad.detach().add(own)) : own;
  };

  const run = (): void => {
    if (!root.gradFn) {
      deliverToLeaf(root, gradient);
      return;
    }
    const order = topoOrder(root.gradFn);
    // Captured non-leaf inputs (autograd.grad) are found through the node that made them.
    const wantedNodes = new Map<Node, Tensor>();
    for (const t of capture ?? []) if (t.gradFn) wantedNodes.set(t.gradFn, t);
    const pending = new Map<Node, Tensor>([[root.gradFn, gradient]]);
    for (const node of order) {
      const g = pending.get(node);
      pending.delete(node);
      if (!g) continue;
      if (node.freed) throw new AutogradError(FREED);
      const asked = wantedNodes.get(node);
      if (asked) captured.set(asked, g);
      const retained = node.retainedBy;
      if (retained) {
        if (wanted?.has(retained)) captured.set(retained, add(captured.get(retained), g));
        else if (!wanted) retained.grad = retained.grad ? retained.grad.add(g) : g.detach().clone();
      }
      const grads = node.apply(g);
      node.inputs.forEach((input, i) => {
        const gi = grads[i];
        if (!gi) return;
        if (input.gradFn) pending.set(input.gradFn, add(pending.get(input.gradFn), gi));
        else deliverToLeaf(input, gi);
      });
    }
    if (!opts.retainGraph) for (const node of order) node.release();
  };
  if (opts.createGraph) enableGrad(run);
  else noGrad(run);
  return captured;
}
