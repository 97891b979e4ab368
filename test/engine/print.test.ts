/**
 * Printing, character for character against PyTorch's repr of a tensor built from the
 * same values: notation choice, widths, nan/inf, negative zero, summaries, wrapping,
 * suffixes, print options, and random tensors over many magnitudes.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as kd from "../../src/index.js";
import { getPrintOptions, pyExp, pyFixed } from "../../src/tensor/format.js";
import { linear } from "../../src/ops/matmul.js";
import { decode, loadFixture, type Encoded } from "./fixtures.js";

interface PrintCase {
  values: Encoded;
  shape: number[];
  requiresGrad?: boolean;
  op?: "mul1" | "add0" | "linear" | "sum";
  options?: Partial<kd.PrintOptions> & { profile?: "default" | "short" | "full" };
  repr: string;
}

const fixture = loadFixture<Record<string, PrintCase>>("print");

const OPS: Record<NonNullable<PrintCase["op"]>, (x: kd.Tensor) => kd.Tensor> = {
  mul1: (x) => x.mul(1),
  add0: (x) => x.add(0),
  linear: (x) => linear(x, kd.eye(x.shape[x.ndim - 1], { dtype: x.dtype }), kd.zeros([x.shape[x.ndim - 1]], { dtype: x.dtype })),
  sum: (x) => x.sum(),
};

function build(c: PrintCase): kd.Tensor {
  let t = decode(c.values);
  if (c.requiresGrad) t.requiresGrad_();
  if (c.op) t = OPS[c.op](t);
  return t;
}

describe("printing as PyTorch prints", () => {
  afterEach(() => kd.setPrintOptions({ profile: "default" }));

  for (const [name, c] of Object.entries(fixture)) {
    it(name, () => {
      if (c.options) kd.setPrintOptions(c.options);
      expect(String(build(c))).toBe(c.repr);
    });
  }

  it("prints through util.inspect (console.log) the same way", async () => {
    const { inspect } = await import("node:util");
    expect(inspect(kd.tensor([1.5, 2]))).toBe("tensor([1.5000, 2.0000])");
  });

  it("resets sciMode when other options are set, as torch.set_printoptions does", () => {
    kd.setPrintOptions({ sciMode: true });
    kd.setPrintOptions({ precision: 3 });
    expect(getPrintOptions().sciMode).toBeNull();
    expect(getPrintOptions().precision).toBe(3);
  });
});

describe("Python float formatting", () => {
  it("rounds ties to even on the exact binary value", () => {
    expect(pyFixed(0.125, 2)).toBe("0.12");
    expect(pyFixed(0.375, 2)).toBe("0.38");
    expect(pyFixed(2.5, 0)).toBe("2");
    expect(pyFixed(3.5, 0)).toBe("4");
    expect(pyFixed(1.005, 2)).toBe("1.00"); // 1.005 is below the tie in binary
    expect(pyExp(1.03125, 4)).toBe("1.0312e+00");
    expect(pyExp(1.09375, 4)).toBe("1.0938e+00");
  });

  it("keeps the sign of negative zero and of negatives that round to zero", () => {
    expect(pyFixed(-0, 4)).toBe("-0.0000");
    expect(pyFixed(-0.00001, 4)).toBe("-0.0000");
    expect(pyExp(-0, 4)).toBe("-0.0000e+00");
  });

  it("writes exponents with at least two digits and carries into them", () => {
    expect(pyExp(1e-5, 4)).toBe("1.0000e-05");
    expect(pyExp(1.5e100, 4)).toBe("1.5000e+100");
    expect(pyExp(9.99996e-5, 4)).toBe("1.0000e-04");
    expect(pyExp(Number.MIN_VALUE, 4)).toBe("4.9407e-324");
  });

  it("writes large fixed values in full", () => {
    expect(pyFixed(1e21, 0)).toBe("1000000000000000000000");
    expect(pyFixed(NaN, 4)).toBe("nan");
    expect(pyFixed(-Infinity, 4)).toBe("-inf");
  });
});
