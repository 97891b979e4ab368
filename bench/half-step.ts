/**
 * One MLP training step (forward, cross-entropy, backward, SGD with momentum) in float16
 * against float32 on the CPU (issue 14). float16 is stored as binary16 values in float32
 * arrays and each kernel's result is rounded to half afterwards, so half costs more than
 * float32 here: this measures by how much. Min of `reps` steps after warm-up.
 *
 *   npx tsx bench/half-step.ts [batch, default 256] [reps, default 30]
 */
import * as kd from "../src/index.js";

const batch = Number(process.argv[2] ?? 256);
const reps = Number(process.argv[3] ?? 30);
const [inF, hidden, classes] = [64, 128, 10];

function timeStep(dtype: "float32" | "float16"): number {
  kd.manualSeed(0);
  const model = new kd.nn.Sequential(new kd.nn.Linear(inF, hidden), new kd.nn.ReLU(), new kd.nn.Linear(hidden, hidden), new kd.nn.ReLU(), new kd.nn.Linear(hidden, classes)).to(dtype);
  const X = kd.randn([batch, inF]).to(dtype), y = kd.randint(0, classes, [batch]);
  const opt = new kd.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const step = (): void => {
    opt.zeroGrad();
    kd.nn.functional.crossEntropy(model.forward(X), y).backward();
    opt.step();
  };
  for (let i = 0; i < 5; i++) step();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    step();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const f32 = timeStep("float32");
const f16 = timeStep("float16");
console.log(`MLP ${inF}-${hidden}-${hidden}-${classes}, batch ${batch}, backend ${kd.backend().name}: ` +
  `float32 ${f32.toFixed(3)} ms, float16 ${f16.toFixed(3)} ms per step (min of ${reps}; ${(f16 / f32).toFixed(2)}×)`);
