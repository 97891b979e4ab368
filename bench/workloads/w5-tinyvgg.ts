/**
 * W5: one training step of learnpytorch chapter 03's TinyVGG (FashionMNISTModelV2(1, 10,
 * 10)) on a batch of 32 images of 1×28×28: forward, cross-entropy, backward and an SGD
 * step, the median of `steps` steps after a warm-up. `gflop` counts the four
 * convolutions' multiply-adds (forward, and the input and weight gradients: 3× the
 * forward), so the row's GFLOP/s is the convolutions' rate within the step.
 */
import * as kd from "../../src/index.js";
import { FashionMNISTModelV2 } from "../../examples/models/index.js";
import { now, type WorkloadResult } from "./result.js";

/** Multiply-adds ×2 of TinyVGG's convolutions for one batch, forward only. */
export function tinyVggConvGflop(batch: number, hidden = 10): number {
  const at = (cin: number, side: number): number => 2 * batch * hidden * cin * 9 * side * side;
  return (at(1, 28) + at(hidden, 28) + at(hidden, 14) + at(hidden, 14)) / 1e9;
}

export function w5(steps: number, batch = 32): WorkloadResult {
  kd.manualSeed(42);
  const model = new FashionMNISTModelV2(1, 10, 10);
  const x = kd.rand([batch, 1, 28, 28]);
  const y = kd.randint(0, 10, [batch]);
  const lossFn = new kd.nn.CrossEntropyLoss();
  const opt = new kd.optim.SGD(model.parameters(), { lr: 0.1 });
  const step = (): number => {
    const loss = lossFn(model(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item();
  };
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  let last = 0;
  for (let i = 0; i < steps; i++) {
    const t0 = now();
    last = step();
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[times.length >> 1];
  return {
    workload: "W5", ms, gflop: 3 * tinyVggConvGflop(batch),
    notes: { bestMs: times[0], loss: last, epochSeconds: (ms * Math.ceil(60000 / batch)) / 1000 },
  };
}
