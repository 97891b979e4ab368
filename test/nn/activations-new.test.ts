/**
 * The activations added with the op table (SELU, Mish, LogSigmoid, Hardtanh, Softsign):
 * modules print as PyTorch prints them, and the float32 values at the edges are PyTorch's
 * (LogSigmoid stays finite where log(1 + exp(−x)) would overflow). Values and gradients
 * at ordinary inputs are checked against PyTorch in test/engine/op-table.test.ts.
 */
import { describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";

const nn = kd.nn;
const F = kd.nn.functional;

describe("new activation modules", () => {
  it("print as PyTorch 2.13 prints them", () => {
    expect(String(new nn.SELU())).toBe("SELU()");
    expect(String(new nn.SELU({ inplace: true }))).toBe("SELU(inplace=True)");
    expect(String(new nn.Mish())).toBe("Mish()");
    expect(String(new nn.LogSigmoid())).toBe("LogSigmoid()");
    expect(String(new nn.Hardtanh())).toBe("Hardtanh(min_val=-1.0, max_val=1.0)");
    expect(String(new nn.Softsign())).toBe("Softsign()");
  });

  it("float32 values at the edges are PyTorch's (stable log-sigmoid, saturated mish and selu)", () => {
    const x = kd.tensor([-100, -20, 0, 20, 100]);
    const close = (t: kd.Tensor, want: number[]): void => {
      const have = Array.from(t.toArray());
      want.forEach((w, i) => expect(Math.abs(have[i] - w)).toBeLessThanOrEqual(Math.abs(w) * 1e-6 + 1e-44));
    };
    close(F.logSigmoid(x), [-100.0, -20.0, -0.6931471824645996, -2.06115369216775e-9, -3.923635700109488e-44]);
    close(F.mish(x), [-3.783505853677006e-42, -4.1223074731533416e-8, 0.0, 20.0, 100.0]);
    close(F.selu(x), [-1.7580993175506592, -1.7580993175506592, 0.0, 21.014021, 105.0701]);
    expect(Array.from(F.logSigmoid(x).toArray()).every(Number.isFinite)).toBe(true);
  });

  it("modules compute what their functions compute, inside a Sequential that trains", () => {
    kd.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Mish(), new nn.Linear(8, 8), new nn.SELU(), new nn.Linear(8, 1), new nn.LogSigmoid());
    const x = kd.randn([16, 2]);
    const before = model.forward(x).sum().item();
    const opt = new kd.optim.SGD(model.parameters(), { lr: 0.01 });
    for (let i = 0; i < 5; i++) {
      opt.zeroGrad();
      const loss = model.forward(x).neg().mean();
      loss.backward();
      opt.step();
    }
    expect(model.forward(x).sum().item()).toBeGreaterThan(before);
    expect(F.hardtanh(kd.tensor([-3, 0.5, 3]), -2, 2).tolist()).toEqual([-2, 0.5, 2]);
    expect(new nn.Softsign().forward(kd.tensor([1, -3])).tolist()).toEqual([0.5, -0.75]);
  });
});
