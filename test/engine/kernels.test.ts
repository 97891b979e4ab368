/**
 * The fused kernels are reached only through the op-table entries that declare them
 * (ops/kernels.ts): the compiler rejects an op that asks for a kernel its entry does not
 * declare (the @ts-expect-error lines below fail `npm run typecheck` if that ever stops
 * being an error), and every backend implements every declared kernel.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import type { FusedKernelName } from "../../src/backend/backend.js";
import { fused, kernels } from "../../src/ops/kernels.js";
import { OPS, UNRECORDED, UPDATES } from "../../src/ops/table.js";

describe("fused kernels through the op table", () => {
  it("an entry gives its own kernels and no others (checked by the compiler)", () => {
    const linear = fused(OPS.linear);
    expect(typeof linear.linear).toBe("function");
    expect(typeof linear.linearBackward).toBe("function");
    // @ts-expect-error linear's entry does not declare the cross-entropy kernel
    void linear.crossEntropy;
    // @ts-expect-error an entry without fused kernels gives none
    void fused(OPS.add).relu;
    // @ts-expect-error the optimizer updates declare only their own step
    void fused(UPDATES.sgd).adamStep;
    // @ts-expect-error the primitives do not include fused kernels
    void kernels().linear;
  });

  it("every declared kernel is implemented by every built-in backend", () => {
    const declared = new Set<FusedKernelName>();
    for (const entry of [...Object.values(OPS), ...Object.values(UPDATES), ...Object.values(UNRECORDED)]) for (const k of entry.fused) declared.add(k);
    expect([...declared].sort()).toEqual(
      [
        "activationBackward", "adagradStep", "adamStep", "bceWithLogits", "conv2d", "conv2dBackward", "crossEntropy", "linear", "linearBackward",
        "maxPool2d", "maxPool2dBackward", "relu", "rmspropStep", "sgdStep", "windowAverage", "windowAverageBackward",
        // softmax, dot, the fused losses' backward, clip-grad, half SGD, one-hot, loss reduction
        "softmax", "dot", "lossGradScale", "crossEntropyGradLogProbs", "gradNorm", "scaleGrads", "sgdStepHalf", "oneHot", "lossReduce",
        // the losses' and batch norm's loops
        "nllTargets", "crossEntropyRows", "crossEntropyRowsBackward", "crossEntropyLogProbs", "classCoefficients", "nllRows", "nllHalfTotal",
        "nllRowsBackward", "bceProbs", "bceProbsBackward", "bceLogits", "bceLogitsBackward", "pointLoss", "pointLossBackward",
        "batchNorm", "batchNormBackward",
      ].sort(),
    );
    const backends = [kd.jsBackend, kd.backend()];
    for (const b of backends) for (const k of declared) expect(typeof b[k], `${b.name}.${k}`).toBe("function");
  });
});
