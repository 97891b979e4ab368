/** The progress line rounds as the tutorial's Python f-strings do (half to even on the exact value). */
import { describe, expect, it } from "vitest";
import { epochLine } from "../../src/cli/progress.js";

describe("epochLine", () => {
  it("prints the tutorial's format with Python's rounding", () => {
    // 793 / 800 · 100 = 99.125 exactly: Python prints 99.12, JS toFixed would print 99.13.
    const line = epochLine({ epoch: 10, trainLoss: 0.14398, trainAccuracy: 793 / 800, testLoss: 0.13037, testAccuracy: 0.99 });
    expect(line).toBe("Epoch: 10 | Loss: 0.14398, Accuracy: 99.12% | Test loss: 0.13037, Test acc: 99.00%");
  });
});
