/**
 * Run by memory.test.ts in a child `node --expose-gc` process: trains a 2-10-10-1 MLP
 * on 32 points with hand-written SGD for `steps` steps (forward, loss, backward, update)
 * and prints the heap in use after a forced GC at regular checkpoints, as JSON.
 * With "leak" it keeps every loss (and so every graph) alive, to show that a leak is seen.
 */
import * as kd from "../../src/index.js";

const steps = Number(process.argv[2] ?? 20000);
const leak = process.argv[3] === "leak";
const every = Math.max(1, Math.floor(steps / 8));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

kd.manualSeed(0);
const X = kd.rand([32, 2]).mul(2).sub(1);
const y = X.select(1, 0).mul(X.select(1, 1)).gt(0).float().unsqueeze(1);
const init = (o: number, i: number): kd.Tensor => kd.rand([o, i]).sub(0.5).mul(2 / Math.sqrt(i)).requiresGrad_();
const params = [init(10, 2), kd.zeros([10], { requiresGrad: true }), init(10, 10), kd.zeros([10], { requiresGrad: true }), init(1, 10), kd.zeros([1], { requiresGrad: true })];
const [W1, b1, W2, b2, W3, b3] = params;

const kept: kd.Tensor[] = [];
const heap: number[] = [];
const losses: number[] = [];
const start = performance.now();
for (let step = 1; step <= steps; step++) {
  const out = X.matmul(W1.T).add(b1).relu().matmul(W2.T).add(b2).relu().matmul(W3.T).add(b3);
  const loss = kd.sigmoid(out).sub(y).pow(2).mean();
  for (const p of params) p.grad = null;
  loss.backward({ retainGraph: leak });
  kd.noGrad(() => params.forEach((p) => p.sub_(p.grad!.mul(0.5))));
  if (leak) kept.push(loss);
  if (step % every === 0) {
    losses.push(loss.item());
    gc();
    heap.push(process.memoryUsage().heapUsed);
  }
}
console.log(JSON.stringify({ heap, losses, ms: performance.now() - start, kept: kept.length }));
